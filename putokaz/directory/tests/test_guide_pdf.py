"""The printed guide: a municipality's running services, in the language and script chosen,
every letter really in the PDF; on the web for anyone, typeset once per version."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from putokaz.accounts.tests.factories import OrganisationFactory
from putokaz.core.tests.pdf import letters_not_in_font, pdf_text
from putokaz.directory.guide_pdf import guide_pdf
from putokaz.directory.models import (
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
)
from putokaz.directory.tests.factories import (
    LocationFactory,
    ScheduleFactory,
    ServiceFactory,
    ServiceLanguageFactory,
    municipality,
    term,
)
from putokaz.geo.models import Municipality

pytestmark = pytest.mark.django_db


def _for(place: str, **fields: Any) -> Service:
    service = ServiceFactory(**fields)
    service.service_areas.set([municipality(place)])
    return service


def _url(place: Municipality, language: str | None = None) -> str:
    url = f"/guide/municipalities/{place.code}/guide.pdf"
    return f"{url}?language={language}" if language else url


@pytest.fixture
def zemun() -> Municipality:
    # As the view and the command fetch it: with its city, which the title page names.
    return Municipality.objects.select_related("parent").get(name_sr_latn="Zemun")


@pytest.fixture
def full_entry() -> Service:
    """A service in Zemun with every part of an entry filled in."""
    service = _for(
        "Zemun",
        name_sr_latn="Savetovalište za povratnike",
        organisation=OrganisationFactory(name_sr_latn="Udruženje Novi početak"),
        eligibility_description_sr_latn="Porodice koje su se vratile iz inostranstva.",
        is_free=False,
        fees_description_sr_latn="Prvi razgovor 500 dinara.",
        referral_required=True,
        access=Service.Access.APPOINTMENT,
        verified_on=datetime.date(2026, 11, 2),
    )
    service.target_groups.set([term("returnees")])
    service.domains.set([term("sp-counselling")])
    RequiredDocument.objects.create(service=service, document_sr_latn="Izvod iz matične knjige")
    ScheduleFactory(service=service, weekday=Schedule.Weekday.TUESDAY)
    ServiceLanguageFactory(service=service, code="rom")
    office = LocationFactory(name_sr_latn="Kancelarija Zemun", address="Glavna 12")
    ServiceAtLocation.objects.create(service=service, location=office)
    Phone.objects.create(service=service, number="+381 11 2345678")
    return service


def test_the_guide_has_the_running_services_for_people_in_the_municipality(
    zemun: Municipality, full_entry: Service
) -> None:
    _for("Beograd", name_sr_latn="Gradska služba")  # the city's services count for Zemun
    at_location = ServiceFactory(name_sr_latn="Šalter u Zemunu")  # only its office is there
    ServiceAtLocation.objects.create(service=at_location, location=LocationFactory())
    _for("Medijana", name_sr_latn="Niška služba")
    _for("Zemun", name_sr_latn="Nacrt", publication=Service.Publication.DRAFT)
    _for("Zemun", name_sr_latn="Zatvoreno", status=Service.Status.TEMPORARILY_CLOSED)
    _for("Zemun", name_sr_latn="Ugašeno", organisation=OrganisationFactory(is_active=False))

    text = pdf_text(guide_pdf(zemun, "sr-latn"))

    for expected in (
        "Zemun",
        "Vodič za integraciju",
        "Savetovalište za povratnike",
        "Gradska služba",
        "Šalter u Zemunu",
        "Udruženje Novi početak",
        "Porodice koje su se vratile iz inostranstva.",
        "Povratnici po sporazumu o readmisiji",
        "Izvod iz matične knjige",
        "Prvi razgovor 500 dinara.",
        "Potreban je uput",
        "Uz zakazivanje",
        "utorak: 08:00–15:00",
        "romski",
        "Kancelarija Zemun: Glavna 12",
        "+381 11 2345678",
        "Informacije su proverene 2. novembar 2026.",
    ):
        assert expected in text, expected
    for absent in ("Niška služba", "Nacrt", "Zatvoreno", "Ugašeno"):
        assert absent not in text, absent


def test_a_service_is_printed_once_and_found_from_its_other_areas(zemun: Municipality) -> None:
    both = _for("Zemun", name_sr_latn="Pravna pomoć i zdravlje", name_en="Legal and health help")
    both.domains.set([term("health"), term("legal-aid")])
    _for("Zemun", name_sr_latn="Bez oblasti", name_en="Without an area")

    text = pdf_text(guide_pdf(zemun, "en"))

    assert text.count("Opis usluge.") == 2  # each description once
    health, legal_aid, other = (
        text.rindex(area) for area in ("Health", "Legal aid", "Other services")
    )
    assert health < text.index("Legal and health help") < legal_aid
    assert (
        "Listed under another area:\n• Legal and health help (see page 2)" in text[legal_aid:other]
    )
    assert other < text.index("Without an area")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # Serbian Cyrillic: the Latin entry transliterated, as on the web pages.
        ("sr-cyrl", ["Водич за интеграцију", "Ђачки дом Љубичица", "Удружење Његош и Ћеле", "Џепарац за децу: шалтер, жалба, помоћ, уђите."]),
        ("sr-latn", ["Đački dom Ljubičica", "Udruženje Njegoš i Ćele", "Džeparac za decu: šalter, žalba, pomoć, uđite."]),
        ("sq", ["Udhëzuesi i integrimit", "Ndihmë për fëmijët", "Këshillim çdo ditë."]),
        ("de", ["Integrationswegweiser", "Hilfe für Rückkehrer", "Größere Familien können Anträge stellen."]),
    ],
)  # fmt: skip
def test_the_guide_is_in_the_language_and_script_chosen_with_every_letter_in_the_font(
    zemun: Municipality, language: str, expected: list[str]
) -> None:
    _for(
        "Zemun",
        name_sr_latn="Đački dom Ljubičica",
        description_sr_latn="Džeparac za decu: šalter, žalba, pomoć, uđite.",
        name_sq="Ndihmë për fëmijët",
        description_sq="Këshillim çdo ditë.",
        name_de="Hilfe für Rückkehrer",
        description_de="Größere Familien können Anträge stellen.",
        organisation=OrganisationFactory(name_sr_latn="Udruženje Njegoš i Ćele"),
    )

    pdf = guide_pdf(zemun, language)
    text = pdf_text(pdf)

    for words in expected:
        assert words in text, (language, words)
    # Each letter is drawn from the embedded font, not a fallback's blank box.
    assert letters_not_in_font(pdf, "".join(expected)) == set()


def test_a_municipality_without_services_gets_a_guide_that_says_so() -> None:
    text = pdf_text(guide_pdf(municipality("Medijana"), "sr-latn"))
    assert "Za stanovnike područja Medijana (gradska opština, Niš)" in text
    assert "0 usluga" in text
    assert "Još nema upisanih usluga." in text


def test_the_guide_gathers_its_services_in_the_same_queries_however_many(
    zemun: Municipality, full_entry: Service
) -> None:
    with CaptureQueriesContext(connection) as one:
        guide_pdf(zemun, "sr-latn")
    for number in range(4):
        service = _for("Zemun", name_sr_latn=f"Još jedna {number}")
        service.domains.set([term("health"), term("legal-aid")])
        service.target_groups.set([term("roma")])
        ScheduleFactory(service=service)
        ServiceLanguageFactory(service=service, code="sq")
        RequiredDocument.objects.create(service=service, document_sr_latn="Lična karta")
        ServiceAtLocation.objects.create(service=service, location=LocationFactory())
        Phone.objects.create(service=service, number="+381 11 7654321")
    with CaptureQueriesContext(connection) as five:
        guide_pdf(zemun, "sr-latn")
    assert len(five) == len(one)


# On the web ------------------------------------------------------------------


def test_anyone_downloads_the_guide_without_signing_in(
    anonymous: Client, zemun: Municipality, full_entry: Service
) -> None:
    response = anonymous.get(_url(zemun, "sr-Cyrl"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename")
    assert "%D0%97%D0%B5%D0%BC%D1%83%D0%BD.pdf" in response["Content-Disposition"]  # Земун
    assert response["Content-Language"] == "sr-Cyrl"
    assert "Саветовалиште за повратнике" in pdf_text(response.content)
    # ?language= chooses the document's language, not the reader's pages.
    assert "django_language" not in response.cookies
    assert "Vodič za integraciju" in anonymous.get("/guide/").text


def test_without_a_language_the_guide_is_in_the_readers(
    anonymous: Client, zemun: Municipality, full_entry: Service
) -> None:
    response = anonymous.get(_url(zemun), HTTP_ACCEPT_LANGUAGE="de")
    assert "Integrationswegweiser" in pdf_text(response.content)


def test_an_unknown_municipality_is_not_found(anonymous: Client) -> None:
    assert anonymous.get("/guide/municipalities/99999/guide.pdf").status_code == 404


def test_a_repeated_download_is_not_typeset_again(
    anonymous: Client, zemun: Municipality, full_entry: Service
) -> None:
    with CaptureQueriesContext(connection) as first_download:
        first = anonymous.get(_url(zemun, "sr-Latn"))
    typeset = len(first_download)
    with CaptureQueriesContext(connection) as second_download:
        second = anonymous.get(_url(zemun, "sr-Latn"))
    # Read before the next request, which empties the connection's log.
    again = [query["sql"] for query in second_download.captured_queries]

    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    # From the cache: the queries that find the version, none that gathers the services.
    assert len(again) < typeset
    assert not any("directory_schedule" in sql for sql in again)
    not_modified = anonymous.get(_url(zemun, "sr-Latn"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_the_guide_changes_when_a_service_does(
    anonymous: Client, zemun: Municipality, full_entry: Service
) -> None:
    before = anonymous.get(_url(zemun, "sr-Latn"))
    full_entry.name_sr_latn = "Savetovalište, novo ime"
    full_entry.save()
    after = anonymous.get(_url(zemun, "sr-Latn"), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert "Savetovalište, novo ime" in pdf_text(after.content)

    full_entry.publication = Service.Publication.DRAFT
    full_entry.save()
    withdrawn = anonymous.get(_url(zemun, "sr-Latn"), HTTP_IF_NONE_MATCH=after["ETag"])
    assert withdrawn.status_code == 200
    assert "novo ime" not in pdf_text(withdrawn.content)


def test_the_service_list_of_a_municipality_links_its_guide_in_every_language(
    anonymous: Client, zemun: Municipality
) -> None:
    page = anonymous.get("/guide/services/", {"municipality": zemun.code, "lang": "sr-Cyrl"}).text
    assert f'href="/guide/municipalities/{zemun.code}/guide.pdf?language=sr-Cyrl"' in page
    for other in ("sr-Latn", "rom", "sq", "de", "en"):
        assert f"/guide/municipalities/{zemun.code}/guide.pdf?language={other}" in page
    assert "Водич за подручје Земун (PDF)" in page


def test_the_service_list_without_a_municipality_has_no_guide_link(anonymous: Client) -> None:
    assert "guide.pdf" not in anonymous.get("/guide/services/").text
    assert "guide.pdf" not in anonymous.get("/guide/services/", {"municipality": "nope"}).text


# The command -----------------------------------------------------------------


def test_the_command_writes_the_guide(tmp_path: Path, full_entry: Service) -> None:
    output = tmp_path / "zemun.pdf"
    call_command("guide_pdf", municipality="70157", lang="sq", output=str(output))
    text = pdf_text(output.read_bytes())
    assert "Udhëzuesi i integrimit" in text
    assert "Savetovalište za povratnike" in text


def test_the_command_finds_the_municipality_by_name_in_either_script(
    tmp_path: Path, full_entry: Service
) -> None:
    output = tmp_path / "zemun.pdf"
    call_command("guide_pdf", municipality="Земун", lang="sr-Cyrl", output=str(output))
    assert "Саветовалиште за повратнике" in pdf_text(output.read_bytes())


def test_the_command_refuses_an_unknown_municipality_in_the_language_chosen(
    tmp_path: Path,
) -> None:
    with pytest.raises(
        CommandError, match=r"^Keine Gemeinde hat die Kennziffer oder den Namen 99999\."
    ):
        call_command("guide_pdf", municipality="99999", lang="de", output=str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_refuses_an_unknown_language(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="xx"):
        call_command("guide_pdf", municipality="70157", lang="xx", output=str(tmp_path / "x.pdf"))
