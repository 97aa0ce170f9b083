"""The REST API of a child's protection: /api/v1/child-identifications/ (changed only on
the version read), guardian-appointments/, placements/,
best-interests-assessments/ (approved or returned by a supervisor), best-interests-
determinations/, family-tracing/ and asylum-milestones/, each filtered by ``?case=``.

The same rules as the child's page: only the cases of unaccompanied or separated children
the user may open (``get_child_case_for_user``, and so logged), every write through the
protection's actions, validated by the page's forms; bad input is a 400 that changes nothing.
"""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from putokaz.cases.models import Case, CaseType
from putokaz.cases.parts_api import CasePartInputSerializer, CasePartSerializer, CasePartViewSet
from putokaz.core.api import (
    VersionField,
    display_name,
    form_data,
    form_errors,
    formset_errors,
    read_input,
    validated,
)
from putokaz.core.concurrency import current_data
from putokaz.protection import actions
from putokaz.protection.access import (
    get_appointment,
    get_assessment,
    get_child_case_for_user,
    get_placement,
    get_tracing,
)
from putokaz.protection.forms import (
    AdultForm,
    AssessmentForm,
    DecideForm,
    DeterminationForm,
    GuardianEndForm,
    GuardianForm,
    IdentificationForm,
    MilestoneForm,
    PanelFormSet,
    PlacementEndForm,
    PlacementForm,
    TracingForm,
    TracingUpdateForm,
)
from putokaz.protection.models import (
    AccompanyingAdult,
    AgeMethod,
    AgeOutcome,
    AsylumMilestone,
    BestInterestsAssessment,
    BestInterestsDetermination,
    ChildIdentification,
    FamilyTracing,
    GuardianAppointment,
    MilestoneKind,
    PanelMember,
    Placement,
    PlacementKind,
    Separation,
)

PANEL_PREFIX = "member"


def _form_input(values: dict[str, Any]) -> dict[str, Any]:
    """Validated JSON as the page's form receives it: a moment in the local time the form's
    date-time fields read, without the case (the URL's or the body's, fetched already)."""
    data = {
        name: (
            timezone.localtime(value).strftime("%Y-%m-%dT%H:%M:%S")
            if isinstance(value, datetime.datetime)
            else value
        )
        for name, value in values.items()
        if name != "case"
    }
    return form_data(data)


class ChildRecordViewSet(CasePartViewSet):
    purpose = "child protection"

    def visible_cases(self) -> QuerySet[Case]:
        return super().visible_cases().filter(case_type=CaseType.UNACCOMPANIED_CHILD)

    def fetch_case(self, request: Request, public_id: Any, *, log: bool) -> Case:
        return get_child_case_for_user(
            request.user, public_id, request=request._request if log else None
        )

    def input_case(self, request: Request, serializer_class: type[Any]) -> tuple[Case, Any]:
        """The body checked against ``serializer_class`` and the case it names."""
        values = read_input(serializer_class, request).validated_data
        return self.fetch_case(request, values["case"], log=False), values

    def written(self, record: Any) -> Response:
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


# Identification


class AccompanyingAdultSerializer(serializers.ModelSerializer[AccompanyingAdult]):
    class Meta:
        model = AccompanyingAdult
        fields = ["id", "full_name", "stated_relationship", "contact", "suspected", "note"]


class AccompanyingAdultInputSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField()
    stated_relationship = serializers.CharField(required=False, allow_blank=True)
    contact = serializers.CharField(required=False, allow_blank=True)
    suspected = serializers.BooleanField(
        required=False,
        help_text="Suspected of smuggling, trafficking, exploiting or harming the child "
        "(then never the child's guardian).",
    )
    note = serializers.CharField(required=False, allow_blank=True)


class ChildIdentificationSerializer(CasePartSerializer):
    adults = AccompanyingAdultSerializer(many=True, read_only=True)
    recorded_by = serializers.SerializerMethodField()
    treated_as_child = serializers.BooleanField(read_only=True)
    version = VersionField(source="updated_at", read_only=True)

    class Meta:
        model = ChildIdentification
        fields = [
            "id",
            "case",
            "separation",
            "identified_at",
            "found_where",
            "found_by",
            "circumstances",
            "age_method",
            "age_outcome",
            "assessed_age",
            "age_assessed_on",
            "benefit_of_doubt",
            "treated_as_child",
            "adults",
            "recorded_by",
            "version",
        ]

    def get_recorded_by(self, identification: ChildIdentification) -> str:
        return display_name(identification.recorded_by)


