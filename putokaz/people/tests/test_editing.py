"""Changing a person's file: edits are saved, searched, and never overwrite a colleague's."""

import datetime
import re
from typing import Any

import pytest
from django.test import Client

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import AccessLog, Action
from putokaz.people.models import MigrationProfile, Person
from putokaz.people.tests.factories import OtherSpellingFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(csw: Organisation) -> Person:
    return PersonFactory(
        organisation=csw,
        given_name="Milan",
        family_name="Petrović",
        birth_date=datetime.date(1980, 2, 3),
        citizenships=["RS"],
    )


def edit_data(client: Client, person: Person, **overrides: object) -> dict[str, Any]:
    """What the edit form would post back unchanged, with ``overrides`` typed in."""
    page = client.get(f"/people/{person.public_id}/edit/")
    data: dict[str, Any] = {}
    for form in [page.context["form"], *page.context["formsets"]]:
        forms = [form.management_form, *form.forms] if hasattr(form, "forms") else [form]
        for each in forms:
            for field in each:
                value = field.value()
                if value is None or value is False:
                    continue
                if isinstance(value, list):
                    data[field.html_name] = [str(item) for item in value]
                elif isinstance(value, datetime.date):
                    data[field.html_name] = value.isoformat()
                else:
                    data[field.html_name] = "on" if value is True else str(value)
    data.update(overrides)
    return data


def test_a_renamed_person_is_found_by_the_new_name_only(
    client_for, case_worker: User, person: Person, csw: Organisation
) -> None:
    client = client_for(case_worker)
    response = client.post(
        f"/people/{person.public_id}/edit/", edit_data(client, person, family_name="Jovanović")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.family_name == "Jovanović"
    assert list(Person.objects.search("jovanovic milan")) == [person]
    assert not Person.objects.search("Petrović").exists()
    assert AccessLog.objects.filter(
        actor=case_worker, action=Action.UPDATE, object_id=str(person.pk), organisation=csw
    ).exists()
    assert person.history.count() == 2


def test_an_edit_made_meanwhile_is_not_overwritten(
    client_for, case_worker: User, supervisor: User, person: Person
) -> None:
    mine, theirs = client_for(case_worker), client_for(supervisor)
    my_form = edit_data(mine, person, given_name="Milenko")
    their_form = edit_data(theirs, person, phone="+381 64 123 4567")
    saved = theirs.post(f"/people/{person.public_id}/edit/", their_form)
    assert saved.status_code == 302
    refused = mine.post(f"/people/{person.public_id}/edit/?lang=en", my_form)
    assert refused.status_code == 200
    assert "Someone else changed this record while you were editing it." in refused.text
    person.refresh_from_db()
    assert person.given_name == "Milan"
    assert person.phone == "+381 64 123 4567"
    # The form now shows the colleague's version, ready to redo the change on top of it.
    assert refused.context["form"]["phone"].value() == "+381 64 123 4567"
    again = mine.post(
        f"/people/{person.public_id}/edit/",
        {**my_form, "version": refused.context["form"]["version"].value(), "phone": person.phone},
    )
    assert again.status_code == 302
    person.refresh_from_db()
    assert (person.given_name, person.phone) == ("Milenko", "+381 64 123 4567")


def test_citizenships_are_kept_in_order_without_repeats(
    client_for, case_worker: User, person: Person
) -> None:
    client = client_for(case_worker)
    url = f"/people/{person.public_id}/edit/"
    client.post(url, edit_data(client, person, citizenship="BA", second_citizenship="RS"))
    person.refresh_from_db()
    assert person.citizenships == ["BA", "RS"]
    form = client.get(url).context["form"]
    assert (form["citizenship"].value(), form["second_citizenship"].value()) == ("BA", "RS")
    client.post(url, edit_data(client, person, citizenship="DE", second_citizenship="DE"))
    person.refresh_from_db()
    assert person.citizenships == ["DE"]
    client.post(url, edit_data(client, person, citizenship="", second_citizenship=""))
    person.refresh_from_db()
    assert person.citizenships == []


def test_a_spelling_removed_in_the_form_is_no_longer_searched(
    client_for, case_worker: User, person: Person
) -> None:
    OtherSpellingFactory(person=person, given_name="Milan", family_name="Petrowitsch")
    person.refresh_name_keys()
    client = client_for(case_worker)
    data = edit_data(client, person, **{"spellings-0-DELETE": "on"})
    assert data["spellings-0-family_name"] == "Petrowitsch"
    assert client.post(f"/people/{person.public_id}/edit/", data).status_code == 302
    assert not person.other_spellings.exists()
    assert not Person.objects.search("Petrowitsch").exists()


def test_country_names_follow_the_interface_language(
    client_for, case_worker: User, person: Person
) -> None:
    client = client_for(case_worker)
    client.post(
        f"/people/{person.public_id}/edit/",
        edit_data(client, person, citizenship="RS", second_citizenship="DE", languages=["de"]),
    )
    latin = client.get(f"{person.get_absolute_url()}?lang=sr-Latn").text
    assert "Srbija, Nemačka" in latin and "nemački" in latin
    cyrillic = client.get(f"{person.get_absolute_url()}?lang=sr-Cyrl").text
    assert "Србија, Немачка" in cyrillic and "немачки" in cyrillic
    assert "Петровић" in cyrillic
    english = client.get(f"{person.get_absolute_url()}?lang=en").text
    assert "Serbia, Germany" in english


def test_country_list_is_in_alphabetical_order_of_the_language(
    client_for, case_worker: User, person: Person
) -> None:
    client = client_for(case_worker)
    for lang, before, after in [
        ("sr-Latn", "Čile", "Danska"),
        ("sr-Latn", "Švedska", "Tajland"),
        ("sr-Cyrl", "Јапан", "Казахстан"),
        ("de", "Österreich", "Pakistan"),
    ]:
        page = client.get(f"/people/{person.public_id}/edit/?lang={lang}").text
        select = page[
            page.index('name="citizenship"') : page.index(
                "</select>", page.index('name="citizenship"')
            )
        ]
        choices = re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]+)</option>', select)
        assert len(choices) > 200
        assert choices.index(before) < choices.index(after), (lang, before, after)


