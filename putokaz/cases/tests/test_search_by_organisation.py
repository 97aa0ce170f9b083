"""Searches by name start from the keys of the searcher's organisations (OrganisationNameKey):
an organisation has the keys of the people it holds a file on and of everyone its cases
are about, kept in step by the writes, and finds exactly what the search of everyone's
keys found."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.cases import actions, caseloads
from putokaz.cases.models import Case, CaseType, Urgency
from putokaz.cases.tests.factories import CaseFactory
from putokaz.people import actions as people_actions
from putokaz.people.models import (
    HouseholdMember,
    OrganisationNameKey,
    Person,
    PersonHolder,
    Relationship,
    refresh_organisation_name_keys,
)
from putokaz.people.tests.factories import PersonFactory, household_of

pytestmark = pytest.mark.django_db


def found_by(user: User, query: str) -> set[str]:
    """The names ``user`` finds, the same by their organisations' keys as by everyone's."""
    visible = Person.objects.visible_to(user)
    by_organisation = {p.full_name for p in visible.search(query, user=user)}
    assert by_organisation == {p.full_name for p in visible.search(query)}, query
    return by_organisation


def cases_found_by(user: User, query: str, caseload: str = "team") -> set[str]:
    """The numbers of the cases ``user`` finds, on the find page's way and in a caseload,
    each the same by their organisations' keys as by everyone's."""
    visible = Case.objects.visible_to(user)
    collected = {c.number for c in caseloads.search_cases(visible, query, user=user)}
    assert collected == {c.number for c in caseloads.search_cases(visible, query)}, query
    cases = caseloads.caseload(user, caseload)
    filtered = {c.number for c in caseloads.filtered(cases, {"q": query}, user=user)}
    assert filtered == {c.number for c in cases.filter(caseloads.matching(query))}, query
    return collected


def open_case(subject: Any, organisation: Organisation, user: User) -> Case:
    return actions.case_open(
        subject=subject,
        organisation=organisation,
        case_type=CaseType.RETURNEE,
        urgency=Urgency.REGULAR,
        reason="",
        acting_user=user,
    )


def organisations_of(person: Person) -> set[int]:
    return set(
        OrganisationNameKey.objects.filter(person=person).values_list("organisation_id", flat=True)
    )


def test_a_person_is_found_by_an_organisation_once_it_has_a_case_about_them(
    csw: Organisation, partner_ngo: Organisation, ngo_worker: User, supervisor: User
) -> None:
    person = PersonFactory(organisation=csw, given_name="Sead", family_name="Bajramović")
    assert organisations_of(person) == {csw.pk}
    assert found_by(ngo_worker, "Bajramović") == set()
    assert found_by(supervisor, "Bajramović") == {"Sead Bajramović"}
    case = open_case(person, partner_ngo, ngo_worker)
    assert organisations_of(person) == {csw.pk, partner_ngo.pk}
    assert found_by(ngo_worker, "Bajramović") == {"Sead Bajramović"}
    assert cases_found_by(ngo_worker, "bajramovic sead", "mine") == {case.number}


def test_a_holder_added_finds_the_person_by_name(
    csw: Organisation, partner_ngo: Organisation, ngo_worker: User
) -> None:
    person = PersonFactory(organisation=csw, given_name="Sead", family_name="Bajramović")
    PersonHolder.objects.create(
        person=person, organisation=partner_ngo, reason=PersonHolder.Reason.CASE
    )
    assert not Person.objects.visible_to(ngo_worker).search("Sead", user=ngo_worker).exists()
    refresh_organisation_name_keys([person.pk])
    assert found_by(ngo_worker, "Sead") == {"Sead Bajramović"}


def test_a_member_joining_a_household_brings_up_its_case_for_the_cases_organisation(
    csw: Organisation,
    partner_ngo: Organisation,
    ngo_worker: User,
    case_worker: User,
    supervisor: User,
) -> None:
    reference = PersonFactory(organisation=csw, given_name="Elvira", family_name="Ramić")
    family = household_of(reference)
    case = open_case(family, partner_ngo, ngo_worker)
    newcomer = PersonFactory(organisation=csw, given_name="Fikret", family_name="Krasniqi")
    assert partner_ngo.pk not in organisations_of(newcomer)
    assert cases_found_by(ngo_worker, "Krasniqi", "mine") == set()
    people_actions.household_member_add(
        household=family,
        person=newcomer,
        relationship=Relationship.SPOUSE,
        joined_on=timezone.localdate(),
        acting_user=case_worker,
    )
    # The case's organisation finds the case by the newcomer's name, not the newcomer:
    # it holds no file on them.
    assert partner_ngo.pk in organisations_of(newcomer)
    assert cases_found_by(ngo_worker, "Krasniqi", "mine") == {case.number}
    assert found_by(ngo_worker, "Krasniqi") == set()
    member = HouseholdMember.objects.get(household=family, person=newcomer)
    people_actions.household_member_leave(
        member=member, left_on=timezone.localdate(), acting_user=case_worker
    )
    assert partner_ngo.pk not in organisations_of(newcomer)
    assert cases_found_by(ngo_worker, "Krasniqi", "mine") == set()
    assert found_by(supervisor, "Krasniqi") == {"Fikret Krasniqi"}


def test_the_keys_follow_a_rename(
    csw: Organisation, partner_ngo: Organisation, ngo_worker: User, client_for: Any
) -> None:
    person = PersonFactory(organisation=csw, given_name="Milan", family_name="Petrović")
    case = open_case(person, partner_ngo, ngo_worker)
    page = client_for(ngo_worker).get(f"/people/{person.public_id}/edit/")
    data: dict[str, Any] = {}
    for form in [page.context["form"], *page.context["formsets"]]:
        forms = [form.management_form, *form.forms] if hasattr(form, "forms") else [form]
        for each in forms:
            for field in each:
                value = field.value()
                if value is None or value is False:
                    continue
                data[field.html_name] = (
                    [str(item) for item in value] if isinstance(value, list) else value
                )
    data["family_name"] = "Jovanović"
    response = client_for(ngo_worker).post(f"/people/{person.public_id}/edit/", data)
    assert response.status_code == 302
    assert found_by(ngo_worker, "Jovanović Milan") == {"Milan Jovanović"}
    assert found_by(ngo_worker, "Petrović") == set()
    assert cases_found_by(ngo_worker, "Jovanović", "mine") == {case.number}
    assert cases_found_by(ngo_worker, "Petrović", "mine") == set()
    keys = set(OrganisationNameKey.objects.filter(person=person).values_list("key", flat=True))
    assert keys == set(person.name_keys.values_list("key", flat=True))


def test_a_system_administrator_finds_everyone_as_before(
    csw: Organisation, outsider_org: Organisation, system_admin: User, client_for: Any
) -> None:
    ours = PersonFactory(organisation=csw, given_name="Ana", family_name="Jovanović")
    theirs = PersonFactory(organisation=outsider_org, given_name="Jovan", family_name="Jovanović")
    OrganisationNameKey.objects.all().delete()  # the administrator does not read them
    people = Person.objects.visible_to(system_admin)
    assert set(people.search("jovanovic", user=system_admin)) == {ours, theirs}
    case = CaseFactory(organisation=outsider_org, person=theirs)
    OrganisationNameKey.objects.all().delete()
    everything = Case.objects.visible_to(system_admin)
    assert {c.number for c in caseloads.search_cases(everything, "Jovan", user=system_admin)} == {
        case.number
    }
    page = client_for(system_admin).get(reverse("cases:find"), {"q": "Jovanović"}).text
    assert "Ana Jovanović" in page
    assert "Jovan Jovanović" in page


def test_the_find_page_and_the_team_caseload_find_the_same_as_before(
    csw: Organisation,
    outsider_org: Organisation,
    supervisor: User,
    case_worker: User,
    client_for: Any,
) -> None:
    # Namesakes at another organisation, and a case of ours about one of theirs.
    for given in ("Sead", "Elvis"):
        PersonFactory(organisation=outsider_org, given_name=given, family_name="Bajramović")
    stranger = PersonFactory(
        organisation=outsider_org, given_name="Ramiz", family_name="Bajramović"
    )
    moved_out = PersonFactory(organisation=csw, given_name="Senad", family_name="Bajramović")
    family = household_of(
        PersonFactory(organisation=csw, given_name="Elvira", family_name="Bajramović"),
        (moved_out, Relationship.CHILD),
    )
    household_case = open_case(family, csw, case_worker)
    member = HouseholdMember.objects.get(household=family, person=moved_out)
    people_actions.household_member_leave(
        member=member,
        left_on=timezone.localdate() - datetime.timedelta(days=1),
        acting_user=case_worker,
    )
    about_stranger = open_case(stranger, csw, case_worker)
    CaseFactory(organisation=outsider_org, person=stranger)
    assert found_by(supervisor, "Bajramović") == {
        "Elvira Bajramović",
        "Senad Bajramović",
        "Ramiz Bajramović",
    }
    assert cases_found_by(supervisor, "Bajramović") == {
        household_case.number,
        about_stranger.number,
    }
    assert cases_found_by(supervisor, "Senad") == set()
    assert cases_found_by(supervisor, "Elvira Ramiz") == set()
    assert cases_found_by(case_worker, "bajr", "mine") == {
        household_case.number,
        about_stranger.number,
    }
    page = client_for(supervisor).get(reverse("cases:find"), {"q": "Bajramović"}).text
    assert household_case.number in page
    assert "Elvis" not in page
    team = client_for(supervisor).get(reverse("cases:caseload"), {"view": "team", "q": "Ramiz"})
    assert [c.number for c in team.context["page"]] == [about_stranger.number]
