"""Urgency levels and their time limits, read from ``data/deadlines.toml`` with their legal source.

Working days skip weekends and Serbia's public holidays (the ``holidays`` package, which
knows the Orthodox Easter dates and the rule that a holiday on Sunday moves to Monday).
"""

import datetime
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

_FILE = Path(__file__).parent / "data" / "deadlines.toml"


@dataclass(frozen=True)
class Limit:
    first_step: str
    within_hours: int | None
    within_working_days: int | None
    source: str

    def due(self, start: datetime.datetime) -> datetime.datetime:
        """When the first step is due for a case opened at ``start`` (an aware datetime)."""
        return due_after(start, hours=self.within_hours, working_days=self.within_working_days)


def due_after(
    start: datetime.datetime,
    *,
    hours: int | None = None,
    working_days: int | None = None,
    days: int | None = None,
) -> datetime.datetime:
    """The end of a time limit that starts at ``start`` (aware): so many hours later, or the
    end of the day so many working days or calendar days later (Belgrade time)."""
    if hours is not None:
        return start + datetime.timedelta(hours=hours)
    local = start.astimezone(ZoneInfo(settings.TIME_ZONE))
    if working_days is not None:
        day = add_working_days(local.date(), working_days)
    else:
        day = local.date() + datetime.timedelta(days=days or 0)
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=local.tzinfo)


@functools.cache
def _config() -> dict[str, dict[str, object]]:
    with _FILE.open("rb") as file:
        return tomllib.load(file)


def limit_for(urgency: str) -> Limit:
    entry = _config()[urgency]
    return Limit(
        first_step=str(entry["first_step"]),
        within_hours=entry.get("within_hours"),  # type: ignore[arg-type]
        within_working_days=entry.get("within_working_days"),  # type: ignore[arg-type]
        source=str(entry["source"]),
    )


def review_interval() -> datetime.timedelta:
    return datetime.timedelta(days=int(_config()["review"]["within_days"]))  # type: ignore[call-overload]


def review_source() -> str:
    return str(_config()["review"]["source"])


@functools.cache
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("RS", years=year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime.date, count: int) -> datetime.date:
    """The ``count``-th working day after ``start``."""
    day = start
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
