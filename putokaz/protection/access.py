"""Permission-checked fetches of a child's case and of its protection records.

A child's protection is part of the case: whoever may open the case (its organisation's
supervisors, the workers assigned to it, system administrators) sees it, nobody else.
"""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.access import get_case_for_user
from putokaz.cases.models import Case
from putokaz.protection.models import (
    BestInterestsAssessment,
    FamilyTracing,
    GuardianAppointment,
    Placement,
    is_child_case,
)


def get_child_case_for_user(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None
) -> Case:
    """The case of an unaccompanied or separated child if ``user`` may open it, else a 404.

    With ``request`` the reading of the child's protection record is logged."""
    case = get_case_for_user(user, public_id)
    if not is_child_case(case):
        raise Http404(_("This case is not about an unaccompanied or separated child."))
    if request is not None:
        log_access(
            actor=user, action=Action.VIEW, obj=case, purpose="child protection", request=request
        )
    return case


# The parts below belong to a case the caller already fetched with get_child_case_for_user.


def get_appointment(case: Case, pk: int) -> GuardianAppointment:
    appointment = GuardianAppointment.objects.filter(case=case, pk=pk).first()
    if appointment is None:
        raise Http404(_("No such appointment."))
    return appointment


def get_placement(case: Case, pk: int) -> Placement:
    placement = Placement.objects.filter(case=case, pk=pk).first()
    if placement is None:
        raise Http404(_("No such placement."))
    return placement


def get_assessment(case: Case, pk: int) -> BestInterestsAssessment:
    assessment = BestInterestsAssessment.objects.filter(case=case, pk=pk).first()
    if assessment is None:
        raise Http404(_("No such assessment."))
    return assessment


def get_tracing(case: Case, pk: int) -> FamilyTracing:
    tracing = FamilyTracing.objects.filter(case=case, pk=pk).first()
    if tracing is None:
        raise Http404(_("No such tracing request."))
    return tracing
