"""Registering a person: nobody is entered twice, numbers are checked, only caseworkers register."""

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory
from putokaz.audit.models import AccessLog, Action
from putokaz.people.models import IdentityDocument, Person, PersonHolder
from putokaz.people.tests.factories import PersonFactory, household_of, jmbg_for

pytestmark = pytest.mark.django_db

URL = "/people/new/"


def person_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "given_name": "Đorđe",
        "family_name": "Marković",
        "parent_name": "",
        "sex": "male",
        "birth_date": "1990-01-01",
        "birth_place": "Zemun",
        "jmbg": "",
        "citizenship": "RS",
        "second_citizenship": "",
        "phone": "",
        "address": "Glavna 1",
        "municipality": "",
        "version": "",
        **{f"{prefix}-TOTAL_FORMS": "0" for prefix in ("spellings", "documents")},
        **{f"{prefix}-INITIAL_FORMS": "0" for prefix in ("spellings", "documents")},
    }
    data.update(overrides)
    return data


def test_case_worker_registers_a_person_whom_the_organisation_then_holds(
    client_for, case_worker: User, csw: Organisation
) -> None:
    response = client_for(case_worker).post(URL, person_data(languages=["sr", "rom"]))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == person.get_absolute_url()
    assert person.organisation == csw and person.created_by == case_worker
    assert person.birth_date == datetime.date(1990, 1, 1)
    assert person.citizenships == ["RS"] and person.languages == ["sr", "rom"]
    assert PersonHolder.objects.get(person=person).organisation == csw
    assert list(Person.objects.visible_to(case_worker).search("djordje markovic")) == [person]
    assert AccessLog.objects.filter(
        actor=case_worker, action=Action.CREATE, object_id=str(person.pk), organisation=csw
    ).exists()


def test_a_name_already_registered_in_another_script_is_shown_before_saving(
    client_for, case_worker: User, csw: Organisation
) -> None:
    existing = PersonFactory(
        organisation=csw, given_name="Ђорђе", family_name="Марковић", birth_date=None
    )
    client = client_for(case_worker)
    first = client.post(f"{URL}?lang=en", person_data(given_name="Djordje", family_name="Markovic"))
    assert first.status_code == 200
    assert "This person may already be registered" in first.text
    assert existing.get_absolute_url() in first.text
    assert [candidate.person for candidate in first.context["check"].candidates] == [existing]
    assert Person.objects.count() == 1
    confirmed = client.post(
        f"{URL}?lang=en", person_data(given_name="Djordje", family_name="Markovic", confirmed="1")
    )
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


def test_the_same_jmbg_is_a_likely_match_whatever_the_name(
    client_for, case_worker: User, csw: Organisation
) -> None:
    number = jmbg_for(datetime.date(1990, 1, 1))
    existing = PersonFactory(organisation=csw, given_name="Ana", family_name="Kovač", jmbg=number)
    response = client_for(case_worker).post(URL, person_data(jmbg=number))
    assert [candidate.person for candidate in response.context["check"].candidates] == [existing]
    assert Person.objects.count() == 1


def test_a_namesake_born_years_apart_is_not_a_likely_match(
    client_for, case_worker: User, csw: Organisation
) -> None:
    PersonFactory(
        organisation=csw,
        given_name="Đorđe",
        family_name="Marković",
        birth_date=datetime.date(1960, 3, 3),
    )
    response = client_for(case_worker).post(URL, person_data())
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_people_registered_elsewhere_are_not_revealed_as_matches(
    client_for, case_worker: User, outsider_org: Organisation
) -> None:
    PersonFactory(organisation=outsider_org, given_name="Đorđe", family_name="Marković")
    response = client_for(case_worker).post(URL, person_data())
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_an_invalid_jmbg_is_refused_with_one_clear_message_and_nothing_saved(
    client_for, case_worker: User
) -> None:
    client = client_for(case_worker)
    english = "This JMBG's check digit does not match: please check the number for a typo."
    response = client.post(f"{URL}?lang=en", person_data(jmbg="0101990710007"))
    assert response.status_code == 200
    assert response.text.count(english.replace("'", "&#x27;")) == 2  # summary and field
    form = response.context["form"]
    assert len(form.errors["jmbg"]) == 1 and form.non_field_errors() == []
    assert not Person.objects.exists()
    impossible = client.post(f"{URL}?lang=en", person_data(jmbg="3102990710000"))
    assert "3102990 is not one" in impossible.text
    assert not Person.objects.exists()


def test_the_jmbg_error_is_in_the_users_language(client_for, case_worker: User) -> None:
    english = "This JMBG's check digit does not match: please check the number for a typo."
    with translation.override("sr-latn"):
        serbian = gettext(english)
    with translation.override("sr-cyrl"):
        cyrillic = gettext(english)
    assert english != serbian != cyrillic
    client = client_for(case_worker)
    assert serbian in client.post(f"{URL}?lang=sr-Latn", person_data(jmbg="0101990710007")).text
    assert cyrillic in client.post(f"{URL}?lang=sr-Cyrl", person_data(jmbg="0101990710007")).text
    assert not Person.objects.exists()


def test_a_jmbg_typed_with_spaces_or_dashes_is_stored_as_digits(
    client_for, case_worker: User
) -> None:
    number = jmbg_for(datetime.date(1990, 1, 1))
    written = f"{number[:2]} {number[2:4]} {number[4:7]}-{number[7:9]}-{number[9:]}"
    response = client_for(case_worker).post(URL, person_data(jmbg=written))
    assert response.status_code == 302, response.context["form"].errors
    assert Person.objects.get().jmbg == number


