"""What a child's protection looks like now: the records, and what is late (the alerts).

The same summary feeds the case page's section, the child's page and the worker's overview;
it reads only what :func:`with_protection` prefetched, so a list of children costs a fixed
number of queries.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from putokaz.cases.models import Case, CaseType
from putokaz.protection import deadlines, guardianship
from putokaz.protection.models import (
    ApprovalStatus,
    BestInterestsDetermination,
    ChildIdentification,
    GuardianAppointment,
    Placement,
)


def with_protection(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` with what :func:`summary` reads, fetched in one query per kind of record."""
    return cases.select_related(
        "person", "household", "organisation", "child_identification"
    ).prefetch_related(
        Prefetch(
            "guardian_appointments",
            queryset=GuardianAppointment.objects.select_related("guardian_user"),
        ),
        "placements",
        "asylum_milestones",
        "best_interests_assessments",
        Prefetch(
            "best_interests_determinations",
            queryset=BestInterestsDetermination.objects.prefetch_related("members__organisation"),
        ),
    )


def child_cases(user: Any) -> QuerySet[Case]:
    """The open children's cases ``user`` works on (as assigned worker or supervisor)."""
    return with_protection(
        Case.objects.visible_to(user).open().filter(case_type=CaseType.UNACCOMPANIED_CHILD)
    )


@dataclass
class Summary:
    case: Case
    identification: ChildIdentification | None
    guardian: GuardianAppointment | None
    delay: guardianship.Delay | None
    placement: Placement | None
    schedule: list[deadlines.Step]
    alerts: list[str] = field(default_factory=list)


def _identification(case: Case) -> ChildIdentification | None:
    try:
        return case.child_identification
    except ChildIdentification.DoesNotExist:
        return None


def summary(case: Case, now: datetime.datetime | None = None) -> Summary:
    """The child's protection now, and every alert: what is overdue or missing."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    identification = _identification(case)
    appointments = sorted(case.guardian_appointments.all(), key=lambda a: (a.appointed_at, a.pk))
    guardian = next((a for a in appointments if a.ended_on is None), None)
    delay = guardianship.appointment_delay(
        identification, appointments[0] if appointments else None, now
    )
    placements = list(case.placements.all())
    placement = next((p for p in placements if p.is_current(today)), None)
    schedule = deadlines.asylum_schedule(
        identification.identified_at if identification else None,
        list(case.asylum_milestones.all()),
    )
    result = Summary(case, identification, guardian, delay, placement, schedule)
    alerts = result.alerts
    if identification is None:
        alerts.append(_("The child's identification is not recorded yet."))
    elif guardian is None:
        if delay is not None and delay.late and not delay.appointed:
            alerts.append(
                _("No temporary guardian %(time)s after identification (the limit is %(limit)s h).")
                % {"time": delay.text, "limit": round(delay.limit.hours)}
            )
        else:
            alerts.append(_("The child has no temporary guardian now."))
    if identification is not None and placement is None:
        alerts.append(_("No current placement is recorded."))
    for step in schedule:
        if step.is_overdue(now):
            alerts.append(
                _("Overdue: %(step)s (due %(due)s).")
                % {
                    "step": step.label,
                    "due": date_format(timezone.localtime(step.due), "SHORT_DATETIME_FORMAT"),
                }
            )
        if step.needs_guardian:
            alerts.append(_("The asylum interview took place without the guardian."))
    for determination in case.best_interests_determinations.all():
        if determination.is_review_late(today):
            alerts.append(
                _("The best-interests determination was due for review on %(date)s.")
                % {"date": date_format(determination.review_on, "SHORT_DATE_FORMAT")}
            )
            break
    waiting = [
        a for a in case.best_interests_assessments.all() if a.status == ApprovalStatus.SUBMITTED
    ]
    if waiting:
        alerts.append(_("A best-interests assessment waits for the supervisor's approval."))
    return result
