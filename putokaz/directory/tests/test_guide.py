"""The public guide: anyone finds services, in any script and spelling, without signing in."""

import datetime
import zoneinfo

import pytest
from django.test import Client
from django.utils import translation

from putokaz.directory.models import RequiredDocument, Schedule, Service, grouped_hours
from putokaz.directory.tests.factories import (
    LocationFactory,
    ScheduleFactory,
    ServiceFactory,
    ServiceLanguageFactory,
    municipality,
    term,
)

pytestmark = pytest.mark.django_db
BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")


def names(response) -> set[str]:
    return {service.name for service in response.context["page"]}


def test_anonymous_visitor_reads_the_guide_without_signing_in(anonymous: Client) -> None:
    service = ServiceFactory(name_sr_latn="Pravna pomoć")
    assert anonymous.get("/guide/").status_code == 200
    assert "Pravna pomoć" in anonymous.get("/guide/services/").text
    assert anonymous.get(service.get_absolute_url()).status_code == 200


def test_drafts_are_not_public(anonymous: Client) -> None:
    draft = ServiceFactory(name_sr_latn="Nacrt usluge", publication=Service.Publication.DRAFT)
    assert "Nacrt usluge" not in anonymous.get("/guide/services/").text
    assert anonymous.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("query", ["Đorđević", "Djordjevic", "Dordevic", "Ђорђевић", "ĐORĐEVIĆ"])
def test_search_ignores_script_and_diacritics(anonymous: Client, query: str) -> None:
    ServiceFactory(name_sr_latn="Savetovalište dr Đorđević")
    ServiceFactory(name_sr_latn="Dom zdravlja")
    assert names(anonymous.get("/guide/services/", {"q": query})) == {"Savetovalište dr Đorđević"}


def test_search_finds_text_in_every_language_and_needs_every_word(anonymous: Client) -> None:
    ServiceFactory(name_sr_latn="Šalter za povratnike", name_de="Schalter für Rückkehrer")
    ServiceFactory(name_sr_latn="Šalter za penzije")
    assert names(anonymous.get("/guide/services/", {"q": "salter povratnike"})) == {
        "Šalter za povratnike"
    }
    assert names(anonymous.get("/guide/services/", {"q": "Rückkehrer"})) == {"Šalter za povratnike"}


def test_filter_by_municipality_includes_services_for_the_whole_city(anonymous: Client) -> None:
    local = ServiceFactory(name_sr_latn="Lokalna")
    local.service_areas.set([municipality("Zemun")])
    citywide = ServiceFactory(name_sr_latn="Gradska")
    citywide.service_areas.set([municipality("Beograd")])
    elsewhere = ServiceFactory(name_sr_latn="Niška")
    elsewhere.service_areas.set([municipality("Medijana")])
    response = anonymous.get("/guide/services/", {"municipality": municipality("Zemun").code})
    assert names(response) == {"Lokalna", "Gradska"}


def test_filter_by_area_includes_its_subareas(anonymous: Client) -> None:
    counselling = ServiceFactory(name_sr_latn="Savetovanje")
    counselling.domains.set([term("sp-counselling")])
    ServiceFactory(name_sr_latn="Zdravlje").domains.set([term("health")])
    assert names(anonymous.get("/guide/services/", {"domain": "social-protection"})) == {
        "Savetovanje"
    }


def test_filters_for_group_language_cost_and_referral(anonymous: Client) -> None:
    fits = ServiceFactory(name_sr_latn="Odgovara", is_free=True, referral_required=False)
    fits.target_groups.set([term("returnees")])
    ServiceLanguageFactory(service=fits, code="rom")
    paid = ServiceFactory(
        name_sr_latn="Plaća se", is_free=False, fees_description_sr_latn="500 dinara"
    )
    paid.target_groups.set([term("returnees")])
    ServiceLanguageFactory(service=paid, code="rom")
    ServiceFactory(name_sr_latn="Uz uput", referral_required=True)
    response = anonymous.get(
        "/guide/services/",
        {"group": "returnees", "language": "rom", "free": "on", "no_referral": "on"},
    )
    assert names(response) == {"Odgovara"}


