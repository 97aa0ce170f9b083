"""The cases API: the same people see the same cases as on the pages, and every read is logged."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import AccessLog
from putokaz.cases import actions
from putokaz.cases.models import Case, CaseAttachment, CaseNote, Goal, LifeDomain, Status
from putokaz.cases.tests.factories import CaseFactory, pdf_upload
from putokaz.people.tests.factories import PersonFactory

ALLOWED = ["case_worker", "supervisor", "system_admin"]
OTHERS = ["org_admin", "ngo_worker", "outsider"]


@pytest.fixture
def case(csw: Organisation, case_worker: User) -> Case:
    person = PersonFactory(organisation=csw, given_name="Dragan", family_name="Đorđević")
    return actions.case_open(
        subject=person,
        organisation=csw,
        case_type="returnee",
        urgency="urgent",
        reason="Povratak po readmisiji.",
        acting_user=case_worker,
    )


def _url(case: Case, part: str = "") -> str:
    return f"/api/v1/cases/{case.public_id}/{part}"


# Each endpoint of one case, read: (path under the case, a note on what it reads).
READS = ["", "assessments/", "goals/", "notes/", "tasks/", "documents/"]


@pytest.mark.parametrize("part", READS)
@pytest.mark.parametrize("persona", ALLOWED)
def test_assigned_worker_supervisor_and_system_admin_read_the_case_and_it_is_logged(
    case: Case, persona: str, part: str, request: Any, api_for: Any
) -> None:
    user = request.getfixturevalue(persona)
    response = api_for(user).get(_url(case, part))
    assert response.status_code == 200
    assert AccessLog.objects.filter(actor=user, action="view", object_id=str(case.pk)).exists()


@pytest.mark.parametrize("part", READS)
@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_else_learns_the_case_exists(
    case: Case, persona: str, part: str, request: Any, api_for: Any
) -> None:
    client = api_for(request.getfixturevalue(persona))
    assert client.get(_url(case, part)).status_code == 404
    assert client.get("/api/v1/cases/?caseload=team").json()["results"] == []


WRITES = [
    ("move/", {"target": "initial_assessment", "expected_status": "intake"}),
    ("notes/", {"text": "Tajno."}),
    ("goals/", {"domain": "housing", "description": "Smeštaj"}),
    ("tasks/", {"title": "Poziv", "due_on": "2030-01-01"}),
    ("request-approval/", {"what": "plan"}),
    ("reopen/", {"note": "x"}),
    ("documents/", {"title": "Rešenje"}),
]


@pytest.mark.parametrize(("part", "body"), WRITES)
@pytest.mark.parametrize("persona", [*OTHERS, "anonymous"])
def test_nobody_else_changes_the_case(
    case: Case, persona: str, part: str, body: dict[str, Any], request: Any, api_for: Any
) -> None:
    client = APIClient() if persona == "anonymous" else api_for(request.getfixturevalue(persona))
    response = client.post(_url(case, part), body, format="json")
    assert response.status_code in ({401, 403} if persona == "anonymous" else {404})
    case.refresh_from_db()
    assert case.status == Status.INTAKE
    assert not CaseNote.objects.filter(case=case).exists()
    assert not Goal.objects.filter(case=case).exists()


def test_an_unassigned_colleague_sees_nothing(case: Case, csw: Organisation, api_for: Any) -> None:
    from putokaz.accounts.models import Role  # noqa: PLC0415
    from putokaz.accounts.tests.factories import MembershipFactory, UserFactory  # noqa: PLC0415

    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=csw, role=Role.CASE_WORKER)
    assert api_for(colleague).get(_url(case)).status_code == 404


def test_the_caseloads_list_what_the_pages_list(
    case: Case, csw: Organisation, case_worker: User, supervisor: User, api_for: Any
) -> None:
    other = CaseFactory(organisation=csw, number="2026-Z-00001")  # nobody assigned
    mine = api_for(case_worker).get("/api/v1/cases/").json()["results"]
    assert [c["number"] for c in mine] == [case.number]
    assert mine[0]["subject"]["name"] == "Dragan Đorđević"
    team = api_for(supervisor).get("/api/v1/cases/?caseload=team").json()["results"]
    assert {c["number"] for c in team} == {case.number, other.number}
    urgent = api_for(supervisor).get("/api/v1/cases/?caseload=team&urgency=regular").json()
    assert [c["number"] for c in urgent["results"]] == [other.number]
    found = api_for(case_worker).get("/api/v1/cases/", {"q": "ђорђевић"}).json()["results"]
    assert [c["number"] for c in found] == [case.number]


def test_a_bad_filter_is_a_clear_400(case_worker: User, api_for: Any) -> None:
    response = api_for(case_worker).get("/api/v1/cases/?urgency=whenever&lang=en")
    assert response.status_code == 400
    assert "urgency" in response.json()


def test_caseloads_page_without_counting(csw: Organisation, supervisor: User, api_for: Any) -> None:
    for serial in range(5):
        CaseFactory(organisation=csw, number=f"2026-P-{serial:05d}")
    client = api_for(supervisor)
    first = client.get("/api/v1/cases/?caseload=team&page_size=2").json()
    assert len(first["results"]) == 2 and first["previous"] is None
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None and len(third["results"]) == 1
    numbers = [c["number"] for page in (first, second, third) for c in page["results"]]
    assert len(set(numbers)) == 5


def test_case_worker_opens_a_case_through_the_api(
    csw: Organisation, case_worker: User, api_for: Any
) -> None:
    person = PersonFactory(organisation=csw)
    response = api_for(case_worker).post(
        "/api/v1/cases/",
        {
            "person": str(person.public_id),
            "case_type": "crisis",
            "urgency": "immediate",
            "reason": "Porodica bez smeštaja.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "intake" and body["organisation"] == csw.name
    opened = Case.objects.get(public_id=body["id"])
    assert opened.first_step_due - opened.opened_at == datetime.timedelta(hours=24)
    assert body["assignments"][0]["user"] == case_worker.full_name


def test_opening_a_case_with_a_bad_type_changes_nothing(
    csw: Organisation, case_worker: User, api_for: Any
) -> None:
    person = PersonFactory(organisation=csw)
    response = api_for(case_worker).post(
        "/api/v1/cases/?lang=en",
        {"person": str(person.public_id), "case_type": "x", "urgency": "urgent", "reason": "r"},
        format="json",
    )
    assert response.status_code == 400
    assert "case_type" in response.json()
    assert not Case.objects.exists()


def test_a_case_cannot_be_opened_about_someone_the_user_does_not_see(
    case_worker: User, outsider_org: Organisation, api_for: Any
) -> None:
    stranger = PersonFactory(organisation=outsider_org)
    response = api_for(case_worker).post(
        "/api/v1/cases/",
        {
            "person": str(stranger.public_id),
            "case_type": "crisis",
            "urgency": "urgent",
            "reason": "r",
        },
        format="json",
    )
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_the_workflow_through_the_api(
    case: Case, case_worker: User, supervisor: User, api_for: Any
) -> None:
    worker, boss = api_for(case_worker), api_for(supervisor)
    for source, target in (
        ("intake", "initial_assessment"),
        ("initial_assessment", "detailed_assessment"),
        ("detailed_assessment", "plan"),
    ):
        response = worker.post(
            _url(case, "move/"), {"target": target, "expected_status": source}, format="json"
        )
        assert response.status_code == 200, response.json()
    # The plan needs the supervisor's approval before implementation.
    refused = worker.post(
        _url(case, "move/"), {"target": "implementation", "expected_status": "plan"}, format="json"
    )
    assert refused.status_code == 400
    asked = worker.post(_url(case, "request-approval/"), {"what": "plan"}, format="json")
    assert asked.status_code == 200, asked.json()
    decided = boss.post(_url(case, "decide/"), {"approve": True}, format="json")
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "implementation"
    kinds = [e["kind"] for e in decided.json()["events"]]
    assert kinds.count("moved") >= 3


def test_a_stale_move_is_a_conflict(case: Case, case_worker: User, api_for: Any) -> None:
    client = api_for(case_worker)
    body = {"target": "initial_assessment", "expected_status": "intake"}
    assert client.post(_url(case, "move/"), body, format="json").status_code == 200
    again = client.post(_url(case, "move/?lang=en"), body, format="json")
    assert again.status_code in (400, 409)
    case.refresh_from_db()
    assert case.status == Status.INITIAL_ASSESSMENT


def test_concurrent_edit_of_a_case_is_refused_with_409(
    case: Case, case_worker: User, supervisor: User, api_for: Any
) -> None:
    version = api_for(case_worker).get(_url(case)).json()["version"]
    first = api_for(supervisor).patch(
        _url(case), {"reason": "Prva izmena.", "version": version}, format="json"
    )
    assert first.status_code == 200, first.json()
    second = api_for(case_worker).patch(
        _url(case), {"reason": "Druga izmena.", "version": version}, format="json"
    )
    assert second.status_code == 409
    case.refresh_from_db()
    assert case.reason == "Prva izmena."


def test_assessment_plan_notes_and_tasks_through_the_api(
    case: Case, case_worker: User, ngo_worker: User, api_for: Any
) -> None:
    client = api_for(case_worker)
    ratings = {domain: {"rating": "no_need"} for domain in LifeDomain.values}
    ratings["housing"] = {"rating": "urgent", "notes": "Bez krova."}
    made = client.post(
        _url(case, "assessments/"),
        {"kind": "initial", "assessed_on": str(timezone.localdate()), "ratings": ratings},
        format="json",
    )
    assert made.status_code == 201, made.json()
    housing = next(r for r in made.json()["ratings"] if r["domain"] == "housing")
    assert housing == {"domain": "housing", "rating": "urgent", "notes": "Bez krova."}

    missing = client.post(
        _url(case, "assessments/"),
        {"kind": "initial", "assessed_on": str(timezone.localdate()), "ratings": {}},
        format="json",
    )
    assert missing.status_code == 400 and "housing-rating" in missing.json()

    goal = client.post(
        _url(case, "goals/"), {"domain": "housing", "description": "Stan"}, format="json"
    ).json()
    action = client.post(
        _url(case, "plan-actions/"),
        {
            "goal": goal["id"],
            "description": "Prijava za socijalni stan",
            "organisation": ngo_worker.memberships.get().organisation_id,
        },
        format="json",
    )
    assert action.status_code == 201, action.json()
    goals = client.get(_url(case, "goals/")).json()
    assert goals[0]["actions"][0]["description"] == "Prijava za socijalni stan"

    client.post(_url(case, "notes/"), {"text": "Poverljivo", "confidential": True}, format="json")
    assert client.get(_url(case, "notes/")).json()[0]["confidential"] is True

    task = client.post(
        _url(case, "tasks/"), {"title": "Poziv", "due_on": "2030-01-01"}, format="json"
    ).json()
    done = client.post(_url(case, f"tasks/{task['id']}/done/"))
    assert done.status_code == 200 and done.json()["done_at"]


def test_a_confidential_note_stays_with_its_organisation(
    case: Case, case_worker: User, system_admin: User, outsider_org: Organisation, api_for: Any
) -> None:
    CaseNote.objects.create(
        case=case, author=case_worker, organisation=outsider_org, text="Tuđe", confidential=True
    )
    CaseNote.objects.create(
        case=case, author=case_worker, organisation=case.organisation, text="Naše"
    )
    texts = [n["text"] for n in api_for(case_worker).get(_url(case, "notes/")).json()]
    assert texts == ["Naše"]


def test_documents_are_attached_listed_and_downloaded_through_the_api(
    case: Case, case_worker: User, supervisor: User, api_for: Any
) -> None:
    client = api_for(case_worker)
    upload = pdf_upload("odluka.pdf")
    content = upload.read()
    upload.seek(0)
    response = client.post(
        _url(case, "documents/"),
        {"title": "Odluka o smeštaju", "file": upload, "confidential": "false"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    document = response.json()
    assert document["original_name"] == "odluka.pdf"
    assert document["content_type"] == "application/pdf"

    listed = api_for(supervisor).get(_url(case, "documents/")).json()
    assert [d["title"] for d in listed] == ["Odluka o smeštaju"]
    download = api_for(supervisor).get(listed[0]["download"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert AccessLog.objects.filter(
        actor=supervisor, action="export", object_id=str(document["id"])
    ).exists()


def test_a_disguised_file_is_a_400_naming_the_field(
    case: Case, case_worker: User, api_for: Any
) -> None:
    response = api_for(case_worker).post(
        _url(case, "documents/") + "?lang=en",
        {"title": "Rešenje", "file": SimpleUploadedFile("rešenje.pdf", b"MZ" * 50)},
        format="multipart",
    )
    assert response.status_code == 400
    assert "file" in response.json()
    assert not CaseAttachment.objects.exists()


def test_plan_statuses_through_the_api(case: Case, case_worker: User, api_for: Any) -> None:
    client = api_for(case_worker)
    goal = client.post(
        _url(case, "goals/"), {"domain": "documents", "description": "Lična karta"}, format="json"
    ).json()
    action = client.post(
        _url(case, "plan-actions/"),
        {"goal": goal["id"], "description": "Izvod", "organisation": case.organisation_id},
        format="json",
    ).json()
    done = client.post(
        _url(case, f"plan-actions/{action['id']}/status/"), {"status": "done"}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    achieved = client.post(
        _url(case, f"goals/{goal['id']}/status/"), {"status": "achieved"}, format="json"
    )
    assert achieved.json()["status"] == "achieved"
    bad = client.post(
        _url(case, f"goals/{goal['id']}/status/"), {"status": "finished"}, format="json"
    )
    assert bad.status_code == 400
    assert Goal.objects.get().status == "achieved"
