"""`putokaz hsds-export`: the published guide as HSDS 3.0 JSON and CSV, valid by the official
schemas, and read back by `putokaz hsds-import` into the same services."""

import csv
import functools
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from jsonschema import Draft202012Validator, FormatChecker

from putokaz.accounts.models import Organisation, User
from putokaz.directory.models import Location, Service
from putokaz.directory.tests.hsds_data import Guide, make_guide
from putokaz.directory.tests.test_hsds_api import SCHEMAS, assert_valid

pytestmark = pytest.mark.django_db
JSON_SCHEMAS = {
    "services.json": "service",
    "organizations.json": "organization",
    "service_at_locations.json": "service_at_location",
    "taxonomies.json": "taxonomy",
    "taxonomy_terms.json": "taxonomy_term",
}


@pytest.fixture
def guide() -> Guide:
    return make_guide()


def export(directory: Path, lang: str = "sr-Latn") -> dict[str, Any]:
    call_command("hsds_export", output=str(directory), lang=lang, stdout=io.StringIO())
    return {name: json.loads((directory / name).read_text()) for name in JSON_SCHEMAS}


@functools.cache
def tabular() -> dict[str, Any]:
    """The official compiled tabular form: each object's file, columns and required ones."""
    schema = json.loads((SCHEMAS / "tabular.json").read_text())
    return {name: prop["items"] for name, prop in schema["properties"].items()}


def columns_of(table: dict[str, Any]) -> list[str]:
    return [name for name, prop in table["properties"].items() if prop.get("type") != "array"]


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.mark.parametrize("lang", ["sr-Latn", "sr-Cyrl", "rom", "sq", "de", "en"])
def test_every_json_file_validates_strictly_and_holds_only_published_services(
    tmp_path: Path, guide: Guide, lang: str
) -> None:
    files = export(tmp_path, lang)
    for name, schema in JSON_SCHEMAS.items():
        assert isinstance(files[name], list)
        for item in files[name]:
            assert_valid(schema, item)
    services = {s["id"] for s in files["services.json"]}
    assert services == {str(guide.legal_aid.pk), str(guide.health.pk)}
    assert {s["id"] for o in files["organizations.json"] for s in o["services"]} == services
    assert len(files["service_at_locations.json"]) == 2
    assert len(files["taxonomy_terms.json"]) == 30


def test_the_export_is_written_in_the_chosen_language(tmp_path: Path, guide: Guide) -> None:
    english = export(tmp_path / "en", "en")["services.json"]
    cyrillic = export(tmp_path / "cyrl", "sr-Cyrl")["services.json"]
    by_id = {s["id"]: s for s in english}
    legal_aid = by_id[str(guide.legal_aid.pk)]
    assert legal_aid["name"] == "Free legal aid with documents"
    assert legal_aid["required_documents"][0]["document"] == "Identity card"
    # Not translated into English: the Serbian text.
    assert legal_aid["required_documents"][1]["document"] == "Izvod iz matične knjige rođenih"
    assert {s["name"] for s in cyrillic} >= {"Бесплатна правна помоћ за документа"}
    areas = next(s for s in cyrillic if s["id"] == str(guide.legal_aid.pk))["service_areas"]
    assert {a["name"] for a in areas} == {"Земун", "Врање"}


def test_the_csv_package_follows_the_official_tabular_form(tmp_path: Path, guide: Guide) -> None:
    export(tmp_path)
    folder = tmp_path / "csv"
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["language"] == "sr-Latn"
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    assert set(resources) == set(tabular())
    ids: dict[str, set[str]] = {}
    rows_of: dict[str, list[dict[str, str]]] = {}
    for name, table in tabular().items():
        resource = resources[name]
        assert resource["path"] == table["path"]
        required = {*table.get("required", []), *table.get("tabular_required", [])}
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == columns_of(table)
        assert {f["name"] for f in fields if f["constraints"]["required"]} == required
        header, rows = read_csv(folder / table["path"])
        assert header == columns_of(table)
        validator = Draft202012Validator(
            {**table, "required": sorted(required)}, format_checker=FormatChecker()
        )
        for row in rows:
            record = _typed(table, row)
            errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(record)]
            assert not errors, (name, row["id"], errors)
        ids[name] = {row["id"] for row in rows}
        rows_of[name] = rows
    # Every link names a row of the file it points into.
    for name, resource in resources.items():
        for key in resource["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"]
            for row in rows_of[name]:
                if row[key["fields"]]:
                    assert row[key["fields"]] in ids[target], (name, key["fields"])
    assert len(rows_of["service"]) == 2
    assert len(rows_of["schedule"]) == 3
    assert len(rows_of["location"]) == 2
    assert len(rows_of["phone"]) == 2
    assert len(rows_of["attribute"]) == 2
    assert len(rows_of["service_area"]) == 4
    vranje = next(row for row in rows_of["address"] if row["postal_code"] == "17000")
    assert (vranje["city"], vranje["region"]) == ("Vranje", "Vranje")


def _typed(table: dict[str, Any], row: dict[str, str]) -> dict[str, Any]:
    """A CSV row as the JSON object it stands for: numbers as numbers, empty cells absent."""
    record: dict[str, Any] = {}
    for name, cell in row.items():
        if cell == "":
            continue
        if table["properties"][name].get("type") == "number":
            record[name] = float(cell)
        else:
            record[name] = cell
    return record


def _empty_directory() -> None:
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.filter(memberships__isnull=True).delete()


@pytest.mark.parametrize(
    ("lang", "source"),
    [("sr-Latn", "services.json"), ("sr-Cyrl", "services.json"), ("sr-Latn", "csv")],
)
def test_export_then_import_into_an_empty_directory_gives_the_same_services(
    tmp_path: Path, guide: Guide, system_admin: User, lang: str, source: str
) -> None:
    before = export(tmp_path / "before", lang)
    _empty_directory()
    call_command(
        "hsds_import",
        str(tmp_path / "before" / source),
        user=system_admin.email,
        lang=lang,
        publish=True,
        stdout=io.StringIO(),
    )
    after = export(tmp_path / "after", lang)
    assert after == before
    legal_aid = Service.objects.get(pk=guide.legal_aid.pk)
    assert legal_aid.name_sr_latn == "Besplatna pravna pomoć za dokumenta"
    assert legal_aid.organisation.kind == Organisation.Kind.CIVIL
    assert legal_aid.locations.get(postal_code="17000").municipality.code == "70432"
    assert set(legal_aid.service_areas.values_list("code", flat=True)) == {
        "70157",
        "79057",
        "70432",
    }


def test_export_refuses_a_bad_language_and_a_file_as_directory(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="xx"):
        call_command("hsds_export", output=str(tmp_path), lang="xx")
    target = tmp_path / "file"
    target.write_text("")
    with pytest.raises(CommandError, match="file"):
        call_command("hsds_export", output=str(target), lang="en")
