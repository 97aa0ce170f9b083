"""The case workflow: who may move a case where, approvals, closure, reopening, deadlines."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.cases import actions
from putokaz.cases.models import Approval, Case, CaseEvent, ClosureReason, Status
from putokaz.people.models import PersonHolder
from putokaz.people.tests.factories import PersonFactory, household_of

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages are asserted in English, the catalogues' source language."""
    with translation.override("en"):
        yield


@pytest.fixture
def case(csw: Organisation, case_worker: User) -> Case:
    person = PersonFactory(organisation=csw)
    return actions.case_open(
        subject=person,
        organisation=csw,
        case_type="returnee",
        urgency="urgent",
        reason="Vraćeni iz Nemačke.",
        acting_user=case_worker,
    )


def _move(case: Case, target: str, user: User) -> Case:
    return actions.case_move(
        case=case, target=target, acting_user=user, expected_status=case.status
    )


def test_opening_a_case_gives_it_a_number_a_deadline_and_its_manager(
    case: Case, case_worker: User
) -> None:
    assert case.number.startswith(f"{timezone.localdate().year}-{case.organisation_id}-")
    assert case.status == Status.INTAKE
    assert case.first_step_due - case.opened_at == datetime.timedelta(hours=72)
    assert list(case.assignments.values_list("user", flat=True)) == [case_worker.pk]
    assert case.events.get().kind == CaseEvent.Kind.OPENED


def test_case_numbers_count_up_per_organisation_and_year(
    csw: Organisation, case_worker: User, case: Case
) -> None:
    second = actions.case_open(
        subject=case.person,
        organisation=csw,
        case_type="general",
        urgency="regular",
        reason="",
        acting_user=case_worker,
    )
    first_serial, second_serial = (int(c.number.rsplit("-", 1)[1]) for c in (case, second))
    assert second_serial == first_serial + 1


def test_opening_a_household_case_gives_the_organisation_every_members_file(
    partner_ngo: Organisation, ngo_worker: User, csw: Organisation, case_worker: User
) -> None:
    household = household_of(
        PersonFactory(organisation=csw), (PersonFactory(organisation=csw), "child")
    )
    members = [m.person for m in household.current_members()]
    actions.case_open(
        subject=household,
        organisation=partner_ngo,
        case_type="returnee",
        urgency="regular",
        reason="",
        acting_user=ngo_worker,
    )
    held = set(
        PersonHolder.objects.filter(organisation=partner_ngo).values_list("person", flat=True)
    )
    assert held == {p.pk for p in members}


def test_only_casework_roles_open_cases(csw: Organisation, org_admin: User) -> None:
    person = PersonFactory(organisation=csw)
    with pytest.raises(PermissionDenied):
        actions.case_open(
            subject=person,
            organisation=csw,
            case_type="general",
            urgency="regular",
            reason="",
            acting_user=org_admin,
        )


def test_moving_out_of_intake_marks_the_first_step_done(case: Case, case_worker: User) -> None:
    moved = _move(case, Status.INITIAL_ASSESSMENT, case_worker)
    assert moved.first_step_done_at is not None
    event = moved.events.first()
    assert event is not None
    assert (event.from_status, event.to_status, event.actor) == (
        Status.INTAKE,
        Status.INITIAL_ASSESSMENT,
        case_worker,
    )


def test_a_case_cannot_skip_steps(case: Case, case_worker: User) -> None:
    with pytest.raises(ValidationError):
        _move(case, Status.IMPLEMENTATION, case_worker)
    case.refresh_from_db()
    assert case.status == Status.INTAKE


def test_a_move_from_a_stale_page_changes_nothing(case: Case, case_worker: User) -> None:
    _move(case, Status.INITIAL_ASSESSMENT, case_worker)
    with pytest.raises(ValidationError, match="moved this case meanwhile"):
        actions.case_move(
            case=case,
            target=Status.INITIAL_ASSESSMENT,
            acting_user=case_worker,
            expected_status=Status.INTAKE,
        )
    assert case.events.filter(kind=CaseEvent.Kind.MOVED).count() == 1


def _to_plan(case: Case, user: User) -> Case:
    case = _move(case, Status.INITIAL_ASSESSMENT, user)
    return _move(case, Status.PLAN, user)


def test_a_case_worker_cannot_approve_their_own_plan(case: Case, case_worker: User) -> None:
    case = _to_plan(case, case_worker)
    with pytest.raises(ValidationError, match="Only a supervisor"):
        _move(case, Status.IMPLEMENTATION, case_worker)


