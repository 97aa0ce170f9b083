"""Households: started from a person, members join and leave, and the family's history stays."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import AccessLog, Action
from putokaz.people.models import Household, HouseholdMember, Person, Relationship
from putokaz.people.tests.factories import HouseholdMemberFactory, PersonFactory, household_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def mother(csw: Organisation) -> Person:
    return PersonFactory(
        organisation=csw, given_name="Jasmina", family_name="Berisha", address="Cara Dušana 12"
    )


@pytest.fixture
def son(csw: Organisation) -> Person:
    return PersonFactory(
        organisation=csw,
        given_name="Luka",
        family_name="Berisha",
        birth_date=datetime.date(2015, 6, 1),
    )


@pytest.fixture
def household(mother: Person) -> Household:
    return household_of(mother)


def add(client: Client, household: Household, person: Person, **fields: str) -> Any:
    return client.post(
        f"/households/{household.public_id}/members/add/?lang=en",
        {
            "person": str(person.public_id),
            "relationship": Relationship.CHILD,
            "joined_on": "2025-02-01",
            **fields,
        },
        follow=True,
    )


def leave(client: Client, household: Household, person: Person, left_on: str) -> Any:
    member = household.members.get(person=person, left_on__isnull=True)
    return client.post(
        f"/households/{household.public_id}/members/{member.pk}/leave/?lang=en",
        {"left_on": left_on},
    )


def test_a_household_is_started_with_the_person_as_reference_person(
    client_for, case_worker: User, mother: Person, csw: Organisation
) -> None:
    client = client_for(case_worker)
    form = client.get(f"/people/{mother.public_id}/household/new/")
    assert form.context["form"]["address"].value() == "Cara Dušana 12"
    response = client.post(
        f"/people/{mother.public_id}/household/new/", {"address": "Cara Dušana 12a"}
    )
    household = Household.objects.get()
    assert response.headers["Location"] == household.get_absolute_url()
    assert household.organisation == csw and household.address == "Cara Dušana 12a"
    assert household.reference_person() == mother
    with translation.override("en"):
        assert str(household) == "Household of Jasmina Berisha"
    assert AccessLog.objects.filter(
        action=Action.CREATE, object_id=str(household.pk), organisation=csw
    ).exists()
    page = client.get(f"{mother.get_absolute_url()}?lang=en")
    assert household.get_absolute_url() in page.text


def test_a_member_found_by_search_is_added(
    client_for, case_worker: User, household: Household, son: Person
) -> None:
    client = client_for(case_worker)
    found = client.get(f"{household.get_absolute_url()}?q=berisha+luk")
    assert [p.pk for p in found.context["candidates"]] == [son.pk]
    response = add(client, household, son)
    assert "Luka Berisha was added to the household." in response.text
    member = household.members.get(person=son)
    assert member.relationship == Relationship.CHILD
    assert member.joined_on == datetime.date(2025, 2, 1)
    assert member.left_on is None


def test_current_members_are_not_offered_again(
    client_for, case_worker: User, household: Household, son: Person
) -> None:
    client = client_for(case_worker)
    add(client, household, son)
    found = client.get(f"{household.get_absolute_url()}?q=Berisha")
    assert found.context["candidates"] == []


def test_the_same_person_cannot_be_added_twice_while_a_member(
    client_for, case_worker: User, household: Household, son: Person
) -> None:
    client = client_for(case_worker)
    add(client, household, son)
    again = add(client, household, son, relationship=Relationship.GRANDCHILD)
    assert "This person is already a member of the household." in again.text
    assert household.members.filter(person=son).count() == 1


def test_a_member_who_leaves_stays_in_the_history_and_may_return(
    client_for, case_worker: User, household: Household, son: Person
) -> None:
    client = client_for(case_worker)
    add(client, household, son)
    assert leave(client, household, son, "2025-08-31").status_code == 302
    former = household.members.get(person=son)
    assert former.left_on == datetime.date(2025, 8, 31)
    page = client.get(f"{household.get_absolute_url()}?lang=en")
    assert [m.person for m in page.context["current_members"]] == [household.reference_person()]
    assert [m.person for m in page.context["past_members"]] == [son]
    assert "Former members" in page.text
    add(client, household, son, joined_on="2025-12-01")
    assert household.members.filter(person=son).count() == 2
    assert household.members.current().filter(person=son).count() == 1


def test_the_reference_person_cannot_leave_while_others_live_there(
    client_for, case_worker: User, household: Household, mother: Person, son: Person
) -> None:
    client = client_for(case_worker)
    add(client, household, son)
    refused = leave(client, household, mother, "2025-09-01")
    assert refused.status_code == 200
    assert "The reference person cannot leave while others live in the household." in refused.text
    assert household.reference_person() == mother
    leave(client, household, son, "2025-09-01")
    assert leave(client, household, mother, "2025-09-02").status_code == 302
    assert household.reference_person() is None
    assert not household.members.current().exists()


def test_leaving_before_joining_is_refused(
    client_for, case_worker: User, household: Household, son: Person
) -> None:
    client = client_for(case_worker)
    add(client, household, son, joined_on="2025-02-01")
    refused = leave(client, household, son, "2025-01-31")
    assert refused.status_code == 200
    assert "A member cannot leave before joining." in refused.text
    assert household.members.get(person=son).left_on is None


def test_a_former_member_cannot_leave_again(
    client_for, case_worker: User, household: Household, son: Person
) -> None:
    client = client_for(case_worker)
    add(client, household, son)
    member = household.members.get(person=son)
    leave(client, household, son, "2025-03-01")
    response = client.post(
        f"/households/{household.public_id}/members/{member.pk}/leave/", {"left_on": "2025-04-01"}
    )
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.left_on == datetime.date(2025, 3, 1)


def test_the_household_timeline_shows_who_joined_and_left(
    client_for, case_worker: User, household: Household, son: Person
) -> None:
    client = client_for(case_worker)
    add(client, household, son, joined_on="2025-02-01")
    leave(client, household, son, "2025-08-31")
    page = client.get(f"{household.get_absolute_url()}?lang=en")
    timeline = [str(entry.what) for entry in page.context["timeline"]]
    assert timeline[:2] == [
        "Luka Berisha left the household",
        "Luka Berisha joined the household (child)",
    ]
    assert "Jasmina Berisha joined the household (reference person)" in timeline
    assert "Luka Berisha left the household" in page.text


def test_the_timeline_does_not_reveal_households_the_user_may_not_see(
    client_for, case_worker: User, household: Household, outsider_org: Organisation
) -> None:
    # A lodger whose file another organisation keeps, and who also lives elsewhere.
    lodger = PersonFactory(organisation=outsider_org, given_name="Drita", family_name="Hoxha")
    HouseholdMemberFactory(household=household, person=lodger, relationship=Relationship.OTHER)
    elsewhere = household_of(PersonFactory(organisation=outsider_org))
    HouseholdMemberFactory(
        household=elsewhere,
        person=lodger,
        relationship=Relationship.GRANDCHILD,
        joined_on=datetime.date(2023, 1, 1),
    )
    page = client_for(case_worker).get(f"{household.get_absolute_url()}?lang=en")
    timeline = [str(entry.what) for entry in page.context["timeline"]]
    assert "Drita Hoxha joined the household (not related)" in timeline
    assert "Drita Hoxha joined the household (grandchild)" not in timeline
    assert elsewhere.get_absolute_url() not in page.text


def test_a_members_other_visible_household_is_linked_from_the_timeline(
    client_for, case_worker: User, household: Household, son: Person, csw: Organisation
) -> None:
    client = client_for(case_worker)
    add(client, household, son)
    grandmother = household_of(PersonFactory(organisation=csw, given_name="Fatima"))
    HouseholdMemberFactory(
        household=grandmother,
        person=son,
        relationship=Relationship.GRANDCHILD,
        joined_on=datetime.date(2023, 1, 1),
    )
    page = client.get(f"{household.get_absolute_url()}?lang=en")
    entry = next(e for e in page.context["timeline"] if "(grandchild)" in str(e.what))
    assert entry.url == grandmother.get_absolute_url()
    assert grandmother.get_absolute_url() in page.text


def test_a_person_one_may_not_see_cannot_be_added(
    client_for, case_worker: User, household: Household, outsider_org: Organisation
) -> None:
    stranger = PersonFactory(organisation=outsider_org, given_name="Drita", family_name="Berisha")
    client = client_for(case_worker)
    found = client.get(f"{household.get_absolute_url()}?q=Berisha")
    assert stranger not in found.context["candidates"]
    assert (
        client.get(f"{household.get_absolute_url()}?add={stranger.public_id}").context["candidates"]
        == []
    )
    response = client.post(
        f"/households/{household.public_id}/members/add/",
        {"person": str(stranger.public_id), "relationship": "child", "joined_on": "2025-01-01"},
    )
    assert response.status_code == 404
    assert not HouseholdMember.objects.filter(person=stranger).exists()


def test_an_incomplete_add_form_explains_what_is_missing(
    client_for, case_worker: User, household: Household, son: Person
) -> None:
    response = add(client_for(case_worker), household, son, relationship="reference")
    assert "Choose the relationship and the date the person joined." in response.text
    assert not household.members.filter(person=son).exists()


def test_household_page_runs_a_fixed_number_of_queries(
    client_for,
    case_worker: User,
    csw: Organisation,
    household: Household,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(case_worker)
    HouseholdMemberFactory(household=household, person=PersonFactory(organisation=csw))
    with django_assert_max_num_queries(30) as captured:
        client.get(f"{household.get_absolute_url()}?q=Berisha")
    few = len(captured)
    for _ in range(6):
        HouseholdMemberFactory(household=household, person=PersonFactory(organisation=csw))
        PersonFactory(organisation=csw, family_name="Berisha")
    with django_assert_max_num_queries(few):
        page = client.get(f"{household.get_absolute_url()}?q=Berisha")
    assert len(page.context["current_members"]) == 8


def test_joining_or_leaving_cannot_be_recorded_in_advance(
    client_for, case_worker: User, household: Household, son: Person
) -> None:
    client = client_for(case_worker)
    next_week = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()  # noqa: DTZ011
    add(client, household, son, joined_on=next_week)
    assert not household.members.filter(person=son).exists()
    add(client, household, son)
    refused = leave(client, household, son, next_week)
    assert "This date cannot be in the future." in refused.text
    assert household.members.current().filter(person=son).exists()


def test_the_timeline_writes_names_in_the_readers_script(
    client_for, case_worker: User, household: Household, son: Person
) -> None:
    client = client_for(case_worker)
    add(client, household, son)
    page = client.get(f"{household.get_absolute_url()}?lang=sr-Cyrl")
    assert any(str(entry.what).startswith("Лука Берисх") for entry in page.context["timeline"])


def test_the_leave_form_proposes_today(
    client_for, case_worker: User, household: Household, mother: Person
) -> None:
    member = household.members.get(person=mother)
    page = client_for(case_worker).get(
        f"/households/{household.public_id}/members/{member.pk}/leave/"
    )
    assert f'value="{timezone.localdate().isoformat()}"' in page.text
