"""Unaccompanied children and their guardians, trafficking screenings and statuses, and the
trainings' reach, against ``factories.known_specialised`` (counted by hand there): as
indicators, on the dashboard with and without suppression, in the downloads and the API."""

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.protection import deadlines
from putokaz.reports import specialised
from putokaz.reports.indicators import Scope
from putokaz.reports.tests.factories import PERIOD, KnownSpecialised, known_specialised

pytestmark = pytest.mark.django_db
QUERY = {"start": PERIOD.start.isoformat(), "end": PERIOD.end.isoformat()}


@pytest.fixture
def net(csw: Organisation, case_worker: User) -> KnownSpecialised:
    return known_specialised(csw, case_worker)


@pytest.fixture
def analyst(db: Any) -> User:
    user = UserFactory(language="en")
    MembershipFactory(user=user, role=Role.ANALYST)
    return user


def org(net: KnownSpecialised) -> Scope:
    return Scope("organisation", organisation=net.org)


def zemun(net: KnownSpecialised) -> Scope:
    return Scope("municipality", municipality=net.zemun)


def plain(counters: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {key: {k: v for k, v in value.items() if v} for key, value in counters.items() if value}


def tables(client: Any, url: str, **query: str) -> dict[str, Any]:
    response = client.get(url, {**QUERY, **query})
    assert response.status_code == 200
    return {t.key: t for t in response.context["report"].tables()}


def section(client: Any, url: str, key: str) -> Any:
    report = client.get(url, QUERY).context["report"]
    return next(s for s in report.sections if s.key == key)


def test_the_guardians_time_limit_is_the_protection_modules() -> None:
    assert deadlines.guardian_appointment().hours == 24


def test_children_identified_by_separation_sex_and_age_when_identified(
    net: KnownSpecialised,
) -> None:
    for scope in (org(net), zemun(net)):
        children = specialised.children(scope, PERIOD)
        # k1, k2, k4, k5 unaccompanied boys; k3 a separated girl; k6 is an adult, k7 came
        # before the period, k8 is the other organisation's in Novi Beograd.
        assert plain(children.by_sex) == {"unaccompanied": {"male": 4}, "separated": {"female": 1}}
        assert plain(children.by_age) == {
            "unaccompanied": {"14-15": 1, "16-17": 2, "unknown": 1},  # k2 by the assessed age
            "separated": {"0-13": 1},
        }
    network = specialised.children(Scope("network"), PERIOD)
    assert plain(network.by_sex)["unaccompanied"] == {"male": 4, "female": 1}


def test_guardian_appointment_against_the_limit_and_the_hours_to_it(
    net: KnownSpecialised,
) -> None:
    children = specialised.children(org(net), PERIOD)
    # k1 in 6 h, k2 in 30 h (its second guardian does not count), k4 none and past the
    # limit, k5 found at noon of the last day: within the limit at the period's end.
    assert plain(children.guardian) == {
        "unaccompanied": {"in_time": 1, "late": 1, "overdue": 1, "pending": 1},
        "separated": {"in_time": 1},
    }
    assert dict(children.hours) == {"unaccompanied": [6.0, 30.0], "separated": [20.0]}


def test_trafficking_screened_by_result_and_statuses_reached(net: KnownSpecialised) -> None:
    figures = specialised.trafficking(org(net), PERIOD)
    # t1 had a positive and a negative screening: a possible victim once; t3's screening
    # was before the period, t4's presumption after it; the status "possible" is no row.
    assert plain(figures.by_sex) == {
        "screened_possible": {"female": 2},
        "screened_not_possible": {"female": 1},
        "referred": {"female": 2, "male": 1},
        "presumed": {"female": 1},
        "identified": {"female": 1},
        "not_identified": {"male": 1},
    }
    assert plain(figures.by_age) == {
        "screened_possible": {"18-59": 2},
        "screened_not_possible": {"6-17": 1},
        "referred": {"18-59": 3},
        "presumed": {"18-59": 1},
        "identified": {"18-59": 1},
        "not_identified": {"18-59": 1},
    }
    network = specialised.trafficking(Scope("network"), PERIOD)
    assert plain(network.by_sex)["screened_possible"] == {"female": 2, "male": 1}  # and t5


def test_training_reach_of_an_organisation_a_municipality_and_the_network(
    net: KnownSpecialised,
) -> None:
    def reach(scope: Scope) -> tuple[int, int, dict[str, tuple[int, int]]]:
        report = specialised.training_reach(scope, PERIOD)
        by_sex = {line.key: (line.confirmed, line.attended) for line in report.by_sex.lines}
        return report.totals.events, report.totals.municipalities, by_sex

    # The organisation's e1 (e3 is after the period; the waiting list does not count).
    assert reach(org(net)) == (1, 2, {"female": (2, 1), "male": (1, 1)})
    # Those who work in Zemun, at e1 and the other's e2.
    assert reach(zemun(net)) == (2, 1, {"female": (2, 1), "male": (2, 2)})
    assert reach(Scope("network")) == (2, 2, {"female": (3, 1), "male": (2, 2)})


def test_dashboard_tables_with_nothing_suppressed(
    client_for: Any, net: KnownSpecialised, analyst: User, settings: Any
) -> None:
    settings.PUTOKAZ_REPORT_MIN_CELL = 1
    client = client_for(analyst)
    url = reverse("reports:organisation", args=[net.org.pk])
    shown = tables(client, url)
    by_sex = shown["children_by_sex"]
    assert [row.key for row in by_sex.rows] == ["unaccompanied", "separated"]
    assert [c.key for c in by_sex.columns] == ["female", "male", "unknown"]
    assert by_sex.values == [[0, 4, 0, 4], [1, 0, 0, 1]]
    assert by_sex.totals == [1, 4, 0, 5]
    assert shown["children_by_age"].values == [[0, 1, 2, 0, 1, 4], [1, 0, 0, 0, 0, 1]]
    guardian = shown["guardian_deadline"]
    assert guardian.columns[0].label == "appointed within 24 hours"
    assert guardian.values == [[1, 1, 1, 1, 4], [1, 0, 0, 0, 1]]
    assert guardian.totals == [2, 1, 1, 1, 5]
    # [6, 30]: median 18, 90th percentile 6 + 0.9 × 24; [20]; all [6, 20, 30]: 20 and
    # 20 + 0.8 × 10.
    assert shown["guardian_times"].values == [[18.0, 27.6], [20.0, 20.0], [20.0, 28.0]]
    trafficking = shown["trafficking_by_sex"]
    assert [row.key for row in trafficking.rows] == [
        "screened_possible",
        "screened_not_possible",
        "referred",
        "presumed",
        "identified",
        "not_identified",
    ]
    assert trafficking.values == [
        [2, 0, 0, 2],
        [1, 0, 0, 1],
        [2, 1, 0, 3],
        [1, 0, 0, 1],
        [1, 0, 0, 1],
        [0, 1, 0, 1],
    ]
    assert trafficking.totals == [7, 2, 0, 9]
    assert shown["trafficking_by_age"].totals == [0, 1, 8, 0, 0, 9]
    training = shown["training_by_sex"]
    assert [c.key for c in training.columns] == ["attended", "absent"]
    assert training.values == [[1, 1, 2], [1, 0, 1]]  # women 2 (one came), men 1 (came)
    assert training.totals == [2, 1, 3]
    figures = dict(section(client, url, "trainings").figures)
    assert list(figures.values()) == [1, 2]  # events held, municipalities reached


def test_dashboard_hides_small_numbers_and_what_would_give_them_away(
    client_for: Any, net: KnownSpecialised, analyst: User
) -> None:
    client = client_for(analyst)
    shown = tables(client, reverse("reports:organisation", args=[net.org.pk]))
    # Threshold 5: every count here is under it but the grand total, and the zeros.
    assert shown["children_by_sex"].values == [[0, None, 0, None], [None, 0, 0, None]]
    assert shown["children_by_sex"].totals == [None, None, 0, 5]
    assert shown["children_by_age"].values == [
        [0, None, None, 0, None, None],
        [None, 0, 0, 0, 0, None],
    ]
    assert shown["children_by_age"].totals == [None, None, None, 0, None, 5]
    assert shown["guardian_deadline"].values == [[None] * 5, [None, 0, 0, 0, None]]
    assert shown["guardian_deadline"].totals == [None, None, None, None, 5]
    assert shown["guardian_times"].values == [[None, None]] * 3  # three appointments in all
    trafficking = shown["trafficking_by_sex"]
    assert trafficking.values == [
        [None, 0, 0, None],
        [None, 0, 0, None],
        [None, None, 0, None],
        [None, 0, 0, None],
        [None, 0, 0, None],
        [0, None, 0, None],
    ]
    # The men's total (2) alone in its row would be 9 − 7: the women's 7 is hidden with it.
    assert trafficking.totals == [None, None, 0, 9]
    by_age = shown["trafficking_by_age"]
    assert by_age.values[1] == [0, None, 0, 0, 0, None]
    # The 6–17 total (1) and the 18–59 total (8) would give each other away from the 9.
    assert by_age.totals == [0, None, None, 0, 0, 9]
    assert shown["training_by_sex"].values == [[None, None, None], [None, 0, None]]
    assert shown["training_by_sex"].totals == [None, None, None]  # 2, 1 and 3: all under 5
    network = tables(client, reverse("reports:network"))["training_by_sex"]
    # Women 3 (one came), men 2 (both came): of the margins only the five participants show.
    assert network.values == [[None, None, None], [None, 0, None]]
    assert network.totals == [None, None, 5]


def test_downloads_and_api_hide_the_same_numbers(
    client_for: Any, net: KnownSpecialised, analyst: User
) -> None:
    url = reverse("reports:organisation", args=[net.org.pk])
    text = client_for(analyst).get(url, {**QUERY, "format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["separated", "x", "0", "0", "x"] in rows
    assert ["not identified as a victim", "0", "x", "0", "x"] in rows
    book = openpyxl.load_workbook(
        io.BytesIO(client_for(analyst).get(url, {**QUERY, "format": "xlsx"}).content)
    )
    sheet = next(book[name] for name in book.sheetnames if name.startswith("Temporary guardian"))
    assert [c.value for c in sheet[3]] == ["separated", "x", 0, 0, 0, "x"]
    api = APIClient()
    api.force_authenticate(analyst)
    data = api.get(reverse("api:report_organisation", args=[net.org.pk]), QUERY).json()
    found = {t["key"]: t for s in data["sections"] for t in s["tables"]}
    assert found["children_by_sex"]["rows"][1]["values"] == [None, 0, 0, None]
    assert found["children_by_sex"]["totals"] == [None, None, 0, 5]
    assert found["trafficking_by_sex"]["totals"] == [None, None, 0, 9]
    assert found["guardian_times"]["rows"][2]["values"] == [None, None]
    trainings = next(s for s in data["sections"] if s["key"] == "trainings")
    assert [f["value"] for f in trainings["figures"]] == [1, 2]


def test_no_person_in_the_pages_the_files_or_the_api(
    client_for: Any, net: KnownSpecialised, analyst: User, settings: Any
) -> None:
    settings.PUTOKAZ_REPORT_MIN_CELL = 1
    names = [p.given_name for p in net.people] + [p.family_name for p in net.people]
    names += [str(p.public_id) for p in net.people] + [c.number for c in net.cases]
    names += ["Staratelj", "Učesnik", "ucesnik"]
    api = APIClient()
    api.force_authenticate(analyst)
    for url, endpoint in (
        (reverse("reports:network"), reverse("api:report_network")),
        (
            reverse("reports:municipality", args=[net.zemun.code]),
            reverse("api:report_municipality", args=[net.zemun.code]),
        ),
        (
            reverse("reports:organisation", args=[net.org.pk]),
            reverse("api:report_organisation", args=[net.org.pk]),
        ),
    ):
        for text in (
            client_for(analyst).get(url, QUERY).content.decode(),
            client_for(analyst).get(url, {**QUERY, "format": "csv"}).content.decode("utf-8-sig"),
            api.get(endpoint, QUERY).content.decode(),
        ):
            assert not [name for name in names if name and name in text]


def test_the_same_permissions_as_before(
    client_for: Any, net: KnownSpecialised, case_worker: User, outsider: User
) -> None:
    urls = {
        "network": reverse("reports:network"),
        "zemun": reverse("reports:municipality", args=[net.zemun.code]),
        "elsewhere": reverse("reports:municipality", args=[net.elsewhere.code]),
        "org": reverse("reports:organisation", args=[net.org.pk]),
        "other": reverse("reports:organisation", args=[net.other.pk]),
    }
    seen = {k: client_for(case_worker).get(u, QUERY).status_code for k, u in urls.items()}
    assert seen == {"network": 404, "zemun": 200, "elsewhere": 404, "org": 200, "other": 404}
    assert {client_for(outsider).get(u, QUERY).status_code for u in urls.values()} == {404}


def test_the_new_sections_add_no_queries_with_more_rows(
    client_for: Any,
    net: KnownSpecialised,
    analyst: User,
    case_worker: User,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(analyst)
    url = reverse("reports:municipality", args=[net.zemun.code])
    client.get(url, QUERY)  # warm the session and the caches
    with django_assert_num_queries(QUERIES_ZEMUN):
        client.get(url, QUERY)
    known_specialised(net.org, case_worker)  # the same again: twice the rows
    with django_assert_num_queries(QUERIES_ZEMUN):
        client.get(url, QUERY)


QUERIES_ZEMUN = 32  # test_views' 28, and the trainings' report on events it found (4 more)


def test_the_limits_source_in_the_readers_script(
    client_for: Any, net: KnownSpecialised, analyst: User
) -> None:
    url = reverse("reports:organisation", args=[net.org.pk])
    note = tables(client_for(analyst), url, lang="sr-cyrl")["guardian_deadline"].note
    assert "Породични закон, чл. 132" in note
