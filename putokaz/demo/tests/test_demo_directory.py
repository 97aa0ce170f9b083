"""The demo directory of Belgrade's 17 city municipalities (putokaz/demo/data/guide.toml)."""

import re
from decimal import Decimal

import pytest
from django.db.models import Max, Model
from django.test import Client
from django.utils import translation

from putokaz.accounts.models import Organisation
from putokaz.demo import guide
from putokaz.directory.models import (
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
)
from putokaz.directory.tests.factories import ServiceFactory
from putokaz.geo.models import Municipality

pytestmark = pytest.mark.django_db

LANGUAGES = ["sr-latn", "rom", "sq", "de", "en"]
LATIN_LETTER = re.compile(r"[A-Za-zČĆŽŠĐčćžšđ]")
# The City of Belgrade's territory, with a small margin.
BELGRADE_LATITUDE = (Decimal("44.19"), Decimal("45.08"))
BELGRADE_LONGITUDE = (Decimal("19.97"), Decimal("20.88"))
TRANSLATED = [
    "name",
    "description",
    "application_process",
    "eligibility_description",
    "fees_description",
    "interpretation_services",
]


def city_municipalities() -> list[Municipality]:
    belgrade = Municipality.objects.get(kind=Municipality.Kind.CITY, name_sr_latn="Beograd")
    return list(belgrade.city_municipalities.order_by("code"))


@pytest.fixture
def directory() -> dict[str, Organisation]:
    return guide.load(city_municipalities())


def row_counts() -> dict[str, int]:
    models: list[type[Model]] = [
        Organisation,
        Location,
        Service,
        ServiceAtLocation,
        Schedule,
        RequiredDocument,
        ServiceLanguage,
        Phone,
        Organisation.municipalities.through,
        Service.domains.through,
        Service.target_groups.through,
        Service.service_areas.through,
    ]
    return {model._meta.label: model._default_manager.count() for model in models}


def test_every_demo_service_reads_in_all_six_languages(directory: dict) -> None:
    services = list(Service.objects.prefetch_related("required_documents"))
    assert len(services) > 150
    for service in services:
        for language in LANGUAGES:
            column = language.replace("-", "_")
            with translation.override(language):
                for field in TRANSLATED:
                    shown = getattr(service, field)
                    if getattr(service, f"{field}_sr_latn"):
                        # Its own text, not the Serbian fallback.
                        assert shown and shown == getattr(service, f"{field}_{column}"), (
                            service.name_sr_latn,
                            field,
                            language,
                        )
                for document in service.required_documents.all():
                    assert document.document == getattr(document, f"document_{column}")
                    assert document.document
        with translation.override("sr-cyrl"):
            assert not LATIN_LETTER.search(service.name), service.name
            assert not LATIN_LETTER.search(service.description), service.name
        assert service.name_sr_latn.endswith("(demo)")


def test_every_demo_organisation_is_named_in_all_languages_and_marked_demo(
    directory: dict,
) -> None:
    for organisation in directory.values():
        for language in LANGUAGES:
            with translation.override(language):
                assert organisation.name.endswith("(demo)")
                assert organisation.name == getattr(
                    organisation, f"name_{language.replace('-', '_')}"
                )
        with translation.override("sr-cyrl"):
            assert organisation.name.endswith("(демо)")


@pytest.mark.parametrize(
    "place",
    [
        "Gradski centar za socijalni rad u Beogradu",
        "Dom zdravlja",
        "Policijska stanica",
        "Osnovna škola",
        "Crveni krst",
        "Gradska opština",
    ],
)
def test_each_city_municipality_has_the_public_services_and_the_red_cross(
    directory: dict, place: str
) -> None:
    published = Service.objects.published()
    for municipality in city_municipalities():
        here = Location.objects.filter(
            municipality=municipality,
            name_sr_latn__startswith=place,
            service_at_locations__service__in=published,
        )
        assert here.exists(), (place, municipality.name_sr_latn)


