"""The indicators of the specialised work, for a scope and a period: unaccompanied and
separated children and the time to their temporary guardian, trafficking screenings and
the identification status, and the reach of the trainings.

Like ``indicators.py``, every function returns counts (and durations without anyone's
identity), never a person; suppression and labels come after, in ``dashboard.py``. The
guardian's time limit is the protection module's (``protection/data/deadlines.toml``) and
the training figures are the trainings' own report (``trainings/reports.py``).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.utils import timezone

from putokaz.protection import deadlines
from putokaz.protection.guardianship import Delay
from putokaz.protection.models import AgeOutcome, ChildIdentification
from putokaz.reports.indicators import Period, Scope, _age_group
from putokaz.trafficking.models import Screening, StatusEvent, VictimStatus
from putokaz.trainings.models import Event
from putokaz.trainings.reports import Criteria, Report, training_report

# A child's age when identified: the groups that matter for a child's rights and placement.
CHILD_AGE_GROUPS = ("0-13", "14-15", "16-17", "18+", "unknown")
# A child identified in the period by the first guardian's appointment against its limit.
GUARDIAN_COLUMNS = ("in_time", "late", "overdue", "pending")
# People screened (by the result) and people who reached a status, in the period.
TRAFFICKING_ROWS = (
    "screened_possible",
    "screened_not_possible",
    VictimStatus.REFERRED.value,
    VictimStatus.PRESUMED.value,
    VictimStatus.IDENTIFIED.value,
    VictimStatus.NOT_IDENTIFIED.value,
)
UNKNOWN = "unknown"


def _years_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def child_age_group(
    born: datetime.date | None, assessed_age: int | None, day: datetime.date
) -> str:
    """The group of the child's age on ``day``: from the date of birth, else from the age
    assessment's years; ``unknown`` without either."""
    years = _years_on(born, day) if born is not None else assessed_age
    if years is None:
        return UNKNOWN
    if years < 14:
        return "0-13"
    if years < 16:
        return "14-15"
    if years < 18:
        return "16-17"
    return "18+"


@dataclass
class ChildFigures:
    """Per separation (unaccompanied, separated): children identified in the period by sex,
    by age group when identified, by the guardian's appointment against its time limit;
    and the hours from identification to the first appointment of those appointed."""

    limit: deadlines.Limit
    by_sex: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_age: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    guardian: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    hours: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def children(scope: Scope, period: Period) -> ChildFigures:
    """Children identified in the period on the scope's cases, except those the age
    assessment found to be adults. An appointment counts whenever it was made; one not made
    is measured at the period's end (or now, if that is later)."""
    limit = deadlines.guardian_appointment()
    cutoff = min(period.until, timezone.now())
    rows = (
        ChildIdentification.objects.filter(
            case_id__in=scope.cases().values("pk"),
            identified_at__gte=period.since,
            identified_at__lt=period.until,
        )
        .exclude(age_outcome=AgeOutcome.ADULT)
        .order_by()
        .annotate(first=Min("case__guardian_appointments__appointed_at"))
        .values_list(
            "separation",
            "case__person__sex",
            "case__person__birth_date",
            "assessed_age",
            "identified_at",
            "first",
        )
    )
    result = ChildFigures(limit=limit)
    for separation, sex, born, assessed_age, identified_at, first in rows:
        day = timezone.localtime(identified_at).date()
        result.by_sex[separation][sex or UNKNOWN] += 1
        result.by_age[separation][child_age_group(born, assessed_age, day)] += 1
        if first is not None:
            hours = max(0.0, (first - identified_at).total_seconds() / 3600)
            late = Delay(hours=hours, limit=limit, appointed=True).late
            result.guardian[separation]["late" if late else "in_time"] += 1
            result.hours[separation].append(hours)
        elif limit.due(identified_at) < cutoff:
            result.guardian[separation]["overdue"] += 1
        else:
            result.guardian[separation]["pending"] += 1
    for hours in result.hours.values():
        hours.sort()
    return result


@dataclass
class TraffickingFigures:
    """Per row of ``TRAFFICKING_ROWS``: people by sex and by age group (at the period's end)."""

    by_sex: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_age: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))


def trafficking(scope: Scope, period: Period) -> TraffickingFigures:
    """People screened in the period, by whether a screening found them a possible victim;
    people referred for formal identification, and decided presumed, identified or not
    identified, in the period (by the date of the referral or decision). A person counts
    once per case and row."""
    day = period.reference_day
    in_period = Q(screened_on__gte=period.start, screened_on__lte=period.end)
    screened = Screening.objects.filter(in_period, case_id=OuterRef("pk"))
    result = TraffickingFigures()
    rows = (
        scope.cases()
        .annotate(screened=Exists(screened), positive=Exists(screened.filter(possible_victim=True)))
        .filter(screened=True)
        .order_by()
        .annotate(s=F("person__sex"), a=_age_group("person__birth_date", day))
        .values("s", "a", "positive")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        key = "screened_possible" if row["positive"] else "screened_not_possible"
        result.by_sex[key][row["s"] or UNKNOWN] += row["n"]
        result.by_age[key][row["a"]] += row["n"]
    statuses = (
        StatusEvent.objects.filter(
            case_id__in=scope.cases().values("pk"),
            decided_on__gte=period.start,
            decided_on__lte=period.end,
            status__in=TRAFFICKING_ROWS,
        )
        .order_by()
        .annotate(s=F("case__person__sex"), a=_age_group("case__person__birth_date", day))
        .values("status", "s", "a")
        .annotate(n=Count("case_id", distinct=True))
    )
    for reached in statuses:
        result.by_sex[reached["status"]][reached["s"] or UNKNOWN] += reached["n"]
        result.by_age[reached["status"]][reached["a"]] += reached["n"]
    return result


def training_reach(scope: Scope, period: Period) -> Report:
    """The trainings' report for the scope: events held (started) in the period to today —
    an organisation's as organiser; for a municipality, those with participants who work
    there, and only those participants."""
    criteria = Criteria(
        start=period.start,
        end=min(period.end, timezone.localdate()),
        organiser=scope.organisation,
        municipalities=tuple(scope.places()),
    )
    return training_report(Event.objects.all(), criteria)
