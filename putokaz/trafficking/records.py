"""What the trafficking pages show of a case: the current identification status with the
residence dates it gives a foreigner, and a screening's result explained."""

import datetime
from dataclasses import dataclass
from typing import Any

from putokaz.cases.models import Case
from putokaz.trafficking import indicators, residence
from putokaz.trafficking.models import Screening, StatusEvent, VictimStatus


def current_status(case: Case) -> StatusEvent | None:
    return StatusEvent.objects.filter(case=case).order_by("-recorded_at", "-pk").first()


@dataclass(frozen=True)
class Stay:
    """A foreigner's right to stay that a status gives: from, until, and the law."""

    status: StatusEvent
    until: datetime.date
    source: str


def stays(case: Case, events: list[StatusEvent]) -> list[Stay]:
    """The stays the presumed and identified decisions give, if the person is a foreigner
    (or, on a household's case, whatever the members' citizenship: it is shown as such)."""
    person = case.person
    if person is not None and not residence.is_foreigner(person.citizenships):
        return []
    rights = residence.entitlements()
    return [
        Stay(
            status=event,
            until=rights[event.status].until(event.decided_on),
            source=rights[event.status].source,
        )
        for event in events
        if event.status in (VictimStatus.PRESUMED, VictimStatus.IDENTIFIED)
        and event.status in rights
    ]


def assessment_of(screening: Screening) -> indicators.Assessment | None:
    """The screening's result explained with the data it was made with; None when the data
    is a later edition (the stored result is then shown as it was)."""
    data = indicators.load()
    if screening.version != data.version or screening.indicator_set not in data.sets:
        return None
    return indicators.assess(screening.indicator_set, screening.indicators, act=screening.act)


def clause_counts(clause: indicators.Clause) -> dict[str, Any]:
    return {level: clause.counts.get(level, 0) for level in indicators.LEVELS}


def rule_of(
    indicator_set: indicators.IndicatorSet,
) -> list[tuple[indicators.Requirement, list[str]]]:
    """The requirements of the rule for the list's age, each with the names of the
    dimensions that can meet it (none for the act)."""
    names = {d.id: d.name for d in indicator_set.dimensions}
    return [
        (requirement, [names[d] for d in requirement.any_of if d in names])
        for requirement in indicators.load().requirements[indicator_set.age]
    ]
