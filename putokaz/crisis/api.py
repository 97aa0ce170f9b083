"""The REST API of crisis interventions: /api/v1/crisis-interventions/ with the responses,
closing, and opening a case from an intervention.

The same rules as the pages: interventions come from ``CrisisIntervention.objects.visible_to``
(the organisation's case workers and supervisors, system administrators), every fetch of one
goes through the access layer (and so into the access log), every write through the crisis
actions, validated by the pages' forms.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from putokaz.core.api import (
    PagePagination,
    VersionField,
    display_name,
    form_data,
    form_errors,
    read_input,
    validated,
)
from putokaz.core.concurrency import version_of
from putokaz.crisis import actions
from putokaz.crisis.access import get_intervention_for_user
from putokaz.crisis.forms import CloseForm, InterventionForm, ListFilterForm, ResponseForm
from putokaz.crisis.models import (
    Channel,
    CrisisIntervention,
    CrisisKind,
    CrisisResponse,
    Outcome,
    ResponseKind,
    Risk,
)
from putokaz.people.access import (
    case_organisations_of,
    get_casework_organisation,
    get_person_for_user,
)

# What is read


class CrisisResponseSerializer(serializers.ModelSerializer[CrisisResponse]):
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = CrisisResponse
        fields = ["id", "kind", "description", "done_at", "done_by", "recorded_by", "recorded_at"]

    def get_recorded_by(self, response: CrisisResponse) -> str:
        return display_name(response.recorded_by)


class CrisisInterventionSummarySerializer(serializers.ModelSerializer[CrisisIntervention]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    url = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    person = serializers.UUIDField(source="person.public_id", read_only=True, allow_null=True)
    name = serializers.CharField(source="subject_name", read_only=True)
    municipality = serializers.PrimaryKeyRelatedField(read_only=True)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=CrisisKind.choices), read_only=True
    )
    response_late = serializers.SerializerMethodField(
        help_text="No response by the due time, or the first one came after it."
    )
    case = serializers.UUIDField(source="case.public_id", read_only=True, allow_null=True)

    class Meta:
        model = CrisisIntervention
        fields = [
            "id",
            "url",
            "organisation",
            "received_at",
            "channel",
            "person",
            "name",
            "is_family",
            "municipality",
            "kinds",
            "response_due",
            "first_response_at",
            "response_late",
            "outcome",
            "closed_at",
            "case",
        ]

    def get_url(self, intervention: CrisisIntervention) -> str:
        request = self.context["request"]
        return str(
            request.build_absolute_uri(
                reverse("api:crisis-intervention-detail", args=[intervention.public_id])
            )
        )

    def get_response_late(self, intervention: CrisisIntervention) -> bool:
        return intervention.is_response_late()


class CrisisInterventionSerializer(CrisisInterventionSummarySerializer):
    risks = serializers.ListField(
        child=serializers.ChoiceField(choices=Risk.choices), read_only=True
    )
    responses = CrisisResponseSerializer(many=True, read_only=True)
    recorded_by = serializers.SerializerMethodField()
    version = VersionField(source="updated_at", read_only=True)

    class Meta(CrisisInterventionSummarySerializer.Meta):
        fields = [
            *CrisisInterventionSummarySerializer.Meta.fields,
            "contact_name",
            "contact_phone",
            "people_count",
            "location",
            "description",
            "risks",
            "outcome_note",
            "recorded_by",
            "responses",
            "version",
        ]

    def get_recorded_by(self, intervention: CrisisIntervention) -> str:
        return display_name(intervention.recorded_by)


# What is written: the shape for the schema; the rules are the pages' forms'.


class CrisisIntakeSerializer(serializers.Serializer[Any]):
    received_at = serializers.DateTimeField(help_text="When it came in; not in the future.")
    channel = serializers.ChoiceField(choices=Channel.choices)
    person = serializers.UUIDField(
        required=False, allow_null=True, help_text="A registered person the user may see …"
    )
    contact_name = serializers.CharField(
        required=False, allow_blank=True, help_text="… or the name given (one of the two)."
    )
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    is_family = serializers.BooleanField(required=False, default=False)
    people_count = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=1000
    )
    municipality = serializers.IntegerField(help_text="A municipality's id.")
    location = serializers.CharField(required=False, allow_blank=True)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=CrisisKind.choices), min_length=1
    )
    description = serializers.CharField()
    risks = serializers.ListField(
        child=serializers.ChoiceField(choices=Risk.choices), required=False
    )
    organisation = serializers.IntegerField(required=False)


class CrisisIntakeUpdateSerializer(serializers.Serializer[Any]):
    received_at = serializers.DateTimeField(required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    contact_name = serializers.CharField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    is_family = serializers.BooleanField(required=False)
    people_count = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=1000
    )
    municipality = serializers.IntegerField(required=False)
    location = serializers.CharField(required=False, allow_blank=True)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=CrisisKind.choices), required=False, min_length=1
    )
    description = serializers.CharField(required=False)
    risks = serializers.ListField(
        child=serializers.ChoiceField(choices=Risk.choices), required=False
    )
    version = serializers.CharField()


class CrisisResponseInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ResponseKind.choices)
    description = serializers.CharField()
    done_at = serializers.DateTimeField(help_text="Not in the future, nor before it came in.")
    done_by = serializers.CharField(required=False, allow_blank=True)


class CrisisCloseSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    note = serializers.CharField(required=False, allow_blank=True)
    version = serializers.CharField()


class CrisisOpenCaseSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="The registered person the intervention is about, if it names nobody yet.",
    )
    for_household = serializers.BooleanField(required=False, default=False)
    version = serializers.CharField()


def _intake_data(intervention: CrisisIntervention) -> dict[str, Any]:
    """The intervention's intake as its form posts it, for a change of some fields."""
    return {
        "received_at": intervention.received_at,
        "channel": intervention.channel,
        "contact_name": intervention.contact_name,
        "contact_phone": intervention.contact_phone,
        "is_family": intervention.is_family,
        "people_count": intervention.people_count,
        "municipality": intervention.municipality_id,
        "location": intervention.location,
        "kinds": list(intervention.kinds),
        "description": intervention.description,
        "risks": list(intervention.risks),
    }


