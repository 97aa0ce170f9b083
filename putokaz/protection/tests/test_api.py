"""The child-protection API: the same people see and change the same records as on the
child's page, through the same actions (events, access log); bad input changes nothing."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from putokaz.audit.models import AccessLog, Action
from putokaz.cases.models import Case
from putokaz.people.tests.factories import PersonFactory
from putokaz.protection.models import (
    ApprovalStatus,
    AsylumMilestone,
    BestInterestsAssessment,
    BestInterestsDetermination,
    ChildIdentification,
    FamilyTracing,
    GuardianAppointment,
    Placement,
    ProtectionEvent,
)
from putokaz.protection.tests.factories import (
    AppointmentFactory,
    ChildCaseFactory,
    IdentificationFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(csw: Organisation, case_worker: User) -> Case:
    person = PersonFactory(organisation=csw, given_name="Amir", family_name="Haidari")
    case = ChildCaseFactory(organisation=csw, person=person, workers=[case_worker])
    IdentificationFactory(
        case=case,
        recorded_by=case_worker,
        identified_at=timezone.now() - datetime.timedelta(hours=30),
    )
    return case


def _now(hours_ago: float = 0) -> str:
    return (timezone.now() - datetime.timedelta(hours=hours_ago)).isoformat()


def _today(days_ago: int = 0) -> str:
    return (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat()


def _bodies(case: Case) -> dict[str, dict[str, Any]]:
    """A good body for each collection's POST."""
    other = OrganisationFactory()
    return {
        "guardian-appointments": {
            "guardian_name": "Milica Stojanović",
            "guardian_contact": "064 111 2233",
            "decision_number": "551-12/2026",
            "decision_date": _today(),
            "appointed_at": _now(1),
            "no_conflict_confirmed": True,
            "conflict_note": "Provera srodstva.",
        },
        "placements": {
            "kind": "reception_centre",
            "facility": "Centar za azil Krnjača",
            "starts_on": _today(1),
        },
        "best-interests-assessments": {
            "kind": "short",
            "assessed_on": _today(),
            "child_views": "Želi da ide kod brata u Nemačku.",
            "findings": "Dobro zdravlje.",
            "recommendation": "Traženje porodice.",
        },
        "best-interests-determinations": {
            "panel_on": _today(),
            "decision": "Spajanje porodice.",
            "reasons": "",
            "review_on": _today(-90),
            "members": [
                {"full_name": "Jelena Marić", "organisation": case.organisation_id, "role": ""},
                {"full_name": "Marko Ilić", "organisation": other.pk, "role": "UNHCR"},
            ],
        },
        "family-tracing": {
            "requested_on": _today(),
            "requested_from": "Crveni krst Srbije",
            "sought": "brat Ahmad",
        },
        "asylum-milestones": {"kind": "intention", "happened_at": _now(20)},
    }


# Per collection: the model and the event its POST writes on the child's page.
COLLECTIONS = {
    "guardian-appointments": (GuardianAppointment, ProtectionEvent.Kind.GUARDIAN_APPOINTED),
    "placements": (Placement, ProtectionEvent.Kind.PLACED),
    "best-interests-assessments": (BestInterestsAssessment, ProtectionEvent.Kind.BIA_SUBMITTED),
    "best-interests-determinations": (
        BestInterestsDetermination,
        ProtectionEvent.Kind.BID_RECORDED,
    ),
    "family-tracing": (FamilyTracing, ProtectionEvent.Kind.TRACING_REQUESTED),
    "asylum-milestones": (AsylumMilestone, ProtectionEvent.Kind.MILESTONE),
}


@pytest.fixture
def colleague(csw: Organisation) -> User:
    user = UserFactory()
    MembershipFactory(user=user, organisation=csw, role=Role.CASE_WORKER)
    return user


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_the_worker_on_the_case_records_through_the_api_as_on_the_page(
    collection: str, case: Case, case_worker: User, api_for: Any
) -> None:
    model, event = COLLECTIONS[collection]
    client = api_for(case_worker)
    body = {"case": str(case.public_id), **_bodies(case)[collection]}
    response = client.post(f"/api/v1/{collection}/", body, format="json")
    assert response.status_code == 201, response.json()
    saved = model.objects.get(case=case)
    assert response.json()["id"] == saved.pk
    assert response.json()["case"] == str(case.public_id)
    assert ProtectionEvent.objects.filter(case=case, kind=event, actor=case_worker).exists()
    assert AccessLog.objects.filter(
        actor=case_worker, action=Action.CREATE, object_id=str(saved.pk)
    ).exists()

    listed = client.get(f"/api/v1/{collection}/?case={case.public_id}")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [saved.pk]
    assert AccessLog.objects.filter(
        actor=case_worker, action=Action.VIEW, object_id=str(case.pk), purpose="child protection"
    ).exists()
    assert [row["id"] for row in client.get(f"/api/v1/{collection}/").json()["results"]] == [
        saved.pk
    ]
    detail = client.get(f"/api/v1/{collection}/{saved.pk}/")
    assert detail.status_code == 200
    assert detail.json()["id"] == saved.pk