class ChildIdentificationChangeSerializer(serializers.Serializer[Any]):
    separation = serializers.ChoiceField(choices=Separation.choices)
    identified_at = serializers.DateTimeField()
    found_where = serializers.CharField()
    found_by = serializers.CharField()
    circumstances = serializers.CharField(required=False, allow_blank=True)
    age_method = serializers.ChoiceField(choices=AgeMethod.choices, default=AgeMethod.NOT_ASSESSED)
    age_outcome = serializers.ChoiceField(choices=AgeOutcome.choices, default=AgeOutcome.PENDING)
    assessed_age = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=32767
    )
    age_assessed_on = serializers.DateField(required=False, allow_null=True)
    benefit_of_doubt = serializers.BooleanField(required=False)
    version = serializers.CharField(
        required=False, help_text="The version read; a change on an older one is a 409."
    )


class ChildIdentificationInputSerializer(
    CasePartInputSerializer, ChildIdentificationChangeSerializer
):
    """A new identification: the case it belongs to and the fields of a change."""


class ChildIdentificationViewSet(ChildRecordViewSet):
    """How and when each child was identified, with the age assessment (one per case)."""

    model = ChildIdentification
    serializer_class = ChildIdentificationSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def rows(self) -> QuerySet[Any]:
        return (
            super()
            .rows()
            .select_related("recorded_by")
            .prefetch_related("adults")
            .order_by("-identified_at", "-pk")
        )

    def _save(
        self, request: Request, case: Case, data: dict[str, Any], version: str, code: int
    ) -> Response:
        form = validated(IdentificationForm(data, instance=case_identification(case)))
        saved = actions.identification_save(
            case=case,
            data=form.cleaned_data,
            version=version,
            acting_user=request.user,
            request=request._request,
        )
        return Response(self.get_serializer(self.rows().get(pk=saved.pk)).data, status=code)

    @extend_schema(
        request=ChildIdentificationInputSerializer,
        responses={201: ChildIdentificationSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record how and when the child was identified (a case has one record: change it
        with PATCH)."""
        case, values = self.input_case(request, ChildIdentificationInputSerializer)
        return self._save(
            request, case, _form_input(values), values.get("version", ""), status.HTTP_201_CREATED
        )

    @extend_schema(
        request=ChildIdentificationChangeSerializer, responses={200: ChildIdentificationSerializer}
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change what is sent, the rest stays; refused with 409 if the record was changed
        since ``version`` was read."""
        case = self.record_case(request, log=False)
        payload = ChildIdentificationChangeSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        if "version" not in values:
            raise serializers.ValidationError({"version": [_("Send the version you read.")]})
        base = current_data(IdentificationForm(instance=case_identification(case)))
        data = base.dict() | _form_input(values)
        return self._save(request, case, data, values["version"], status.HTTP_200_OK)

    @extend_schema(
        request=AccompanyingAdultInputSerializer, responses={201: AccompanyingAdultSerializer}
    )
    @action(detail=True, methods=["post"])
    def adults(self, request: Request, pk: str) -> Response:
        """Record an adult who was with the child when found."""
        case = self.record_case(request, log=False)
        values = read_input(AccompanyingAdultInputSerializer, request).validated_data
        form = validated(AdultForm(form_data(values)))
        adult = actions.adult_add(
            case=case, acting_user=request.user, request=request._request, **form.cleaned_data
        )
        return Response(AccompanyingAdultSerializer(adult).data, status=status.HTTP_201_CREATED)


def case_identification(case: Case) -> ChildIdentification | None:
    return ChildIdentification.objects.filter(case=case).first()


# Guardians


class GuardianAppointmentSerializer(CasePartSerializer):
    appointed_by = serializers.SerializerMethodField()
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = GuardianAppointment
        fields = [
            "id",
            "case",
            "guardian_user",
            "guardian_name",
            "guardian_contact",
            "decision_number",
            "decision_date",
            "appointed_at",
            "no_conflict_confirmed",
            "conflict_note",
            "appointed_by",
            "ended_on",
            "end_reason",
            "is_current",
        ]

    def get_appointed_by(self, appointment: GuardianAppointment) -> str:
        return display_name(appointment.appointed_by)


class GuardianAppointmentInputSerializer(CasePartInputSerializer):
    guardian_user = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**31 - 1,
        help_text="A professional of the case's Center for Social Welfare (a user's id), or "
        "leave it out and give guardian_name.",
    )
    guardian_name = serializers.CharField(required=False, allow_blank=True)
    guardian_contact = serializers.CharField(required=False, allow_blank=True)
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    appointed_at = serializers.DateTimeField()
    no_conflict_confirmed = serializers.BooleanField(
        help_text="That you checked the guardian for a conflict of interest with the child."
    )
    conflict_note = serializers.CharField(required=False, allow_blank=True)


class GuardianEndInputSerializer(serializers.Serializer[Any]):
    ended_on = serializers.DateField()
    reason = serializers.CharField()


class GuardianAppointmentViewSet(ChildRecordViewSet):
    """The temporary guardians of the children, current and past."""

    model = GuardianAppointment
    serializer_class = GuardianAppointmentSerializer

    def rows(self) -> QuerySet[Any]:
        return super().rows().select_related("appointed_by")

    @extend_schema(
        request=GuardianAppointmentInputSerializer,
        responses={201: GuardianAppointmentSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record the Center for Social Welfare's decision appointing a temporary guardian
        (refused while the child has one, or when the guardian has a conflict of interest)."""
        case, values = self.input_case(request, GuardianAppointmentInputSerializer)
        form = validated(GuardianForm(_form_input(values), case=case))
        return self.written(
            actions.guardian_appoint(
                case=case, acting_user=request.user, request=request._request, **form.cleaned_data
            )
        )

    @extend_schema(
        request=GuardianEndInputSerializer, responses={200: GuardianAppointmentSerializer}
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        """End the guardianship; the appointment stays in the child's history."""
        appointment = get_appointment(self.record_case(request, log=False), int(pk))
        values = read_input(GuardianEndInputSerializer, request).validated_data
        form = validated(GuardianEndForm(form_data(values)))
        ended = actions.guardian_end(
            appointment=appointment,
            acting_user=request.user,
            request=request._request,
            **form.cleaned_data,
        )
        return Response(self.get_serializer(ended).data)


# Placements


class PlacementSerializer(CasePartSerializer):
    facility_organisation_name = serializers.CharField(
        source="facility_organisation.name", read_only=True, allow_null=True, default=None
    )
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "id",
            "case",
            "kind",
            "facility",
            "facility_organisation",
            "facility_organisation_name",
            "starts_on",
            "ends_on",
            "note",
            "recorded_by",
        ]

    def get_recorded_by(self, placement: Placement) -> str:
        return display_name(placement.recorded_by)


class PlacementInputSerializer(CasePartInputSerializer):
    kind = serializers.ChoiceField(choices=PlacementKind.choices)
    facility = serializers.CharField()
    facility_organisation = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class PlacementEndInputSerializer(serializers.Serializer[Any]):
    ends_on = serializers.DateField()


class PlacementViewSet(ChildRecordViewSet):
    """Where the children live, from one day to another (placements never overlap)."""

    model = Placement
    serializer_class = PlacementSerializer

    def rows(self) -> QuerySet[Any]:
        return super().rows().select_related("facility_organisation", "recorded_by")

    @extend_schema(request=PlacementInputSerializer, responses={201: PlacementSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case, values = self.input_case(request, PlacementInputSerializer)
        form = validated(PlacementForm(_form_input(values)))
        return self.written(
            actions.placement_add(
                case=case, acting_user=request.user, request=request._request, **form.cleaned_data
            )
        )

    @extend_schema(request=PlacementEndInputSerializer, responses={200: PlacementSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str) -> Response:
        """End an open placement; it stays in the child's history."""
        placement = get_placement(self.record_case(request, log=False), int(pk))
        values = read_input(PlacementEndInputSerializer, request).validated_data
        form = validated(PlacementEndForm(form_data(values)))
        ended = actions.placement_end(
            placement=placement,
            ends_on=form.cleaned_data["ends_on"],
            acting_user=request.user,
            request=request._request,
        )
        return Response(self.get_serializer(ended).data)


# Best interests


class BestInterestsAssessmentSerializer(CasePartSerializer):
    assessed_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = BestInterestsAssessment
        fields = [
            "id",
            "case",
            "kind",
            "assessed_on",
            "child_views",
            "findings",
            "recommendation",
            "status",
            "assessed_by",
            "decided_by",
            "decided_at",
            "decision_note",
        ]

    def get_assessed_by(self, assessment: BestInterestsAssessment) -> str:
        return display_name(assessment.assessed_by)

    def get_decided_by(self, assessment: BestInterestsAssessment) -> str:
        return display_name(assessment.decided_by)


class BestInterestsAssessmentInputSerializer(CasePartInputSerializer):
    kind = serializers.ChoiceField(choices=BestInterestsAssessment.Kind.choices)
    assessed_on = serializers.DateField()
    child_views = serializers.CharField()
    findings = serializers.CharField()
    recommendation = serializers.CharField()


class DecisionNoteInputSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(
        required=False, allow_blank=True, help_text="Required when the assessment is returned."
    )


class BestInterestsAssessmentViewSet(ChildRecordViewSet):
    """Best-interests assessments: recorded and submitted to the supervisor in one step, then
    approved or returned by a supervisor of the case's organisation."""

    model = BestInterestsAssessment
    serializer_class = BestInterestsAssessmentSerializer

    def rows(self) -> QuerySet[Any]:
        return super().rows().select_related("assessed_by", "decided_by")

    @extend_schema(
        request=BestInterestsAssessmentInputSerializer,
        responses={201: BestInterestsAssessmentSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record an assessment and submit it to the supervisor for approval."""
        case, values = self.input_case(request, BestInterestsAssessmentInputSerializer)
        form = validated(AssessmentForm(_form_input(values)))
        return self.written(
            actions.assessment_submit(
                case=case, acting_user=request.user, request=request._request, **form.cleaned_data
            )
        )

    def _decide(self, request: Request, pk: str, *, approve: bool) -> Response:
        assessment = get_assessment(self.record_case(request, log=False), int(pk))
        values = read_input(DecisionNoteInputSerializer, request).validated_data
        form = validated(DecideForm(form_data(values)))
        decided = actions.assessment_decide(
            assessment=assessment,
            approve=approve,
            note=form.cleaned_data["note"],
            acting_user=request.user,
            request=request._request,
        )
        return Response(self.get_serializer(decided).data)

    @extend_schema(
        request=DecisionNoteInputSerializer, responses={200: BestInterestsAssessmentSerializer}
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """A supervisor approves the submitted assessment."""
        return self._decide(request, pk, approve=True)

    @extend_schema(
        request=DecisionNoteInputSerializer, responses={200: BestInterestsAssessmentSerializer}
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_to_worker(self, request: Request, pk: str) -> Response:
        """A supervisor returns the submitted assessment, saying what should change."""
        return self._decide(request, pk, approve=False)


class PanelMemberSerializer(serializers.ModelSerializer[PanelMember]):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = PanelMember
        fields = ["full_name", "organisation", "organisation_name", "role"]


class BestInterestsDeterminationSerializer(CasePartSerializer):
    members = PanelMemberSerializer(many=True, read_only=True)
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = BestInterestsDetermination
        fields = [
            "id",
            "case",
            "panel_on",
            "decision",
            "reasons",
            "review_on",
            "members",
            "recorded_by",
        ]

    def get_recorded_by(self, determination: BestInterestsDetermination) -> str:
        return display_name(determination.recorded_by)


class PanelMemberInputSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField()
    organisation = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    role = serializers.CharField(required=False, allow_blank=True)


class BestInterestsDeterminationInputSerializer(CasePartInputSerializer):
    panel_on = serializers.DateField()
    decision = serializers.CharField()
    reasons = serializers.CharField(required=False, allow_blank=True)
    review_on = serializers.DateField()
    members = PanelMemberInputSerializer(
        many=True, help_text="The panel: members from at least two organisations."
    )


class BestInterestsDeterminationViewSet(ChildRecordViewSet):
    """The panels' decisions on a durable solution, with the day each is reviewed."""

    model = BestInterestsDetermination
    serializer_class = BestInterestsDeterminationSerializer

    def rows(self) -> QuerySet[Any]:
        return (
            super().rows().select_related("recorded_by").prefetch_related("members__organisation")
        )

    @extend_schema(
        request=BestInterestsDeterminationInputSerializer,
        responses={201: BestInterestsDeterminationSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case, values = self.input_case(request, BestInterestsDeterminationInputSerializer)
        form = DeterminationForm(_form_input({k: v for k, v in values.items() if k != "members"}))
        panel = PanelFormSet(
            _panel_data([dict(member) for member in values["members"]]), prefix=PANEL_PREFIX
        )
        errors: dict[str, Any] = {} if form.is_valid() else form_errors(form)
        if not panel.is_valid():
            errors["members"] = formset_errors(panel)
        if errors:
            raise serializers.ValidationError(errors)
        determination = actions.determination_record(
            case=case,
            members=[
                (row["full_name"], row["organisation"], row["role"])
                for row in panel.cleaned_data
                if row and row.get("organisation") is not None
            ],
            acting_user=request.user,
            request=request._request,
            **form.cleaned_data,
        )
        return self.written(self.rows().get(pk=determination.pk))


def _panel_data(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The members as the page's panel formset receives them."""
    data: dict[str, Any] = {
        f"{PANEL_PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PANEL_PREFIX}-INITIAL_FORMS": "0",
        f"{PANEL_PREFIX}-MIN_NUM_FORMS": "0",
        f"{PANEL_PREFIX}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for field, value in form_data(row).items():
            data[f"{PANEL_PREFIX}-{index}-{field}"] = value
    return data


# Family tracing


class FamilyTracingSerializer(CasePartSerializer):
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = FamilyTracing
        fields = [
            "id",
            "case",
            "requested_on",
            "requested_from",
            "sought",
            "status",
            "result",
            "result_on",
            "recorded_by",
        ]

    def get_recorded_by(self, tracing: FamilyTracing) -> str:
        return display_name(tracing.recorded_by)


class FamilyTracingInputSerializer(CasePartInputSerializer):
    requested_on = serializers.DateField()
    requested_from = serializers.CharField(help_text="E.g. the Red Cross of Serbia.")
    sought = serializers.CharField(help_text="Whom the child is looking for.")


class FamilyTracingUpdateInputSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=FamilyTracing.Status.choices)
    result = serializers.CharField(required=False, allow_blank=True)
    result_on = serializers.DateField(required=False, allow_null=True)


class FamilyTracingViewSet(ChildRecordViewSet):
    """Requests to trace a child's family and what came of them."""

    model = FamilyTracing
    serializer_class = FamilyTracingSerializer

    def rows(self) -> QuerySet[Any]:
        return super().rows().select_related("recorded_by")

    @extend_schema(request=FamilyTracingInputSerializer, responses={201: FamilyTracingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case, values = self.input_case(request, FamilyTracingInputSerializer)
        form = validated(TracingForm(_form_input(values)))
        return self.written(
            actions.tracing_request(
                case=case, acting_user=request.user, request=request._request, **form.cleaned_data
            )
        )

    @extend_schema(
        request=FamilyTracingUpdateInputSerializer, responses={200: FamilyTracingSerializer}
    )
    @action(detail=True, methods=["post"], url_path="update", url_name="update")
    def update_status(self, request: Request, pk: str) -> Response:
        """Record the tracing's progress or its result."""
        tracing = get_tracing(self.record_case(request, log=False), int(pk))
        values = read_input(FamilyTracingUpdateInputSerializer, request).validated_data
        form = validated(TracingUpdateForm(form_data(values)))
        updated = actions.tracing_update(
            tracing=tracing, acting_user=request.user, request=request._request, **form.cleaned_data
        )
        return Response(self.get_serializer(updated).data)


# Asylum


class AsylumMilestoneSerializer(CasePartSerializer):
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = AsylumMilestone
        fields = ["id", "case", "kind", "happened_at", "guardian_present", "note", "recorded_by"]

    def get_recorded_by(self, milestone: AsylumMilestone) -> str:
        return display_name(milestone.recorded_by)


class AsylumMilestoneInputSerializer(CasePartInputSerializer):
    kind = serializers.ChoiceField(choices=MilestoneKind.choices)
    happened_at = serializers.DateTimeField()
    guardian_present = serializers.BooleanField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class AsylumMilestoneViewSet(ChildRecordViewSet):
    """The steps of the children's asylum procedures, each once and in the procedure's order."""

    model = AsylumMilestone
    serializer_class = AsylumMilestoneSerializer

    def rows(self) -> QuerySet[Any]:
        return super().rows().select_related("recorded_by")

    @extend_schema(
        request=AsylumMilestoneInputSerializer, responses={201: AsylumMilestoneSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case, values = self.input_case(request, AsylumMilestoneInputSerializer)
        form = validated(MilestoneForm(_form_input(values)))
        return self.written(
            actions.milestone_record(
                case=case, acting_user=request.user, request=request._request, **form.cleaned_data
            )
        )
