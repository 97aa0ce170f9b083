"""The REST API of reports of child abuse and neglect: /api/v1/abuse-reports/ — the reports
of the sealed cases the user is named on (list and one with its protective measures,
notifications and follow-up) and the intake of a new one for a registered child.

The same rules as the pages: the reports come from ``AbuseReport.objects.visible_to`` (a
sealed case only for its named workers; a colleague breaks the glass on the case page), every
fetch of one goes into the access log, the intake runs the page's form and action.
"""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from putokaz.abuse import actions, risk
from putokaz.abuse.access import get_report_for_user
from putokaz.abuse.forms import ReportForm
from putokaz.abuse.models import (
    AbuseForm,
    AbuseReport,
    AgencyNotification,
    FollowUp,
    ProtectiveMeasure,
)
from putokaz.cases.models import Urgency
from putokaz.core.api import (
    PagePagination,
    VersionField,
    display_name,
    form_data,
    read_input,
    validated,
)
from putokaz.people.access import (
    case_organisations_of,
    get_casework_organisation,
    get_person_for_user,
)


class ProtectiveMeasureSerializer(serializers.ModelSerializer[ProtectiveMeasure]):
    class Meta:
        model = ProtectiveMeasure
        fields = ["kind", "taken_on", "taken_by", "note"]


class AgencyNotificationSerializer(serializers.ModelSerializer[AgencyNotification]):
    version = VersionField(source="updated_at", read_only=True)

    class Meta:
        model = AgencyNotification
        fields = [
            "id",
            "agency",
            "addressee",
            "sent_on",
            "reference",
            "response",
            "response_on",
            "version",
        ]


class AbuseFollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = ["kind", "contact_on", "outcome", "recorded_by"]

    def get_recorded_by(self, follow_up: FollowUp) -> str:
        return display_name(follow_up.recorded_by)


class AbuseReportSummarySerializer(serializers.ModelSerializer[AbuseReport]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    url = serializers.SerializerMethodField()
    case = serializers.UUIDField(source="case.public_id", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    abuse_forms = serializers.ListField(child=serializers.ChoiceField(choices=AbuseForm.choices))
    urgency = serializers.ChoiceField(source="case.urgency", choices=Urgency.choices)
    intervention_due = serializers.DateTimeField(
        source="case.first_step_due",
        help_text="When the first step is due (for 'immediate': 24 hours after the report).",
    )
    first_step_late = serializers.SerializerMethodField()

    class Meta:
        model = AbuseReport
        fields = [
            "id",
            "url",
            "case",
            "case_number",
            "received_at",
            "abuse_forms",
            "urgency",
            "intervention_due",
            "first_step_late",
        ]

    def get_url(self, report: AbuseReport) -> str:
        request = self.context["request"]
        return str(
            request.build_absolute_uri(reverse("api:abuse-report-detail", args=[report.public_id]))
        )

    def get_first_step_late(self, report: AbuseReport) -> bool:
        return report.case.is_first_step_late()


class AbuseReportSerializer(AbuseReportSummarySerializer):
    child = serializers.CharField(source="case.subject_name", read_only=True)
    risk_answers = serializers.ListField(
        child=serializers.ChoiceField(choices=[(q.id, q.id) for q in risk.QUESTIONS]),
        help_text="The questions of the immediate risk checklist answered yes.",
    )
    received_by = serializers.SerializerMethodField()
    measures = ProtectiveMeasureSerializer(
        source="case.protective_measures", many=True, read_only=True
    )
    notifications = AgencyNotificationSerializer(
        source="case.agency_notifications", many=True, read_only=True
    )
    follow_ups = AbuseFollowUpSerializer(source="case.abuse_follow_ups", many=True, read_only=True)

    class Meta(AbuseReportSummarySerializer.Meta):
        fields = [
            *AbuseReportSummarySerializer.Meta.fields,
            "child",
            "reporter_kind",
            "reporter_name",
            "reporter_contact",
            "received_how",
            "description",
            "address",
            "municipality",
            "perpetrator_relation",
            "risk_answers",
            "suggested_urgency",
            "urgency_reason",
            "received_by",
            "measures",
            "notifications",
            "follow_ups",
        ]

    def get_received_by(self, report: AbuseReport) -> str:
        return display_name(report.received_by)


class AbuseReportInputSerializer(serializers.Serializer[Any]):
    """The shape of an intake (the rules are the page's form's and the action's)."""

    child = serializers.UUIDField(help_text="A registered person the user may see.")
    organisation = serializers.IntegerField(required=False)
    reporter_kind = serializers.CharField()
    reporter_name = serializers.CharField(required=False, allow_blank=True)
    reporter_contact = serializers.CharField(required=False, allow_blank=True)
    received_at = serializers.DateTimeField()
    received_how = serializers.CharField()
    abuse_forms = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    address = serializers.CharField(required=False, allow_blank=True)
    municipality = serializers.IntegerField(required=False, allow_null=True)
    perpetrator_relation = serializers.CharField(required=False, allow_blank=True)
    risk_answers = serializers.ListField(child=serializers.CharField(), required=False)
    urgency = serializers.CharField()
    urgency_reason = serializers.CharField(required=False, allow_blank=True)


class AbuseReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[AbuseReport],
):
    """Reports of child abuse and neglect on the sealed cases the user is named on."""

    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-f-]{36}"
    pagination_class = PagePagination
    serializer_class = AbuseReportSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[AbuseReport]:
        return AbuseReport.objects.visible_to(self.request.user).select_related("case")

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return AbuseReportSummarySerializer if self.action == "list" else AbuseReportSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset().order_by("-received_at", "pk"))
        data = AbuseReportSummarySerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    def _detail(self, request: Request, report: AbuseReport, code: int = 200) -> Response:
        report = (
            AbuseReport.objects.filter(pk=report.pk)
            .select_related("case", "case__person", "case__household", "received_by")
            .prefetch_related(
                "case__protective_measures",
                "case__agency_notifications",
                "case__abuse_follow_ups__recorded_by",
            )
            .get()
        )
        return Response(
            AbuseReportSerializer(report, context={"request": request}).data, status=code
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = get_report_for_user(request.user, kwargs["public_id"], request=request._request)
        return self._detail(request, report)

    @extend_schema(request=AbuseReportInputSerializer, responses={201: AbuseReportSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Take a report about a registered child: opens the sealed child-protection case."""
        values = read_input(AbuseReportInputSerializer, request).validated_data
        chosen = values.get("organisation")
        if chosen is not None and chosen not in {o.pk for o in case_organisations_of(request.user)}:
            raise PermissionDenied(_("You do not do casework in this organisation."))
        organisation = get_casework_organisation(request.user, str(chosen or ""))
        child = get_person_for_user(request.user, values["child"])
        form = validated(ReportForm(form_data({k: v for k, v in values.items() if k != "child"})))
        report = actions.report_receive(
            organisation=organisation,
            child=child,
            acting_user=request.user,
            request=request._request,
            **form.cleaned_data,
        )
        return self._detail(request, report, code=status.HTTP_201_CREATED)
