"""Pages for people and households (signed in; scoped to the files the user may open)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest
from putokaz.core import locale_names, sections
from putokaz.core.concurrency import VersionedModelForm, form_with_current_version
from putokaz.core.content_translation import in_script
from putokaz.core.ids import parse_uuid
from putokaz.people import actions
from putokaz.people.access import (
    case_organisations_of,
    get_casework_organisation,
    get_household_for_user,
    get_person_for_user,
)
from putokaz.people.duplicates import DuplicateCheck, possible_duplicates
from putokaz.people.forms import (
    HouseholdForm,
    HouseholdMemberForm,
    MemberLeaveForm,
    MigrationProfileForm,
    PersonForm,
    person_formsets,
    typed_spellings,
)
from putokaz.people.models import HouseholdMember, MigrationProfile, Person

MAX_MATCHES = 20


@login_required
def person_register(request: AuthenticatedRequest) -> HttpResponse:
    """Register a person; who they may already be is shown first (as the form is filled in,
    and again on saving), so nobody is entered twice."""
    organisation = get_casework_organisation(
        request.user, request.POST.get("organisation") or request.GET.get("organisation", "")
    )
    household = None
    if household_id := request.GET.get("household"):
        household = get_household_for_user(request.user, household_id)
    data = request.POST if request.method == "POST" else None
    person = Person(organisation=organisation)
    form = PersonForm(data, instance=person)
    formsets = person_formsets(data, person)
    check = DuplicateCheck()
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets):
        check = possible_duplicates(
            request.user, form.cleaned_data, spellings=typed_spellings(data), limit=MAX_MATCHES
        )
        if not check or data.get("confirmed"):
            saved = actions.person_register(
                organisation=organisation,
                form=form,
                formsets=formsets,
                acting_user=request.user,
                request=request,
                possible_duplicates=check.pairs(),
            )
            messages.success(
                request, _("%(name)s was registered.") % {"name": in_script(saved.full_name)}
            )
            if household is not None:
                return redirect(f"{household.get_absolute_url()}?add={saved.public_id}")
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "formsets": formsets,
            "check": check,
            "confirm": bool(check),
            "organisation": organisation,
            "household": household,
            "organisations": case_organisations_of(request.user),
        },
    )


@login_required
@require_POST
def person_duplicates(request: AuthenticatedRequest) -> HttpResponse:
    """Who the person being registered may already be, from the form as typed so far (the
    registration page asks while the worker types)."""
    get_casework_organisation(request.user, request.POST.get("organisation", ""))
    check = possible_duplicates(
        request.user, request.POST, spellings=typed_spellings(request.POST), limit=MAX_MATCHES
    )
    return render(
        request, "people/person_form.html#possible_duplicates", {"check": check, "confirm": False}
    )


@login_required
def person_detail(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    person = get_person_for_user(request.user, public_id, request=request)
    if person.merged_into is not None:
        survivor = get_person_for_user(request.user, person.merged_into.public_id)
        messages.info(
            request,
            _("This record was merged into that of %(name)s.")
            % {"name": in_script(survivor.full_name)},
        )
        return redirect(survivor.get_absolute_url())
    migration = MigrationProfile.objects.filter(person=person).first()
    memberships = (
        HouseholdMember.objects.filter(person=person)
        .select_related("household")
        .prefetch_related(
            Prefetch(
                "household__members",
                queryset=HouseholdMember.objects.select_related("person"),
            )
        )
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "documents": person.documents.all(),
            "spellings": person.other_spellings.all(),
            "migration": migration,
            "citizenship_names": [locale_names.country_name(code) for code in person.citizenships],
            "language_names": [locale_names.language_name(code) for code in person.languages],
            "returned_from": migration
            and migration.returned_from
            and locale_names.country_name(migration.returned_from),
            "nationality": migration
            and migration.nationality
            and locale_names.country_name(migration.nationality),
            "memberships": memberships,
            "sections": sections.sections_for("person", request.user, person),
        },
    )


@login_required
def person_edit(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    person = get_person_for_user(request.user, public_id)
    data = request.POST if request.method == "POST" else None
    form: VersionedModelForm = PersonForm(data, instance=person)
    formsets = person_formsets(data, person)
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets):
        try:
            actions.person_update(
                person=person,
                form=form,
                formsets=formsets,
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            person.refresh_from_db()
            form = form_with_current_version(PersonForm, person, error)
            formsets = person_formsets(None, person)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(person.get_absolute_url())
    return render(
        request,
        "people/person_form.html",
        {"form": form, "formsets": formsets, "person": person, "matches": []},
    )


@login_required
def migration_edit(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    person = get_person_for_user(request.user, public_id)
    profile = MigrationProfile.objects.filter(person=person).first() or MigrationProfile(
        person=person
    )
    data = request.POST if request.method == "POST" else None
    form: VersionedModelForm = MigrationProfileForm(data, instance=profile)
    if data is not None and form.is_valid():
        try:
            actions.migration_profile_save(
                person=person, form=form, acting_user=request.user, request=request
            )
        except ValidationError as error:
            current = MigrationProfile.objects.filter(person=person).first()
            if current is None:
                form.add_error(None, error)
            else:
                form = form_with_current_version(MigrationProfileForm, current, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(person.get_absolute_url())
    return render(request, "people/migration_form.html", {"form": form, "person": person})


@login_required
def household_register(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """Start a household with this person as its reference person."""
    person = get_person_for_user(request.user, public_id)
    organisation = get_casework_organisation(
        request.user, request.POST.get("organisation") or request.GET.get("organisation", "")
    )
    data = request.POST if request.method == "POST" else None
    form = HouseholdForm(
        data, initial={"address": person.address, "municipality": person.municipality}
    )
    if data is not None and form.is_valid():
        household = actions.household_register(
            organisation=organisation,
            reference_person=person,
            address=form.cleaned_data["address"],
            municipality=form.cleaned_data["municipality"],
            acting_user=request.user,
            request=request,
        )
        messages.success(request, _("The household was registered."))
        return redirect(household.get_absolute_url())
    return render(request, "people/household_form.html", {"form": form, "person": person})


@login_required
def household_detail(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    household = get_household_for_user(request.user, public_id, request=request)
    members = list(household.members.select_related("person"))
    query = request.GET.get("q", "").strip()
    candidates: list[Person] = []
    current_ids = {m.person_id for m in members if m.left_on is None}
    if add := parse_uuid(request.GET.get("add")):
        candidates = list(Person.objects.visible_to(request.user).filter(public_id=add))
    elif query:
        candidates = list(
            Person.objects.visible_to(request.user).search(query, user=request.user)[:MAX_MATCHES]
        )
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "current_members": [m for m in members if m.left_on is None],
            "past_members": [m for m in members if m.left_on is not None],
            "query": query,
            "candidates": [p for p in candidates if p.pk not in current_ids],
            "member_form": HouseholdMemberForm(),
            "sections": sections.sections_for("household", request.user, household),
            "timeline": sections.timeline(request.user, [m.person for m in members]),
        },
    )


@login_required
@require_POST
def household_member_add(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    household = get_household_for_user(request.user, public_id)
    form = HouseholdMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the relationship and the date the person joined."))
        return redirect(household.get_absolute_url())
    person = get_person_for_user(request.user, form.cleaned_data["person"])
    try:
        actions.household_member_add(
            household=household,
            person=person,
            relationship=form.cleaned_data["relationship"],
            joined_on=form.cleaned_data["joined_on"],
            acting_user=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s was added to the household.") % {"name": in_script(person.full_name)},
        )
    return redirect(household.get_absolute_url())


@login_required
def household_member_leave(request: AuthenticatedRequest, public_id: str, pk: int) -> HttpResponse:
    household = get_household_for_user(request.user, public_id)
    member = household.members.select_related("person").filter(pk=pk, left_on__isnull=True).first()
    if member is None:
        raise Http404(_("No such household member."))
    data = request.POST if request.method == "POST" else None
    form = MemberLeaveForm(data, member=member)
    if data is not None and form.is_valid():
        try:
            actions.household_member_leave(
                member=member,
                left_on=form.cleaned_data["left_on"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The change was saved."))
            return redirect(household.get_absolute_url())
    return render(
        request,
        "people/member_leave.html",
        {"form": form, "member": member, "household": household},
    )
