"""The public guide in a real browser with JavaScript switched off."""

import pytest
from playwright.sync_api import Browser, expect

from putokaz.directory.tests.factories import ServiceFactory, municipality
from tests.browser.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_without_javascript_finds_a_service_typed_in_cyrillic(
    browser: Browser, live_server
) -> None:
    service = ServiceFactory(
        name_sr_latn="Savetovalište dr Đorđević", description_sr_latn="Podrška porodicama."
    )
    service.service_areas.set([municipality("Zemun")])
    ServiceFactory(name_sr_latn="Dom zdravlja")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/guide/?lang=sr-Cyrl")
    page.locator("input[name=q]").fill("Ђорђевић")
    page.locator("select[name=municipality]").select_option(municipality("Zemun").code)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".result h2 a")).to_have_text(["Саветовалиште др Ђорђевић"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator(".result h2 a").click()
    expect(page.locator("h1")).to_have_text("Саветовалиште др Ђорђевић")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "guide-service-phone-sr-Cyrl.png"), full_page=True)
    context.close()