@pytest.mark.parametrize("collection", COLLECTIONS)
@pytest.mark.parametrize("persona", ["outsider", "ngo_worker", "colleague"])
def test_nobody_else_sees_or_writes_the_childs_records(
    collection: str, persona: str, case: Case, case_worker: User, request: Any, api_for: Any
) -> None:
    model, _event = COLLECTIONS[collection]
    mine = api_for(case_worker).post(
        f"/api/v1/{collection}/",
        {"case": str(case.public_id), **_bodies(case)[collection]},
        format="json",
    )
    assert mine.status_code == 201
    client = api_for(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/{collection}/").json()["results"] == []
    assert client.get(f"/api/v1/{collection}/?case={case.public_id}").status_code == 404
    assert client.get(f"/api/v1/{collection}/{mine.json()['id']}/").status_code == 404
    again = client.post(
        f"/api/v1/{collection}/",
        {"case": str(case.public_id), **_bodies(case)[collection]},
        format="json",
    )
    assert again.status_code == 404
    assert model.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_the_anonymous_visitor_is_asked_to_sign_in(collection: str, case: Case) -> None:
    client = APIClient()
    assert client.get(f"/api/v1/{collection}/").status_code == 401
    assert client.post(f"/api/v1/{collection}/", {}, format="json").status_code == 401


def test_a_sealed_childs_records_only_for_its_named_workers(
    case: Case, case_worker: User, supervisor: User, api_for: Any
) -> None:
    PlacementFactory(case=case, recorded_by=case_worker)
    Case.objects.filter(pk=case.pk).update(sealed=True)
    assert len(api_for(case_worker).get("/api/v1/placements/").json()["results"]) == 1
    client = api_for(supervisor)
    assert client.get("/api/v1/placements/").json()["results"] == []
    assert client.get(f"/api/v1/placements/?case={case.public_id}").status_code == 404


BAD = [
    # the form refuses it
    ("guardian-appointments", {"decision_number": ""}, "decision_number"),
    ("placements", {"starts_on": "not a date"}, "starts_on"),
    ("asylum-milestones", {"kind": "unknown"}, "kind"),
    # the action refuses it, with the page's message
    ("guardian-appointments", {"appointed_at": _now(40)}, "before the child was identified"),
    ("guardian-appointments", {"no_conflict_confirmed": False}, "conflict of interest"),
    ("placements", {"ends_on": "2000-01-01"}, "cannot end before it starts"),
    ("best-interests-assessments", {"assessed_on": "2100-01-01"}, "cannot be in the future"),
    ("asylum-milestones", {"kind": "registration"}, "Record the earlier steps first"),
    ("family-tracing", {"requested_on": "2100-01-01"}, "cannot be in the future"),
]


@pytest.mark.parametrize(("collection", "change", "said"), BAD)
def test_bad_input_is_a_400_that_says_why_and_saves_nothing(
    collection: str, change: dict[str, Any], said: str, case: Case, case_worker: User, api_for: Any
) -> None:
    model, _event = COLLECTIONS[collection]
    body = {"case": str(case.public_id), **_bodies(case)[collection], **change}
    response = api_for(case_worker).post(f"/api/v1/{collection}/?lang=en", body, format="json")
    assert response.status_code == 400
    assert said in str(response.json())
    assert not model.objects.filter(case=case).exists()
    assert not ProtectionEvent.objects.filter(case=case).exists()


def test_a_panel_of_one_organisation_is_refused(
    case: Case, case_worker: User, api_for: Any
) -> None:
    body = {"case": str(case.public_id), **_bodies(case)["best-interests-determinations"]}
    body["members"] = [{"full_name": "Jelena Marić", "organisation": case.organisation_id}]
    response = api_for(case_worker).post(
        "/api/v1/best-interests-determinations/?lang=en", body, format="json"
    )
    assert response.status_code == 400
    assert "at least 2 organisations" in response.json()["detail"]
    body["members"] = [{"full_name": "", "organisation": case.organisation_id}]
    response = api_for(case_worker).post(
        "/api/v1/best-interests-determinations/", body, format="json"
    )
    assert response.status_code == 400
    assert not BestInterestsDetermination.objects.exists()


def test_a_supervisor_approves_or_returns_the_assessment(
    case: Case, case_worker: User, supervisor: User, api_for: Any
) -> None:
    body = {"case": str(case.public_id), **_bodies(case)["best-interests-assessments"]}
    created = api_for(case_worker).post("/api/v1/best-interests-assessments/", body, format="json")
    assert created.json()["status"] == ApprovalStatus.SUBMITTED
    url = f"/api/v1/best-interests-assessments/{created.json()['id']}/"

    # only a supervisor decides; returning needs a note
    assert api_for(case_worker).post(url + "approve/", {}, format="json").status_code == 403
    refused = api_for(supervisor).post(url + "return/?lang=en", {"note": ""}, format="json")
    assert refused.status_code == 400
    assert "Say what should change." in refused.json()["detail"]

    returned = api_for(supervisor).post(url + "return/", {"note": "Dopuniti."}, format="json")
    assert returned.status_code == 200
    assert returned.json()["status"] == ApprovalStatus.RETURNED
    assert ProtectionEvent.objects.filter(
        case=case, kind=ProtectionEvent.Kind.BIA_RETURNED, actor=supervisor
    ).exists()
    # a returned assessment is not waiting any more
    assert api_for(supervisor).post(url + "approve/", {}, format="json").status_code == 400

    second = api_for(case_worker).post("/api/v1/best-interests-assessments/", body, format="json")
    approved = api_for(supervisor).post(
        f"/api/v1/best-interests-assessments/{second.json()['id']}/approve/", {}, format="json"
    )
    assert approved.json()["status"] == ApprovalStatus.APPROVED
    assert approved.json()["decided_by"] == (supervisor.full_name or supervisor.email)


def test_a_guardianship_and_a_placement_end_and_stay_in_the_history(
    case: Case, case_worker: User, api_for: Any
) -> None:
    client = api_for(case_worker)
    appointment = AppointmentFactory(case=case, appointed_by=case_worker)
    url = f"/api/v1/guardian-appointments/{appointment.pk}/end/"
    assert client.post(url, {"ended_on": _today(), "reason": ""}, format="json").status_code == 400
    ended = client.post(url, {"ended_on": _today(), "reason": "Punoletstvo."}, format="json")
    assert ended.status_code == 200
    assert ended.json()["is_current"] is False
    assert client.post(url, {"ended_on": _today(), "reason": "x"}, format="json").status_code == 400

    placement = PlacementFactory(case=case, recorded_by=case_worker, starts_on=_today(3))
    url = f"/api/v1/placements/{placement.pk}/end/"
    assert client.post(url, {"ends_on": "2000-01-01"}, format="json").status_code == 400
    assert client.post(url, {"ends_on": _today()}, format="json").json()["ends_on"] == _today()
    assert set(ProtectionEvent.objects.filter(case=case).values_list("kind", flat=True)) == {
        ProtectionEvent.Kind.GUARDIAN_ENDED,
        ProtectionEvent.Kind.PLACEMENT_ENDED,
    }


def test_the_answers_are_in_the_readers_language(
    case: Case, case_worker: User, api_for: Any
) -> None:
    body = {"case": str(case.public_id), **_bodies(case)["family-tracing"]}
    body["requested_on"] = "2100-01-01"
    english = api_for(case_worker).post("/api/v1/family-tracing/?lang=en", body, format="json")
    serbian = api_for(case_worker).post("/api/v1/family-tracing/?lang=sr-latn", body, format="json")
    assert english.json()["detail"] == "The request cannot be in the future."
    assert serbian.status_code == 400
    assert serbian.json()["detail"] != english.json()["detail"]


def test_the_tracing_result_is_recorded(case: Case, case_worker: User, api_for: Any) -> None:
    client = api_for(case_worker)
    body = {"case": str(case.public_id), **_bodies(case)["family-tracing"]}
    tracing = client.post("/api/v1/family-tracing/", body, format="json").json()
    url = f"/api/v1/family-tracing/{tracing['id']}/update/"
    bad = client.post(url, {"status": "found", "result_on": "2000-01-01"}, format="json")
    assert bad.status_code == 400
    assert FamilyTracing.objects.get().status == FamilyTracing.Status.REQUESTED
    found = client.post(
        url, {"status": "found", "result": "Brat u Minhenu.", "result_on": _today()}, format="json"
    )
    assert found.json()["status"] == FamilyTracing.Status.FOUND


def test_an_outsider_cannot_end_or_decide(
    case: Case, case_worker: User, outsider: User, api_for: Any
) -> None:
    appointment = AppointmentFactory(case=case, appointed_by=case_worker)
    client = api_for(outsider)
    response = client.post(
        f"/api/v1/guardian-appointments/{appointment.pk}/end/",
        {"ended_on": _today(), "reason": "x"},
        format="json",
    )
    assert response.status_code == 404
    appointment.refresh_from_db()
    assert appointment.ended_on is None


def test_a_list_of_placements_takes_the_same_queries_for_one_or_many(
    case: Case, case_worker: User, api_for: Any, django_assert_max_num_queries: Any
) -> None:
    for days in range(5):
        PlacementFactory(
            case=case,
            recorded_by=case_worker,
            starts_on=_today(10 * days + 5),
            ends_on=None if days == 0 else _today(10 * days),
        )
    client = api_for(case_worker)
    with django_assert_max_num_queries(12):
        assert len(client.get(f"/api/v1/placements/?case={case.public_id}").json()["results"]) == 5


def test_the_schema_describes_the_protection_endpoints(api_for: Any, case_worker: User) -> None:
    paths = api_for(case_worker).get("/api/v1/schema/?format=json").json()["paths"]
    for path in (
        "/api/v1/child-identifications/{id}/",
        "/api/v1/guardian-appointments/",
        "/api/v1/guardian-appointments/{id}/end/",
        "/api/v1/placements/",
        "/api/v1/placements/{id}/end/",
        "/api/v1/best-interests-assessments/{id}/approve/",
        "/api/v1/best-interests-assessments/{id}/return/",
        "/api/v1/best-interests-determinations/",
        "/api/v1/family-tracing/{id}/update/",
        "/api/v1/asylum-milestones/",
    ):
        assert path in paths, path


def test_the_identification_is_recorded_and_changed_only_on_the_version_read(
    csw: Organisation, case_worker: User, outsider: User, api_for: Any
) -> None:
    child = ChildCaseFactory(organisation=csw, workers=[case_worker])
    client = api_for(case_worker)
    body = {
        "case": str(child.public_id),
        "separation": "unaccompanied",
        "identified_at": _now(3),
        "found_where": "Park kod autobuske stanice",
        "found_by": "Terenski tim",
        "assessed_age": 16,
        "benefit_of_doubt": True,
    }
    future = client.post(
        "/api/v1/child-identifications/?lang=en", {**body, "identified_at": _now(-3)}, format="json"
    )
    assert future.status_code == 400
    assert "cannot be in the future" in future.json()["detail"]
    created = client.post("/api/v1/child-identifications/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["treated_as_child"] is True
    assert created.json()["age_outcome"] == "pending"
    url = f"/api/v1/child-identifications/{created.json()['id']}/"
    version = created.json()["version"]

    assert client.patch(url, {"found_by": "Policija"}, format="json").status_code == 400
    assert (
        api_for(outsider)
        .patch(url, {"found_by": "x", "version": version}, format="json")
        .status_code
        == 404
    )
    changed = client.patch(url, {"age_outcome": "minor", "version": version}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["age_outcome"] == "minor"
    assert changed.json()["found_by"] == "Terenski tim"  # what was not sent stays
    stale = client.patch(url, {"found_by": "Policija", "version": version}, format="json")
    assert stale.status_code == 409
    assert ChildIdentification.objects.get(case=child).found_by == "Terenski tim"
    assert list(ProtectionEvent.objects.filter(case=child).values_list("kind", flat=True)) == [
        ProtectionEvent.Kind.IDENTIFICATION_CHANGED,
        ProtectionEvent.Kind.IDENTIFIED,
    ]


def test_an_accompanying_adult_is_recorded_on_the_identification(
    case: Case, case_worker: User, outsider: User, api_for: Any
) -> None:
    identification = ChildIdentification.objects.get(case=case)
    url = f"/api/v1/child-identifications/{identification.pk}/adults/"
    body = {"full_name": "Ahmad Karimi", "stated_relationship": "ujak", "suspected": True}
    assert api_for(outsider).post(url, body, format="json").status_code == 404
    assert api_for(case_worker).post(url, {"full_name": ""}, format="json").status_code == 400
    created = api_for(case_worker).post(url, body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["suspected"] is True
    assert ProtectionEvent.objects.filter(case=case, kind=ProtectionEvent.Kind.ADULT_ADDED).exists()
    read = api_for(case_worker).get(f"/api/v1/child-identifications/?case={case.public_id}")
    assert [a["full_name"] for a in read.json()["results"][0]["adults"]] == ["Ahmad Karimi"]
