"""Permission-checked fetches of cases and their parts; page views are logged."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.models import (
    Case,
    CaseAssignment,
    CaseAttachment,
    CaseTask,
    Goal,
    PlanAction,
)
from putokaz.core.ids import parse_uuid


def get_case_for_user(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None
) -> Case:
    """The case if ``user`` may open it (supervisor, assigned worker, system administrator),
    else a 404: outsiders do not learn that it exists. With ``request`` the view is logged."""
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
        raise Http404(_("No such case."))
    if request is not None:
        log_access(actor=user, action=Action.VIEW, obj=case, request=request)
    return case


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
