"""Issue 7's "done means" in the browser: an organiser creates a round table, 50 professionals
from the 17 Belgrade municipalities register (made by the registration action, as the public
page does), attendance is taken on the check-in list, certificates are issued, one is
verified on the public page, and the report shows the 17 municipalities reached."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from putokaz.accounts.models import Organisation, Role
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from putokaz.directory.tests.factories import municipality
from putokaz.geo.models import District
from putokaz.trainings import actions
from putokaz.trainings.models import Certificate, Event
from putokaz.trainings.tests.factories import (
    SessionFactory,
    belgrade_municipalities,
    in_days,
    register,
)
from tests.browser.test_journeys import PASSWORD, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_round_table_reaches_the_17_belgrade_municipalities(
    page: Page, live_server, screenshot
) -> None:
    centre = OrganisationFactory(
        name_sr_latn="Centar za obuke „Mreža”", kind=Organisation.Kind.CIVIL
    )
    trainer = UserFactory(email="bekim@putokaz.test", full_name="Bekim Berisha", password=PASSWORD)
    MembershipFactory(user=trainer, organisation=centre, role=Role.TRAINER)
    analyst = UserFactory(email="dragana@putokaz.test", password=PASSWORD)
    MembershipFactory(user=analyst, organisation=OrganisationFactory(), role=Role.ANALYST)
    day = in_days(7)

    # The organiser creates the round table.
    sign_in(page, live_server.url, trainer.email)
    page.goto(f"{live_server.url}{reverse('trainings:event_create')}?lang=en")
    page.locator("input[name=title_sr_latn]").fill("Deca bez pratnje: starateljstvo u praksi")
    page.locator("textarea[name=description_sr_latn]").fill("Razmena iskustava centara.")
    page.locator("select[name=kind]").select_option("round_table")
    page.locator("select[name=organiser]").select_option(str(centre.pk))
    page.locator("select[name=municipality]").select_option(str(municipality("Stari grad").pk))
    page.locator("input[name=starts_on]").fill(day.isoformat())
    page.locator("input[name=ends_on]").fill(day.isoformat())
    page.locator("input[name=venue]").fill("Dom omladine Beograda, Makedonska 22")
    page.locator("input[name=capacity]").fill("50")
    page.locator("input[name=public_registration]").check()
    page.locator("input[name=certificate_attendance]").fill("100")
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("status")).to_contain_text("The event was saved.")
    event = Event.objects.get(title_sr_latn="Deca bez pratnje: starateljstvo u praksi")
    session = SessionFactory(event=event, title_sr_latn="Starateljstvo u praksi")
    actions.event_set_publication(event=event, publish=True, acting_user=trainer)

    # 50 professionals from the 17 municipalities register.
    places = belgrade_municipalities()
    people = [register(event, n, place=places[n % 17]) for n in range(50)]

    # Attendance on the check-in list (a phone's width); the rest as the list would.
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(f"{live_server.url}{reverse('trainings:check_in', args=[session.pk])}?lang=en")
    first = page.locator(f"#p-{people[0].public_id}")
    first.get_by_role("button", name="Mark present").click()
    expect(first.get_by_role("button")).to_contain_text("Present — undo")
    screenshot("trainings-check-in-400")
    for registration in people[1:]:
        actions.attendance_mark(
            session=session, registration=registration, present=True, acting_user=trainer
        )
    page.set_viewport_size({"width": 1280, "height": 800})

    # Certificates issued.
    page.goto(
        f"{live_server.url}{reverse('trainings:event_certificates', args=[event.public_id])}"
        "?lang=en"
    )
    page.get_by_role("button", name="Issue 50 certificates").click()
    expect(page.get_by_role("status")).to_contain_text("50 certificates were issued")

    # Anyone verifies one on the public page, typed in small letters without dashes.
    code = Certificate.objects.get(registration=people[0]).code
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('trainings:certificate_lookup')}?lang=en")
    page.locator("main input[type=text]").fill(code.replace("-", "").lower())
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("status")).to_contain_text("This certificate is valid.")
    expect(page.locator("main")).to_contain_text(people[0].full_name)

    # The report: 17 of 17.
    sign_in(page, live_server.url, analyst.email)
    page.goto(f"{live_server.url}{reverse('trainings:report')}?lang=en")
    page.locator("input[name=start]").fill(in_days(0).isoformat())
    page.locator("input[name=end]").fill(in_days(30).isoformat())
    page.locator("select[name=region]").select_option(str(District.objects.get(code="D00").pk))
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".coverage-total")).to_contain_text("17 of 17")
    expect(page.locator(".coverage li.reached")).to_have_count(17)
    screenshot("trainings-report-en")
