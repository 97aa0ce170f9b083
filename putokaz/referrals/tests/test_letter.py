"""The printed referral letter: exactly the consented data, in the language and script chosen,
with the letters of every script really in the PDF."""

from typing import Any

import pytest
from django.urls import reverse

from putokaz.accounts.models import Organisation, User
from putokaz.accounts.tests.factories import OrganisationFactory
from putokaz.audit.models import AccessLog
from putokaz.core.tests.pdf import letters_not_in_font, pdf_text
from putokaz.referrals.models import Section
from putokaz.referrals.tests.factories import FamilyCase, family_case, legal_aid_service, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(csw: Organisation, case_worker: User) -> FamilyCase:
    return family_case(csw, case_worker)


def _letter(client: Any, referral: Any, language: str) -> Any:
    return client.get(
        reverse("referrals:referral_letter", args=[referral.public_id]), {"language": language}
    )


def test_the_letter_holds_the_consented_data_and_nothing_else(
    family: FamilyCase, case_worker: User, client_for: Any
) -> None:
    offline = legal_aid_service(OrganisationFactory(name_sr_latn="Crveni krst Zemun"))
    referral = send(family, offline, case_worker, sections=(Section.IDENTITY, Section.ASSESSMENT))
    response = _letter(client_for(case_worker), referral, "sr-Latn")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "Uput",
        "Crveni krst Zemun",
        "Milica Đorđević",
        "Nema ličnu kartu.",
        family.shared_note.text,
        "Rešenje o odbijanju prijave",
        "Jelena Petrović",
    ):
        assert expected in text, expected
    for absent in (
        "+381 64 123 4567",  # contact not shared
        "Lična karta za Dragana",  # the plan not shared
        family.private_note.text,
        family.confidential_note.text,
        "Izveštaj lekara",
    ):
        assert absent not in text, absent
    assert AccessLog.objects.filter(
        actor=case_worker, action="export", purpose="referral letter (sr-latn)"
    ).exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sr-Cyrl", ["Упут", "Милица Ђорђевић", "Нема личну карту."]),
        ("de", ["Milica Đorđević", "Einwilligung"]),
        ("sq", ["Milica Đorđević", "Pëlqimi"]),
        ("en", ["Referral", "Milica Đorđević", "Consent"]),
    ],
)
def test_the_letter_is_in_the_language_and_script_chosen(
    family: FamilyCase, case_worker: User, client_for: Any, language: str, expected: list[str]
) -> None:
    offline = legal_aid_service(OrganisationFactory(name_sr_latn="Crveni krst Zemun"))
    referral = send(family, offline, case_worker, sections=(Section.IDENTITY, Section.ASSESSMENT))
    pdf = _letter(client_for(case_worker), referral, language).content
    text = pdf_text(pdf)
    for word in expected:
        assert word in text, (language, word)
    # Each letter is drawn from the embedded font, not a fallback's blank box.
    assert letters_not_in_font(pdf, "".join(expected)) == set()


def test_only_the_referring_side_prints_the_letter(
    family: FamilyCase,
    partner_ngo: Organisation,
    case_worker: User,
    ngo_worker: User,
    outsider: User,
    client_for: Any,
) -> None:
    referral = send(family, legal_aid_service(partner_ngo), case_worker)
    assert _letter(client_for(ngo_worker), referral, "en").status_code == 404
    assert _letter(client_for(outsider), referral, "en").status_code == 404
