"""The REST API of trafficking: /api/v1/trafficking-screenings/ (a screening with the ILO
indicators and its result explained: which dimensions are positive and by which clause, which
requirements of the rule are met), /api/v1/trafficking-status/ (the identification status
over time) and /api/v1/safety-plan-measures/, each filtered by ``?case=``.

The same rules as the pages: the cases come from ``get_case_for_user`` (a sealed case only
for its named workers), the writes go through the trafficking actions — the rule is applied
there, from the data file — validated by the pages' forms.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.access import get_case_for_user
from putokaz.cases.models import Case
from putokaz.cases.parts_api import CasePartInputSerializer, CasePartSerializer, CasePartViewSet
from putokaz.core.api import display_name, form_data, read_input, validated
from putokaz.trafficking import actions, indicators, records
from putokaz.trafficking.access import get_safety_item, get_screening
from putokaz.trafficking.forms import SafetyItemForm, ScreeningForm, StatusForm
from putokaz.trafficking.models import (
    STATUS_MOVES,
    SafetyPlanItem,
    Screening,
    StatusEvent,
    VictimStatus,
)

# The names of the rule's requirements and clauses (ids of data/ilo_indicators.toml), as the
# screening's page names them.
REQUIREMENT_NAMES = {
    "recruitment": gettext_lazy("Recruitment by deception, coercion or abuse of vulnerability"),
    "exploitation": gettext_lazy("Exploitative conditions of work"),
    "means_at_destination": gettext_lazy("Coercion or abuse of vulnerability at destination"),
    "act": gettext_lazy(
        "Recruited, transported, transferred, harboured or received (for a child the means "
        "are not required)"
    ),
}
CLAUSE_NAMES = {
    "two_strong": gettext_lazy("two strong indicators"),
    "strong_medium": gettext_lazy("one strong and one medium indicator"),
    "strong_weak": gettext_lazy("one strong and one weak indicator"),
    "three_medium": gettext_lazy("three medium indicators"),
    "two_medium_weak": gettext_lazy("two medium and one weak indicator"),
}


class CaseRecordsViewSet(CasePartViewSet):
    purpose = "trafficking"

    def fetch_case(self, request: Request, public_id: Any, *, log: bool) -> Case:
        return get_case_for_user(request.user, public_id, request=request._request if log else None)


# Screenings


class IndicatorSerializer(serializers.Serializer[indicators.Indicator]):
    id = serializers.CharField()
    text = serializers.CharField()
    level = serializers.ChoiceField(choices=[(level, level) for level in indicators.LEVELS])


class ClauseSerializer(serializers.Serializer[indicators.Clause]):
    id = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, clause: indicators.Clause) -> str:
        return str(CLAUSE_NAMES.get(clause.id, clause.id))


class CountsSerializer(serializers.Serializer[dict[str, int]]):
    strong = serializers.IntegerField()
    medium = serializers.IntegerField()
    weak = serializers.IntegerField()


class DimensionResultSerializer(serializers.Serializer[indicators.DimensionResult]):
    id = serializers.CharField(source="dimension.id")
    name = serializers.CharField(source="dimension.name")
    positive = serializers.BooleanField()
    clause = ClauseSerializer(allow_null=True, help_text="The clause of the rule it meets.")
    counts = CountsSerializer(help_text="The indicators ticked, per level.")
    ticked = IndicatorSerializer(many=True)


class RequirementResultSerializer(serializers.Serializer[indicators.RequirementResult]):
    id = serializers.CharField(source="requirement.id")
    name = serializers.SerializerMethodField()
    met = serializers.BooleanField()
    by = serializers.SerializerMethodField(help_text="The positive dimensions that meet it.")

    def get_name(self, result: indicators.RequirementResult) -> str:
        return str(REQUIREMENT_NAMES.get(result.requirement.id, result.requirement.id))

    def get_by(self, result: indicators.RequirementResult) -> list[str]:
        return [dimension.id for dimension in result.by]


class ExplanationSerializer(serializers.Serializer[indicators.Assessment]):
    requirements = RequirementResultSerializer(many=True)
    dimensions = DimensionResultSerializer(many=True)


class ScreeningSerializer(CasePartSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    screened_by = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Screening
        fields = [
            "id",
            "case",
            "indicator_set",
            "indicators",
            "act",
            "screened_on",
            "notes",
            "screened_by",
            "version",
            "possible_victim",
            "positive_dimensions",
            "result",
            "explanation",
        ]

    def get_screened_by(self, screening: Screening) -> str:
        return display_name(screening.screened_by)

    def get_result(self, screening: Screening) -> str:
        """What the result means, as the screening's page says it."""
        if screening.possible_victim:
            return " ".join(
                (
                    _("Possible victim of trafficking"),
                    _(
                        "Refer the person to the Centre for Protection of Victims of "
                        "Trafficking for formal identification."
                    ),
                )
            )
        return " ".join(
            (
                _("Trafficking not indicated"),
                _("The indicators ticked do not meet the rule. Screen again when you learn more."),
            )
        )

    @extend_schema_field(ExplanationSerializer(allow_null=True))
    def get_explanation(self, screening: Screening) -> dict[str, Any] | None:
        """Why: null when the screening was made with another edition of the indicators
        (its stored result stands)."""
        assessment = records.assessment_of(screening)
        return dict(ExplanationSerializer(assessment).data) if assessment else None


