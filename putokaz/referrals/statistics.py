"""How an organisation answers the referrals it receives: counts, acceptance, response times
and outcomes, per service and in all — aggregates only, no person in them."""

import datetime
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from putokaz.accounts.models import Organisation
from putokaz.referrals.models import Outcome, Referral, Status

DECIDED = (Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED, Status.DECLINED)
TAKEN_UP = (Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED)


def _quantiles(values: list[float]) -> tuple[float | None, float | None]:
    """Median and 90th percentile (inclusive method), or None without data."""
    if not values:
        return None, None
    if len(values) == 1:
        return values[0], values[0]
    deciles = statistics.quantiles(values, n=10, method="inclusive")
    return statistics.median(values), deciles[8]


@dataclass
class Row:
    label: str
    received: int = 0
    accepted: int = 0
    declined: int = 0
    completed: int = 0
    open: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    hours_to_acknowledge: list[float] = field(default_factory=list)
    days_to_complete: list[float] = field(default_factory=list)

    @property
    def acceptance_rate(self) -> float | None:
        decided = self.accepted + self.declined
        return self.accepted / decided if decided else None

    @property
    def acknowledge(self) -> tuple[float | None, float | None]:
        return _quantiles(self.hours_to_acknowledge)

    @property
    def complete(self) -> tuple[float | None, float | None]:
        return _quantiles(self.days_to_complete)

    def outcome_counts(self) -> list[tuple[str, int]]:
        return [(str(label), self.outcomes.get(value, 0)) for value, label in Outcome.choices]

    def add(self, referral: Referral) -> None:
        self.received += 1
        if referral.status in TAKEN_UP:
            self.accepted += 1
        elif referral.status == Status.DECLINED:
            self.declined += 1
        if referral.status == Status.COMPLETED:
            self.completed += 1
            self.outcomes[referral.outcome] = self.outcomes.get(referral.outcome, 0) + 1
            if referral.completed_at:
                self.days_to_complete.append(
                    (referral.completed_at - referral.sent_at).total_seconds() / 86400
                )
        if referral.is_open:
            self.open += 1
        if referral.acknowledged_at:
            self.hours_to_acknowledge.append(
                (referral.acknowledged_at - referral.sent_at).total_seconds() / 3600
            )


@dataclass
class Statistics:
    organisation: Organisation
    start: datetime.date
    end: datetime.date
    total: Row
    services: list[Row]


def received_statistics(
    organisation: Organisation, start: datetime.date, end: datetime.date
) -> Statistics:
    """Referrals ``organisation`` received from ``start`` to ``end`` (inclusive, Belgrade time)."""
    zone = timezone.get_current_timezone()
    referrals: Iterable[Referral] = (
        Referral.objects.filter(
            to_organisation=organisation,
            sent_at__gte=datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
            sent_at__lt=datetime.datetime.combine(
                end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
            ),
        )
        .select_related("to_service")
        .only(
            "status",
            "outcome",
            "sent_at",
            "acknowledged_at",
            "completed_at",
            "to_service__name",
            "to_service_id",
        )
    )
    total = Row(label="")
    services: dict[object, Row] = {}
    for referral in referrals:
        total.add(referral)
        key = referral.to_service_id
        label = referral.to_service.name if referral.to_service else ""
        services.setdefault(key, Row(label=label)).add(referral)
    rows = sorted(services.values(), key=lambda row: (row.label == "", row.label))
    return Statistics(organisation=organisation, start=start, end=end, total=total, services=rows)
