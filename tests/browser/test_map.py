"""The guide's map in a real browser: markers for the places, popups linking to services,
and a page that still works when the map background cannot load."""

import base64
from decimal import Decimal

import pytest
from playwright.sync_api import Page, Route, expect

from putokaz.directory.models import ServiceAtLocation
from putokaz.directory.tests.factories import LocationFactory, ServiceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# A 1×1 grey PNG standing in for a map tile.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4BwAA5ADjgEdDjQAAAABJRU5ErkJggg=="
)


def two_places() -> None:
    legal = ServiceFactory(name_sr_latn="Pravna pomoć Đurić")
    ServiceAtLocation.objects.create(
        service=legal,
        location=LocationFactory(
            name_sr_latn="Kancelarija Zemun",
            latitude=Decimal("44.843"),
            longitude=Decimal("20.401"),
        ),
    )
    school = ServiceFactory(name_sr_latn="Upis u školu")
    ServiceAtLocation.objects.create(
        service=school,
        location=LocationFactory(
            name_sr_latn="Škola Vračar", latitude=Decimal("44.798"), longitude=Decimal("20.477")
        ),
    )


def test_places_are_drawn_even_when_the_map_background_cannot_load(
    page: Page, live_server, screenshot
) -> None:
    two_places()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(f"{live_server.url}/guide/map/?lang=sr-Cyrl")

    markers = page.locator("#guide-map path.leaflet-interactive")
    expect(markers).to_have_count(2)
    expect(page.locator("[data-map-note]")).to_be_visible()
    expect(page.locator(".result h3")).to_have_text(["Канцеларија Земун", "Школа Врачар"])
    markers.first.click(force=True)
    popup_link = page.locator(".leaflet-popup-content a")
    expect(popup_link).to_have_count(1)
    name = popup_link.inner_text()
    screenshot("guide-map-no-tiles-sr-Cyrl")
    popup_link.click()
    expect(page.locator("h1")).to_have_text(name)


def test_with_tiles_the_background_shows_and_no_note(page: Page, live_server, screenshot) -> None:
    two_places()

    def tile(route: Route) -> None:
        route.fulfill(status=200, content_type="image/png", body=TILE)

    page.route("https://tile.openstreetmap.org/**", tile)
    page.goto(f"{live_server.url}/guide/map/")

    expect(page.locator("#guide-map path.leaflet-interactive")).to_have_count(2)
    expect(page.locator("#guide-map img.leaflet-tile-loaded").first).to_be_attached()
    expect(page.locator("[data-map-note]")).to_be_hidden()
    screenshot("guide-map-en")
