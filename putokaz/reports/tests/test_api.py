"""/api/v1/reports/: the same aggregates as the pages, the same suppression and permissions."""

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.reports.tests.factories import PERIOD, KnownNetwork, known_network

pytestmark = pytest.mark.django_db
QUERY = {"start": PERIOD.start.isoformat(), "end": PERIOD.end.isoformat()}


@pytest.fixture
def net(csw: Organisation, case_worker: User) -> KnownNetwork:
    return known_network(csw, case_worker)


@pytest.fixture
def analyst(db: Any) -> User:
    user = UserFactory(language="en")
    MembershipFactory(user=user, role=Role.ANALYST)
    return user


def api(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def endpoints(net: KnownNetwork) -> dict[str, str]:
    return {
        "network": reverse("api:report_network"),
        "zemun": reverse("api:report_municipality", args=[net.zemun.code]),
        "elsewhere": reverse("api:report_municipality", args=[net.elsewhere.code]),
        "org": reverse("api:report_organisation", args=[net.org.pk]),
        "other": reverse("api:report_organisation", args=[net.other.pk]),
    }


def tables(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["key"]: t for section in data["sections"] for t in section["tables"]}


def test_analyst_gets_the_organisations_numbers(
    net: KnownNetwork, analyst: User, settings: Any
) -> None:
    settings.PUTOKAZ_REPORT_MIN_CELL = 1
    response = api(analyst).get(endpoints(net)["org"], QUERY)
    assert response.status_code == 200
    data = response.json()
    assert (data["scope"], data["key"], data["start"], data["threshold"]) == (
        "organisation",
        str(net.org.pk),
        "2026-01-01",
        1,
    )
    flow = tables(data)["case_flow"]
    assert [c["key"] for c in flow["columns"]] == ["new", "open", "closed"]
    assert [(r["key"], r["values"]) for r in flow["rows"]] == [
        ("returnee", [3, 3, 1]),
        ("general", [1, 1, 0]),
    ]
    assert flow["totals"] == [4, 4, 1]
    needs = tables(data)["needs_change"]
    assert [(r["key"], r["values"]) for r in needs["rows"]] == [
        ("documents", [1, 0, 0, 1]),
        ("housing", [0, 1, 0, 1]),
        ("health", [0, 0, 1, 1]),
    ]


def test_small_counts_are_null(net: KnownNetwork, analyst: User) -> None:
    data = api(analyst).get(endpoints(net)["org"], QUERY).json()
    people = tables(data)["people_by_sex"]
    assert people["rows"][0]["values"] == [None, None, 0, None]
    assert people["totals"] == [None, None, 0, 5]


def test_no_personal_data_in_any_answer(net: KnownNetwork, analyst: User) -> None:
    names = [p.given_name for p in net.people] + [p.family_name for p in net.people]
    names += [str(p.public_id) for p in net.people] + [c.number for c in net.cases.values()]
    for url in endpoints(net).values():
        text = api(analyst).get(url, QUERY).content.decode()
        assert not [name for name in names if name in text]


def test_organisation_staff_outsider_and_anonymous(
    net: KnownNetwork, case_worker: User, outsider: User
) -> None:
    seen = {k: api(case_worker).get(u, QUERY).status_code for k, u in endpoints(net).items()}
    assert seen == {"network": 404, "zemun": 200, "elsewhere": 404, "org": 200, "other": 404}
    assert {api(outsider).get(u, QUERY).status_code for u in endpoints(net).values()} == {404}
    assert {api(None).get(u, QUERY).status_code for u in endpoints(net).values()} == {401}


def test_a_bad_period_is_a_400_that_says_why(net: KnownNetwork, analyst: User) -> None:
    response = api(analyst).get(
        endpoints(net)["network"], {"start": "2026-06-01", "end": "2026-01-01", "lang": "en"}
    )
    assert response.status_code == 400
    assert "The end of the period comes before its start." in response.content.decode()
    assert api(analyst).get(endpoints(net)["network"], {"start": "soon"}).status_code == 400


def test_without_a_period_the_last_twelve_months(net: KnownNetwork, analyst: User) -> None:
    data = api(analyst).get(endpoints(net)["network"]).json()
    assert data["end"] > data["start"]
