"""The indicators of the dashboard, counted by the database (GROUP BY), for a scope and a period.

Every function returns plain counts keyed by the values of the choices (case types, life
domains, ratings…), never a person or a case: suppression and labels come after, in
``putokaz/reports/dashboard.py``. The same SQL runs on SQLite and PostgreSQL.

A case *served* in a period was open at some moment of it: opened before its end and not
closed before its start. The people it serves are its person, or the members of its
household during the period.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connections, models
from django.db.models import Case as CaseWhen
from django.db.models import Count, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from putokaz.accounts.models import Organisation
from putokaz.cases.models import Assessment, Case, DomainRating, Rating
from putokaz.geo.models import Municipality
from putokaz.people.models import Household, Person
from putokaz.referrals.models import Outcome, Referral
from putokaz.referrals.models import Status as ReferralStatus
from putokaz.referrals.statistics import _quantiles as quantiles

AGE_GROUPS = ("0-5", "6-17", "18-59", "60+", "unknown")
# How heavy a need is, to tell whether it eased between two assessments.
NEED_WEIGHT = {
    Rating.NO_NEED: 0,
    Rating.MET: 0,
    Rating.PARTLY_MET: 1,
    Rating.UNMET: 2,
    Rating.URGENT: 3,
}
# A referral's status (and a completed one's outcome) as one of these, which add up to all.
REFERRAL_STAGES = (
    "waiting",
    "taken_up",
    "completed_met",
    "completed_partly",
    "completed_not_met",
    "completed_unrecorded",
    "declined",
    "ended",
)
_STAGE_OF_STATUS: dict[str, str] = {
    ReferralStatus.SENT: "waiting",
    ReferralStatus.ACKNOWLEDGED: "waiting",
    ReferralStatus.ACCEPTED: "taken_up",
    ReferralStatus.IN_PROGRESS: "taken_up",
    ReferralStatus.DECLINED: "declined",
    ReferralStatus.CANCELLED: "ended",
    ReferralStatus.WITHDRAWN: "ended",
}
_STAGE_OF_OUTCOME: dict[str, str] = {
    Outcome.MET: "completed_met",
    Outcome.PARTLY: "completed_partly",
    Outcome.NOT_MET: "completed_not_met",
}

type ScopeKind = Literal["network", "municipality", "organisation"]


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def since(self) -> datetime.datetime:
        """The first moment of the period (Belgrade time)."""
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def until(self) -> datetime.datetime:
        """The first moment after the period."""
        day = self.end + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    @property
    def reference_day(self) -> datetime.date:
        """The day ages are counted on: the period's end, or today if it ends later."""
        return min(self.end, timezone.localdate())


@dataclass(frozen=True)
class Scope:
    """Whose work a report counts: the whole network, a municipality's residents, or one
    organisation's cases and referrals."""

    kind: ScopeKind
    municipality: Municipality | None = None
    organisation: Organisation | None = None

    @property
    def key(self) -> str:
        if self.municipality is not None:
            return self.municipality.code
        if self.organisation is not None:
            return str(self.organisation.pk)
        return ""

    def places(self) -> list[int]:
        """The municipality and, for a city, its city municipalities."""
        place = self.municipality
        if place is None:
            return []
        if place.kind == Municipality.Kind.CITY:
            return [place.pk, *place.city_municipalities.values_list("pk", flat=True)]
        return [place.pk]

    def cases(self) -> "models.QuerySet[Case]":
        cases = Case.objects.all()
        if self.organisation is not None:
            return cases.filter(organisation=self.organisation)
        if self.municipality is not None:
            places = self.places()
            # Two id lists (index on each table's municipality), not an OR across two joins.
            return cases.filter(
                Q(person_id__in=Person.objects.filter(municipality_id__in=places).values("pk"))
                | Q(
                    household_id__in=Household.objects.filter(municipality_id__in=places).values(
                        "pk"
                    )
                )
            )
        return cases

    def referral_directions(self) -> list[tuple[str, "models.QuerySet[Referral]"]]:
        """The referrals counted, by direction: ``sent`` (from the scope's cases) and
        ``received`` (by the organisation, or by organisations working in the municipality);
        the whole network has ``all``."""
        referrals = Referral.objects.all()
        if self.organisation is not None:
            return [
                ("sent", referrals.filter(from_organisation=self.organisation)),
                ("received", referrals.filter(to_organisation=self.organisation)),
            ]
        if self.municipality is not None:
            working_here = Organisation.objects.filter(municipalities__in=self.places()).values(
                "pk"
            )
            return [
                ("sent", referrals.filter(case_id__in=self.cases().values("pk"))),
                ("received", referrals.filter(to_organisation_id__in=working_here)),
            ]
        return [("all", referrals)]


