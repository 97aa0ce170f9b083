"""axe-core (from the npm package) finds no serious problems, and public pages stay light."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from putokaz.accounts.models import Organisation, Role
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from putokaz.directory.tests.factories import (
    LocationFactory,
    ScheduleFactory,
    ServiceFactory,
    municipality,
    term,
)
from putokaz.referrals.models import Section
from putokaz.referrals.tests.factories import family_case, legal_aid_service, send

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def axe() -> Path:
    if not AXE.exists():
        message = "axe-core is not installed (npm ci)"
        if os.environ.get("PUTOKAZ_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE


@pytest.fixture
def service():
    service = ServiceFactory(
        name_sr_latn="Pravna pomoć", description_sr_latn="Pomoć oko dokumenata."
    )
    service.domains.set([term("legal-aid")])
    service.service_areas.set([municipality("Zemun")])
    ScheduleFactory(service=service)
    service.service_at_locations.create(
        location=LocationFactory(
            organisation=service.organisation,
            latitude=Decimal("44.843"),
            longitude=Decimal("20.401"),
        )
    )
    return service


def serious_violations(page, axe: Path) -> list[str]:
    page.add_script_tag(path=str(axe))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_public_pages_have_no_serious_accessibility_problems(
    browser: Browser, live_server, axe, service, rights_articles
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    for path in [
        "/guide/",
        "/guide/services/?q=pomoc",
        "/guide/map/",
        f"/guide/services/{service.pk}/",
        f"/guide/organisations/{service.organisation.pk}/",
        "/guide/rights/",
        f"/guide/rights/naknadni-upis-rodjenja/?municipality={municipality('Zemun').code}",
        "/sign-in/",
        "/password-reset/",
    ]:
        for lang in ["sr-Latn", "sr-Cyrl"]:
            page.goto(f"{live_server.url}{path}{'&' if '?' in path else '?'}lang={lang}")
            assert serious_violations(page, axe) == [], path
    context.close()


def test_staff_pages_have_no_serious_accessibility_problems(
    browser: Browser, live_server, axe, service
) -> None:
    admin = UserFactory(email="admin@putokaz.test", password=PASSWORD)
    MembershipFactory(user=admin, organisation=service.organisation, role=Role.ORG_ADMIN)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/sign-in/?lang=en")
    page.locator("input[name=username]").fill(admin.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    organisation = service.organisation.pk
    for path in [
        "/",
        f"/organisations/{organisation}/",
        f"/organisations/{organisation}/edit/",
        f"/organisations/{organisation}/members/add/",
        f"/organisations/{organisation}/access-log/",
        f"/organisations/{organisation}/services/",
        f"/services/{service.pk}/edit/",
        "/account/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert serious_violations(page, axe) == [], path
    context.close()


def test_public_pages_weigh_under_150_kilobytes(
    browser: Browser, live_server, service, rights_articles
) -> None:
    """Everything a page loads counts, but for the map itself (Leaflet and its tiles)."""
    paths = ["/guide/", "/guide/services/", f"/guide/services/{service.pk}/", "/guide/map/"]
    paths += [
        "/guide/rights/",
        f"/guide/rights/licna-karta/?municipality={municipality('Zemun').code}",
    ]
    for path in paths:
        context = browser.new_context()  # a fresh cache: everything counts
        page = context.new_page()
        page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
        page.goto(f"{live_server.url}{path}", wait_until="load")
        weight = page.evaluate(
            """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                     .filter(entry => !entry.name.includes('/vendor/leaflet/'))
                     .reduce((total, entry) => total + entry.decodedBodySize, 0)"""
        )
        assert 0 < weight < 150 * 1024, (path, weight)
        context.close()


def test_casework_and_referral_pages_have_no_serious_accessibility_problems(
    browser: Browser, live_server, axe
) -> None:
    csw = OrganisationFactory(
        name_sr_latn="Centar za socijalni rad Zemun", kind=Organisation.Kind.CSW
    )
    worker = UserFactory(email="worker@putokaz.test", password=PASSWORD)
    MembershipFactory(user=worker, organisation=csw, role=Role.CASE_WORKER)
    family = family_case(csw, worker)
    referral = send(
        family, legal_aid_service(OrganisationFactory()), worker, sections=tuple(Section)
    )
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/sign-in/?lang=en")
    page.locator("input[name=username]").fill(worker.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    case = family.case.public_id
    for path in [
        "/cases/",
        f"/cases/{case}/",
        f"/cases/{case}/referrals/new/",
        f"/cases/{case}/conferences/new/",
        referral.get_absolute_url(),
        "/referrals/?view=sent",
        "/referrals/statistics/",
        "/notifications/",
    ]:
        for lang in ["sr-Latn", "sr-Cyrl"]:
            page.goto(f"{live_server.url}{path}{'&' if '?' in path else '?'}lang={lang}")
            assert serious_violations(page, axe) == [], path
    context.close()