def test_a_jmbg_whose_date_differs_from_the_date_of_birth_is_refused(
    client_for, case_worker: User
) -> None:
    number = jmbg_for(datetime.date(1990, 1, 2))
    response = client_for(case_worker).post(f"{URL}?lang=en", person_data(jmbg=number))
    assert response.status_code == 200
    assert "The JMBG gives 02.01.1990. as the date of birth" in response.text
    assert not Person.objects.exists()


def test_an_estimated_date_of_birth_may_differ_from_the_jmbg(client_for, case_worker: User) -> None:
    number = jmbg_for(datetime.date(1990, 1, 2))
    response = client_for(case_worker).post(
        URL, person_data(jmbg=number, birth_date_estimated="on")
    )
    assert response.status_code == 302
    assert Person.objects.get().jmbg == number


def test_a_date_of_birth_in_the_future_is_refused(client_for, case_worker: User) -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)  # noqa: DTZ011
    response = client_for(case_worker).post(
        f"{URL}?lang=en", person_data(birth_date=tomorrow.isoformat())
    )
    assert "The date of birth cannot be in the future." in response.text
    assert not Person.objects.exists()


@pytest.mark.parametrize("persona", ["org_admin", "outsider"])
def test_only_case_workers_and_supervisors_may_register(
    request: pytest.FixtureRequest, client_for, persona: str
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, person_data()).status_code == 403
    assert not Person.objects.exists()


def test_a_partner_case_worker_registers_for_their_own_organisation(
    client_for, ngo_worker: User, partner_ngo: Organisation
) -> None:
    assert client_for(ngo_worker).post(URL, person_data()).status_code == 302
    assert Person.objects.get().organisation == partner_ngo


def test_someone_working_in_two_organisations_chooses_which_registers(
    client_for, case_worker: User, csw: Organisation
) -> None:
    other = OrganisationFactory(name_sr_latn="Sigurna kuća")
    MembershipFactory(user=case_worker, organisation=other, role=Role.SUPERVISOR)
    client = client_for(case_worker)
    assert 'name="organisation"' in client.get(URL).text
    client.post(URL, person_data(organisation=str(other.pk)))
    assert Person.objects.get().organisation == other
    # An organisation the user does not work in cannot be chosen.
    stranger = OrganisationFactory()
    client.post(URL, person_data(organisation=str(stranger.pk), confirmed="1"))
    assert not Person.objects.filter(organisation=stranger).exists()


def test_documents_and_other_spellings_are_saved_with_the_person(
    client_for, case_worker: User
) -> None:
    response = client_for(case_worker).post(
        URL,
        person_data(
            **{
                "spellings-TOTAL_FORMS": "1",
                "spellings-0-given_name": "Djordje",
                "spellings-0-family_name": "Markowitsch",
                "spellings-0-source": "Duldung",
                "documents-TOTAL_FORMS": "2",
                "documents-0-kind": IdentityDocument.Kind.BIRTH_CERTIFICATE,
                "documents-0-status": IdentityDocument.Status.HAS,
                "documents-1-kind": IdentityDocument.Kind.ID_CARD,
                "documents-1-status": IdentityDocument.Status.MISSING,
                "documents-1-note": "Izgubljena 2024.",
            }
        ),
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert [s.full_name for s in person.other_spellings.all()] == ["Djordje Markowitsch"]
    assert sorted(person.documents.values_list("kind", "status")) == [
        ("birth_certificate", "has"),
        ("id_card", "missing"),
    ]
    assert list(Person.objects.search("Markowitsch")) == [person]


def test_an_invalid_document_row_keeps_everything_unsaved(client_for, case_worker: User) -> None:
    response = client_for(case_worker).post(
        URL,
        person_data(
            **{
                "documents-TOTAL_FORMS": "1",
                "documents-0-kind": IdentityDocument.Kind.PASSPORT,
                "documents-0-valid_until": "2030-01-01",
            }
        ),
    )
    assert response.status_code == 200
    assert response.context["formsets"][1].errors[0]["status"]
    assert not Person.objects.exists()


def test_registering_for_a_household_returns_there_to_add_the_person(
    client_for, case_worker: User, csw: Organisation
) -> None:
    household = household_of(PersonFactory(organisation=csw))
    client = client_for(case_worker)
    form = client.get(f"{URL}?household={household.public_id}&lang=en")
    assert "After registering, you add the person to" in form.text
    response = client.post(f"{URL}?household={household.public_id}", person_data(confirmed="1"))
    person = Person.objects.get(family_name="Marković")
    assert response.headers["Location"] == f"{household.get_absolute_url()}?add={person.public_id}"
    page = client.get(response.headers["Location"])
    assert [p.pk for p in page.context["candidates"]] == [person.pk]


def test_registering_for_a_household_one_may_not_see_is_not_found(
    client_for, case_worker: User, outsider_org: Organisation
) -> None:
    household = household_of(PersonFactory(organisation=outsider_org))
    response = client_for(case_worker).get(f"{URL}?household={household.public_id}")
    assert response.status_code == 404


def test_the_empty_form_offers_no_delete_boxes_for_rows_not_yet_saved(
    client_for, case_worker: User
) -> None:
    page = client_for(case_worker).get(URL).text
    assert 'name="spellings-0-given_name"' in page
    assert "DELETE" not in page
