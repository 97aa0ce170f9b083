"""The time limits of a child's protection, read from ``data/deadlines.toml`` with their source.

The guardian's appointment is measured from the identification; each asylum milestone is
due a time after the one before it (see ``after`` in the file). Limits in hours count
hours; limits in days end with the last day, Belgrade time (:func:`cases.deadlines.due_after`).
"""

import datetime
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

from putokaz.cases.deadlines import due_after
from putokaz.protection.models import MilestoneKind

_FILE = Path(__file__).parent / "data" / "deadlines.toml"


@dataclass(frozen=True)
class Limit:
    within_hours: int | None
    within_days: int | None
    source: str
    after: str = ""

    def due(self, start: datetime.datetime) -> datetime.datetime:
        return due_after(start, hours=self.within_hours, days=self.within_days)

    @property
    def hours(self) -> float:
        """The limit in hours (a day counts 24), for comparing a measured time with it."""
        return float(
            self.within_hours if self.within_hours is not None else 24 * (self.within_days or 0)
        )


@functools.cache
def _config() -> dict[str, Any]:
    with _FILE.open("rb") as file:
        return tomllib.load(file)


def _limit(entry: dict[str, Any]) -> Limit:
    return Limit(
        within_hours=entry.get("within_hours"),
        within_days=entry.get("within_days"),
        source=str(entry["source"]),
        after=str(entry.get("after", "")),
    )


def guardian_appointment() -> Limit:
    return _limit(_config()["guardian_appointment"])


def milestone(kind: str) -> Limit:
    return _limit(_config()["asylum"][kind])


@dataclass(frozen=True)
class Step:
    """One asylum milestone of a child: done, or when it is due (if its start is known)."""

    kind: str
    label: str
    limit: Limit
    done: Any  # the AsylumMilestone, or None
    due: datetime.datetime | None

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        return self.done is None and self.due is not None and self.due < (now or timezone.now())

    @property
    def done_late(self) -> bool:
        return self.done is not None and self.due is not None and self.done.happened_at > self.due

    @property
    def needs_guardian(self) -> bool:
        """The interview happened without the guardian: the law requires the guardian there."""
        return (
            self.kind == MilestoneKind.INTERVIEW
            and self.done is not None
            and not self.done.guardian_present
        )


def asylum_schedule(identified_at: datetime.datetime | None, milestones: list[Any]) -> list[Step]:
    """Every milestone in order, each due ``limit`` after the one it follows happened."""
    done = {m.kind: m for m in milestones}
    happened: dict[str, datetime.datetime | None] = {"identification": identified_at}
    steps = []
    for kind, label in MilestoneKind.choices:
        limit = milestone(kind)
        start = happened.get(limit.after)
        steps.append(
            Step(
                kind=kind,
                label=str(label),
                limit=limit,
                done=done.get(kind),
                due=limit.due(start) if start is not None else None,
            )
        )
        happened[kind] = done[kind].happened_at if kind in done else None
    return steps
