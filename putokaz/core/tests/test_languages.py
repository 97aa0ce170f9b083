import datetime

import pytest
from django.test import Client
from django.utils import formats, translation

from putokaz.accounts.models import User
from putokaz.core import languages


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sr-Latn", "sr-latn"),
        ("SR-CYRL", "sr-cyrl"),
        ("sr_Cyrl", "sr-cyrl"),
        ("ROM", "rom"),
        ("sq-AL", "sq"),
        ("de-AT", "de"),
        ("en-GB", "en"),
        ("sr", "sr-latn"),
        ("sr-Cyrl-RS", "sr-cyrl"),
        ("fr", None),
        ("", None),
    ],
)
def test_language_codes_are_understood_in_any_case(given: str, expected: str | None) -> None:
    assert languages.normalize(given) == expected


def test_accept_language_picks_the_first_language_we_have() -> None:
    assert languages.from_accept_language("fr-FR,fr;q=0.9,de;q=0.8,en;q=0.5") == "de"
    assert languages.from_accept_language("it") is None


def test_public_codes_are_bcp47() -> None:
    assert [language.public_code for language in languages.all_languages()] == [
        "sr-Latn",
        "sr-Cyrl",
        "rom",
        "sq",
        "de",
        "en",
    ]


@pytest.mark.django_db
def test_visitor_accept_language_picks_the_sign_in_page_language(anonymous: Client) -> None:
    response = anonymous.get("/sign-in/", headers={"accept-language": "de-DE,de;q=0.9"})
    assert response.headers["Content-Language"] == "de"
    assert '<html lang="de">' in response.text
    assert "Anmelden" in response.text


@pytest.mark.django_db
def test_default_language_is_serbian_latin(anonymous: Client) -> None:
    response = anonymous.get("/sign-in/")
    assert '<html lang="sr-Latn">' in response.text


@pytest.mark.django_db
def test_lang_parameter_switches_and_is_remembered(anonymous: Client) -> None:
    response = anonymous.get("/sign-in/?lang=SR-cyrl")
    assert '<html lang="sr-Cyrl">' in response.text
    assert response.cookies["putokaz_language"].value == "sr-cyrl"
    again = anonymous.get("/sign-in/")
    assert '<html lang="sr-Cyrl">' in again.text


@pytest.mark.django_db
def test_unknown_lang_parameter_is_ignored(anonymous: Client) -> None:
    response = anonymous.get("/sign-in/?lang=klingon")
    assert '<html lang="sr-Latn">' in response.text
    assert "putokaz_language" not in response.cookies


@pytest.mark.django_db
def test_signed_in_users_choice_is_saved_on_their_account(client_for, case_worker: User) -> None:
    client = client_for(case_worker)
    client.get("/?lang=sq")
    case_worker.refresh_from_db()
    assert case_worker.language == "sq"
    # A new browser (no cookie) gets the saved language.
    fresh = client_for(case_worker)
    fresh.cookies.pop("putokaz_language", None)
    assert '<html lang="sq">' in fresh.get("/").text


@pytest.mark.django_db
def test_language_switch_links_keep_the_page_and_its_parameters(
    client_for, org_admin: User
) -> None:
    org = org_admin.memberships.get().organisation
    response = client_for(org_admin).get(f"/organisations/{org.pk}/access-log/?action=view")
    assert 'href="?action=view&amp;lang=sr-Cyrl"' in response.text


@pytest.mark.django_db
def test_language_links_never_lead_off_the_site(anonymous: Client) -> None:
    response = anonymous.get("//evil.example/x")
    assert response.status_code == 404
    assert "evil.example" not in response.text


@pytest.mark.django_db
def test_a_link_from_another_site_does_not_change_the_saved_language(
    client_for, case_worker: User
) -> None:
    client = client_for(case_worker)
    response = client.get("/?lang=de", headers={"sec-fetch-site": "cross-site"})
    assert '<html lang="de">' in response.text  # shown in German this once
    case_worker.refresh_from_db()
    assert case_worker.language == "sr-latn"


def test_albanian_dates_are_day_first_with_24_hours() -> None:
    moment = datetime.datetime(2026, 12, 7, 15, 5, tzinfo=datetime.UTC)
    with translation.override("sq"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "07.12.2026 15:05"
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "07.12.2026"
