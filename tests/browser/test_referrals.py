"""A referral across the network in the browser: from a Center for Social Welfare to an NGO's
legal aid and back with the outcome."""

import pytest
from playwright.sync_api import Page, expect

from putokaz.accounts.models import Organisation, Role
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from putokaz.referrals.tests.factories import family_case, legal_aid_service
from tests.browser.test_journeys import PASSWORD, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_csw_refers_a_returnee_family_to_ngo_legal_aid_and_sees_the_outcome(
    page: Page, live_server, screenshot
) -> None:
    csw = OrganisationFactory(
        name_sr_latn="Centar za socijalni rad Zemun", kind=Organisation.Kind.CSW
    )
    ngo = OrganisationFactory(name_sr_latn="Udruženje Novi početak", kind=Organisation.Kind.CIVIL)
    worker = UserFactory(
        email="jelena@putokaz.test", full_name="Jelena Petrović", password=PASSWORD
    )
    ngo_worker = UserFactory(
        email="sabina@putokaz.test", full_name="Sabina Ramić", password=PASSWORD
    )
    MembershipFactory(user=worker, organisation=csw, role=Role.CASE_WORKER)
    MembershipFactory(user=ngo_worker, organisation=ngo, role=Role.CASE_WORKER)
    family = family_case(csw, worker)
    legal_aid_service(ngo)

    sign_in(page, live_server.url, worker.email)
    page.goto(f"{live_server.url}{family.case.get_absolute_url()}?lang=en")
    page.get_by_role("link", name="Refer to a service").click()
    page.locator("select[name=to_service]").select_option(
        label="Besplatna pravna pomoć — Udruženje Novi početak"
    )
    page.locator("textarea[name=reason]").fill("Pravna pomoć oko prijave prebivališta.")
    page.locator("input[name=consent_name]").fill("Dragan Đorđević")
    page.get_by_label("verbal, with a witness").check()
    page.locator("input[name=consent_witness]").fill("Ana Marković")
    # The consent shares identity (ticked by default) and the assessment, not the contact.
    page.get_by_label("contact (phone, address, municipality)").uncheck()
    page.get_by_label("needs assessment (the latest)").check()
    page.get_by_label(family.shared_note.text[:40], exact=False).check()
    screenshot("referral-form-en")
    page.get_by_role("button", name="Send the referral").click()
    expect(page.get_by_role("status")).to_contain_text("The referral was sent.")

    page.context.clear_cookies()
    sign_in(page, live_server.url, ngo_worker.email)
    page.goto(f"{live_server.url}/referrals/?lang=en")
    expect(page.locator("main")).to_contain_text("Centar za socijalni rad Zemun")
    page.locator("main table a").first.click()
    expect(page.locator("main")).to_contain_text("Milica Đorđević")
    expect(page.locator("main")).to_contain_text("Nema ličnu kartu.")
    expect(page.locator("main")).to_contain_text(family.shared_note.text)
    expect(page.locator("main")).not_to_contain_text("+381 64 123 4567")
    expect(page.locator("main")).not_to_contain_text(family.private_note.text)
    expect(page.locator("main")).not_to_contain_text(family.confidential_note.text)
    expect(page.locator("main")).not_to_contain_text("Lična karta za Dragana")  # the plan
    screenshot("referral-received-en")
    page.get_by_role("button", name="Mark accepted").click()
    expect(page.get_by_role("status")).to_contain_text("The referral is now accepted.")
    page.locator("select[name=outcome]").select_option("met")
    page.locator("textarea[name=note]").fill("Prebivalište prijavljeno.")
    page.get_by_role("button", name="Mark completed").click()
    expect(page.get_by_role("status")).to_contain_text("The referral is now completed.")

    page.context.clear_cookies()
    sign_in(page, live_server.url, worker.email)
    page.goto(f"{live_server.url}{family.case.get_absolute_url()}?lang=en")
    expect(page.locator("#case-referrals")).to_contain_text("need met")
    page.goto(f"{live_server.url}/notifications/?lang=en")
    expect(page.locator("main")).to_contain_text("completed your referral")
    page.get_by_role("button", name="Udruženje Novi početak completed your referral").click()
    expect(page.locator("main")).to_contain_text("Prebivalište prijavljeno.")
    screenshot("referral-outcome-en")
