"""Search-before-create: who the person being registered may already be, with why, within
what the worker may see; registering all the same goes to the review of duplicates."""

import datetime
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory
from putokaz.people.duplicates import possible_duplicates
from putokaz.people.models import Person, PersonMatchKey, PossibleDuplicate
from putokaz.people.tests.factories import OtherSpellingFactory, PersonFactory, jmbg_for
from putokaz.people.tests.test_registration import person_data

pytestmark = pytest.mark.django_db

CHECK = "/people/new/matches/"


@pytest.fixture
def djordjevic(csw: Organisation) -> Person:
    return PersonFactory(
        organisation=csw,
        given_name="Ђорђе",
        family_name="Ђорђевић",
        parent_name="Милан",
        birth_date=datetime.date(1984, 3, 7),
        birth_place="Zemun",
    )


def typed(**fields: object) -> dict[str, object]:
    """The form as it is while the worker types: only what they typed so far."""
    return person_data(
        **{"given_name": "", "family_name": "", "birth_date": "", "birth_place": "", **fields}
    )


def test_a_german_spelling_with_day_and_month_swapped_is_found_as_it_is_typed(
    client_for: Any, case_worker: User, djordjevic: Person
) -> None:
    response = client_for(case_worker).post(
        f"{CHECK}?lang=en",
        typed(
            given_name="Dschordsche",
            family_name="Dschordschewitsch",
            parent_name="Milan",
            birth_date="1984-07-03",
        ),
    )

    assert response.status_code == 200
    (candidate,) = response.context["check"].candidates
    assert candidate.person == djordjevic and candidate.likely
    agreed = {a.field: a.level for a in candidate.score.agreed}
    assert agreed["birth_date"] == "swapped"
    assert agreed["family_name"] in {"same", "spelling", "similar"}
    assert djordjevic.get_absolute_url() in response.text
    assert "date of birth (swapped)" in response.text
    assert "likely the same person" in response.text


def test_nothing_is_shown_for_a_different_person(
    client_for: Any, case_worker: User, djordjevic: Person
) -> None:
    response = client_for(case_worker).post(
        CHECK, typed(given_name="Ana", family_name="Kovač", birth_date="2001-11-30")
    )

    assert response.status_code == 200
    assert not response.context["check"]
    assert "matches-title" not in response.text


def test_a_likely_match_the_worker_may_not_open_shows_only_whom_to_ask(
    client_for: Any, case_worker: User, outsider_org: Organisation
) -> None:
    outsider_org.phone = "011 555 0101"
    outsider_org.email = "kontakt@outsider.example"
    outsider_org.save()
    hidden = PersonFactory(
        organisation=outsider_org,
        given_name="Senad",
        family_name="Ramić",
        birth_date=datetime.date(1979, 12, 2),
        jmbg=jmbg_for(datetime.date(1979, 12, 2)),
    )

    response = client_for(case_worker).post(
        f"{CHECK}?lang=en",
        typed(given_name="Senad", family_name="Ramic", birth_date="1979-12-02"),
    )

    check = response.context["check"]
    assert check.candidates == [] and check.elsewhere == [outsider_org]
    assert outsider_org.name in response.text and "011 555 0101" in response.text
    for secret in (hidden.jmbg, str(hidden.public_id), "02.12.1979", "Ramić"):
        assert secret not in response.text


def test_a_namesake_elsewhere_with_nothing_else_alike_is_not_revealed(
    case_worker: User, outsider_org: Organisation
) -> None:
    PersonFactory(
        organisation=outsider_org,
        given_name="Senad",
        family_name="Ramić",
        birth_date=datetime.date(1979, 12, 2),
    )

    check = possible_duplicates(case_worker, {"given_name": "Senad", "family_name": "Ramić"})

    assert not check


def test_the_same_name_alone_is_shown_when_nothing_else_disagrees(
    case_worker: User, djordjevic: Person
) -> None:
    check = possible_duplicates(case_worker, {"given_name": "Djordje", "family_name": "Đorđević"})

    assert [candidate.person for candidate in check.candidates] == [djordjevic]
    assert not check.candidates[0].likely