def test_open_now_uses_belgrade_time() -> None:
    monday_morning = ScheduleFactory(
        weekday=1, opens_at=datetime.time(8), closes_at=datetime.time(15)
    ).service
    ScheduleFactory(weekday=2, opens_at=datetime.time(8), closes_at=datetime.time(15))
    monday_9 = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=BELGRADE)
    monday_16 = datetime.datetime(2026, 11, 23, 16, 0, tzinfo=BELGRADE)
    assert list(Service.objects.open_at(monday_9)) == [monday_morning]
    assert list(Service.objects.open_at(monday_16)) == []
    # 07:30 UTC is 08:30 in Belgrade in winter.
    assert list(
        Service.objects.open_at(datetime.datetime(2026, 11, 23, 7, 30, tzinfo=datetime.UTC))
    ) == [monday_morning]


def test_open_now_counts_nights_and_round_the_clock_days() -> None:
    night_shelter = ScheduleFactory(
        weekday=5, opens_at=datetime.time(22), closes_at=datetime.time(6)
    ).service  # Friday 22:00 to Saturday 06:00
    sunday_night = ScheduleFactory(
        weekday=7, opens_at=datetime.time(20), closes_at=datetime.time(2)
    ).service  # Sunday 20:00 to Monday 02:00
    hotline = ScheduleFactory(
        weekday=6, opens_at=datetime.time(0), closes_at=datetime.time(0)
    ).service  # all Saturday

    def open_at(day: int, hour: int, minute: int = 0) -> set[Service]:
        moment = datetime.datetime(2026, 11, day, hour, minute, tzinfo=BELGRADE)
        return set(Service.objects.open_at(moment))

    # 27 November 2026 is a Friday.
    assert open_at(27, 21, 59) == set()
    assert open_at(27, 23, 30) == {night_shelter}
    assert open_at(28, 5, 59) == {night_shelter, hotline}
    assert open_at(28, 6, 0) == {hotline}
    assert open_at(28, 23, 59) == {hotline}
    assert open_at(29, 0, 0) == set()  # Saturday's round-the-clock day is over
    assert open_at(29, 21) == {sunday_night}
    assert open_at(30, 1, 30) == {sunday_night}  # Monday before 02:00
    assert open_at(30, 2, 0) == set()


def test_hours_read_as_people_say_them() -> None:
    rows = [
        Schedule(weekday=1, opens_at=datetime.time(22), closes_at=datetime.time(6)),
        Schedule(weekday=2, opens_at=datetime.time(22), closes_at=datetime.time(6)),
        Schedule(weekday=6, opens_at=datetime.time(0), closes_at=datetime.time(0)),
    ]
    with translation.override("en"):
        assert [(str(days), hours) for days, hours in grouped_hours(rows)] == [
            ("Monday–Tuesday", "22:00–06:00"),
            ("Saturday", "00:00–24:00"),
        ]


def test_service_page_tells_what_to_bring_when_and_where(anonymous: Client) -> None:
    service = ServiceFactory(
        name_sr_latn="Lična karta",
        name_en="Identity card",
        is_free=False,
        fees_description_en="Fee: 1,000 dinars",
    )
    RequiredDocument.objects.create(
        service=service,
        document_sr_latn="Izvod iz matične knjige rođenih",
        document_en="Birth certificate",
    )
    for day in range(1, 6):
        ScheduleFactory(service=service, weekday=day)
    location = LocationFactory(address="Glavna ulica 7", municipality=municipality("Zemun"))
    service.service_at_locations.create(location=location)
    page = anonymous.get(service.get_absolute_url() + "?lang=en").text
    assert "Birth certificate" in page
    assert "Fee: 1,000 dinars" in page
    assert "Monday–Friday" in page and "08:00–15:00" in page
    assert "Glavna ulica 7" in page
    cyrillic = anonymous.get(service.get_absolute_url() + "?lang=sr-Cyrl").text
    assert "Главна улица 7" in cyrillic and "Лична карта" in cyrillic and "Земун" in cyrillic


def test_grouped_hours_join_days_with_the_same_hours() -> None:
    def hours(day: int, opens: int, closes: int) -> Schedule:
        return Schedule(weekday=day, opens_at=datetime.time(opens), closes_at=datetime.time(closes))

    lines = grouped_hours(
        [hours(1, 8, 15), hours(2, 8, 15), hours(3, 8, 15), hours(4, 12, 19), hours(6, 9, 12)]
    )
    with translation.override("en"):
        assert [(str(days), times) for days, times in lines] == [
            ("Monday–Wednesday", "08:00–15:00"),
            ("Thursday", "12:00–19:00"),
            ("Saturday", "09:00–12:00"),
        ]


