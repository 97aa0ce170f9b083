"""/api/v1/crisis-interventions/: the same rules as the pages."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog, Action
from putokaz.cases.models import CaseType
from putokaz.crisis.models import CrisisIntervention
from putokaz.crisis.tests.factories import intervention, zemun
from putokaz.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/crisis-interventions/"


def _url(item: CrisisIntervention, extra: str = "") -> str:
    return f"{URL}{item.public_id}/{extra}"


def _intake(**overrides: Any) -> dict[str, Any]:
    return {
        "received_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
        "channel": "emergency",
        "contact_name": "Bekim H.",
        "municipality": zemun().pk,
        "kinds": ["returnee_no_shelter"],
        "description": "Porodica vraćena iz Nemačke večeras, bez smeštaja.",
        "risks": ["no_shelter"],
        "is_family": True,
        "people_count": 5,
        **overrides,
    }


def test_an_intervention_is_recorded_responded_to_and_closed(
    case_worker: User, api_for: Any
) -> None:
    client = api_for(case_worker)
    created = client.post(URL + "?lang=en", _intake(), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    due = datetime.datetime.fromisoformat(body["response_due"])
    received = datetime.datetime.fromisoformat(body["received_at"])
    assert due - received == datetime.timedelta(hours=24)
    assert body["kinds"] == ["returnee_no_shelter"] and body["is_family"] is True
    item = CrisisIntervention.objects.get()
    responded = client.post(
        _url(item, "responses/"),
        {
            "kind": "accommodation",
            "description": "Smeštaj u prihvatni centar Obrenovac.",
            "done_at": (timezone.now() - datetime.timedelta(minutes=10)).isoformat(),
        },
        format="json",
    )
    assert responded.status_code == 201, responded.json()
    assert responded.json()["first_response_at"] is not None
    assert responded.json()["response_late"] is False
    version = responded.json()["version"]
    no_outcome = client.post(_url(item, "close/"), {"version": version}, format="json")
    assert no_outcome.status_code == 400
    closed = client.post(
        _url(item, "close/"), {"outcome": "referred", "version": version}, format="json"
    )
    assert closed.status_code == 200, closed.json()
    assert closed.json()["outcome"] == "referred"
    listed = client.get(URL, {"state": "closed"}).json()["results"]
    assert [row["id"] for row in listed] == [str(item.public_id)]
    assert client.get(URL).json()["results"] == []


def test_a_future_time_is_refused_and_nothing_is_saved(case_worker: User, api_for: Any) -> None:
    later = (timezone.now() + datetime.timedelta(hours=3)).isoformat()
    response = api_for(case_worker).post(
        URL + "?lang=en", _intake(received_at=later), format="json"
    )
    assert response.status_code == 400
    assert "cannot be in the future" in str(response.json())
    assert not CrisisIntervention.objects.exists()


def test_a_stale_change_is_a_conflict(case_worker: User, csw: Organisation, api_for: Any) -> None:
    item = intervention(csw, case_worker)
    client = api_for(case_worker)
    stale = client.patch(
        _url(item),
        {"location": "Novo mesto", "version": "2020-01-01T00:00:00+00:00"},
        format="json",
    )
    assert stale.status_code == 409
    fresh = client.patch(
        _url(item),
        {"location": "Novo mesto", "version": item.updated_at.isoformat()},
        format="json",
    )
    assert fresh.status_code == 200, fresh.json()
    assert fresh.json()["location"] == "Novo mesto"


def test_a_case_is_opened_for_the_person_and_linked(
    case_worker: User, csw: Organisation, api_for: Any
) -> None:
    item = intervention(csw, case_worker)
    person = PersonFactory(organisation=csw)
    response = api_for(case_worker).post(
        _url(item, "open-case/"),
        {"person": str(person.public_id), "version": item.updated_at.isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    item.refresh_from_db()
    assert item.case is not None and item.case.case_type == CaseType.CRISIS
    assert response.json()["case"] == str(item.case.public_id)
    assert item.case.person == person


def test_the_list_puts_the_overdue_first(
    case_worker: User, csw: Organisation, api_for: Any
) -> None:
    fresh = intervention(csw, case_worker, hours_ago=1)
    overdue = intervention(csw, case_worker, hours_ago=26)
    rows = api_for(case_worker).get(URL).json()["results"]
    assert [row["id"] for row in rows] == [str(overdue.public_id), str(fresh.public_id)]
    assert rows[0]["response_late"] is True


def test_reads_are_logged(case_worker: User, csw: Organisation, api_for: Any) -> None:
    item = intervention(csw, case_worker)
    assert api_for(case_worker).get(_url(item)).status_code == 200
    assert AccessLog.objects.filter(action=Action.VIEW, object_id=str(item.pk)).exists()


def test_outsiders_and_anonymous_clients_get_nothing(
    case_worker: User, csw: Organisation, outsider_org: Organisation, api_for: Any
) -> None:
    item = intervention(csw, case_worker)
    other = UserFactory()
    MembershipFactory(user=other, organisation=outsider_org, role=Role.CASE_WORKER)
    client = api_for(other)
    assert client.get(URL).json()["results"] == []
    assert client.get(_url(item)).status_code == 404
    assert client.patch(_url(item), {"version": "x"}, format="json").status_code == 404
    for extra in ("responses/", "close/", "open-case/"):
        assert client.post(_url(item, extra), {}, format="json").status_code == 404
    assert APIClient().get(URL).status_code in {401, 403}
    assert APIClient().get(_url(item)).status_code in {401, 403}
    item.refresh_from_db()
    assert item.is_open and not item.responses.exists()


def test_the_interventions_are_in_the_openapi_schema() -> None:
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    for path in (
        "/api/v1/crisis-interventions/",
        "/api/v1/crisis-interventions/{public_id}/",
        "/api/v1/crisis-interventions/{public_id}/responses/",
        "/api/v1/crisis-interventions/{public_id}/close/",
        "/api/v1/crisis-interventions/{public_id}/open-case/",
    ):
        assert path in schema["paths"], path
    assert "CrisisOutcomeEnum" in schema["components"]["schemas"]