def test_registering_all_the_same_is_recorded_for_the_review_of_duplicates(
    client_for: Any, case_worker: User, djordjevic: Person
) -> None:
    data = person_data(
        given_name="Đorđe", family_name="Đorđević", birth_date="1984-03-07", confirmed="1"
    )

    response = client_for(case_worker).post("/people/new/", data)

    assert response.status_code == 302
    new = Person.objects.exclude(pk=djordjevic.pk).get()
    pair = PossibleDuplicate.objects.get()
    assert (pair.person, pair.other, pair.found_by) == (new, djordjevic, case_worker)
    assert pair.source == PossibleDuplicate.Source.REGISTRATION
    assert pair.status == PossibleDuplicate.Status.OPEN
    assert pair.score >= 0.6


def test_a_registration_without_matches_records_no_possible_duplicate(
    client_for: Any, case_worker: User, djordjevic: Person
) -> None:
    response = client_for(case_worker).post(
        "/people/new/", person_data(given_name="Ana", family_name="Kovač")
    )

    assert response.status_code == 302
    assert not PossibleDuplicate.objects.exists()


def test_the_main_register_button_does_not_skip_a_new_check(
    client_for: Any, case_worker: User, djordjevic: Person
) -> None:
    """Only the "none of these" button confirms: after changing the name, the button that
    registers checks again."""
    response = client_for(case_worker).post(
        "/people/new/",
        person_data(given_name="Đorđe", family_name="Đorđević", birth_date="1984-03-07"),
    )

    assert response.status_code == 200
    assert 'name="confirmed" value="1"' in response.text
    assert 'type="hidden" name="confirmed"' not in response.text


def test_other_spellings_and_edits_keep_the_keys_in_step(
    case_worker: User, djordjevic: Person
) -> None:
    german = {"given_name": "Dschordsche", "family_name": "Dschordschewitsch"}
    OtherSpellingFactory(person=djordjevic, given_name="Jorge", family_name="Giorgevic")
    djordjevic.refresh_name_keys()
    assert possible_duplicates(
        case_worker, {"given_name": "Jorge", "family_name": "Giorgevic", "birth_date": "1984-03-07"}
    ).candidates

    djordjevic.given_name, djordjevic.family_name = "Petar", "Nikolić"
    djordjevic.other_spellings.all().delete()
    djordjevic.save()
    djordjevic.refresh_name_keys()

    assert not possible_duplicates(case_worker, {**german, "birth_date": "1984-03-07"}).candidates
    assert possible_duplicates(
        case_worker, {"given_name": "Petar", "family_name": "Nikolic", "birth_date": "1984-03-07"}
    ).candidates


def test_the_migration_fills_the_keys_of_people_registered_before(djordjevic: Person) -> None:
    expected = set(djordjevic.match_keys.values_list("key", "birth_year"))
    PersonMatchKey.objects.all().delete()

    import_module("putokaz.people.migrations.0004_fill_match_keys").fill(django_apps, None)

    assert set(djordjevic.match_keys.values_list("key", "birth_year")) == expected
    assert expected


def test_the_check_is_for_case_workers_only(
    client_for: Any, csw: Organisation, djordjevic: Person
) -> None:
    analyst = MembershipFactory(organisation=csw, role=Role.ANALYST).user
    data = typed(given_name="Đorđe", family_name="Đorđević")

    assert client_for(analyst).post(CHECK, data).status_code == 403
    anonymous = Client().post(CHECK, data)
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous.headers["Location"]


def test_the_api_answers_409_with_why_and_whom_to_ask(
    api_for: Any, case_worker: User, djordjevic: Person
) -> None:
    body = {
        "given_name": "Djordje",
        "family_name": "Djordjevic",
        "sex": "male",
        "birth_date": "1984-03-07",
    }

    response = api_for(case_worker).post("/api/v1/people/", body, format="json")

    assert response.status_code == 409
    (match,) = response.json()["matches"]
    assert match["person"]["id"] == str(djordjevic.public_id)
    assert match["likely"] is True and 0.6 <= match["score"] <= 1
    assert {"field": "birth_date", "level": "same"}.items() <= next(
        a for a in match["agreed"] if a["field"] == "birth_date"
    ).items()
    assert response.json()["elsewhere"] == []