def test_organisation_page_lists_its_published_services(anonymous: Client) -> None:
    service = ServiceFactory(name_sr_latn="Objavljena")
    ServiceFactory(
        organisation=service.organisation,
        name_sr_latn="Skrivena",
        publication=Service.Publication.DRAFT,
    )
    page = anonymous.get(f"/guide/organisations/{service.organisation.pk}/").text
    assert "Objavljena" in page and "Skrivena" not in page


def test_organisation_without_anything_public_is_not_in_the_guide(anonymous: Client, csw) -> None:
    assert anonymous.get(f"/guide/organisations/{csw.pk}/").status_code == 404


def test_bad_filter_values_are_ignored_with_a_message_not_an_error(anonymous: Client) -> None:
    ServiceFactory(name_sr_latn="Bilo koja")
    response = anonymous.get("/guide/services/", {"municipality": "nope", "lang": "en"})
    assert response.status_code == 200
    assert "There is a problem" in response.text


def test_search_page_query_count_does_not_grow_with_results(
    anonymous: Client, django_assert_max_num_queries
) -> None:
    location = LocationFactory()
    for _ in range(20):
        service = ServiceFactory()
        service.domains.set([term("health")])
        service.service_at_locations.create(location=location)
    with django_assert_max_num_queries(8):
        response = anonymous.get("/guide/services/")
    assert len(response.context["page"]) == 20


def test_guide_pages_load_no_script_but_htmx(anonymous: Client) -> None:
    page = anonymous.get("/guide/services/").text
    assert page.count("<script") <= 1  # htmx, which only enhances


def test_changes_to_a_service_are_kept_in_every_language() -> None:
    service = ServiceFactory(name_sr_latn="Stari naziv", name_de="Alter Name")
    service.name_de = "Neuer Name"
    service.save()
    assert list(service.history.values_list("name_de", flat=True)) == ["Neuer Name", "Alter Name"]


def test_renamed_organisation_is_found_by_its_new_name(anonymous: Client) -> None:
    service = ServiceFactory(name_sr_latn="Savetovanje")
    organisation = service.organisation
    organisation.name_sr_latn = "Udruženje Sunce"
    organisation.save()
    assert names(anonymous.get("/guide/services/", {"q": "сунце"})) == {"Savetovanje"}


def test_choosing_a_city_finds_services_in_its_city_municipalities(anonymous: Client) -> None:
    in_zemun = ServiceFactory(name_sr_latn="U Zemunu")
    in_zemun.service_at_locations.create(
        location=LocationFactory(municipality=municipality("Zemun"))
    )
    in_nis = ServiceFactory(name_sr_latn="U Nišu")
    in_nis.service_areas.set([municipality("Medijana")])
    response = anonymous.get("/guide/services/", {"municipality": municipality("Beograd").code})
    assert names(response) == {"U Zemunu"}


def test_temporarily_closed_services_are_not_open_now_and_say_so(anonymous: Client) -> None:
    closed = ScheduleFactory(
        weekday=1, opens_at=datetime.time(0), closes_at=datetime.time(23, 59)
    ).service
    closed.status = Service.Status.TEMPORARILY_CLOSED
    closed.save()
    monday = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=BELGRADE)
    assert list(Service.objects.open_at(monday)) == []
    assert "Temporarily closed" in anonymous.get("/guide/services/", {"lang": "en"}).text


def test_a_stale_filter_value_drops_only_itself(anonymous: Client) -> None:
    ServiceFactory(name_sr_latn="Pravna pomoć")
    ServiceFactory(name_sr_latn="Dom zdravlja")
    response = anonymous.get("/guide/services/", {"q": "pravna", "domain": "no-such-area"})
    assert names(response) == {"Pravna pomoć"}


def test_an_organisation_with_only_drafts_is_not_in_the_guide(anonymous: Client) -> None:
    draft = ServiceFactory(publication=Service.Publication.DRAFT)
    LocationFactory(organisation=draft.organisation)
    assert anonymous.get(f"/guide/organisations/{draft.organisation.pk}/").status_code == 404
