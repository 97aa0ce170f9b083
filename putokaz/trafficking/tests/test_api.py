"""The trafficking API: a screening through the API runs the ILO rule of the actions and
answers with the result explained; the identification status moves as on the page, a
concurrent step is refused; only the sealed case's named workers see any of it."""

from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog, Action
from putokaz.cases.models import Case, CaseEvent
from putokaz.trafficking.models import SafetyPlanItem, Screening, StatusEvent, VictimStatus
from putokaz.trafficking.tests.factories import ADULT_LABOUR_VICTIM, screening, trafficking_case

pytestmark = pytest.mark.django_db

SCREENINGS = "/api/v1/trafficking-screenings/"
STATUS = "/api/v1/trafficking-status/"


@pytest.fixture
def case(csw: Organisation, case_worker: User) -> Case:
    return trafficking_case(csw, case_worker)


@pytest.fixture
def colleague(csw: Organisation) -> User:
    user = UserFactory()
    MembershipFactory(user=user, organisation=csw, role=Role.CASE_WORKER)
    return user


def _body(case: Case, ticked: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "case": str(case.public_id),
        "indicator_set": "adult_labour",
        "indicators": ticked,
        "act": True,
        "screened_on": timezone.localdate().isoformat(),
        **extra,
    }


def test_a_screening_through_the_api_gives_the_rules_result_explained(
    case: Case, case_worker: User, api_for: Any
) -> None:
    response = api_for(case_worker).post(
        SCREENINGS + "?lang=en", _body(case, ADULT_LABOUR_VICTIM), format="json"
    )
    assert response.status_code == 201, response.json()
    answer = response.json()
    saved = Screening.objects.get(case=case)
    assert answer["id"] == str(saved.public_id)
    assert answer["possible_victim"] is True
    assert answer["result"].startswith("Possible victim of trafficking")
    positive = [d for d in answer["explanation"]["dimensions"] if d["positive"]]
    assert {d["id"] for d in positive} == set(saved.positive_dimensions)
    assert set(answer["positive_dimensions"]) == {
        "deceptive_recruitment",
        "exploitation",
        "coercion_destination",
    }
    recruitment = next(d for d in positive if d["id"] == "deceptive_recruitment")
    assert recruitment["name"] == "Deceptive recruitment"
    assert recruitment["clause"]["name"]  # which clause of the rule it meets
    assert {i["id"] for i in recruitment["ticked"]} == {"d_job", "d_wages"}
    requirements = {r["id"]: r for r in answer["explanation"]["requirements"]}
    assert all(r["met"] for r in requirements.values())
    assert requirements["recruitment"]["by"] == ["deceptive_recruitment"]
    assert requirements["recruitment"]["name"].startswith("Recruitment by deception")
    # the same effects as the page: the case event, the first status, the access log
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SCREENED).exists()
    assert StatusEvent.objects.get(case=case).status == VictimStatus.POSSIBLE
    assert AccessLog.objects.filter(
        actor=case_worker, action=Action.CREATE, object_id=str(saved.pk)
    ).exists()


def test_a_screening_that_does_not_meet_the_rule_says_so(
    case: Case, case_worker: User, api_for: Any
) -> None:
    response = api_for(case_worker).post(
        SCREENINGS + "?lang=en", _body(case, ["d_job"]), format="json"
    )
    assert response.status_code == 201
    assert response.json()["possible_victim"] is False
    assert response.json()["result"].startswith("Trafficking not indicated")
    assert not StatusEvent.objects.filter(case=case).exists()


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"indicators": ["d_job", "not_an_indicator"]}, "An indicator of another list"),
        ({"screened_on": "2100-01-01"}, "cannot be in the future"),
        ({"indicator_set": "no_such_list"}, "indicator_set"),
    ],
)
def test_bad_screening_input_is_a_400_and_saves_nothing(
    change: dict[str, Any], said: str, case: Case, case_worker: User, api_for: Any
) -> None:
    response = api_for(case_worker).post(
        SCREENINGS + "?lang=en", {**_body(case, ADULT_LABOUR_VICTIM), **change}, format="json"
    )
    assert response.status_code == 400
    assert said in str(response.json())
    assert not Screening.objects.exists()
    assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SCREENED).exists()


def test_the_worker_lists_and_reads_screenings_and_it_is_logged(
    case: Case, case_worker: User, api_for: Any
) -> None:
    saved = screening(case, case_worker)
    client = api_for(case_worker)
    listed = client.get(f"{SCREENINGS}?case={case.public_id}")
    assert [row["id"] for row in listed.json()["results"]] == [str(saved.public_id)]
    assert AccessLog.objects.filter(
        actor=case_worker, action=Action.VIEW, object_id=str(case.pk)
    ).exists()
    assert len(client.get(SCREENINGS).json()["results"]) == 1
    detail = client.get(f"{SCREENINGS}{saved.public_id}/")
    assert detail.status_code == 200
    assert detail.json()["explanation"]["requirements"]
    assert AccessLog.objects.filter(
        actor=case_worker, action=Action.VIEW, object_id=str(saved.pk)
    ).exists()


