"""Reintegration scores of returnee families: per domain and in all, from the versioned
weights; counted by band on the dashboard, shown per family on its case page only."""

from typing import Any

import pytest

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.cases.models import LifeDomain
from putokaz.reports import reintegration
from putokaz.reports.indicators import Scope
from putokaz.reports.tests.factories import PERIOD, KnownNetwork, assess, known_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(csw: Organisation, case_worker: User) -> KnownNetwork:
    net = known_network(csw, case_worker)
    family = net.cases["c5"]
    # 0, 50, 100 → 50; then 100, 100, 50 → 83.3 (equal weights); after the period: ignored
    assess(
        family, "2026-04-02", case_worker, documents="urgent", housing="partly_met", income="met"
    )
    assess(family, "2026-06-10", case_worker, documents="met", housing="met", income="partly_met")
    assess(family, "2026-09-01", case_worker, documents="unmet")
    return net


def test_the_weights_are_data_with_a_version_and_a_source() -> None:
    weights = reintegration.weights()
    assert weights.version == "putokaz-2026-1"
    assert "not the IOM" in weights.source
    assert weights.ratings["partly_met"] == 50


def test_families_by_score_at_first_and_latest_assessment(net: KnownNetwork) -> None:
    progress = reintegration.progress(Scope("organisation", organisation=net.org), PERIOD)
    assert progress.families == 1  # c1, c2, c7 are individual cases
    assert dict(progress.first) == {2: 1}  # 50 is in 50–75
    assert dict(progress.latest) == {3: 1}  # 83 is in 75–100
    assert progress.first_scores == [50.0]
    assert round(progress.latest_scores[0], 1) == 83.3


def test_dashboard_shows_bands_and_hides_a_mean_of_one_family(
    client_for: Any, net: KnownNetwork, settings: Any
) -> None:
    settings.PUTOKAZ_REPORT_MIN_CELL = 1
    analyst = UserFactory(language="en")
    MembershipFactory(user=analyst, role=Role.ANALYST)
    response = client_for(analyst).get(
        f"/reports/organisations/{net.org.pk}/",
        {"start": PERIOD.start.isoformat(), "end": PERIOD.end.isoformat()},
    )
    report = response.context["report"]
    table = next(t for t in report.tables() if t.key == "reintegration")
    assert table.values == [[0, 0], [0, 0], [1, 0], [0, 1]]
    assert table.totals == [1, 1]
    section = next(s for s in report.sections if s.key == "reintegration")
    assert [value for _label, value in section.figures] == [50, 83]
    settings.PUTOKAZ_REPORT_MIN_CELL = 5
    response = client_for(analyst).get(f"/reports/organisations/{net.org.pk}/")
    section = next(s for s in response.context["report"].sections if s.key == "reintegration")
    assert all(value is None for _label, value in section.figures)


def test_case_page_shows_the_familys_scores_to_who_sees_the_case(
    client_for: Any, net: KnownNetwork, supervisor: User, outsider: User
) -> None:
    family = net.cases["c5"]
    page = client_for(supervisor).get(family.get_absolute_url()).content.decode()
    assert 'id="reintegration"' in page
    scores = reintegration.family_scores(family)
    assert scores.overall[:2] == [50.0, pytest.approx(83.33, abs=0.01)]
    assert dict(scores.rows)[str(LifeDomain.DOCUMENTS.label)] == [
        0,
        100,
        0,
    ]  # the September review counts on the case page
    assert client_for(outsider).get(family.get_absolute_url()).status_code == 404


def test_an_individual_case_has_no_family_scores(net: KnownNetwork) -> None:
    assert reintegration.case_has_scores(net.cases["c1"])  # a returnee, assessed
    assert not reintegration.case_has_scores(net.cases["c3"])  # general support
