"""Every indicator against the known network of ``factories.known_network``, counted by hand."""

from typing import Any

import pytest

from putokaz.accounts.models import Organisation, User
from putokaz.directory.models import ServiceLanguage, TaxonomyTerm
from putokaz.directory.tests.factories import ServiceFactory
from putokaz.geo.models import Municipality
from putokaz.reports import gaps, indicators
from putokaz.reports.indicators import Scope
from putokaz.reports.tests.factories import PERIOD, KnownNetwork, known_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def net(csw: Organisation, case_worker: User) -> KnownNetwork:
    return known_network(csw, case_worker)


def org_scope(net: KnownNetwork) -> Scope:
    return Scope("organisation", organisation=net.org)


def zemun_scope(net: KnownNetwork) -> Scope:
    return Scope("municipality", municipality=net.zemun)


def plain(counters: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {key: {k: v for k, v in value.items() if v} for key, value in counters.items()}


def test_people_served_by_case_type_sex_and_age_of_an_organisation(net: KnownNetwork) -> None:
    people = indicators.people_served(org_scope(net), PERIOD)
    # returnee: p1, p2 (two cases, counted once), m1 (household), p7; m3 had left and m4
    # had not joined; general: p3; c4 closed before the period.
    assert plain(people.by_sex) == {
        "returnee": {"female": 2, "male": 2},
        "general": {"female": 1},
    }
    assert plain(people.by_age) == {
        "returnee": {"0-5": 1, "6-17": 2, "18-59": 1},
        "general": {"60+": 1},
    }
    assert dict(people.families) == {"returnee": 1}


def test_people_served_in_a_municipality_include_other_organisations_cases(
    net: KnownNetwork,
) -> None:
    people = indicators.people_served(zemun_scope(net), PERIOD)
    assert plain(people.by_sex)["general"] == {"female": 2}  # p3 and p6 (the other's case)
    assert plain(people.by_age)["general"] == {"60+": 1, "18-59": 1}


def test_case_flow(net: KnownNetwork) -> None:
    assert indicators.case_flow(org_scope(net), PERIOD) == {
        "returnee": {"new": 3, "open": 3, "closed": 1},
        "general": {"new": 1, "open": 1, "closed": 0},
    }
    assert indicators.case_flow(zemun_scope(net), PERIOD)["general"] == {
        "new": 2,
        "open": 2,
        "closed": 0,
    }


def test_first_steps_against_their_time_limits(net: KnownNetwork) -> None:
    zero = dict.fromkeys(indicators.DEADLINE_COLUMNS, 0)
    assert indicators.first_step_deadlines(org_scope(net), PERIOD) == {
        "regular": {**zero, "on_time": 1, "pending": 1},
        "urgent": {**zero, "late": 1},
        "immediate": {**zero, "overdue": 1},
    }
    assert indicators.first_step_deadlines(zemun_scope(net), PERIOD)["regular"] == {
        **zero,
        "on_time": 1,
        "pending": 1,
        "overdue": 1,
    }


def test_open_cases_overdue_today(net: KnownNetwork) -> None:
    # c1, c3 and c7 have their first step or not, but all were due long before today
    # only c5 and c7 lack it (c7 due 2026-07-07): both overdue now; c6 is the other's.
    assert indicators.overdue_now(org_scope(net)) == 2


def test_referrals_sent_and_received_with_response_times(net: KnownNetwork) -> None:
    figures = indicators.referrals(org_scope(net), PERIOD)
    sent, received = figures["sent"], figures["received"]
    assert {k: v for k, v in sent.stages.items() if v} == {
        "completed_met": 1,
        "declined": 1,
        "waiting": 1,
    }
    assert sent.hours_to_acknowledge == [10.0, 30.0]
    assert sent.acknowledge == (20.0, 28.0)  # median; 10 + 0.9 × (30 − 10)
    assert sent.complete == (10.0, 10.0)
    assert dict(received.stages) == {"taken_up": 1}
    assert received.hours_to_acknowledge == [2.0]


def test_referrals_of_a_municipality_and_of_the_network(net: KnownNetwork) -> None:
    zemun = indicators.referrals(zemun_scope(net), PERIOD)
    # Sent from its residents' cases: r1, r2, r3 and r5 (c6); received by organisations
    # working there (only ``org`` covers Zemun): r5.
    assert sum(zemun["sent"].stages.values()) == 4
    assert dict(zemun["received"].stages) == {"taken_up": 1}
    network = indicators.referrals(Scope("network"), PERIOD)
    assert list(network) == ["all"]
    assert sum(network["all"].stages.values()) == 4


def test_needs_at_the_latest_assessment_to_the_periods_end(net: KnownNetwork) -> None:
    assert plain(indicators.needs_at_latest(org_scope(net), PERIOD)) == {
        "documents": {"met": 1, "unmet": 1},  # c1 (its August review is after the period), c2
        "housing": {"unmet": 1},
        "income": {"urgent": 1},
        "health": {"urgent": 1},
    }


def test_change_of_needs_between_first_and_latest_assessment(net: KnownNetwork) -> None:
    # c1: documents urgent → met (eased), housing unmet → unmet; c3: health partly met →
    # urgent (grew); c2 has one assessment only.
    assert plain(indicators.needs_change(org_scope(net), PERIOD)) == {
        "documents": {"better": 1},
        "housing": {"same": 1},
        "health": {"worse": 1},
    }


def test_network_counts_every_organisation(net: KnownNetwork) -> None:
    flow = indicators.case_flow(Scope("network"), PERIOD)
    assert flow["general"]["new"] == 2
    assert "refugee_migrant" not in flow  # c4 closed before the period


def test_services_of_the_guide_by_life_domain_and_language(net: KnownNetwork) -> None:
    documents = TaxonomyTerm.objects.get(taxonomy__code="domains", code="documents")
    legal = TaxonomyTerm.objects.get(taxonomy__code="domains", code="legal-aid")
    counselling = TaxonomyTerm.objects.get(taxonomy__code="domains", code="sp-counselling")
    belgrade = Municipality.objects.get(kind=Municipality.Kind.CITY, name_sr_latn="Beograd")

    def service(*terms: TaxonomyTerm, where: Municipality, languages: tuple[str, ...] = ()) -> None:
        made = ServiceFactory(organisation=net.org)
        made.domains.set(terms)
        made.service_areas.set([where])
        for code in languages:
            ServiceLanguage.objects.create(service=made, code=code)

    service(documents, legal, where=net.zemun, languages=("sr", "rom"))  # counted once
    service(legal, where=belgrade, languages=("sr",))  # the city's, for Zemun too
    service(documents, where=net.elsewhere)  # another municipality
    service(counselling, where=net.zemun, languages=("de",))  # a subdomain of two needs
    offers = gaps.services_by_life_domain(net.zemun)
    assert offers["documents"].services == 2
    assert dict(offers["documents"].languages) == {"sr": 2, "rom": 1}
    assert offers["family"].services == 1 and offers["psychosocial"].services == 1
    assert dict(offers["psychosocial"].languages) == {"de": 1}
    assert offers["housing"].services == 0