def test_a_returnees_migration_profile_is_saved_and_shown(
    client_for, case_worker: User, person: Person
) -> None:
    client = client_for(case_worker)
    url = f"/people/{person.public_id}/migration/"
    response = client.post(
        url,
        {
            "kind": "returnee",
            "returned_from": "DE",
            "returned_on": "2025-09-15",
            "return_type": "forced",
            "under_readmission": "on",
            "years_abroad": "6",
            "version": "",
        },
    )
    assert response.status_code == 302
    profile = MigrationProfile.objects.get(person=person)
    assert (profile.returned_from, profile.under_readmission) == ("DE", True)
    page = client.get(f"{person.get_absolute_url()}?lang=sr-Latn").text
    assert "Nemačka, 15. septembar 2025." in page


def test_a_return_in_the_future_is_refused(client_for, case_worker: User, person: Person) -> None:
    future = datetime.date.today() + datetime.timedelta(days=3)  # noqa: DTZ011
    response = client_for(case_worker).post(
        f"/people/{person.public_id}/migration/?lang=en",
        {"kind": "returnee", "returned_on": future.isoformat(), "version": ""},
    )
    assert response.status_code == 200
    assert "This date cannot be in the future." in response.text
    assert not MigrationProfile.objects.exists()


def test_a_migration_profile_changed_meanwhile_is_not_overwritten(
    client_for, case_worker: User, supervisor: User, person: Person
) -> None:
    profile = MigrationProfile.objects.create(person=person, kind="refugee_migrant")
    mine, theirs = client_for(case_worker), client_for(supervisor)
    url = f"/people/{person.public_id}/migration/"
    stale = mine.get(url).context["form"]["version"].value()
    fresh = theirs.get(url).context["form"]["version"].value()
    theirs.post(url, {"kind": "refugee_migrant", "nationality": "AF", "version": fresh})
    refused = mine.post(
        f"{url}?lang=en", {"kind": "refugee_migrant", "nationality": "SY", "version": stale}
    )
    assert "Someone else changed this record" in refused.text
    profile.refresh_from_db()
    assert profile.nationality == "AF"
