"""The main journeys, in a real browser."""

import pytest
from playwright.sync_api import Page, expect

from putokaz.accounts.models import Role
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.browser.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "correct-horse-battery"


@pytest.fixture
def worker():
    organisation = OrganisationFactory(name_sr_latn="Centar za socijalni rad Zemun")
    user = UserFactory(email="jelena@putokaz.test", full_name="Jelena Petrović", password=PASSWORD)
    MembershipFactory(user=user, organisation=organisation, role=Role.CASE_WORKER)
    return user


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/sign-in/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_worker_signs_in_switches_to_cyrillic_and_sees_the_start_page(
    page: Page, live_server, worker, screenshot
) -> None:
    sign_in(page, live_server.url, worker.email)
    expect(page.locator("h1")).to_have_text("Dobro došli, Jelena")
    expect(page.locator("html")).to_have_attribute("lang", "sr-Latn")

    page.locator(".language-switch summary").click()
    page.get_by_role("link", name="српски (ћирилица)").click()

    expect(page.locator("html")).to_have_attribute("lang", "sr-Cyrl")
    expect(page.locator("h1")).to_have_text("Добро дошли, Jelena")
    expect(page.locator("main")).to_contain_text("Центар за социјални рад Земун")
    screenshot("start-sr-Cyrl")

    # The choice is remembered: the next page is Cyrillic without ?lang=.
    page.goto(f"{live_server.url}/account/")
    expect(page.locator("html")).to_have_attribute("lang", "sr-Cyrl")


def test_sign_in_and_navigation_work_by_keyboard_alone(page: Page, live_server, worker) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    # The e-mail field has the focus when the page opens.
    page.keyboard.type(worker.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Dobro došli, Jelena")
    # First Tab on a page reaches the skip link, which moves focus to the content.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    expect(page.locator(".skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_pages_fit_a_360_pixel_phone(browser, live_server, worker) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/sign-in/?lang=de")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    sign_in(phone, live_server.url, worker.email)
    expect(phone.locator("h1")).to_have_text("Willkommen, Jelena")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.goto(f"{live_server.url}/organisations/{worker.memberships.get().organisation.pk}/")
    expect(phone.locator("main table")).to_contain_text("jelena@putokaz.test")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "members-phone-de.png"), full_page=True)
    context.close()


def test_organisation_admin_reads_the_access_log_in_the_browser(
    page: Page, live_server, worker, screenshot
) -> None:
    organisation = worker.memberships.get().organisation
    admin = UserFactory(
        email="admin@putokaz.test", full_name="Ljiljana Đorđević", password=PASSWORD
    )
    MembershipFactory(user=admin, organisation=organisation, role=Role.ORG_ADMIN)
    sign_in(page, live_server.url, worker.email)
    page.goto(f"{live_server.url}/organisations/{organisation.pk}/")  # logged as a view
    page.context.clear_cookies()
    sign_in(page, live_server.url, admin.email)
    page.get_by_role("link", name="Evidencija pristupa").first.click()
    expect(page.locator("h1")).to_have_text("Evidencija pristupa")
    expect(page.locator("#entries")).to_contain_text(worker.email)
    screenshot("access-log-sr-Latn")