@pytest.mark.parametrize("persona", ["supervisor", "colleague", "system_admin", "outsider"])
def test_a_sealed_cases_screenings_and_status_only_for_its_named_workers(
    persona: str, case: Case, case_worker: User, request: Any, api_for: Any
) -> None:
    saved = screening(case, case_worker)
    client = api_for(request.getfixturevalue(persona))
    assert client.get(SCREENINGS).json()["results"] == []
    assert client.get(STATUS).json()["results"] == []
    assert client.get(f"{SCREENINGS}?case={case.public_id}").status_code == 404
    assert client.get(f"{STATUS}?case={case.public_id}").status_code == 404
    assert client.get(f"{SCREENINGS}{saved.public_id}/").status_code == 404
    refused = client.post(SCREENINGS, _body(case, ADULT_LABOUR_VICTIM), format="json")
    assert refused.status_code == 404
    step = {
        "case": str(case.public_id),
        "status": "referred",
        "decided_on": timezone.localdate().isoformat(),
    }
    assert client.post(STATUS, step, format="json").status_code == 404
    assert Screening.objects.count() == 1
    assert StatusEvent.objects.count() == 1


def test_the_anonymous_visitor_is_asked_to_sign_in(case: Case) -> None:
    assert APIClient().get(SCREENINGS).status_code == 401
    assert APIClient().post(STATUS, {}, format="json").status_code == 401


def test_the_status_moves_as_on_the_page_and_a_concurrent_step_is_refused(
    case: Case, case_worker: User, api_for: Any
) -> None:
    screening(case, case_worker)  # possible victim
    client = api_for(case_worker)
    today = timezone.localdate().isoformat()
    step = {"case": str(case.public_id), "decided_on": today, "expected": "possible"}

    wrong = client.post(STATUS + "?lang=en", {**step, "status": "identified"}, format="json")
    assert wrong.status_code == 400  # not a move from "possible victim"

    referred = client.post(
        STATUS, {**step, "status": "referred", "reference": "CZŽTLJ-12"}, format="json"
    )
    assert referred.status_code == 201, referred.json()
    assert referred.json()["status"] == VictimStatus.REFERRED
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.VICTIM_STATUS).exists()

    # another worker's screen still showed "possible victim"
    stale = client.post(STATUS + "?lang=en", {**step, "status": "referred"}, format="json")
    assert stale.status_code == 409
    assert "Someone recorded another status meanwhile" in stale.json()["detail"]
    assert StatusEvent.objects.filter(case=case).count() == 2

    listed = client.get(f"{STATUS}?case={case.public_id}").json()["results"]
    assert [row["status"] for row in listed] == [VictimStatus.REFERRED, VictimStatus.POSSIBLE]


def test_the_schema_describes_the_trafficking_endpoints(api_for: Any, case_worker: User) -> None:
    schema = api_for(case_worker).get("/api/v1/schema/?format=json").json()
    assert "post" in schema["paths"][SCREENINGS]
    assert "/api/v1/trafficking-screenings/{public_id}/" in schema["paths"]
    assert "post" in schema["paths"][STATUS]
    explanation = schema["components"]["schemas"]["Explanation"]["properties"]
    assert {"requirements", "dimensions"} <= set(explanation)


def test_the_safety_plan_through_the_api(
    case: Case, case_worker: User, supervisor: User, api_for: Any
) -> None:
    url = "/api/v1/safety-plan-measures/"
    body = {
        "case": str(case.public_id),
        "risk": "Trafikant zna adresu.",
        "measure": "Sklonište.",
        "responsible": "Jelena Petrović",
        "review_on": timezone.localdate().isoformat(),
    }
    assert api_for(supervisor).post(url, body, format="json").status_code == 404
    client = api_for(case_worker)
    assert client.post(url, {**body, "review_on": "x"}, format="json").status_code == 400
    assert not SafetyPlanItem.objects.exists()
    created = client.post(url, body, format="json")
    assert created.status_code == 201, created.json()
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.SAFETY_PLAN).exists()
    change = f"{url}{created.json()['id']}/update/"
    assert client.post(change, {"status": "nonsense"}, format="json").status_code == 400
    done = client.post(change, {"status": "done"}, format="json")
    assert done.json()["status"] == SafetyPlanItem.Status.DONE
    assert client.get(f"{url}?case={case.public_id}").json()["results"][0]["status"] == "done"
    assert api_for(supervisor).get(url).json()["results"] == []
