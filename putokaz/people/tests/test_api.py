"""The people and households API: scoped like the pages, validated by the pages' forms."""

import datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import AccessLog
from putokaz.geo.models import Municipality
from putokaz.people.models import Household, HouseholdMember, Person
from putokaz.people.tests.factories import OtherSpellingFactory, PersonFactory, jmbg_for


@pytest.fixture
def person(csw: Organisation) -> Person:
    return PersonFactory(organisation=csw, given_name="Dragan", family_name="Đorđević")


def _url(person: Person) -> str:
    return f"/api/v1/people/{person.public_id}/"


@pytest.mark.parametrize("persona", ["case_worker", "supervisor", "system_admin"])
def test_casework_staff_read_the_file_and_the_read_is_logged(
    person: Person, persona: str, request: Any, api_for: Any
) -> None:
    user = request.getfixturevalue(persona)
    response = api_for(user).get(_url(person))
    assert response.status_code == 200
    assert response.json()["family_name"] == "Đorđević"
    assert AccessLog.objects.filter(actor=user, action="view", object_id=str(person.pk)).exists()


@pytest.mark.parametrize("persona", ["org_admin", "ngo_worker", "outsider"])
def test_nobody_else_reads_or_finds_the_person(
    person: Person, persona: str, request: Any, api_for: Any
) -> None:
    client = api_for(request.getfixturevalue(persona))
    assert client.get(_url(person)).status_code == 404
    assert client.get("/api/v1/people/", {"q": "Đorđević"}).json()["results"] == []
    changed = client.patch(_url(person), {"phone": "011 123", "version": ""}, format="json")
    assert changed.status_code == 404


def test_anonymous_callers_get_nothing(person: Person) -> None:
    client = APIClient()
    for url in ("/api/v1/people/", _url(person), "/api/v1/households/", "/api/v1/cases/"):
        assert client.get(url).status_code in (401, 403)


def test_a_revoked_token_no_longer_works(person: Person, case_worker: User, api_for: Any) -> None:
    client = api_for(case_worker)
    assert client.get(_url(person)).status_code == 200
    case_worker.auth_token.delete()
    assert client.get(_url(person)).status_code == 401


def test_search_finds_people_in_either_script_and_without_diacritics(
    person: Person, case_worker: User, api_for: Any
) -> None:
    client = api_for(case_worker)
    for query in ("Ђорђевић", "djordjevic drag", "dorđević"):
        results = client.get("/api/v1/people/", {"q": query}).json()["results"]
        assert [p["id"] for p in results] == [str(person.public_id)], query