SET_IDS = sorted(indicators.load().sets)


class ScreeningInputSerializer(CasePartInputSerializer):
    indicator_set = serializers.ChoiceField(
        choices=[(set_id, set_id) for set_id in SET_IDS],
        help_text="The list: adult or child, labour or sexual exploitation.",
    )
    indicators = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="The ids of the indicators present, of the chosen list.",
    )
    act = serializers.BooleanField(
        required=False,
        help_text="Recruited, transported, transferred, harboured or received.",
    )
    screened_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True)


class ScreeningViewSet(CaseRecordsViewSet):
    """Screenings with the ILO/EC indicators; each keeps the result the rule gave."""

    model = Screening
    serializer_class = ScreeningSerializer
    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-f-]{36}"

    def rows(self) -> QuerySet[Any]:
        return super().rows().select_related("screened_by")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        screening = get_screening(self.record_case(request, log=False), kwargs["public_id"])
        log_access(actor=request.user, action=Action.VIEW, obj=screening, request=request._request)
        return Response(self.get_serializer(screening).data)

    @extend_schema(request=ScreeningInputSerializer, responses={201: ScreeningSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Screen the case's person: the rule of the indicators gives the result, explained
        (a possible victim without a status yet gets the status "possible victim")."""
        values = read_input(ScreeningInputSerializer, request).validated_data
        case = self.fetch_case(request, values["case"], log=False)
        indicator_set = indicators.load().sets[values["indicator_set"]]
        ticked = list(values.get("indicators", []))
        dimension_of = {i.id: d.id for d in indicator_set.dimensions for i in d.indicators}
        data = form_data(
            {
                "screened_on": values["screened_on"],
                "act": values.get("act", False),
                "notes": values.get("notes", ""),
            }
        )
        for dimension in indicator_set.dimensions:
            data[f"dimension_{dimension.id}"] = [
                t for t in ticked if dimension_of.get(t) == dimension.id
            ]
        form = validated(ScreeningForm(data, indicator_set=indicator_set))
        screening = actions.screening_record(
            case=case,
            indicator_set=indicator_set.id,
            # an indicator of another list is refused by the action, as on the page
            ticked=[*form.ticked(), *(t for t in ticked if t not in dimension_of)],
            act=form.cleaned_data["act"],
            screened_on=form.cleaned_data["screened_on"],
            notes=form.cleaned_data["notes"],
            acting_user=request.user,
            request=request._request,
        )
        return Response(
            self.get_serializer(self.rows().get(pk=screening.pk)).data,
            status=status.HTTP_201_CREATED,
        )


# The identification status


class StatusEventSerializer(CasePartSerializer):
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = StatusEvent
        fields = [
            "id",
            "case",
            "status",
            "decided_on",
            "reference",
            "note",
            "recorded_by",
            "recorded_at",
        ]

    def get_recorded_by(self, event: StatusEvent) -> str:
        return display_name(event.recorded_by)


class VictimStatusInputSerializer(CasePartInputSerializer):
    status = serializers.ChoiceField(choices=VictimStatus.choices)
    decided_on = serializers.DateField()
    reference = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)
    expected = serializers.ChoiceField(
        choices=[("", "none"), *VictimStatus.choices],
        required=False,
        allow_blank=True,
        help_text="The current status as read (empty: none yet); if someone recorded another "
        "meanwhile, nothing changes and the answer is 409.",
    )


class StatusViewSet(CaseRecordsViewSet):
    """The identification status of each person over time, latest first: the referral to
    the Centre for Protection of Victims of Trafficking and its decisions."""

    model = StatusEvent
    serializer_class = StatusEventSerializer

    def rows(self) -> QuerySet[Any]:
        return super().rows().select_related("recorded_by")

    @extend_schema(request=VictimStatusInputSerializer, responses={201: StatusEventSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record the next step of the status (only the moves the status allows)."""
        values = read_input(VictimStatusInputSerializer, request).validated_data
        case = self.fetch_case(request, values["case"], log=False)
        expected = values.get("expected")
        if expected is None:
            before = records.current_status(case)
            now = before.status if before else ""
        else:
            now = expected
        form = validated(
            StatusForm(
                form_data({k: v for k, v in values.items() if k != "case"}),
                moves=STATUS_MOVES.get(now, ()),
            )
        )
        event = actions.status_record(
            case=case,
            status=form.cleaned_data["status"],
            decided_on=form.cleaned_data["decided_on"],
            reference=form.cleaned_data["reference"],
            note=form.cleaned_data["note"],
            expected=expected,
            acting_user=request.user,
            request=request._request,
        )
        return Response(self.get_serializer(event).data, status=status.HTTP_201_CREATED)


# The safety plan


class SafetyPlanMeasureSerializer(CasePartSerializer):
    review_late = serializers.SerializerMethodField()

    class Meta:
        model = SafetyPlanItem
        fields = [
            "id",
            "case",
            "risk",
            "measure",
            "responsible",
            "review_on",
            "status",
            "review_late",
        ]

    def get_review_late(self, item: SafetyPlanItem) -> bool:
        return item.is_review_late()


class SafetyPlanMeasureInputSerializer(CasePartInputSerializer):
    risk = serializers.CharField()
    measure = serializers.CharField()
    responsible = serializers.CharField()
    review_on = serializers.DateField()


class SafetyPlanChangeSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=SafetyPlanItem.Status.choices, required=False)
    review_on = serializers.DateField(required=False)


class SafetyPlanViewSet(CaseRecordsViewSet):
    """The safety plan of each case: a risk, the measure against it, who is responsible and
    when it is reviewed."""

    model = SafetyPlanItem
    serializer_class = SafetyPlanMeasureSerializer

    @extend_schema(
        request=SafetyPlanMeasureInputSerializer, responses={201: SafetyPlanMeasureSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        values = read_input(SafetyPlanMeasureInputSerializer, request).validated_data
        case = self.fetch_case(request, values["case"], log=False)
        form = validated(
            SafetyItemForm(form_data({k: v for k, v in values.items() if k != "case"}))
        )
        item = actions.safety_item_add(
            case=case, acting_user=request.user, request=request._request, **form.cleaned_data
        )
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SafetyPlanChangeSerializer, responses={200: SafetyPlanMeasureSerializer})
    @action(detail=True, methods=["post"], url_path="update", url_name="update")
    def change(self, request: Request, pk: str) -> Response:
        """Mark a measure no longer needed (or in place again), or move its review date."""
        item = get_safety_item(self.record_case(request, log=False), int(pk))
        values = read_input(SafetyPlanChangeSerializer, request).validated_data
        changed = actions.safety_item_update(
            item=item,
            status=values.get("status"),
            review_on=values.get("review_on"),
            acting_user=request.user,
            request=request._request,
        )
        return Response(self.get_serializer(changed).data)
