"""How long a foreign victim of trafficking may stay, from ``data/residence.toml`` (the Law
on Foreigners, Arts. 62–63, cited there)."""

import datetime
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

_FILE = Path(__file__).parent / "data" / "residence.toml"


@dataclass(frozen=True)
class Entitlement:
    status: str
    days: int
    years: int
    source: str

    def until(self, start: datetime.date) -> datetime.date:
        """The last day of the stay that starts on ``start``."""
        if self.years:
            try:
                end = start.replace(year=start.year + self.years)
            except ValueError:  # 29 February
                end = start.replace(year=start.year + self.years, day=28)
            return end - datetime.timedelta(days=1) + datetime.timedelta(days=self.days)
        return start + datetime.timedelta(days=self.days - 1)


@functools.cache
def entitlements() -> dict[str, Entitlement]:
    with _FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return {
        status: Entitlement(
            status=status,
            days=values.get("days", 0),
            years=values.get("years", 0),
            source=values["source"],
        )
        for status, values in data.items()
    }


def is_foreigner(citizenships: list[str]) -> bool:
    """Without Serbian citizenship (and with a citizenship recorded)."""
    return bool(citizenships) and "RS" not in {c.upper() for c in citizenships}
