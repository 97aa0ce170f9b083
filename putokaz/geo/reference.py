"""Load the reference list of districts and municipalities shipped in data/municipalities.csv.

Migrations call :func:`load` with their historical models, so the list is in
every database after ``migrate``; running it again updates rows by code.
"""

import csv
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "municipalities.csv"


def read_rows() -> list[dict[str, str]]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(district_model: Any, municipality_model: Any) -> None:
    rows = read_rows()
    districts = {}
    for row in rows:
        if row["kind"] != "district":
            continue
        names = {
            "name": row["name_latn"],
            "name_sr_latn": row["name_latn"],
            "name_sr_cyrl": row["name_cyrl"],
        }
        districts[row["code"]], _created = district_model.objects.update_or_create(
            code=row["code"], defaults=names
        )
    municipalities: dict[str, Any] = {}
    # Cities and municipalities first, so city municipalities find their parent.
    ordered = sorted(
        (r for r in rows if r["kind"] != "district"), key=lambda r: bool(r["parent_code"])
    )
    for row in ordered:
        municipalities[row["code"]], _created = municipality_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name": row["name_latn"],
                "name_sr_latn": row["name_latn"],
                "name_sr_cyrl": row["name_cyrl"],
                "district": districts[row["district_code"]],
                "parent": municipalities.get(row["parent_code"]) if row["parent_code"] else None,
            },
        )
