"""Expected response times of referrals by urgency, read from ``data/response_times.toml``."""

import datetime
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext, gettext_noop

from putokaz.cases.deadlines import due_after

_FILE = Path(__file__).parent / "data" / "response_times.toml"
# The sources the shipped file names, so that they are shown in the reader's language (a
# source written into the file by a network is shown as written).
KNOWN_SOURCES = [
    gettext_noop("Putokaz default, to be set in the network's cooperation protocol"),
]


@dataclass(frozen=True)
class ResponseTime:
    acknowledge_within_hours: int | None
    acknowledge_within_working_days: int | None
    complete_within_days: int
    source: str

    @property
    def source_display(self) -> str:
        return gettext(self.source)

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
