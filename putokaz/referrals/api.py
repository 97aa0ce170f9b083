"""The REST API of referrals: /api/v1/referrals/ with the lifecycle and the consented record.

The same rules as the pages: referrals come from ``Referral.objects.visible_to``, one is
fetched through the access layer (and so logged), the shared record is built by
:mod:`putokaz.referrals.sharing` (the consent's scope, nothing else), writes go through the
referrals' actions, validated by the pages' forms.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from putokaz.cases.access import get_case_for_user
from putokaz.cases.models import LifeDomain, Urgency
from putokaz.core import uploads
from putokaz.core.api import PagePagination, display_name, form_data, read_input, validated
from putokaz.referrals import actions
from putokaz.referrals.access import get_referral_for_user, get_shared_document
from putokaz.referrals.forms import EndForm, MoveForm, ReferralForm
from putokaz.referrals.models import (
    ConsentBy,
    ConsentMethod,
    Outcome,
    Referral,
    ReferralEvent,
    Section,
    Status,
)
from putokaz.referrals.permissions import is_sender
from putokaz.referrals.sharing import ReferralView, SharedRecord, referral_view


class ReferralEventSerializer(serializers.ModelSerializer[ReferralEvent]):
    actor = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name")

    class Meta:
        model = ReferralEvent
        fields = [
            "from_status",
            "to_status",
            "at",
            "actor",
            "organisation",
            "recorded_by_sender",
            "note",
        ]

    def get_actor(self, event: ReferralEvent) -> str:
        return display_name(event.actor)


class ReferralSummarySerializer(serializers.ModelSerializer[Referral]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    from_organisation = serializers.CharField(source="from_organisation.name")
    to_organisation = serializers.CharField(source="to_organisation.name")
    to_service = serializers.UUIDField(source="to_service_id", allow_null=True)
    acknowledgement_late = serializers.SerializerMethodField()
    completion_late = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "from_organisation",
            "to_organisation",
            "to_service",
            "urgency",
            "status",
            "sent_at",
            "acknowledge_due",
            "complete_due",
            "acknowledgement_late",
            "completion_late",
            "outcome",
        ]

    def get_acknowledgement_late(self, referral: Referral) -> bool:
        return referral.is_acknowledgement_late()

    def get_completion_late(self, referral: Referral) -> bool:
        return referral.is_completion_late()


class SharedPersonSerializer(serializers.Serializer[Any]):
    given_name = serializers.SerializerMethodField()
    family_name = serializers.SerializerMethodField()
    sex = serializers.SerializerMethodField()
    birth_date = serializers.SerializerMethodField()
    jmbg = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()
    needs_interpreter = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()

    def _identity(self, shared: Any, name: str) -> Any:
        return getattr(shared.person, name) if self.context["identity"] else None

    def _contact(self, shared: Any, name: str) -> Any:
        return getattr(shared.person, name) if self.context["contact"] else None

    def get_given_name(self, shared: Any) -> str | None:
        return self._identity(shared, "given_name")

    def get_family_name(self, shared: Any) -> str | None:
        return self._identity(shared, "family_name")

    def get_sex(self, shared: Any) -> str | None:
        return self._identity(shared, "sex")

    def get_birth_date(self, shared: Any) -> str | None:
        value = self._identity(shared, "birth_date")
        return value.isoformat() if value else None

    def get_jmbg(self, shared: Any) -> str | None:
        return self._identity(shared, "jmbg")

    def get_languages(self, shared: Any) -> list[str] | None:
        return self._identity(shared, "languages")

    def get_needs_interpreter(self, shared: Any) -> bool | None:
        return self._identity(shared, "needs_interpreter")

    def get_phone(self, shared: Any) -> str | None:
        return self._contact(shared, "phone")

    def get_address(self, shared: Any) -> str | None:
        return self._contact(shared, "address")


class SharedRecordSerializer(serializers.Serializer[SharedRecord]):
    """Only what the consent shares; a section not shared is null (or empty)."""

    people = serializers.SerializerMethodField()
    assessment = serializers.SerializerMethodField()
    plan = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()

    def get_people(self, record: SharedRecord) -> list[dict[str, Any]]:
        context = {"identity": record.identity, "contact": record.contact}
        return [dict(SharedPersonSerializer(p, context=context).data) for p in record.people]

    def get_assessment(self, record: SharedRecord) -> dict[str, Any] | None:
        if record.assessment is None:
            return None
        return {
            "assessed_on": record.assessment.assessed_on.isoformat(),
            "ratings": [
                {"domain": r.domain, "rating": r.rating, "notes": r.notes} for r in record.ratings
            ],
        }

    def get_plan(self, record: SharedRecord) -> list[dict[str, Any]] | None:
        if record.goals is None:
            return None
        return [
            {
                "domain": goal.domain,
                "description": goal.description,
                "status": goal.status,
                "actions": [
                    {
                        "description": a.description,
                        "organisation": a.organisation.name,
                        "status": a.status,
                    }
                    for a in goal.actions.all()
                ],
            }
            for goal in record.goals
        ]

    def get_notes(self, record: SharedRecord) -> list[dict[str, Any]]:
        return [
            {"written": n.created_at.isoformat(), "author": display_name(n.author), "text": n.text}
            for n in record.notes
        ]

    def get_documents(self, record: SharedRecord) -> list[dict[str, Any]]:
        referral = self.context["referral"]
        return [
            {
                "id": d.pk,
                "title": d.title,
                "original_name": d.original_name,
                "size": d.size,
                "download": reverse("api:referral-document", args=[referral.public_id, d.pk]),
            }
            for d in record.documents
        ]


class ReferralSerializer(ReferralSummarySerializer):
    """A referral as the reader may see it (``context["view"]``, a :class:`ReferralView`):
    texts and names the consent does not give them are null."""

    reason = serializers.SerializerMethodField()
    needs = serializers.SerializerMethodField()
    decline_reason = serializers.SerializerMethodField()
    outcome_note = serializers.SerializerMethodField()
    end_note = serializers.SerializerMethodField()
    consent = serializers.SerializerMethodField()
    shared = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    class Meta(ReferralSummarySerializer.Meta):
        fields = [
            *ReferralSummarySerializer.Meta.fields,
            "reason",
            "needs",
            "decline_reason",
            "outcome_note",
            "end_note",
            "consent",
            "shared",
            "events",
        ]

    @property
    def _view(self) -> ReferralView:
        return self.context["view"]

    def _text(self, value: str) -> str | None:
        return value if self._view.texts else None

    def get_reason(self, referral: Referral) -> str | None:
        return self._text(referral.reason)

    def get_needs(self, referral: Referral) -> list[str] | None:
        return list(referral.needs) if self._view.texts else None

    def get_decline_reason(self, referral: Referral) -> str | None:
        return self._text(referral.decline_reason)

    def get_outcome_note(self, referral: Referral) -> str | None:
        return self._text(referral.outcome_note)

    def get_end_note(self, referral: Referral) -> str | None:
        return self._text(referral.end_note)

    @extend_schema_field(
        inline_serializer(
            "Consent",
            {
                "by": serializers.ChoiceField(choices=ConsentBy.choices),
                "name": serializers.CharField(allow_null=True),
                "on": serializers.DateField(),
                "method": serializers.ChoiceField(choices=ConsentMethod.choices),
                "witness": serializers.CharField(allow_null=True),
                "sections": serializers.ListField(child=serializers.CharField()),
                "signed_form": serializers.BooleanField(),
            },
        )
    )
    def get_consent(self, referral: Referral) -> dict[str, Any]:
        names = self._view.consent_identity
        return {
            "by": referral.consent_by,
            "name": referral.consent_name if names else None,
            "on": referral.consent_on.isoformat(),
            "method": referral.consent_method,
            "witness": referral.consent_witness if names else None,
            "sections": referral.shared_sections,
            "signed_form": self._view.consent_form,
        }

    @extend_schema_field(SharedRecordSerializer)
    def get_shared(self, referral: Referral) -> dict[str, Any]:
        return dict(SharedRecordSerializer(self._view.record, context={"referral": referral}).data)

    @extend_schema_field(ReferralEventSerializer(many=True))
    def get_events(self, referral: Referral) -> list[dict[str, Any]]:
        events = ReferralEventSerializer(referral.events.all(), many=True).data
        if self._view.texts:
            return [dict(e) for e in events]
        return [{**e, "note": ""} for e in events]


class ReferralInputSerializer(serializers.Serializer[Any]):
    case = serializers.UUIDField(help_text="The case the referral is made from.")
    subject = serializers.CharField(
        required=False,
        help_text="'family' for the case's household, or a member's person id; the case's person by default.",
    )
    to_service = serializers.UUIDField(required=False, allow_null=True)
    to_organisation = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1
    )
    reason = serializers.CharField()
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=LifeDomain.choices), required=False
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    consent_by = serializers.ChoiceField(choices=ConsentBy.choices)
    consent_name = serializers.CharField()
    consent_on = serializers.DateField()
    consent_method = serializers.ChoiceField(choices=ConsentMethod.choices)
    consent_witness = serializers.CharField(required=False, allow_blank=True)
    consent_form = serializers.FileField(required=False, help_text="multipart/form-data only.")
    shared_sections = serializers.ListField(
        child=serializers.ChoiceField(choices=Section.choices), required=False
    )
    shared_notes = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), required=False
    )
    shared_documents = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), required=False
    )


class ReferralMoveInputSerializer(serializers.Serializer[Any]):
    target = serializers.ChoiceField(choices=Status.choices)
    expected_status = serializers.ChoiceField(choices=Status.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)


class ReferralNoteInputSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True)


def _as_form_data(values: dict[str, Any]) -> QueryDict:
    """Values as a page's POST: lists become repeated keys."""
    data = QueryDict(mutable=True)
    for name, value in form_data(values).items():
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        else:
            data[name] = str(value)
    return data


class ReferralViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Referral],
):
    """Referrals the user may see: from the cases they work on, or to their organisation."""

    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-f-]{36}"
    pagination_class = PagePagination
    serializer_class = ReferralSerializer
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Referral]:
        return Referral.objects.visible_to(self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return ReferralSummarySerializer if self.action == "list" else ReferralSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "box",
                enum=["received", "sent", "all"],
                description="received (the inbox), sent (by me) or all (default).",
            ),
            OpenApiParameter("status", enum=list(Status.values)),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        box = request.query_params.get("box", "all")
        if box not in ("received", "sent", "all"):
            raise serializers.ValidationError({"box": ["received, sent or all."]})
        referrals = self.get_queryset()
        if box == "received":
            referrals = Referral.objects.received_by(request.user)
        elif box == "sent":
            referrals = Referral.objects.sent_by(request.user)
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in Status.values:
                raise serializers.ValidationError(
                    {"status": [f"One of {', '.join(Status.values)}."]}
                )
            referrals = referrals.filter(status=wanted)
        page = self.paginate_queryset(
            referrals.select_related("from_organisation", "to_organisation").order_by(
                "-sent_at", "-pk"
            )
        )
        return self.get_paginated_response(ReferralSummarySerializer(page, many=True).data)

    def _referral(self, request: Request, public_id: str, *, log: bool = True) -> Referral:
        return get_referral_for_user(
            request.user, public_id, request=request._request if log else None
        )

    def _detail(self, request: Request, referral: Referral, code: int = 200) -> Response:
        """The referral as the user may read it, read through the access layer (and so in
        the access log), also after a change."""
        fresh = get_referral_for_user(request.user, referral.public_id, request=request._request)
        view = referral_view(fresh, sender=is_sender(request.user, fresh))
        return Response(ReferralSerializer(fresh, context={"view": view}).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(request, self._referral(request, kwargs["public_id"], log=False))

    @extend_schema(request=ReferralInputSerializer, responses={201: ReferralSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Refer a case's person or family, with the consent and its scope."""
        values = dict(read_input(ReferralInputSerializer, request).validated_data)
        case = get_case_for_user(request.user, values.pop("case"))
        upload = values.pop("consent_form", None)
        values.setdefault(
            "subject",
            "family" if case.household_id else str(case.person.public_id),  # type: ignore[union-attr]
        )
        form = validated(
            ReferralForm(
                _as_form_data(values), {"consent_form": upload} if upload else None, case=case
            )
        )
        data = form.cleaned_data
        referral = actions.referral_send(
            case=case,
            subject=form.referred(),
            to_organisation=data["to_organisation"],
            to_service=data["to_service"],
            reason=data["reason"],
            needs=data["needs"],
            urgency=data["urgency"],
            consent_by=data["consent_by"],
            consent_name=data["consent_name"],
            consent_on=data["consent_on"],
            consent_method=data["consent_method"],
            consent_witness=data["consent_witness"],
            consent_form=data["consent_form"],
            consent_form_kind=form.consent_form_kind,
            shared_sections=data["shared_sections"],
            shared_notes=data["shared_notes"],
            shared_documents=data["shared_documents"],
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, referral, status.HTTP_201_CREATED)

    @extend_schema(request=ReferralMoveInputSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, public_id: str) -> Response:
        """A step of the receiving side (or, for a recipient not on Putokaz, recorded by hand)."""
        referral = self._referral(request, public_id, log=False)
        values = read_input(ReferralMoveInputSerializer, request).validated_data
        form = validated(
            MoveForm(
                form_data(
                    {
                        "expected_status": referral.status,
                        **values,
                    }
                )
            )
        )
        moved = actions.referral_move(
            referral=referral,
            target=form.cleaned_data["target"],
            note=form.cleaned_data["note"],
            outcome=form.cleaned_data["outcome"],
            expected_status=values.get("expected_status"),
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, moved)

    @extend_schema(request=ReferralNoteInputSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, public_id: str) -> Response:
        referral = self._referral(request, public_id, log=False)
        form = validated(
            EndForm(form_data(read_input(ReferralNoteInputSerializer, request).validated_data))
        )
        return self._detail(
            request,
            actions.referral_cancel(
                referral=referral,
                note=form.cleaned_data["note"],
                acting_user=request.user,
                request=request._request,
            ),
        )

    @extend_schema(request=ReferralNoteInputSerializer, responses={200: ReferralSerializer})
    @action(detail=True, methods=["post"], url_path="withdraw-consent")
    def withdraw_consent(self, request: Request, public_id: str) -> Response:
        """The person withdrew consent: the receiving organisation sees nothing from now on."""
        referral = self._referral(request, public_id, log=False)
        form = validated(
            EndForm(form_data(read_input(ReferralNoteInputSerializer, request).validated_data))
        )
        return self._detail(
            request,
            actions.referral_withdraw_consent(
                referral=referral,
                note=form.cleaned_data["note"],
                acting_user=request.user,
                request=request._request,
            ),
        )

    @extend_schema(
        request=None,
        responses={(200, "application/octet-stream"): bytes},
        parameters=[OpenApiParameter("document_id", int, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>\d+)",
        url_name="document",
    )
    def document(self, request: Request, public_id: str, document_id: str) -> Any:
        """A document the consent shares; every download is in the access log."""
        referral = self._referral(request, public_id, log=False)
        document = get_shared_document(
            request.user, referral, int(document_id), request=request._request
        )
        return uploads.download(
            document.file, filename=document.original_name, content_type=document.content_type
        )
