"""Expected response times of referrals by urgency, read from ``data/response_times.toml``."""

import datetime
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from putokaz.cases.deadlines import due_after

_FILE = Path(__file__).parent / "data" / "response_times.toml"


@dataclass(frozen=True)
class ResponseTime:
    acknowledge_within_hours: int | None
    acknowledge_within_working_days: int | None
    complete_within_days: int
    source: str

    def acknowledge_due(self, sent_at: datetime.datetime) -> datetime.datetime:
        return due_after(
            sent_at,
            hours=self.acknowledge_within_hours,
            working_days=self.acknowledge_within_working_days,
        )

    def complete_due(self, sent_at: datetime.datetime) -> datetime.datetime:
        return due_after(sent_at, days=self.complete_within_days)


@functools.cache
def _config() -> dict[str, dict[str, object]]:
    with _FILE.open("rb") as file:
        return tomllib.load(file)


def response_time_for(urgency: str) -> ResponseTime:
    entry = _config()[urgency]
    return ResponseTime(
        acknowledge_within_hours=entry.get("acknowledge_within_hours"),  # type: ignore[arg-type]
        acknowledge_within_working_days=entry.get("acknowledge_within_working_days"),  # type: ignore[arg-type]
        complete_within_days=int(entry["complete_within_days"]),  # type: ignore[call-overload]
        source=str(entry["source"]),
    )
