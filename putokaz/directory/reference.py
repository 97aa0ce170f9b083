"""Load our taxonomy (service domains and target groups) from data/taxonomy.csv.

Terms keep stable UUIDs (uuid5 of the code), so HSDS consumers can rely on them.
Migrations call :func:`load` with their historical models; running it again
updates rows by code.
"""

import csv
import uuid
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).parent / "data" / "taxonomy.csv"
TAXONOMY_NAMESPACE = uuid.UUID("6f1b8a52-5d0e-4d0b-9a51-70757f6b617a")
LANGUAGES = ["sr_latn", "en", "de", "sq", "rom"]
TAXONOMIES = {
    "domains": {
        "name_sr_latn": "Oblasti usluga",
        "name_en": "Service domains",
        "description_sr_latn": "Oblasti u kojima se pružaju usluge u vodiču Putokaz.",
        "description_en": "The domains of the services in the Putokaz guide.",
        "name_de": "Leistungsbereiche",
        "name_sq": "Fushat e shërbimeve",
        "name_rom": "Oblastura e uslugengere",
        "description_de": "Die Bereiche, in denen im Wegweiser Putokaz Dienste angeboten werden.",
        "description_sq": "Fushat në të cilat ofrohen shërbimet në udhëzuesin Putokaz.",
        "description_rom": "Oblastura ande save den pe usluge ando vodič Putokaz.",
    },
    "target-groups": {
        "name_sr_latn": "Ciljne grupe",
        "name_en": "Target groups",
        "description_sr_latn": "Grupe ljudi kojima je usluga namenjena.",
        "description_en": "The groups of people a service is meant for.",
        "name_de": "Zielgruppen",
        "name_sq": "Grupet e synuara",
        "name_rom": "Ciljno grupe",
        "description_de": "Die Personengruppen, für die ein Dienst bestimmt ist.",
        "description_sq": "Grupet e njerëzve për të cilët është menduar shërbimi.",
        "description_rom": "E grupe manušengere kaste si namenjimi i usluga.",
    },
}


def term_uuid(code: str) -> uuid.UUID:
    return uuid.uuid5(TAXONOMY_NAMESPACE, code)


def read_rows() -> list[dict[str, str]]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _translations(row: dict[str, str], field: str) -> dict[str, str]:
    values = {
        f"{field}_{lang}": row[f"{field}_{lang}"]
        for lang in LANGUAGES
        if row.get(f"{field}_{lang}")
    }
    values[field] = row[f"{field}_sr_latn"]
    return values


def load(taxonomy_model: Any, term_model: Any) -> None:
    taxonomies = {}
    for code, texts in TAXONOMIES.items():
        taxonomies[code], _created = taxonomy_model.objects.update_or_create(
            code=code,
            defaults={
                "id": term_uuid(f"taxonomy:{code}"),
                "name": texts["name_sr_latn"],
                "description": texts["description_sr_latn"],
                **texts,
            },
        )
    terms: dict[str, Any] = {}
    for row in sorted(read_rows(), key=lambda r: bool(r["parent"])):
        terms[row["code"]], _created = term_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "id": term_uuid(row["code"]),
                "taxonomy": taxonomies[row["taxonomy"]],
                "parent": terms[row["parent"]] if row["parent"] else None,
                "position": int(row["position"]),
                "open_eligibility": row["open_eligibility"],
                **_translations(row, "name"),
                **_translations(row, "description"),
            },
        )