def served(scope: Scope, period: Period) -> "models.QuerySet[Case]":
    return (
        scope.cases()
        .filter(opened_at__lt=period.until)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=period.since))
    )


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_group(birth_date: str, day: datetime.date) -> CaseWhen:
    return CaseWhen(
        When(**{f"{birth_date}__isnull": True}, then=Value("unknown")),
        When(**{f"{birth_date}__gt": _years_before(day, 6)}, then=Value("0-5")),
        When(**{f"{birth_date}__gt": _years_before(day, 18)}, then=Value("6-17")),
        When(**{f"{birth_date}__gt": _years_before(day, 60)}, then=Value("18-59")),
        default=Value("60+"),
        output_field=models.CharField(),
    )


@dataclass
class PeopleServed:
    """People served per case type, by sex and by age group; families per case type."""

    by_sex: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_age: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    families: Counter[str] = field(default_factory=Counter)


def people_served(scope: Scope, period: Period) -> PeopleServed:
    """Distinct people per case type (a person with cases of two types counts in both)."""
    cases = served(scope, period).order_by()
    day = period.reference_day
    individual = (
        cases.filter(person__isnull=False)
        .annotate(
            k=F("case_type"),
            p=F("person_id"),
            s=F("person__sex"),
            a=_age_group("person__birth_date", day),
        )
        .values_list("k", "p", "s", "a")
    )
    family = (
        cases.filter(household__isnull=False)
        .filter(
            Q(household__members__joined_on__lte=period.end),
            Q(household__members__left_on__isnull=True)
            | Q(household__members__left_on__gte=period.start),
        )
        .annotate(
            k=F("case_type"),
            p=F("household__members__person_id"),
            s=F("household__members__person__sex"),
            a=_age_group("household__members__person__birth_date", day),
        )
        .values_list("k", "p", "s", "a")
    )
    pairs = individual.order_by().union(family.order_by()).order_by()  # UNION: once per type
    sql, params = pairs.query.sql_with_params()
    connection = connections[cases.db]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('k')}, {quote('s')}, {quote('a')}, COUNT(*) FROM ({sql}) u "  # noqa: S608 - Django's own compiled SQL, parameters apart
            f"GROUP BY {quote('k')}, {quote('s')}, {quote('a')}",
            params,
        )
        rows = cursor.fetchall()
    result = PeopleServed()
    for case_type, sex, age, count in rows:
        result.by_sex[case_type][sex] += count
        result.by_age[case_type][age] += count
    for row in (
        cases.filter(household__isnull=False)
        .values("case_type")
        .annotate(n=Count("household_id", distinct=True))
    ):
        result.families[row["case_type"]] = row["n"]
    return result


def case_flow(scope: Scope, period: Period) -> dict[str, dict[str, int]]:
    """Per case type: opened in the period, open at its end, closed in it."""
    since, until = period.since, period.until
    rows = (
        served(scope, period)
        .order_by()
        .values("case_type")
        .annotate(
            new=Count("pk", filter=Q(opened_at__gte=since)),
            open=Count("pk", filter=Q(closed_at__isnull=True) | Q(closed_at__gte=until)),
            closed=Count("pk", filter=Q(closed_at__gte=since, closed_at__lt=until)),
        )
    )
    return {
        row["case_type"]: {"new": row["new"], "open": row["open"], "closed": row["closed"]}
        for row in rows
    }


DEADLINE_COLUMNS = ("on_time", "late", "overdue", "pending")


def first_step_deadlines(scope: Scope, period: Period) -> dict[str, dict[str, int]]:
    """Cases opened in the period per urgency, by their first step against its statutory
    limit: taken in time, taken late, not taken and past the limit, not taken and still
    within it (at the period's end, or now)."""
    cutoff = min(period.until, timezone.now())
    rows: Any = (
        scope.cases()
        .filter(opened_at__gte=period.since, opened_at__lt=period.until)
        .order_by()
        .values("urgency")
        .annotate(
            on_time=Count("pk", filter=Q(first_step_done_at__lte=F("first_step_due"))),
            late=Count("pk", filter=Q(first_step_done_at__gt=F("first_step_due"))),
            overdue=Count(
                "pk", filter=Q(first_step_done_at__isnull=True, first_step_due__lt=cutoff)
            ),
            pending=Count(
                "pk", filter=Q(first_step_done_at__isnull=True, first_step_due__gte=cutoff)
            ),
        )
    )
    return {row["urgency"]: {key: row[key] for key in DEADLINE_COLUMNS} for row in rows}


