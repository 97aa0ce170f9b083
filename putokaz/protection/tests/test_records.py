"""Placements without overlaps, the best-interests procedure with the supervisor's approval and
a panel of several organisations, family tracing, and the asylum milestones' deadlines."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.accounts.tests.factories import OrganisationFactory
from putokaz.audit.models import AccessLog
from putokaz.cases.models import Case
from putokaz.people.tests.factories import PersonFactory
from putokaz.protection import actions, deadlines, records
from putokaz.protection.models import (
    ApprovalStatus,
    AsylumMilestone,
    BestInterestsAssessment,
    BestInterestsDetermination,
    ChildIdentification,
    FamilyTracing,
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

TODAY = datetime.date(2026, 3, 10)


@pytest.fixture
def case(csw: Organisation, case_worker: User) -> Case:
    person = PersonFactory(organisation=csw, given_name="Amir", family_name="Haidari")
    return ChildCaseFactory(organisation=csw, person=person, workers=[case_worker])


@pytest.fixture
def identified(case: Case, case_worker: User) -> ChildIdentification:
    return IdentificationFactory(
        case=case,
        recorded_by=case_worker,
        identified_at=timezone.now() - datetime.timedelta(days=20),
    )


def _place(
    case: Case, user: User, starts_on: datetime.date, ends_on: datetime.date | None
) -> Placement:
    return actions.placement_add(
        case=case,
        kind="reception_centre",
        facility="Centar za azil Krnjača",
        facility_organisation=None,
        starts_on=starts_on,
        ends_on=ends_on,
        note="",
        acting_user=user,
    )


# Placements


def test_placements_follow_each_other_and_may_not_overlap(case: Case, case_worker: User) -> None:
    _place(case, case_worker, datetime.date(2026, 1, 5), datetime.date(2026, 1, 20))
    # The next one may start the day after; one sharing a day is refused, naming the other.
    _place(case, case_worker, datetime.date(2026, 1, 21), None)
    with pytest.raises(ValidationError, match="overlaps with Centar za azil Krnjača"):
        _place(case, case_worker, datetime.date(2026, 1, 20), datetime.date(2026, 1, 20))
    with pytest.raises(ValidationError, match="overlaps"):
        _place(case, case_worker, datetime.date(2026, 5, 1), None)  # the open one runs on
    with pytest.raises(ValidationError, match="overlaps"):
        _place(case, case_worker, datetime.date(2025, 12, 1), None)  # an open one from before
    assert Placement.objects.filter(case=case).count() == 2


def test_a_placement_ending_before_it_starts_is_refused(
    case: Case, case_worker: User, client_for: Any
) -> None:
    response = client_for(case_worker).post(
        reverse("protection:placement_add", args=[case.public_id]) + "?lang=en",
        {
            "kind": "foster_family",
            "facility": "Porodica Janković",
            "starts_on": "2026-02-10",
            "ends_on": "2026-02-01",
        },
        follow=True,
    )
    assert "A placement cannot end before it starts." in response.text
    assert not Placement.objects.exists()
    assert not ProtectionEvent.objects.exists()


def test_ending_a_placement_keeps_it_in_the_history(
    case: Case, case_worker: User, client_for: Any
) -> None:
    placement = PlacementFactory(case=case, starts_on=datetime.date(2026, 1, 5))
    client = client_for(case_worker)
    response = client.post(
        reverse("protection:placement_end", args=[case.public_id, placement.pk]) + "?lang=en",
        {"ends_on": "2026-02-01"},
        follow=True,
    )
    assert "The placement ended." in response.text
    placement.refresh_from_db()
    assert placement.ends_on == datetime.date(2026, 2, 1)
    assert placement.history.count() == 2
    assert "Centar za azil Krnjača" in response.text
    again = client.post(
        reverse("protection:placement_end", args=[case.public_id, placement.pk]) + "?lang=en",
        {"ends_on": "2026-02-03"},
        follow=True,
    )
    assert "This placement has already ended." in again.text
    placement.refresh_from_db()
    assert placement.ends_on == datetime.date(2026, 2, 1)


def test_the_ngo_worker_cannot_place_the_child(
    case: Case, ngo_worker: User, client_for: Any
) -> None:
    response = client_for(ngo_worker).post(
        reverse("protection:placement_add", args=[case.public_id]),
        {"kind": "other", "facility": "Stan", "starts_on": "2026-02-10"},
    )
    assert response.status_code == 404
    assert not Placement.objects.exists()


# Best interests


def _assess(case: Case, user: User) -> BestInterestsAssessment:
    return actions.assessment_submit(
        case=case,
        kind="short",
        assessed_on=timezone.localdate(),
        child_views="Želi da ide kod brata u Nemačku.",
        findings="Brat je u Minhenu, kontakt uspostavljen.",
        recommendation="Pokrenuti spajanje porodice.",
        acting_user=user,
    )


def test_the_supervisor_approves_the_best_interests_assessment(
    case: Case, case_worker: User, supervisor: User, client_for: Any
) -> None:
    page = client_for(case_worker).post(
        reverse("protection:assessment_new", args=[case.public_id]) + "?lang=en",
        {
            "kind": "comprehensive",
            "assessed_on": timezone.localdate().isoformat(),
            "child_views": "Želi da ostane u Srbiji i ide u školu.",
            "findings": "Porodica nije pronađena.",
            "recommendation": "Hraniteljska porodica.",
        },
        follow=True,
    )
    assert "The assessment was sent to the supervisor for approval." in page.text
    assessment = BestInterestsAssessment.objects.get()
    assert assessment.status == ApprovalStatus.SUBMITTED
    assert "A best-interests assessment waits for the supervisor" in page.text

    # The case worker sees no approval buttons and cannot approve by posting.
    assert "Return for changes" not in page.text
    refused = client_for(case_worker).post(
        reverse("protection:assessment_decide", args=[case.public_id, assessment.pk]),
        {"approve": "1", "note": ""},
    )
    assert refused.status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == ApprovalStatus.SUBMITTED

    approved = client_for(supervisor).post(
        reverse("protection:assessment_decide", args=[case.public_id, assessment.pk]) + "?lang=en",
        {"approve": "1", "note": "Saglasan."},
        follow=True,
    )
    assert "Approved." in approved.text
    assessment.refresh_from_db()
    assert assessment.status == ApprovalStatus.APPROVED
    assert assessment.decided_by == supervisor
    assert ProtectionEvent.objects.filter(case=case, kind="bia_approved").exists()


def test_a_returned_assessment_needs_the_supervisors_reason(
    case: Case, case_worker: User, supervisor: User
) -> None:
    assessment = _assess(case, case_worker)
    with pytest.raises(ValidationError, match="Say what should change"):
        actions.assessment_decide(
            assessment=assessment, approve=False, note="", acting_user=supervisor
        )
    returned = actions.assessment_decide(
        assessment=assessment,
        approve=False,
        note="Dopuniti stavove deteta.",
        acting_user=supervisor,
    )
    assert returned.status == ApprovalStatus.RETURNED
    with pytest.raises(ValidationError, match="not waiting"):
        actions.assessment_decide(
            assessment=assessment, approve=True, note="", acting_user=supervisor
        )


def test_only_a_supervisor_decides(case: Case, case_worker: User) -> None:
    assessment = _assess(case, case_worker)
    with pytest.raises(PermissionDenied):
        actions.assessment_decide(
            assessment=assessment, approve=True, note="", acting_user=case_worker
        )


def _panel_form(csw: Organisation, ngo: Organisation, **overrides: Any) -> dict[str, Any]:
    data = {
        "panel_on": timezone.localdate().isoformat(),
        "decision": "Spajanje sa bratom u Nemačkoj.",
        "reasons": "Želja deteta, brat je pouzdan.",
        "review_on": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        "member-TOTAL_FORMS": "5",
        "member-INITIAL_FORMS": "0",
        "member-MIN_NUM_FORMS": "0",
        "member-MAX_NUM_FORMS": "12",
        "member-0-full_name": "Jelena Petrović",
        "member-0-organisation": str(csw.pk),
        "member-0-role": "voditeljka slučaja",
        "member-1-full_name": "Sabina Ramić",
        "member-1-organisation": str(ngo.pk),
        "member-1-role": "",
    }
    data.update(overrides)
    return data


def test_a_panel_of_two_organisations_records_the_determination(
    case: Case, csw: Organisation, partner_ngo: Organisation, case_worker: User, client_for: Any
) -> None:
    response = client_for(case_worker).post(
        reverse("protection:determination_new", args=[case.public_id]) + "?lang=en",
        _panel_form(csw, partner_ngo),
        follow=True,
    )
    assert "The best-interests determination was recorded." in response.text
    determination = BestInterestsDetermination.objects.get()
    assert [m.full_name for m in determination.members.all()] == ["Jelena Petrović", "Sabina Ramić"]
    assert "Sabina Ramić" in response.text
    assert AccessLog.objects.filter(purpose="best-interests determination").exists()


def test_a_panel_of_one_organisation_is_refused(
    case: Case, csw: Organisation, partner_ngo: Organisation, case_worker: User, client_for: Any
) -> None:
    response = client_for(case_worker).post(
        reverse("protection:determination_new", args=[case.public_id]) + "?lang=en",
        _panel_form(csw, partner_ngo, **{"member-1-organisation": str(csw.pk)}),
    )
    assert "The panel needs members from at least 2 organisations." in response.text
    assert not BestInterestsDetermination.objects.exists()


def test_a_member_without_an_organisation_or_a_review_before_the_panel_is_refused(
    case: Case, csw: Organisation, partner_ngo: Organisation, case_worker: User, client_for: Any
) -> None:
    client = client_for(case_worker)
    url = reverse("protection:determination_new", args=[case.public_id]) + "?lang=en"
    no_org = client.post(url, _panel_form(csw, partner_ngo, **{"member-2-full_name": "Neko"}))
    assert "Give each member&#x27;s name and organisation." in no_org.text
    early = client.post(
        url, _panel_form(csw, partner_ngo, review_on=timezone.localdate().isoformat())
    )
    assert "The review must come after the panel" in early.text
    assert not BestInterestsDetermination.objects.exists()


def test_a_late_review_of_the_determination_is_flagged(
    case: Case, csw: Organisation, partner_ngo: Organisation, case_worker: User
) -> None:
    actions.determination_record(
        case=case,
        panel_on=timezone.localdate() - datetime.timedelta(days=200),
        decision="Hraniteljska porodica.",
        reasons="",
        review_on=timezone.localdate() - datetime.timedelta(days=10),
        members=[("A", csw, ""), ("B", partner_ngo, "")],
        acting_user=case_worker,
    )
    summary = records.summary(records.child_cases(case_worker).get())
    assert any("due for review" in alert for alert in summary.alerts)


# Family tracing


def test_family_tracing_is_requested_and_its_result_recorded(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = client_for(case_worker)
    client.post(
        reverse("protection:tracing_add", args=[case.public_id]),
        {
            "requested_on": timezone.localdate().isoformat(),
            "requested_from": "Crveni krst Srbije",
            "sought": "Majka, Kabul",
        },
    )
    tracing = FamilyTracing.objects.get()
    response = client.post(
        reverse("protection:tracing_update", args=[case.public_id, tracing.pk]) + "?lang=en",
        {
            "status": "found",
            "result": "Majka pronađena, razgovor telefonom.",
            "result_on": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    assert "The tracing was updated." in response.text
    tracing.refresh_from_db()
    assert tracing.status == FamilyTracing.Status.FOUND
    assert tracing.history.count() == 2
    bad = client.post(
        reverse("protection:tracing_update", args=[case.public_id, tracing.pk]) + "?lang=en",
        {"status": "not_found", "result": "", "result_on": "2000-01-01"},
        follow=True,
    )
    assert "The result cannot come before the request." in bad.text
    tracing.refresh_from_db()
    assert tracing.status == FamilyTracing.Status.FOUND


# Asylum milestones


def _step(
    case: Case, user: User, kind: str, at: datetime.datetime, **extra: Any
) -> AsylumMilestone:
    return actions.milestone_record(
        case=case,
        kind=kind,
        happened_at=at,
        guardian_present=extra.get("guardian_present", False),
        note="",
        acting_user=user,
    )


def test_reporting_to_the_asylum_centre_is_due_72_hours_after_the_intention(
    identified: ChildIdentification, case: Case, case_worker: User
) -> None:
    intention = timezone.now() - datetime.timedelta(days=4)
    _step(case, case_worker, "intention", intention)
    summary = records.summary(records.child_cases(case_worker).get())
    reporting = next(step for step in summary.schedule if step.kind == "reporting")
    assert reporting.due == intention + datetime.timedelta(hours=72)
    assert reporting.is_overdue()
    assert "Zakon o azilu" in reporting.limit.source
    assert any("Overdue: reported to the asylum centre" in alert for alert in summary.alerts)
    # Steps after an undone one have no date yet.
    assert next(step for step in summary.schedule if step.kind == "application").due is None


def test_the_application_is_due_15_days_after_registration_at_the_end_of_the_day() -> None:
    registration = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    due = deadlines.milestone("application").due(registration)
    local = timezone.localtime(due)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2026, 3, 17), 23, 59)


def test_steps_are_recorded_in_order_and_once(
    identified: ChildIdentification, case: Case, case_worker: User
) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError, match="Record the earlier steps first"):
        _step(case, case_worker, "application", now)
    _step(case, case_worker, "intention", now - datetime.timedelta(days=5))
    with pytest.raises(ValidationError, match="already recorded"):
        _step(case, case_worker, "intention", now)
    with pytest.raises(ValidationError, match="before the one before it"):
        _step(case, case_worker, "reporting", now - datetime.timedelta(days=6))
    with pytest.raises(ValidationError, match="future"):
        _step(case, case_worker, "reporting", now + datetime.timedelta(days=1))
    assert AsylumMilestone.objects.count() == 1


def test_an_interview_without_the_guardian_is_flagged(
    identified: ChildIdentification, case: Case, case_worker: User, client_for: Any
) -> None:
    start = timezone.now() - datetime.timedelta(days=15)
    for offset, kind in enumerate(["intention", "reporting", "registration", "application"]):
        _step(case, case_worker, kind, start + datetime.timedelta(days=offset))
    response = client_for(case_worker).post(
        reverse("protection:milestone_add", args=[case.public_id]) + "?lang=en",
        {"kind": "interview", "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "The asylum step was recorded." in response.text
    assert "The asylum interview took place without the guardian." in response.text
    assert "without the guardian" in response.text


def test_the_overview_lists_the_workers_children_with_what_is_late(
    csw: Organisation,
    case_worker: User,
    client_for: Any,
    django_assert_num_queries: Any,
) -> None:
    for index in range(3):
        child = ChildCaseFactory(
            organisation=csw,
            person=PersonFactory(organisation=csw, given_name=f"Dete{index}", family_name="Test"),
            workers=[case_worker],
        )
        IdentificationFactory(case=child)
        AppointmentFactory(case=child)
    ChildCaseFactory(organisation=OrganisationFactory())  # someone else's child
    client = client_for(case_worker)
    page = client.get(reverse("protection:overview") + "?lang=en")
    assert page.text.count("Dete") == 3
    assert "No current placement is recorded." in page.text
    # Session, user and roles, the cases with one query per kind of record, the navigation,
    # and one access-log entry per child shown.
    with django_assert_num_queries(16):
        client.get(reverse("protection:overview"))
