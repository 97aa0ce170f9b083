"""The REST API of trainings: /api/v1/events/ with the agenda, and each event's participants
(with the sessions they attended and their certificate), attendance and certificates.

The same rules as the pages: the events are those the user manages (the trainers and
administrators of the organiser, system administrators); the participants' data is read
through the access layer, and every such read is in the access log.
"""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from putokaz.core.api import PagePagination
from putokaz.trainings.access import events_managed_by, get_event_for_organiser
from putokaz.trainings.models import (
    Attendance,
    Certificate,
    Event,
    Registration,
    Session,
)


class SessionSerializer(serializers.ModelSerializer[Session]):
    class Meta:
        model = Session
        fields = ["id", "title", "starts_at", "ends_at", "trainers"]


class TrainingEventSummarySerializer(serializers.ModelSerializer[Event]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    organiser = serializers.CharField(source="organiser.name", read_only=True)
    confirmed = serializers.IntegerField(read_only=True, help_text="Confirmed participants.")
    waiting = serializers.IntegerField(read_only=True, help_text="On the waiting list.")

    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "title",
            "starts_on",
            "ends_on",
            "organiser",
            "publication",
            "capacity",
            "confirmed",
            "waiting",
        ]


class TrainingEventSerializer(TrainingEventSummarySerializer):
    municipality = serializers.CharField(
        source="municipality.name", read_only=True, allow_null=True, default=None
    )
    place = serializers.CharField(read_only=True)
    protection_topics = serializers.ListField(child=serializers.CharField(), read_only=True)
    audiences = serializers.ListField(child=serializers.CharField(), read_only=True)
    partners = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta(TrainingEventSummarySerializer.Meta):
        fields = [
            *TrainingEventSummarySerializer.Meta.fields,
            "description",
            "place",
            "municipality",
            "online_url",
            "protection_topics",
            "audiences",
            "partners",
            "funding_project",
            "donor",
            "public_registration",
            "registration_closes_on",
            "cpd_points",
            "accreditation",
            "certificate_attendance",
            "sessions",
        ]


class CertificateSerializer(serializers.ModelSerializer[Certificate]):
    participant = serializers.UUIDField(source="registration.public_id", read_only=True)
    full_name = serializers.CharField(source="registration.full_name", read_only=True)
    valid = serializers.BooleanField(source="is_valid", read_only=True)
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "code",
            "participant",
            "full_name",
            "points",
            "issued_at",
            "revoked_at",
            "revoke_reason",
            "valid",
            "verification_url",
        ]

    def get_verification_url(self, certificate: Certificate) -> str:
        return str(self.context["request"].build_absolute_uri(certificate.get_verification_url()))


class ParticipantCertificateSerializer(CertificateSerializer):
    class Meta(CertificateSerializer.Meta):
        fields = ["code", "points", "issued_at", "revoked_at", "valid", "verification_url"]


class MunicipalitySerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()


class ParticipantSerializer(serializers.ModelSerializer[Registration]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    municipality = MunicipalitySerializer(read_only=True)
    attended_sessions = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "full_name",
            "email",
            "organisation_name",
            "organisation_kind",
            "municipality",
            "profession",
            "sex",
            "language",
            "status",
            "source",
            "created_at",
            "attended_sessions",
            "certificate",
        ]

    def get_attended_sessions(self, registration: Registration) -> list[int]:
        """The ids of the sessions of the agenda this participant was checked in at."""
        return sorted(a.session_id for a in registration.attendance.all())

    @extend_schema_field(ParticipantCertificateSerializer(allow_null=True))
    def get_certificate(self, registration: Registration) -> dict[str, Any] | None:
        certificate = getattr(registration, "certificate", None)
        if certificate is None:
            return None
        return dict(ParticipantCertificateSerializer(certificate, context=self.context).data)


class AttendanceSerializer(serializers.ModelSerializer[Attendance]):
    participant = serializers.UUIDField(source="registration.public_id", read_only=True)

    class Meta:
        model = Attendance
        fields = ["session", "participant", "checked_at"]


class EventViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Event],
):
    """Events the user manages: those of the organisations where they train or administer."""

    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-f-]{36}"
    pagination_class = PagePagination
    serializer_class = TrainingEventSerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[Event]:
        return (
            events_managed_by(self.request.user)
            .select_related("organiser", "municipality", "location")
            .annotate(
                confirmed=Count(
                    "registrations",
                    filter=Q(registrations__status=Registration.Status.CONFIRMED),
                ),
                waiting=Count(
                    "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
                ),
            )
            .order_by("-starts_on", "-pk")
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return TrainingEventSummarySerializer if self.action == "list" else TrainingEventSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = get_event_for_organiser(request.user, kwargs["public_id"])
        event = self.get_queryset().prefetch_related("sessions", "partners").get(pk=event.pk)
        return Response(TrainingEventSerializer(event, context={"request": request}).data)

    def _event(self, request: Request, public_id: str, purpose: str) -> Event:
        """The event, read as its organiser, and the reading of its participants logged."""
        return get_event_for_organiser(
            request.user, public_id, request=request._request, purpose=purpose
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                enum=list(Registration.Status.values),
                description="confirmed (default), waiting or cancelled.",
            )
        ],
        responses=ParticipantSerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def participants(self, request: Request, public_id: str) -> Response:
        """The participants with their data, the sessions they attended and their
        certificate; the reading is in the access log."""
        wanted = request.query_params.get("status", Registration.Status.CONFIRMED)
        if wanted not in Registration.Status.values:
            raise serializers.ValidationError(
                {"status": [f"One of {', '.join(Registration.Status.values)}."]}
            )
        event = self._event(request, public_id, "participant list (API)")
        registrations = (
            event.registrations.filter(status=wanted)
            .select_related("municipality", "certificate")
            .prefetch_related(
                Prefetch(
                    "attendance",
                    queryset=Attendance.objects.only("pk", "session_id", "registration_id"),
                )
            )
            .order_by("full_name", "pk")
        )
        page = self.paginate_queryset(registrations)
        data = ParticipantSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(responses=AttendanceSerializer(many=True))
    @action(detail=True, methods=["get"])
    def attendance(self, request: Request, public_id: str) -> Response:
        """Who was checked in at which session, and when (in the access log)."""
        event = self._event(request, public_id, "attendance (API)")
        rows = (
            Attendance.objects.filter(session__event=event)
            .select_related("registration")
            .order_by("session__starts_at", "session_id", "registration__full_name", "pk")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(AttendanceSerializer(page, many=True).data)

    @extend_schema(responses=CertificateSerializer(many=True))
    @action(detail=True, methods=["get"])
    def certificates(self, request: Request, public_id: str) -> Response:
        """The certificates issued, revoked ones too (in the access log)."""
        event = self._event(request, public_id, "certificates (API)")
        rows = (
            Certificate.objects.filter(registration__event=event)
            .select_related("registration")
            .order_by("registration__full_name", "pk")
        )
        page = self.paginate_queryset(rows)
        data = CertificateSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)
