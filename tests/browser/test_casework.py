"""A family's first days in the browser: registered, a case opened, the plan approved."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from putokaz.accounts.models import Role
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from putokaz.cases import actions
from putokaz.cases.models import Case, Status
from putokaz.people.tests.factories import PersonFactory
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


def test_the_worker_keeps_the_plan_and_the_documents_of_the_case(
    page: Page, live_server, team, screenshot, tmp_path
) -> None:
    worker, _boss = team
    organisation = worker.memberships.get().organisation
    person = PersonFactory(organisation=organisation, given_name="Dragan", family_name="Đorđević")
    case = actions.case_open(
        subject=person,
        organisation=organisation,
        case_type="returnee",
        urgency="regular",
        reason="Povratak po readmisiji.",
        acting_user=worker,
    )
    sign_in(page, live_server.url, worker.email)
    page.goto(f"{live_server.url}{case.get_absolute_url()}?lang=en")

    page.get_by_text("Add a goal").click()
    page.locator("select[name=domain]").select_option("documents")
    page.locator("textarea[name=description]").first.fill("Lična karta za Dragana")
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_role("status")).to_contain_text("The goal was added to the plan.")

    page.get_by_text("Add an action").click()
    action_form = page.locator("form[action$='/actions/']")
    action_form.locator("textarea[name=description]").fill(
        "Zahtev za izvod iz matične knjige rođenih"
    )
    action_form.locator("select[name=organisation]").select_option(str(organisation.pk))
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("status")).to_contain_text("The action was added to the plan.")

    status_form = page.locator(".plan-actions form")
    status_form.locator("select").select_option("done")
    status_form.get_by_role("button", name="Change").click()
    expect(page.get_by_role("status")).to_contain_text("The plan was updated.")
    expect(page.locator(".plan-actions")).to_contain_text("done")

    scan = tmp_path / "izvod.pdf"
    scan.write_bytes(b"%PDF-1.7\n% izvod iz maticne knjige rodjenih\n")
    page.get_by_text("Attach a document").click()
    page.locator("#document-title").fill("Izvod iz matične knjige rođenih")
    page.locator("input[name=file]").set_input_files(str(scan))
    page.get_by_role("button", name="Attach", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("The document was attached.")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Izvod iz matične knjige rođenih").click()
    download = download_info.value
    assert download.suggested_filename == "izvod.pdf"
    assert Path(download.path()).read_bytes() == scan.read_bytes()
    screenshot("case-plan-and-documents-en")
    page.goto(f"{live_server.url}{case.get_absolute_url()}?lang=sr-Cyrl")
    screenshot("case-plan-and-documents-sr-cyrl")
