"""A family's first days in the browser: registered, a case opened, the plan approved."""

import pytest
from playwright.sync_api import Page, expect

from putokaz.accounts.models import Role
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from putokaz.cases.models import Case, Status
from tests.browser.test_journeys import PASSWORD, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def team():
    organisation = OrganisationFactory(name_sr_latn="Centar za socijalni rad Zemun")
    worker = UserFactory(
        email="jelena@putokaz.test", full_name="Jelena Petrović", password=PASSWORD
    )
    boss = UserFactory(email="marko@putokaz.test", full_name="Marko Jovanović", password=PASSWORD)
    MembershipFactory(user=worker, organisation=organisation, role=Role.CASE_WORKER)
    MembershipFactory(user=boss, organisation=organisation, role=Role.SUPERVISOR)
    return worker, boss


def test_a_returnee_is_registered_a_case_opened_and_the_plan_approved(
    page: Page, live_server, team, screenshot
) -> None:
    worker, boss = team
    sign_in(page, live_server.url, worker.email)
    page.goto(f"{live_server.url}/people/new/?lang=en")
    page.locator("input[name=given_name]").fill("Dragan")
    page.locator("input[name=family_name]").fill("Đorđević")
    page.locator("select[name=sex]").select_option("male")
    page.locator("input[name=birth_date]").fill("1984-02-29")
    page.get_by_role("button", name="Register").click()
    expect(page.locator("h1")).to_contain_text("Dragan Đorđević")

    # Registering him again shows him as a likely match first (in Cyrillic, too).
    page.goto(f"{live_server.url}/people/new/")
    page.locator("input[name=given_name]").fill("Драган")
    page.locator("input[name=family_name]").fill("Ђорђевић")
    page.locator("select[name=sex]").select_option("male")
    page.get_by_role("button", name="Register").click()
    expect(page.locator("main")).to_contain_text("Dragan Đorđević")
    page.get_by_role("link", name="Dragan Đorđević").first.click()

    page.get_by_role("link", name="Open a case").click()
    page.locator("select[name=case_type]").select_option("returnee")
    page.get_by_label("urgent").check()
    page.locator("textarea[name=reason]").fill("Vraćen iz Nemačke po readmisiji, bez dokumenata.")
    page.get_by_role("button", name="Open the case").click()
    expect(page.locator("main")).to_contain_text("Case")
    case = Case.objects.get()
    expect(page.locator("main")).to_contain_text(case.number)

    for step in ("initial assessment", "plan"):
        page.get_by_role("button", name=f"Go to {step}").click()
        expect(page.get_by_role("status")).to_contain_text("The case moved on.")
    page.get_by_role("button", name="Ask the supervisor to approve the plan").click()
    expect(page.locator("main")).to_contain_text("The supervisor was asked to approve the plan.")
    screenshot("case-awaiting-approval-en")

    page.context.clear_cookies()
    sign_in(page, live_server.url, boss.email)
    page.goto(f"{live_server.url}/cases/?view=team&lang=en")
    page.get_by_role("link", name=case.number).click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("main")).to_contain_text("Approved.")
    case.refresh_from_db()
    assert case.status == Status.IMPLEMENTATION
    screenshot("case-approved-en")