def _form_values(values: dict[str, Any]) -> dict[str, Any]:
    """JSON values as the form receives them (a false box is left out, as a browser does)."""
    data = form_data(values)
    if not data.get("is_family"):
        data.pop("is_family", None)
    return data


class CrisisInterventionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[CrisisIntervention],
):
    """Crisis interventions of the organisations where the user does casework."""

    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-f-]{36}"
    pagination_class = PagePagination
    serializer_class = CrisisInterventionSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[CrisisIntervention]:
        return CrisisIntervention.objects.visible_to(self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        return (
            CrisisInterventionSummarySerializer
            if self.action == "list"
            else CrisisInterventionSerializer
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "state",
                enum=["open", "closed"],
                description="open (default): awaiting a response first, the earliest due "
                "first; closed: the latest closed first.",
            )
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ListFilterForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        visible = CrisisIntervention.objects.visible_to(request.user).select_related(
            "organisation", "person", "case"
        )
        if form.cleaned_data.get("state") == "closed":
            interventions = visible.closed().order_by("-closed_at", "-pk")
        else:
            interventions = visible.open().by_urgency()
        page = self.paginate_queryset(interventions)
        data = CrisisInterventionSummarySerializer(
            page, many=True, context={"request": request}
        ).data
        return self.get_paginated_response(data)

    def _intervention(
        self, request: Request, public_id: str, *, log: bool = False
    ) -> CrisisIntervention:
        return get_intervention_for_user(
            request.user, public_id, request=request._request if log else None
        )

    def _detail(
        self, request: Request, intervention: CrisisIntervention, code: int = 200
    ) -> Response:
        loaded = (
            CrisisIntervention.objects.filter(pk=intervention.pk)
            .select_related("organisation", "person", "case", "recorded_by")
            .prefetch_related(
                Prefetch("responses", queryset=CrisisResponse.objects.select_related("recorded_by"))
            )
            .get()
        )
        return Response(
            CrisisInterventionSerializer(loaded, context={"request": request}).data, status=code
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(request, self._intervention(request, kwargs["public_id"], log=True))

    @extend_schema(request=CrisisIntakeSerializer, responses={201: CrisisInterventionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record a crisis intervention; its response is due 24 hours after it came in."""
        values = dict(read_input(CrisisIntakeSerializer, request).validated_data)
        chosen = values.pop("organisation", None)
        if chosen is not None and chosen not in {o.pk for o in case_organisations_of(request.user)}:
            raise PermissionDenied(_("You do not do casework in this organisation."))
        organisation = get_casework_organisation(request.user, str(chosen or ""))
        person_id = values.pop("person", None)
        person = get_person_for_user(request.user, person_id) if person_id else None
        form = validated(InterventionForm(_form_values(values), person_chosen=person is not None))
        intervention = actions.intervention_record(
            organisation=organisation,
            data=form.cleaned_data,
            person=person,
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, intervention, code=status.HTTP_201_CREATED)

    @extend_schema(
        request=CrisisIntakeUpdateSerializer, responses={200: CrisisInterventionSerializer}
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Correct the intake; refused with 409 if the intervention changed since it was read."""
        intervention = self._intervention(request, kwargs["public_id"])
        values = dict(read_input(CrisisIntakeUpdateSerializer, request).validated_data)
        version = values.pop("version")
        merged = _intake_data(intervention) | values
        form = validated(InterventionForm(_form_values(merged), instance=intervention))
        actions.intervention_update(
            intervention=intervention,
            data=form.cleaned_data,
            version=version,
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, intervention)

    @extend_schema(
        request=CrisisResponseInputSerializer, responses={201: CrisisInterventionSerializer}
    )
    @action(detail=True, methods=["post"])
    def responses(self, request: Request, public_id: str) -> Response:
        """Record something done in response (the earliest is the first response)."""
        intervention = self._intervention(request, public_id)
        values = read_input(CrisisResponseInputSerializer, request).validated_data
        form = validated(ResponseForm(form_data(dict(values))))
        actions.response_add(
            intervention=intervention,
            acting_user=request.user,
            request=request._request,
            **form.cleaned_data,
        )
        return self._detail(request, intervention, code=status.HTTP_201_CREATED)

    @extend_schema(request=CrisisCloseSerializer, responses={200: CrisisInterventionSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, public_id: str) -> Response:
        """Close with the outcome; refused with 409 if it changed since it was read."""
        intervention = self._intervention(request, public_id)
        values = read_input(CrisisCloseSerializer, request).validated_data
        form = validated(CloseForm(form_data(dict(values))))
        actions.intervention_close(
            intervention=intervention,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
            version=values["version"],
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, intervention)

    @extend_schema(request=CrisisOpenCaseSerializer, responses={201: CrisisInterventionSerializer})
    @action(detail=True, methods=["post"], url_path="open-case")
    def open_case(self, request: Request, public_id: str) -> Response:
        """Open a crisis-intervention case about the person (or their household), linked to
        the intervention."""
        intervention = self._intervention(request, public_id)
        values = read_input(CrisisOpenCaseSerializer, request).validated_data
        version = values["version"]
        if values.get("person"):
            person = get_person_for_user(request.user, values["person"])
            intervention = actions.intervention_set_person(
                intervention=intervention,
                person=person,
                version=version,
                acting_user=request.user,
                request=request._request,
            )
            version = version_of(intervention)
        actions.intervention_open_case(
            intervention=intervention,
            version=version,
            for_household=values.get("for_household", False),
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, intervention, code=status.HTTP_201_CREATED)