def test_the_police_is_one_organisation_with_a_station_in_every_municipality(
    directory: dict,
) -> None:
    stations = directory["police"].locations.all()
    assert {s.municipality_id for s in stations} == {m.pk for m in city_municipalities()}
    id_card = Service.objects.get(
        organisation=directory["police"], name_sr_latn="Lična karta (demo)"
    )
    assert id_card.locations.count() == 17
    assert not id_card.is_free and id_card.fees_description


def test_every_place_has_coordinates_in_belgrade_and_no_two_share_a_point(
    directory: dict,
) -> None:
    locations = list(Location.objects.all())
    assert len(locations) > 100
    for location in locations:
        assert location.latitude is not None and location.longitude is not None, location.name
        assert BELGRADE_LATITUDE[0] < location.latitude < BELGRADE_LATITUDE[1], location.name
        assert BELGRADE_LONGITUDE[0] < location.longitude < BELGRADE_LONGITUDE[1], location.name
        assert location.address and location.phones.exists()
    points = {(location.latitude, location.longitude) for location in locations}
    assert len(points) == len(locations)


def test_the_crisis_service_answers_around_the_clock_on_a_hotline(directory: dict) -> None:
    crisis = Service.objects.get(
        organisation=directory["csw-zemun"], name_sr_latn__startswith="Hitna intervencija"
    )
    assert {s.weekday for s in crisis.schedules.all()} == set(range(1, 8))
    assert crisis.phones.get().kind == Phone.Kind.HOTLINE


def test_some_entries_are_due_for_checking_but_not_all(directory: dict) -> None:
    due = Service.objects.needing_verification().count()
    assert 0 < due < Service.objects.count() / 2
    # The demo editors' organisations (CSW Zemun, the NGO) have some on their list too.
    for key in ("csw-zemun", "ngo-roma"):
        assert Service.objects.filter(organisation=directory[key]).needing_verification().exists()


def test_loading_twice_changes_nothing(directory: dict) -> None:
    counts = row_counts()
    last_change = Service.objects.aggregate(Max("updated_at"))
    guide.load(city_municipalities())
    assert row_counts() == counts
    assert Service.objects.aggregate(Max("updated_at")) == last_change


def test_loading_again_restores_demo_entries_and_keeps_what_was_added(directory: dict) -> None:
    """A demo database from before (or edited in the demo) is brought back to the file,
    without second copies; a service added in the demo stays."""
    counts = row_counts()
    zemun = directory["csw-zemun"]
    Organisation.objects.filter(pk=zemun.pk).update(
        name_sr_latn="Centar za socijalni rad Beograd, odeljenje Zemun (demo)"
    )
    intake = Service.objects.get(organisation=zemun, name_sr_latn__startswith="Prijem")
    Service.objects.filter(pk=intake.pk).update(description_de="")
    intake.schedules.all().delete()
    Location.objects.filter(organisation=zemun).update(latitude=None, longitude=None)
    added = ServiceFactory(organisation=zemun, name_sr_latn="Savetovalište za brak i porodicu")

    organisations = guide.load(city_municipalities())

    assert organisations["csw-zemun"].pk == zemun.pk
    assert row_counts() == {**counts, "directory.Service": counts["directory.Service"] + 1}
    intake.refresh_from_db()
    assert intake.description_de and intake.schedules.exists()
    assert Location.objects.get(organisation=zemun).on_map
    assert Service.objects.filter(pk=added.pk).exists()


def test_the_guide_lists_a_municipalitys_services_in_german(
    directory: dict, anonymous: Client
) -> None:
    zemun = Municipality.objects.get(name_sr_latn="Zemun")
    page = anonymous.get(f"/guide/services/?municipality={zemun.code}&domain=health&lang=de")
    assert page.status_code == 200
    assert "Gesundheitszentrum Zemun (demo)" in page.text