def overdue_now(scope: Scope) -> int:
    """Open cases with a step, review or task past its date today."""
    return scope.cases().overdue().count()  # type: ignore[attr-defined]


@dataclass
class ReferralFigures:
    stages: Counter[str]
    hours_to_acknowledge: list[float]
    days_to_complete: list[float]

    @property
    def acknowledge(self) -> tuple[float | None, float | None]:
        return quantiles(self.hours_to_acknowledge)

    @property
    def complete(self) -> tuple[float | None, float | None]:
        return quantiles(self.days_to_complete)


def referrals(scope: Scope, period: Period) -> dict[str, ReferralFigures]:
    """Per direction: referrals sent in the period by stage (and outcome), and their
    response times (hours to acknowledge, days to complete), for median and 90th percentile."""
    result: dict[str, ReferralFigures] = {}
    for direction, referrals in scope.referral_directions():
        chosen = referrals.filter(sent_at__gte=period.since, sent_at__lt=period.until).order_by()
        stages: Counter[str] = Counter()
        for row in chosen.values("status", "outcome").annotate(n=Count("pk")):
            if row["status"] == ReferralStatus.COMPLETED:
                stage = _STAGE_OF_OUTCOME.get(row["outcome"], "completed_unrecorded")
            else:
                stage = _STAGE_OF_STATUS[row["status"]]
            stages[stage] += row["n"]
        # Percentiles are not portable SQL: the database gives the durations alone (no
        # referral, no person), the quantiles are taken here as on the referral statistics.
        times = chosen.filter(acknowledged_at__isnull=False).values_list(
            "sent_at", "acknowledged_at"
        )
        done = chosen.filter(
            status=ReferralStatus.COMPLETED, completed_at__isnull=False
        ).values_list("sent_at", "completed_at")
        result[direction] = ReferralFigures(
            stages=stages,
            hours_to_acknowledge=sorted(
                (b - a).total_seconds() / 3600 for a, b in times if a and b
            ),
            days_to_complete=sorted((b - a).total_seconds() / 86400 for a, b in done if a and b),
        )
    return result


def _latest_assessment(day: datetime.date, first: bool = False) -> Subquery:
    order = ("assessed_on", "pk") if first else ("-assessed_on", "-pk")
    return Subquery(
        Assessment.objects.filter(case_id=OuterRef("assessment__case_id"), assessed_on__lte=day)
        .order_by(*order)
        .values("pk")[:1]
    )


def _weight(rating: Any) -> CaseWhen:
    return CaseWhen(
        *(When(**{rating: value}, then=Value(weight)) for value, weight in NEED_WEIGHT.items()),
        default=Value(0),
        output_field=models.IntegerField(),
    )


def needs_at_latest(scope: Scope, period: Period) -> dict[str, Counter[str]]:
    """Per life domain, the ratings of the latest assessment (to the period's end) of each
    case served."""
    rows = (
        DomainRating.objects.filter(
            assessment__case_id__in=served(scope, period).values("pk"),
            assessment_id=_latest_assessment(period.end),
        )
        .order_by()
        .values("domain", "rating")
        .annotate(n=Count("pk"))
    )
    result: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        result[row["domain"]][row["rating"]] = row["n"]
    return result


CHANGE_COLUMNS = ("better", "same", "worse")


def needs_change(scope: Scope, period: Period) -> dict[str, Counter[str]]:
    """Per life domain, for the cases served with two assessments or more: did the need
    ease, stay or grow between the first assessment and the latest (to the period's end)?"""
    first_rating = Subquery(
        DomainRating.objects.filter(
            assessment_id=_latest_assessment(period.end, first=True),
            domain=OuterRef("domain"),
            assessment__case_id=OuterRef("assessment__case_id"),
        ).values("rating")[:1]
    )
    rows: Any = (
        DomainRating.objects.filter(
            assessment__case_id__in=served(scope, period).values("pk"),
            assessment_id=_latest_assessment(period.end),
        )
        .exclude(assessment_id=_latest_assessment(period.end, first=True))
        .annotate(first=first_rating)
        .filter(first__isnull=False)
        .annotate(before=_weight("first"), after=_weight("rating"))
        .order_by()
        .values("domain")
        .annotate(
            better=Count("pk", filter=Q(before__gt=F("after"))),
            same=Count("pk", filter=Q(before=F("after"))),
            worse=Count("pk", filter=Q(before__lt=F("after"))),
        )
    )
    return {row["domain"]: Counter({k: row[k] for k in CHANGE_COLUMNS}) for row in rows}
