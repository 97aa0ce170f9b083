"""The guide's map: the places of the services found, drawn with Leaflet, listed without it."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from putokaz.directory.models import Service, ServiceAtLocation
from putokaz.directory.places import places_of
from putokaz.directory.tests.factories import LocationFactory, ServiceFactory, municipality, term
from putokaz.geo.models import Municipality

pytestmark = pytest.mark.django_db


def at(service: Service, **location: object) -> None:
    ServiceAtLocation.objects.create(service=service, location=LocationFactory(**location))


def points(response) -> list[dict]:
    html = response.text
    start = html.index('<script id="map-points" type="application/json">') + len(
        '<script id="map-points" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_the_map_shows_the_places_of_the_services_found_and_only_those(anonymous: Client) -> None:
    legal = ServiceFactory(name_sr_latn="Pravna pomoć")
    legal.domains.add(term("legal-aid"))
    at(
        legal,
        name_sr_latn="Kancelarija Zemun",
        latitude=Decimal("44.843"),
        longitude=Decimal("20.401"),
    )
    housing = ServiceFactory(name_sr_latn="Usluga Beta")
    housing.domains.add(term("housing"))
    at(
        housing,
        name_sr_latn="Kancelarija Vračar",
        latitude=Decimal("44.798"),
        longitude=Decimal("20.477"),
    )
    draft = ServiceFactory(name_sr_latn="Nacrt", publication=Service.Publication.DRAFT)
    draft.domains.add(term("legal-aid"))
    at(draft, name_sr_latn="Tajna kancelarija", latitude=Decimal("44.1"), longitude=Decimal("20.1"))

    response = anonymous.get("/guide/map/", {"domain": "legal-aid"})

    assert response.status_code == 200
    drawn = points(response)
    assert [p["name"] for p in drawn] == ["Kancelarija Zemun"]
    assert drawn[0]["services"] == [{"name": "Pravna pomoć", "url": legal.get_absolute_url()}]
    assert (drawn[0]["lat"], drawn[0]["lng"]) == (44.843, 20.401)
    assert "Tajna kancelarija" not in response.text and "Usluga Beta" not in response.text


def test_without_javascript_the_places_are_a_list_and_the_map_stays_hidden(
    anonymous: Client,
) -> None:
    service = ServiceFactory(name_sr_latn="Savetovalište")
    at(
        service,
        name_sr_latn="Savetovalište Zemun",
        address="Glavna 5",
        latitude=Decimal("44.84"),
        longitude=Decimal("20.40"),
    )
    at(service, name_sr_latn="Savetovalište bez položaja", municipality=municipality("Vračar"))

    response = anonymous.get("/guide/map/", {"lang": "en"})

    html = response.text
    assert "hidden data-map" in html  # the script reveals it; without it the list is the page
    assert "Savetovalište Zemun" in html and "Glavna 5" in html
    assert "Savetovalište bez položaja" in html and "not on the map" in html
    assert [p["name"] for p in points(response)] == ["Savetovalište Zemun"]
    assert "vendor/leaflet/leaflet.js" in html


def test_a_page_without_positions_loads_no_map_script(anonymous: Client) -> None:
    service = ServiceFactory(name_sr_latn="Usluga bez karte")
    at(service)

    html = anonymous.get("/guide/map/").text

    assert "Usluga bez karte" in html
    assert "leaflet.js" not in html and "map-points" not in html


def test_the_map_of_one_service_comes_from_its_page(anonymous: Client) -> None:
    service = ServiceFactory(name_sr_latn="Jedna usluga")
    at(
        service,
        name_sr_latn="Njena kancelarija",
        latitude=Decimal("44.8"),
        longitude=Decimal("20.4"),
    )
    other = ServiceFactory(name_sr_latn="Druga usluga")
    at(other, name_sr_latn="Druga kancelarija", latitude=Decimal("44.7"), longitude=Decimal("20.5"))

    page = anonymous.get(service.get_absolute_url()).text
    assert f"/guide/map/?service={service.pk}" in page
    response = anonymous.get("/guide/map/", {"service": str(service.pk)})

    assert [p["name"] for p in points(response)] == ["Njena kancelarija"]
    # A malformed id shows the whole map rather than an error page.
    assert anonymous.get("/guide/map/", {"service": "nije-id"}).status_code == 200


def test_the_list_links_to_the_map_of_the_same_search(anonymous: Client) -> None:
    ServiceFactory(name_sr_latn="Pravna pomoć")
    html = anonymous.get("/guide/services/", {"q": "pravna", "page": "1"}).text
    assert 'href="/guide/map/?q=pravna"' in html


def test_the_map_in_cyrillic_reads_in_cyrillic(anonymous: Client) -> None:
    service = ServiceFactory(name_sr_latn="Pravna pomoć")
    at(
        service,
        name_sr_latn="Kancelarija",
        address="Glavna 5",
        latitude=Decimal("44.8"),
        longitude=Decimal("20.4"),
    )

    response = anonymous.get("/guide/map/", {"lang": "sr-cyrl"})

    drawn = points(response)
    assert drawn[0]["services"][0]["name"] == "Правна помоћ"
    assert drawn[0]["address"] == "Главна 5, Земун"


def test_a_large_result_is_cut_to_the_map_limit_with_a_note() -> None:
    services = [ServiceFactory() for _ in range(4)]
    for service in services:
        at(service, latitude=Decimal("44.8"), longitude=Decimal("20.4"))

    places = places_of(Service.objects.published(), limit=3)

    assert len(places.places) == 3 and places.truncated
    assert not places_of(Service.objects.published(), limit=4).truncated


def test_the_map_page_runs_a_fixed_number_of_queries(anonymous: Client) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert anonymous.get("/guide/map/").status_code == 200
        return len(queries)

    for _ in range(2):
        at(ServiceFactory(), latitude=Decimal("44.8"), longitude=Decimal("20.4"))
    count()  # the municipality choices are read once per process
    few = count()
    for _ in range(5):
        at(ServiceFactory(), latitude=Decimal("44.7"), longitude=Decimal("20.3"))
    assert count() == few


def test_in_a_chosen_municipality_a_city_wide_service_shows_its_office_there(
    anonymous: Client,
) -> None:
    police = ServiceFactory(name_sr_latn="Lična karta")
    for name in ("Zemun", "Vračar", "Čukarica"):
        at(
            police,
            name_sr_latn=f"Policijska stanica {name}",
            municipality=municipality(name),
            latitude=Decimal("44.8"),
            longitude=Decimal("20.4"),
        )
    police.service_areas.set([Municipality.objects.get(code="RS110")])
    elsewhere = ServiceFactory(name_sr_latn="Pravno savetovalište")
    elsewhere.service_areas.set([municipality("Zemun")])
    at(elsewhere, name_sr_latn="Savetovalište Vračar", municipality=municipality("Vračar"))
    zemun = municipality("Zemun").code

    drawn = anonymous.get("/guide/map/", {"municipality": zemun}).context["places"].places

    # The police's office in Zemun, not its sixteen others; a service for Zemun that sits
    # elsewhere keeps its place.
    assert [place.location.name for place in drawn] == [
        "Savetovalište Vračar",
        "Policijska stanica Zemun",
    ]
    listed = anonymous.get("/guide/services/", {"municipality": zemun}).context["page"]
    assert {s.name: [p.name for p in s.shown_places] for s in listed} == {
        "Lična karta": ["Policijska stanica Zemun"],
        "Pravno savetovalište": ["Savetovalište Vračar"],
    }
    everywhere = anonymous.get("/guide/map/").context["places"].places
    assert len(everywhere) == 4
