"""Playwright driving Debian's Chromium (no browser downloads) against the live test server."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from putokaz.directory import reference as taxonomy
from putokaz.directory.models import Taxonomy, TaxonomyTerm
from putokaz.geo import reference as places
from putokaz.geo.models import District, Municipality
from putokaz.rights.actions import articles_load_shipped
from putokaz.rights.models import Article

CHROMIUM = Path(os.environ.get("PUTOKAZ_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("PUTOKAZ_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # test set-up here are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="sr-Latn-RS")
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def screenshot(page: Page):
    """Save a full-page PNG under test-artifacts/ to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def reference_data(transactional_db: None) -> None:
    """The municipalities and the taxonomy the migrations load. Browser tests run against a
    live server on a flushed database, so they load the same shipped files themselves."""
    if not Municipality.objects.exists():
        places.load(District, Municipality)
    if not TaxonomyTerm.objects.exists():
        taxonomy.load(Taxonomy, TaxonomyTerm)


@pytest.fixture
def rights_articles(reference_data: None) -> None:
    """The rights and procedures articles that migrate loads, for the tests that show them."""
    if not Article.objects.exists():
        articles_load_shipped()