def test_the_supervisor_approves_the_plan_and_sets_the_review_date(
    case: Case, case_worker: User, supervisor: User
) -> None:
    case = _to_plan(case, case_worker)
    actions.case_request_approval(case=case, what=Approval.PLAN, acting_user=case_worker)
    case.refresh_from_db()
    assert case.awaiting == Approval.PLAN
    with pytest.raises(PermissionDenied):
        actions.case_decide(case=case, approve=True, acting_user=case_worker)
    decided = actions.case_decide(case=case, approve=True, acting_user=supervisor, note="U redu.")
    assert decided.status == Status.IMPLEMENTATION
    assert decided.awaiting == ""
    assert decided.next_review_on == timezone.localdate() + datetime.timedelta(days=180)
    assert decided.events.first().kind == CaseEvent.Kind.APPROVED


def test_a_returned_plan_stays_at_the_plan_step(
    case: Case, case_worker: User, supervisor: User
) -> None:
    case = _to_plan(case, case_worker)
    actions.case_request_approval(case=case, what=Approval.PLAN, acting_user=case_worker)
    returned = actions.case_decide(case=case, approve=False, acting_user=supervisor, note="Dopuni.")
    assert (returned.status, returned.awaiting) == (Status.PLAN, "")
    assert returned.events.first().note == "Dopuni."


def test_closing_needs_a_reason_and_the_supervisors_approval(
    case: Case, case_worker: User, supervisor: User
) -> None:
    with pytest.raises(ValidationError):
        actions.case_request_approval(case=case, what=Approval.CLOSURE, acting_user=case_worker)
    actions.case_request_approval(
        case=case,
        what=Approval.CLOSURE,
        closure_reason=ClosureReason.MOVED,
        note="Preselili se u Niš.",
        acting_user=case_worker,
    )
    case.refresh_from_db()
    assert case.status == Status.INTAKE
    with pytest.raises(PermissionDenied):
        actions.case_close(case=case, reason=ClosureReason.MOVED, acting_user=case_worker)
    closed = actions.case_decide(case=case, approve=True, acting_user=supervisor)
    assert closed.status == Status.CLOSED
    assert closed.closure_reason == ClosureReason.MOVED
    assert closed.closed_at is not None


def test_a_reopened_case_keeps_its_closure_in_the_history(
    case: Case, case_worker: User, supervisor: User
) -> None:
    actions.case_close(case=case, reason=ClosureReason.GOALS_MET, acting_user=supervisor)
    with pytest.raises(ValidationError):
        actions.case_reopen(case=case, note="  ", acting_user=case_worker)
    reopened = actions.case_reopen(case=case, note="Novi problem.", acting_user=case_worker)
    assert reopened.status == Status.INITIAL_ASSESSMENT
    kinds = list(reopened.events.values_list("kind", flat=True))
    assert kinds[:2] == [CaseEvent.Kind.REOPENED, CaseEvent.Kind.CLOSED]


def test_supervisor_assigns_only_casework_members_of_the_organisation(
    case: Case, supervisor: User, csw: Organisation, ngo_worker: User
) -> None:
    colleague = UserFactory(full_name="Ana Kolegić")
    MembershipFactory(user=colleague, organisation=csw, role=Role.CASE_WORKER)
    actions.case_assign(case=case, user=colleague, role="lead", acting_user=supervisor)
    roles = dict(
        case.assignments.filter(ended_at__isnull=True).values_list("user__full_name", "role")
    )
    assert roles == {"Ana Kolegić": "lead", "Jelena Petrović": "support"}
    with pytest.raises(ValidationError):
        actions.case_assign(case=case, user=ngo_worker, role="support", acting_user=supervisor)


def test_an_unassigned_worker_loses_the_case(
    case: Case, case_worker: User, supervisor: User
) -> None:
    assignment = case.assignments.get(user=case_worker)
    actions.case_unassign(assignment=assignment, acting_user=supervisor)
    assert not Case.objects.visible_to(case_worker).exists()
    with pytest.raises(PermissionDenied):
        _move(case, Status.INITIAL_ASSESSMENT, case_worker)


@pytest.mark.parametrize("persona", ["ngo_worker", "outsider", "org_admin"])
def test_others_cannot_move_the_case(case: Case, persona: str, request: Any) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        _move(case, Status.INITIAL_ASSESSMENT, user)
