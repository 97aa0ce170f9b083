"""/api/v1/abuse-reports/: the same rules as the pages — only the sealed case's named workers
see a report (a colleague after break-glass), every read is logged, the intake runs the
page's rules (nothing saved when refused), and the schema describes it."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from putokaz.abuse import actions
from putokaz.abuse.models import AbuseReport
from putokaz.abuse.tests.factories import abuse_report
from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog, Action
from putokaz.cases import actions as case_actions
from putokaz.cases.models import Case
from putokaz.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/abuse-reports/"


@pytest.fixture
def report(csw: Organisation, case_worker: User) -> AbuseReport:
    return abuse_report(csw, case_worker)


@pytest.fixture
def colleague(csw: Organisation) -> User:
    user = UserFactory(full_name="Dragana Nikolić")
    MembershipFactory(user=user, organisation=csw, role=Role.CASE_WORKER)
    return user


def _detail(report: AbuseReport) -> str:
    return reverse("api:abuse-report-detail", args=[report.public_id])


def test_the_named_worker_lists_and_reads_the_report_with_its_records(
    report: AbuseReport, case_worker: User, api_for: Any
) -> None:
    actions.measure_add(
        case=report.case,
        kind="safety_plan",
        taken_on=timezone.localdate(),
        taken_by="Jelena Petrović i majka",
        acting_user=case_worker,
    )
    client = api_for(case_worker)
    listed = client.get(LIST).json()["results"]
    assert [row["id"] for row in listed] == [str(report.public_id)]
    assert "description" not in listed[0]  # the list says no more than the caseload
    answer = client.get(_detail(report))
    assert answer.status_code == 200
    body = answer.json()
    assert body["urgency"] == "urgent"
    assert body["abuse_forms"] == ["neglect"]
    assert body["child"] == "Milica Nikolić"
    assert body["measures"][0]["kind"] == "safety_plan"
    assert AccessLog.objects.filter(
        actor=case_worker, action=Action.VIEW, object_id=str(report.pk)
    ).exists()


def test_a_colleague_not_named_sees_nothing_until_the_glass_is_broken(
    report: AbuseReport, colleague: User, supervisor: User, api_for: Any
) -> None:
    for user in (colleague, supervisor):
        client = api_for(user)
        assert client.get(LIST).json()["results"] == []
        assert client.get(_detail(report)).status_code == 404
    case_actions.case_break_glass(
        case=report.case, reason="Dežurna sam, hitan poziv policije.", acting_user=colleague
    )
    assert api_for(colleague).get(_detail(report)).status_code == 200


def test_outsiders_and_anonymous_callers_get_nothing(
    report: AbuseReport, outsider: User, ngo_worker: User, api_for: Any
) -> None:
    for user in (outsider, ngo_worker):
        assert api_for(user).get(LIST).json()["results"] == []
        assert api_for(user).get(_detail(report)).status_code == 404
    assert APIClient().get(LIST).status_code in {401, 403}
    assert APIClient().get(_detail(report)).status_code in {401, 403}


def _intake(child: Any, **changes: Any) -> dict[str, Any]:
    return {
        "child": str(child.public_id),
        "reporter_kind": "anonymous",
        "reporter_name": "Ne treba da ostane",
        "received_at": (timezone.now() - datetime.timedelta(hours=3)).isoformat(),
        "received_how": "email",
        "abuse_forms": ["sexual"],
        "description": "Prijava stigla elektronskom poštom.",
        "risk_answers": ["recent_sexual_abuse"],
        "urgency": "immediate",
        **changes,
    }


def test_a_report_taken_through_the_api_opens_the_sealed_case(
    csw: Organisation, case_worker: User, api_for: Any
) -> None:
    child = PersonFactory(organisation=csw, given_name="Ana", family_name="Kovač")
    answer = api_for(case_worker).post(LIST, _intake(child), format="json")
    assert answer.status_code == 201, answer.json()
    report = AbuseReport.objects.get()
    assert answer.json()["id"] == str(report.public_id)
    assert report.reporter_name == ""
    assert report.case.sealed
    assert report.case.first_step_due == report.received_at + datetime.timedelta(hours=24)


def test_a_report_in_the_future_through_the_api_is_refused_and_nothing_saved(
    csw: Organisation, case_worker: User, outsider: User, api_for: Any
) -> None:
    child = PersonFactory(organisation=csw)
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    answer = api_for(case_worker).post(LIST, _intake(child, received_at=future), format="json")
    assert answer.status_code == 400
    assert "received_at" in answer.json()
    lower = api_for(case_worker).post(LIST, _intake(child, urgency="regular"), format="json")
    assert lower.status_code == 400
    assert "urgency_reason" in lower.json()
    assert api_for(outsider).post(LIST, _intake(child), format="json").status_code in {403, 404}
    assert not AbuseReport.objects.exists()
    assert not Case.objects.exists()


def test_the_reports_are_in_the_openapi_schema() -> None:
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/abuse-reports/"])
    assert "get" in schema["paths"]["/api/v1/abuse-reports/{public_id}/"]
    report = schema["components"]["schemas"]["AbuseReport"]["properties"]
    assert {"intervention_due", "risk_answers", "measures", "notifications"} <= set(report)


def test_the_list_costs_the_same_queries_for_one_report_or_many(
    csw: Organisation, case_worker: User, api_for: Any, django_assert_num_queries: Any
) -> None:
    abuse_report(csw, case_worker)
    client = api_for(case_worker)
    client.get(LIST)  # the token's first use
    with django_assert_num_queries(100, exact=False) as one:
        client.get(LIST)
    for _ in range(3):
        abuse_report(csw, case_worker)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(LIST).json()["results"]) == 4