def test_a_person_is_registered_with_spellings_and_documents(
    csw: Organisation, case_worker: User, api_for: Any
) -> None:
    municipality = Municipality.objects.filter(code__gt="").first()
    born = datetime.date(1990, 3, 4)
    response = api_for(case_worker).post(
        "/api/v1/people/",
        {
            "given_name": "Сабина",
            "family_name": "Рамић",
            "sex": "female",
            "birth_date": str(born),
            "jmbg": jmbg_for(born),
            "citizenships": ["RS", "DE"],
            "languages": ["sr", "rom"],
            "municipality": municipality.code,
            "other_spellings": [{"given_name": "Sabina", "family_name": "Ramitsch"}],
            "documents": [{"kind": "passport", "status": "expired"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["citizenships"] == ["RS", "DE"]
    assert body["municipality"] == municipality.code
    assert body["registered_by"] == csw.name
    assert body["other_spellings"][0]["family_name"] == "Ramitsch"
    assert body["documents"][0]["status"] == "expired"
    found = api_for(case_worker).get("/api/v1/people/", {"q": "ramitsch"}).json()["results"]
    assert [p["id"] for p in found] == [body["id"]]


def test_bad_input_is_a_clear_400_and_nothing_is_saved(case_worker: User, api_for: Any) -> None:
    response = api_for(case_worker).post(
        "/api/v1/people/?lang=en",
        {
            "given_name": "Ana",
            "family_name": "Kovač",
            "jmbg": "1234567890123",
            "municipality": "no-such-code",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "municipality" in response.json()
    response = api_for(case_worker).post(
        "/api/v1/people/?lang=en",
        {"given_name": "Ana", "family_name": "Kovač", "jmbg": "1234567890123"},
        format="json",
    )
    assert response.status_code == 400
    assert "jmbg" in response.json()
    assert not Person.objects.exists()


def test_likely_matches_are_returned_before_registering_twice(
    person: Person, case_worker: User, api_for: Any
) -> None:
    body = {"given_name": "Драган", "family_name": "Ђорђевић", "sex": "male"}
    client = api_for(case_worker)
    first = client.post("/api/v1/people/", body, format="json")
    assert first.status_code == 409
    assert [m["person"]["id"] for m in first.json()["matches"]] == [str(person.public_id)]
    assert Person.objects.count() == 1
    confirmed = client.post("/api/v1/people/", {**body, "confirmed": True}, format="json")
    assert confirmed.status_code == 201
    assert Person.objects.count() == 2


def test_registering_for_an_organisation_the_user_does_not_work_in_is_refused(
    case_worker: User, outsider_org: Organisation, api_for: Any
) -> None:
    response = api_for(case_worker).post(
        "/api/v1/people/",
        {
            "given_name": "Ana",
            "family_name": "Novak",
            "sex": "female",
            "organisation": outsider_org.pk,
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_an_edit_keeps_what_was_not_sent_and_replaces_the_rows_sent(
    person: Person, case_worker: User, api_for: Any
) -> None:
    kept = OtherSpellingFactory(person=person, family_name="Djordjevic")
    OtherSpellingFactory(person=person, family_name="Dschordschewitsch")
    client = api_for(case_worker)
    read = client.get(_url(person)).json()
    response = client.patch(
        _url(person),
        {
            "phone": "+381 64 123 4567",
            "version": read["version"],
            "other_spellings": [
                {"id": kept.pk, "given_name": "Dragan", "family_name": "Djordjevic"},
                {"given_name": "Dragan", "family_name": "Đorđević-Novi"},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    person.refresh_from_db()
    assert person.given_name == "Dragan" and person.birth_date == datetime.date(1988, 5, 17)
    assert person.phone == "+381 64 123 4567"
    assert sorted(person.other_spellings.values_list("family_name", flat=True)) == [
        "Djordjevic",
        "Đorđević-Novi",
    ]


def test_a_concurrent_edit_is_refused_and_loses_nothing(
    person: Person, case_worker: User, supervisor: User, api_for: Any
) -> None:
    version = api_for(case_worker).get(_url(person)).json()["version"]
    first = api_for(supervisor).patch(
        _url(person), {"phone": "011 111", "version": version}, format="json"
    )
    assert first.status_code == 200, first.json()
    second = api_for(case_worker).patch(
        _url(person), {"phone": "011 222", "version": version}, format="json"
    )
    assert second.status_code == 409
    person.refresh_from_db()
    assert person.phone == "011 111"


def test_households_are_registered_and_members_join_and_leave(
    person: Person, csw: Organisation, case_worker: User, api_for: Any
) -> None:
    client = api_for(case_worker)
    created = client.post(
        "/api/v1/households/", {"reference_person": str(person.public_id)}, format="json"
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/households/{created.json()['id']}/"
    child = PersonFactory(organisation=csw, given_name="Mila", family_name="Đorđević")
    joined = client.post(
        url + "members/",
        {"person": str(child.public_id), "relationship": "child", "joined_on": "2020-01-01"},
        format="json",
    )
    assert joined.status_code == 201, joined.json()
    member = HouseholdMember.objects.get(person=child)
    left = client.post(
        url + f"members/{member.pk}/leave/", {"left_on": "2024-06-01"}, format="json"
    )
    assert left.status_code == 200, left.json()
    members = {m["person"]["given_name"]: m for m in left.json()["members"]}
    assert members["Mila"]["left_on"] == "2024-06-01"
    assert members["Dragan"]["relationship"] == "reference"
    household = Household.objects.get()
    assert AccessLog.objects.filter(object_id=str(household.pk), action="update").count() == 2


def test_leaving_before_joining_is_refused(
    person: Person, csw: Organisation, case_worker: User, api_for: Any
) -> None:
    client = api_for(case_worker)
    created = client.post(
        "/api/v1/households/", {"reference_person": str(person.public_id)}, format="json"
    ).json()
    child = PersonFactory(organisation=csw)
    url = f"/api/v1/households/{created['id']}/"
    client.post(
        url + "members/",
        {"person": str(child.public_id), "relationship": "child", "joined_on": "2020-01-01"},
        format="json",
    )
    member = HouseholdMember.objects.get(person=child)
    response = client.post(
        url + f"members/{member.pk}/leave/?lang=en", {"left_on": "2019-01-01"}, format="json"
    )
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.left_on is None


def test_the_schema_describes_every_endpoint(case_worker: User, api_for: Any) -> None:
    response = api_for(case_worker).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/people/",
        "/api/v1/people/{public_id}/",
        "/api/v1/households/{public_id}/members/",
        "/api/v1/cases/",
        "/api/v1/cases/{public_id}/assessments/",
        "/api/v1/cases/{public_id}/goals/",
        "/api/v1/cases/{public_id}/plan-actions/",
        "/api/v1/cases/{public_id}/notes/",
        "/api/v1/cases/{public_id}/tasks/",
    ):
        assert path in paths, path
    assert "TokenAuth" in str(response.json()["components"]["securitySchemes"]) or (
        "tokenAuth" in response.json()["components"]["securitySchemes"]
    )
