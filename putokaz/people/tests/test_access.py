"""Who may open a person's file and their household, and that every look is written down."""

from typing import Any

import pytest
from django.http import Http404
from django.test import Client

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import AccessLog, Action
from putokaz.people.access import get_person_for_user
from putokaz.people.models import Household, HouseholdMember, MigrationProfile, Person, PersonHolder
from putokaz.people.tests.factories import PersonFactory, household_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(csw: Organisation) -> Person:
    return PersonFactory(organisation=csw, given_name="Milan", family_name="Petrović")


@pytest.fixture
def household(person: Person, csw: Organisation) -> Household:
    child = PersonFactory(organisation=csw, given_name="Luka", family_name="Petrović")
    return household_of(person, (child, "child"))


def person_pages(person: Person, household: Household) -> list[tuple[str, str]]:
    member = household.members.get(person=person)
    return [
        ("get", person.get_absolute_url()),
        ("get", f"/people/{person.public_id}/edit/"),
        ("post", f"/people/{person.public_id}/edit/"),
        ("get", f"/people/{person.public_id}/migration/"),
        ("post", f"/people/{person.public_id}/migration/"),
        ("get", f"/people/{person.public_id}/household/new/"),
        ("post", f"/people/{person.public_id}/household/new/"),
        ("get", household.get_absolute_url()),
        ("post", f"/households/{household.public_id}/members/add/"),
        ("get", f"/households/{household.public_id}/members/{member.pk}/leave/"),
        ("post", f"/households/{household.public_id}/members/{member.pk}/leave/"),
    ]


def test_case_worker_and_supervisor_of_the_registering_organisation_open_the_file(
    client_for, case_worker: User, supervisor: User, person: Person, household: Household
) -> None:
    for user in (case_worker, supervisor):
        client = client_for(user)
        page = client.get(f"{person.get_absolute_url()}?lang=en")
        assert page.status_code == 200
        assert "Milan Petrović" in page.text
        assert client.get(f"/people/{person.public_id}/edit/").status_code == 200
        assert client.get(f"/people/{person.public_id}/migration/").status_code == 200
        assert client.get(household.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", ["ngo_worker", "outsider", "org_admin"])
def test_people_outside_the_organisations_casework_get_not_found_everywhere(
    request: pytest.FixtureRequest, client_for, persona: str, person: Person, household: Household
) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)
    data = {"given_name": "Changed", "left_on": "2025-01-01", "person": str(person.public_id)}
    for method, url in person_pages(person, household):
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, (persona, method, url)
    person.refresh_from_db()
    assert person.given_name == "Milan"
    assert not MigrationProfile.objects.exists()
    assert Household.objects.count() == 1
    assert not HouseholdMember.objects.filter(left_on__isnull=False).exists()
    assert not AccessLog.objects.filter(actor=user).exists()


def test_anonymous_visitor_is_sent_to_sign_in(
    anonymous: Client, person: Person, household: Household
) -> None:
    for method, url in [*person_pages(person, household), ("get", "/people/new/")]:
        response = getattr(anonymous, method)(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/sign-in/"), url


def test_system_admin_opens_any_file(
    client_for, system_admin: User, outsider_org: Organisation
) -> None:
    elsewhere = PersonFactory(organisation=outsider_org, given_name="Ivana", family_name="Nikolić")
    household = household_of(elsewhere)
    client = client_for(system_admin)
    assert client.get(elsewhere.get_absolute_url()).status_code == 200
    assert client.get(household.get_absolute_url()).status_code == 200
    assert Person.objects.visible_to(system_admin).count() == 1


def test_a_partner_that_holds_a_file_on_the_person_sees_them_too(
    client_for, ngo_worker: User, partner_ngo: Organisation, person: Person
) -> None:
    client = client_for(ngo_worker)
    assert client.get(person.get_absolute_url()).status_code == 404
    PersonHolder.objects.create(
        person=person, organisation=partner_ngo, reason=PersonHolder.Reason.CASE
    )
    assert client.get(person.get_absolute_url()).status_code == 200
    assert list(Person.objects.visible_to(ngo_worker).search("Petrović")) == [person]


def test_an_ended_membership_no_longer_opens_files(
    client_for, case_worker: User, person: Person
) -> None:
    client = client_for(case_worker)
    assert client.get(person.get_absolute_url()).status_code == 200
    case_worker.memberships.update(ended_at="2025-01-01T00:00:00Z")
    assert client.get(person.get_absolute_url()).status_code == 404


def test_every_look_at_a_file_is_in_the_access_log(
    client_for, case_worker: User, csw: Organisation, person: Person, household: Household
) -> None:
    client = client_for(case_worker)
    client.get(person.get_absolute_url())
    client.get(person.get_absolute_url())
    client.get(household.get_absolute_url())
    views = AccessLog.objects.filter(actor=case_worker, action=Action.VIEW, organisation=csw)
    person_views = views.filter(content_type__model="person", object_id=str(person.pk))
    assert person_views.count() == 2
    assert views.filter(content_type__model="household", object_id=str(household.pk)).count() == 1
    entry = person_views.first()
    assert entry is not None and entry.path == person.get_absolute_url()


def test_a_malformed_identifier_is_not_found_rather_than_an_error(case_worker: User) -> None:
    with pytest.raises(Http404):
        get_person_for_user(case_worker, "not-a-uuid")


def test_person_page_runs_a_fixed_number_of_queries(
    client_for,
    case_worker: User,
    csw: Organisation,
    person: Person,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(case_worker)
    for _ in range(4):
        household_of(person, (PersonFactory(organisation=csw), "child"))
    with django_assert_max_num_queries(20) as captured:
        client.get(person.get_absolute_url())
    few = len(captured)
    for _ in range(4):
        household_of(PersonFactory(organisation=csw), (person, "grandchild"))
    with django_assert_max_num_queries(few):
        client.get(person.get_absolute_url())
