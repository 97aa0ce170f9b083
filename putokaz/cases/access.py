"""Permission-checked fetches of cases and their parts; page views are logged."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.models import (
    Case,
    CaseAccessGrant,
    CaseAssignment,
    CaseAttachment,
    CaseTask,
    Goal,
    PlanAction,
)
from putokaz.core.ids import parse_uuid


class SealedCaseError(Http404):
    """A sealed case of the user's own organisation that they are not named on.

    A 404 wherever it is not caught (the API, every write): the case page catches it and
    offers break-glass instead. ``case`` is for its number and address only, never shown
    otherwise.
    """

    def __init__(self, case: Case) -> None:
        super().__init__(_("This case is sealed."))
        self.case = case


def get_case_for_user(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None
) -> Case:
    """The case if ``user`` may open it (supervisor, assigned worker, system administrator;
    a sealed case only its named workers), else a 404: outsiders do not learn that it
    exists. A colleague of the organisation gets :class:`SealedCaseError` for a sealed case.
    With ``request`` the view is logged (as break-glass access while that is what lets
    ``user`` in)."""
    key = parse_uuid(public_id)
    if key is None:
        raise Http404(_("No such record."))
    case = (
        Case.objects.visible_to(user)
        .filter(public_id=key)
        .select_related("organisation", "person", "household", "opened_by")
        .first()
    )
    if case is None:
        sealed = Case.objects.sealed_beyond(user).filter(public_id=key).first()
        if sealed is not None:
            raise SealedCaseError(sealed)
        raise Http404(_("No such case."))
    if request is not None:
        purpose = "break-glass" if case.sealed and _by_break_glass_only(user, case) else ""
        log_access(actor=user, action=Action.VIEW, obj=case, purpose=purpose, request=request)
    return case


def _by_break_glass_only(user: Any, case: Case) -> bool:
    if case.assignments.filter(user=user, ended_at__isnull=True).exists():
        return False
    grants = CaseAccessGrant.objects.current().filter(case=case, user=user)
    return not grants.filter(kind=CaseAccessGrant.Kind.NAMED).exists()


def get_sealed_case_for_colleague(user: Any, public_id: UUID | str) -> Case:
    """A sealed case of ``user``'s organisation that they may not open yet (for the
    break-glass prompt), else a 404."""
    key = parse_uuid(public_id)
    case = (
        Case.objects.sealed_beyond(user)
        .filter(public_id=key)
        .select_related("organisation")
        .first()
        if key is not None
        else None
    )
    if case is None:
        raise Http404(_("No such case."))
    return case


def get_access_grant(case: Case, pk: int) -> CaseAccessGrant:
    """A named worker's grant on ``case`` that is still in force."""
    grant = (
        CaseAccessGrant.objects.current()
        .filter(case=case, pk=pk, kind=CaseAccessGrant.Kind.NAMED)
        .select_related("case", "user")
        .first()
    )
    if grant is None:
        raise Http404(_("No such worker on this case."))
    return grant


# The parts below belong to a case the caller already fetched with get_case_for_user.


def get_task(case: Case, pk: int) -> CaseTask:
    task = CaseTask.objects.filter(case=case, pk=pk).select_related("case").first()
    if task is None:
        raise Http404(_("No such task."))
    return task


def get_assignment(case: Case, pk: int) -> CaseAssignment:
    assignment = (
        CaseAssignment.objects.filter(case=case, pk=pk, ended_at__isnull=True)
        .select_related("case", "user")
        .first()
    )
    if assignment is None:
        raise Http404(_("No such assignment."))
    return assignment


def get_goal(case: Case, pk: int) -> Goal:
    goal = Goal.objects.filter(case=case, pk=pk).first()
    if goal is None:
        raise Http404(_("No such goal."))
    return goal


def get_plan_action(case: Case, pk: int) -> PlanAction:
    action = PlanAction.objects.filter(goal__case=case, pk=pk).select_related("goal").first()
    if action is None:
        raise Http404(_("No such action."))
    return action


def get_attachment_for_user(
    user: Any, case: Case, pk: int, *, request: HttpRequest | None = None
) -> CaseAttachment:
    """An attachment of ``case`` that ``user`` may read (a confidential one only in its own
    organisation), not removed; else a 404. With ``request`` its download is logged."""
    attachment = (
        CaseAttachment.objects.filter(case=case, pk=pk)
        .present()
        .readable_by(user)
        .select_related("case")
        .first()
    )
    if attachment is None:
        raise Http404(_("No such document."))
    if request is not None:
        log_access(
            actor=user,
            action=Action.EXPORT,
            obj=attachment,
            purpose="attachment downloaded",
            request=request,
        )
    return attachment
