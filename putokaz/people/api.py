"""The REST API for people and households: /api/v1/people/ and /api/v1/households/.

The same rules as the pages: the querysets are scoped by the permission layer, every record
read is logged by the access layer, every write goes through the people's actions and is
validated by the pages' forms.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
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
    form_errors,
    formset_data,
    formset_errors,
    validated,
)
from putokaz.core.concurrency import current_data
from putokaz.geo.models import Municipality
from putokaz.people import actions
from putokaz.people.access import (
    case_organisations_of,
    get_casework_organisation,
    get_household_for_user,
    get_person_for_user,
)
from putokaz.people.duplicates import possible_duplicates
from putokaz.people.forms import (
    DOCUMENTS,
    SPELLINGS,
    HouseholdForm,
    HouseholdMemberForm,
    MemberLeaveForm,
    PersonForm,
    person_formsets,
)
from putokaz.people.matching.stored import Spelling
from putokaz.people.models import (
    Household,
    HouseholdMember,
    IdentityDocument,
    MigrationProfile,
    OtherSpelling,
    Person,
    Relationship,
    Sex,
)

MAX_MATCHES = 20


def _link(request: Any, name: str, public_id: Any) -> str:
    return str(request.build_absolute_uri(reverse(name, args=[public_id])))


# What is read


class OtherSpellingSerializer(serializers.ModelSerializer[OtherSpelling]):
    id = serializers.IntegerField(required=False, help_text="Send it back to keep the row.")

    class Meta:
        model = OtherSpelling
        fields = ["id", "given_name", "family_name", "source"]


class DocumentSerializer(serializers.ModelSerializer[IdentityDocument]):
    id = serializers.IntegerField(required=False, help_text="Send it back to keep the row.")

    class Meta:
        model = IdentityDocument
        fields = ["id", "kind", "status", "number", "issued_by", "valid_until", "note"]


class MigrationProfileSerializer(serializers.ModelSerializer[MigrationProfile]):
    class Meta:
        model = MigrationProfile
        fields = [
            "kind",
            "returned_from",
            "returned_on",
            "return_type",
            "under_readmission",
            "years_abroad",
            "children_schooled_abroad",
            "received_at_airport",
            "nationality",
            "arrived_on",
            "asylum_status",
        ]


class PersonSummarySerializer(serializers.ModelSerializer[Person]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    url = serializers.SerializerMethodField()
    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    registered_by = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "url",
            "given_name",
            "family_name",
            "sex",
            "birth_date",
            "birth_date_estimated",
            "municipality",
            "registered_by",
        ]

    def get_url(self, person: Person) -> str:
        return _link(self.context["request"], "api:person-detail", person.public_id)


class AgreementSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text="The field compared, e.g. birth_date.")
    field_label = serializers.CharField()
    level = serializers.CharField(help_text="How it compared, e.g. same, spelling, swapped.")
    level_label = serializers.CharField()


class PossibleMatchSerializer(serializers.Serializer[Any]):
    person = PersonSummarySerializer()
    score = serializers.FloatField(source="score.value", help_text="From 0 to 1.")
    likely = serializers.BooleanField()
    agreed = AgreementSerializer(source="score.agreed", many=True)
    disagreed = AgreementSerializer(source="score.disagreed", many=True)


class OrganisationContactSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class PossibleDuplicatesSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    code = serializers.CharField()
    matches = PossibleMatchSerializer(many=True)
    elsewhere = OrganisationContactSerializer(
        many=True,
        help_text="Organisations holding a likely match in a file the user may not open.",
    )


class MembershipOfPersonSerializer(serializers.ModelSerializer[HouseholdMember]):
    household = serializers.UUIDField(source="household.public_id", read_only=True)

    class Meta:
        model = HouseholdMember
        fields = ["household", "relationship", "joined_on", "left_on"]


class PersonSerializer(PersonSummarySerializer):
    other_spellings = OtherSpellingSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    migration = MigrationProfileSerializer(read_only=True, allow_null=True)
    households = MembershipOfPersonSerializer(source="memberships", many=True, read_only=True)
    version = VersionField(source="updated_at", read_only=True)

    class Meta(PersonSummarySerializer.Meta):
        fields = [
            *PersonSummarySerializer.Meta.fields,
            "parent_name",
            "birth_place",
            "jmbg",
            "citizenships",
            "languages",
            "needs_interpreter",
            "phone",
            "address",
            "other_spellings",
            "documents",
            "migration",
            "households",
            "version",
        ]


# What is written: the shape for the schema; the rules are the page's form's.


class PersonInputSerializer(serializers.Serializer[Any]):
    given_name = serializers.CharField(required=False)
    family_name = serializers.CharField(required=False)
    parent_name = serializers.CharField(required=False, allow_blank=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_date_estimated = serializers.BooleanField(required=False)
    birth_place = serializers.CharField(required=False, allow_blank=True)
    jmbg = serializers.CharField(required=False, allow_blank=True)
    citizenships = serializers.ListField(
        child=serializers.CharField(), required=False, max_length=2, help_text="ISO 3166 codes."
    )
    languages = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="ISO 639 codes."
    )
    needs_interpreter = serializers.BooleanField(required=False)
    phone = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    municipality = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="The official code."
    )
    other_spellings = OtherSpellingSerializer(many=True, required=False)
    documents = DocumentSerializer(many=True, required=False)


class PersonCreateSerializer(PersonInputSerializer):
    organisation = serializers.IntegerField(
        required=False, help_text="The registering organisation; by default the user's first."
    )
    confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Register even though likely existing matches were found.",
    )


class PersonUpdateSerializer(PersonInputSerializer):
    version = serializers.CharField(help_text="The version read with the person.")


def _municipality_pk(code: Any) -> str:
    if not code:
        return ""
    municipality = Municipality.objects.filter(code=code).only("pk").first()
    if municipality is None:
        raise serializers.ValidationError({"municipality": [_("No municipality has this code.")]})
    return str(municipality.pk)


# The formsets edited with a person, by the key that carries their rows in the JSON.
FORMSETS = {"other_spellings": SPELLINGS, "documents": DOCUMENTS}


def _person_form_data(base: QueryDict | None, payload: dict[str, Any]) -> dict[str, Any]:
    """``base`` (the form's current data) with what the client sent, in the form's names."""
    data: dict[str, Any] = {}
    if base is not None:
        data = base.dict() | {"languages": base.getlist("languages")}
    for name, value in payload.items():
        if name in (*FORMSETS, "organisation", "confirmed"):
            continue
        if name == "citizenships":
            data["citizenship"] = value[0] if value else ""
            data["second_citizenship"] = value[1] if len(value) > 1 else ""
        elif name == "municipality":
            data["municipality"] = _municipality_pk(value)
        elif name == "birth_date":
            data[name] = value.isoformat() if value else ""
        else:
            data[name] = value
    return data


def _formset_data(payload: dict[str, Any], person: Person) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, prefix in FORMSETS.items():
        rows = [dict(row) for row in payload.get(key, [])]
        for row in rows:
            if row.get("valid_until"):
                row["valid_until"] = row["valid_until"].isoformat()
        existing = list(getattr(person, key).all()) if person.pk else []
        data |= formset_data(prefix, rows, existing)
    return data


def _validated_person_forms(
    person: Person, payload: dict[str, Any], base: QueryDict | None
) -> tuple[Any, list[Any]]:
    """The page's person form and, for the rows sent (all of them on registration), its
    formsets, bound to what the client sent and valid; their errors as a 400 otherwise."""
    data = _person_form_data(base, payload) | _formset_data(payload, person)
    if "version" in payload:
        data["version"] = payload["version"]
    form = PersonForm(data, instance=person)
    errors: dict[str, Any] = {} if form.is_valid() else form_errors(form)
    formsets = []
    for key, formset in zip(FORMSETS, person_formsets(data, person), strict=True):
        if person.pk and key not in payload:
            continue  # not sent: the rows stay as they are
        formsets.append(formset)
        if not formset.is_valid():
            errors[key] = formset_errors(formset)
    if errors:
        raise serializers.ValidationError(errors)
    return form, formsets


def _people(user: Any) -> QuerySet[Person]:
    return Person.objects.visible_to(user).select_related("organisation", "municipality")


class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Person],
):
    """People whose file the user may open: held by an organisation they do casework in."""

    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-f-]{36}"
    pagination_class = PagePagination
    serializer_class = PersonSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Person]:
        return _people(self.request.user)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "list":
            return PersonSummarySerializer
        return PersonSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                description="Names in either script, with or without diacritics; a JMBG.",
            )
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        people = self.get_queryset().order_by("-created_at", "pk")
        if query := request.query_params.get("q", "").strip():
            people = people.search(query, user=request.user)  # type: ignore[attr-defined]
        page = self.paginate_queryset(people)
        serializer = PersonSummarySerializer(page, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

    def _detail(self, request: Request, person: Person, code: int = 200) -> Response:
        person = (
            _people(request.user)
            .prefetch_related(
                "other_spellings",
                "documents",
                Prefetch(
                    "memberships", queryset=HouseholdMember.objects.select_related("household")
                ),
            )
            .select_related("migration")
            .get(pk=person.pk)
        )
        return Response(PersonSerializer(person, context={"request": request}).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = get_person_for_user(request.user, kwargs["public_id"], request=request)
        return self._detail(request, person)

    @extend_schema(
        request=PersonCreateSerializer,
        responses={201: PersonSerializer, 409: PossibleDuplicatesSerializer},
        description=(
            "Register a person. If the person may already be registered (duplicate detection: "
            "names in any script or spelling, date of birth, JMBG and the other fields), nothing "
            "is saved and the possible matches the user may see are returned with 409, with "
            "the fields that agree, and the organisations holding a likely match the user may "
            "not see; unless `confirmed` is true, which registers the person all the same and "
            "puts the matches in the review of duplicates."
        ),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = PersonCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        chosen = values.get("organisation")
        if chosen is not None and chosen not in {o.pk for o in case_organisations_of(request.user)}:
            raise PermissionDenied(_("You do not do casework in this organisation."))
        organisation = get_casework_organisation(request.user, str(chosen or ""))
        person = Person(organisation=organisation)
        form, formsets = _validated_person_forms(person, values, None)
        spellings = [
            Spelling(row.get("given_name", ""), row.get("family_name", ""))
            for row in values.get("other_spellings", [])
        ]
        check = possible_duplicates(
            request.user, form.cleaned_data, spellings=spellings, limit=MAX_MATCHES
        )
        if check and not values["confirmed"]:
            return Response(
                PossibleDuplicatesSerializer(
                    {
                        "detail": _(
                            "These people may be the one you are registering. Open their file "
                            "if one is, or send the request again with confirmed true."
                        ),
                        "code": "likely_matches",
                        "matches": check.candidates,
                        "elsewhere": check.elsewhere,
                    },
                    context={"request": request},
                ).data,
                status=status.HTTP_409_CONFLICT,
            )
        saved = actions.person_register(
            organisation=organisation,
            form=form,
            formsets=formsets,
            acting_user=request.user,
            request=request._request,
            possible_duplicates=check.pairs(),
        )
        return self._detail(request, saved, code=status.HTTP_201_CREATED)

    @extend_schema(
        request=PersonUpdateSerializer,
        responses={200: PersonSerializer},
        description=(
            "Change what is sent; the rest stays. `other_spellings` and `documents`, when sent, "
            "become exactly the rows sent (rows keep their `id`). Refused with 409 if the "
            "person was changed since `version` was read."
        ),
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = get_person_for_user(request.user, kwargs["public_id"])
        payload = PersonUpdateSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        if "version" not in values:
            raise serializers.ValidationError({"version": [_("Send the version you read.")]})
        form, formsets = _validated_person_forms(
            person, values, current_data(PersonForm(instance=person))
        )
        saved = actions.person_update(
            person=person,
            form=form,
            formsets=formsets,
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, saved)


# Households


class MemberSerializer(serializers.ModelSerializer[HouseholdMember]):
    person = PersonSummarySerializer(read_only=True)

    class Meta:
        model = HouseholdMember
        fields = ["id", "person", "relationship", "joined_on", "left_on"]


class HouseholdSerializer(serializers.ModelSerializer[Household]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    url = serializers.SerializerMethodField()
    municipality = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    registered_by = serializers.CharField(source="organisation.name", read_only=True)
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = Household
        fields = ["id", "url", "address", "municipality", "registered_by", "members"]

    def get_url(self, household: Household) -> str:
        return _link(self.context["request"], "api:household-detail", household.public_id)


class HouseholdCreateSerializer(serializers.Serializer[Any]):
    reference_person = serializers.UUIDField()
    address = serializers.CharField(required=False, allow_blank=True)
    municipality = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    organisation = serializers.IntegerField(required=False)


class MemberAddSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField()
    relationship = serializers.ChoiceField(
        choices=[c for c in Relationship.choices if c[0] != Relationship.REFERENCE]
    )
    joined_on = serializers.DateField()


class MemberLeaveSerializer(serializers.Serializer[Any]):
    left_on = serializers.DateField()


def _households(user: Any) -> QuerySet[Household]:
    return (
        Household.objects.visible_to(user)
        .select_related("organisation", "municipality")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=HouseholdMember.objects.select_related(
                    "person__organisation", "person__municipality"
                ),
            )
        )
    )


class HouseholdViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Household],
):
    """Households the user may see: those with a member whose file they may open."""

    lookup_field = "public_id"
    lookup_value_regex = "[0-9a-f-]{36}"
    pagination_class = PagePagination
    serializer_class = HouseholdSerializer

    def get_queryset(self) -> QuerySet[Household]:
        return _households(self.request.user).order_by("-created_at", "pk")

    def _detail(self, request: Request, household: Household, code: int = 200) -> Response:
        fresh = _households(request.user).get(pk=household.pk)
        return Response(HouseholdSerializer(fresh, context={"request": request}).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        household = get_household_for_user(request.user, kwargs["public_id"], request=request)
        return self._detail(request, household)

    @extend_schema(request=HouseholdCreateSerializer, responses={201: HouseholdSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = HouseholdCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        chosen = values.get("organisation")
        if chosen is not None and chosen not in {o.pk for o in case_organisations_of(request.user)}:
            raise PermissionDenied(_("You do not do casework in this organisation."))
        organisation = get_casework_organisation(request.user, str(chosen or ""))
        reference = get_person_for_user(request.user, values["reference_person"])
        form = validated(
            HouseholdForm(
                {
                    "address": values.get("address", ""),
                    "municipality": _municipality_pk(values.get("municipality")),
                }
            )
        )
        household = actions.household_register(
            organisation=organisation,
            reference_person=reference,
            address=form.cleaned_data["address"],
            municipality=form.cleaned_data["municipality"],
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, household, code=status.HTTP_201_CREATED)

    @extend_schema(request=MemberAddSerializer, responses={201: HouseholdSerializer})
    @action(detail=True, methods=["post"])
    def members(self, request: Request, public_id: str) -> Response:
        """Add a person the user may see to the household."""
        household = get_household_for_user(request.user, public_id)
        payload = MemberAddSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = payload.validated_data
        form = validated(
            HouseholdMemberForm(
                {
                    "person": str(values["person"]),
                    "relationship": values["relationship"],
                    "joined_on": values["joined_on"].isoformat(),
                }
            )
        )
        person = get_person_for_user(request.user, form.cleaned_data["person"])
        actions.household_member_add(
            household=household,
            person=person,
            relationship=form.cleaned_data["relationship"],
            joined_on=form.cleaned_data["joined_on"],
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, household, code=status.HTTP_201_CREATED)

    @extend_schema(
        request=MemberLeaveSerializer,
        responses={200: HouseholdSerializer},
        parameters=[OpenApiParameter("member_id", int, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path=r"members/(?P<member_id>\d+)/leave")
    def leave(self, request: Request, public_id: str, member_id: str) -> Response:
        """Record that a member left; the membership stays in the household's history."""
        household = get_household_for_user(request.user, public_id)
        member = household.members.current().filter(pk=member_id).first()
        if member is None:
            return Response(
                {"detail": _("No such current member.")}, status=status.HTTP_404_NOT_FOUND
            )
        payload = MemberLeaveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        form = validated(
            MemberLeaveForm({"left_on": payload.validated_data["left_on"]}, member=member)
        )
        actions.household_member_leave(
            member=member,
            left_on=form.cleaned_data["left_on"],
            acting_user=request.user,
            request=request._request,
        )
        return self._detail(request, household)
