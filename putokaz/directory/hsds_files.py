"""The published guide written out as Open Referral HSDS 3.0 files, in one language.

HSDS 3.0's canonical form is dereferenced JSON; it defines no file that packs many records,
and its compiled ``service_package`` schema is a JSON array of fully nested services. So a
directory gets one JSON array per object the HSDS API serves, each item exactly as the API
returns it (built by :mod:`putokaz.directory.hsds`), and, in ``csv/``, the same data as a
Tabular Data Package: ``datapackage.json`` and one CSV file per HSDS object, with the
columns of the official schemas (the form HSDS 3.0 still supports for exchange)::

    services.json              every published service, fully nested: the whole dataset
    organizations.json         their organisations, each with its services (one-to-one fields)
    service_at_locations.json  where each service is offered, with the location
    taxonomies.json            our two vocabularies: domains and target groups
    taxonomy_terms.json        their terms
    csv/datapackage.json       the descriptor: files, columns, keys
    csv/organizations.csv …    one file per HSDS object (header only where there are none)
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone, translation

from putokaz.accounts.models import Organisation
from putokaz.core import languages
from putokaz.directory import hsds
from putokaz.directory.hsds_tables import Dataset, datapackage, tables, to_cell
from putokaz.directory.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

CSV_FOLDER = "csv"
JSON_FILES = (
    "services.json",
    "organizations.json",
    "service_at_locations.json",
    "taxonomies.json",
    "taxonomy_terms.json",
)


@dataclass(frozen=True)
class ExportResult:
    services: int
    organisations: int
    locations: int
    files: list[Path]


def published_services() -> Any:
    return (
        Service.objects.published()
        .select_related("organisation")
        .prefetch_related(*hsds.SERVICE_PREFETCH)
        .order_by("name_sr_latn", "pk")
    )


def documents(language: str) -> dict[str, list[dict[str, Any]]]:
    """Each JSON file's records, in ``language``."""
    with translation.override(language):
        services = list(published_services())
        by_organisation: dict[int, list[Service]] = {}
        for service in services:
            by_organisation.setdefault(service.organisation_id, []).append(service)
        organisations = Organisation.objects.filter(pk__in=by_organisation).order_by(
            "name_sr_latn", "pk"
        )
        links = (
            ServiceAtLocation.objects.filter(service__in=[s.pk for s in services])
            .select_related(
                "location__municipality__district",
                "location__municipality__parent",
                "location__organisation",
            )
            .prefetch_related("location__phones")
            .order_by("service__name_sr_latn", "location__name_sr_latn", "pk")
        )
        terms = TaxonomyTerm.objects.select_related("taxonomy").order_by(
            "taxonomy__code", "position", "code"
        )
        return {
            "services.json": [hsds.service(service) for service in services],
            "organizations.json": [
                hsds.organization(organisation, services=by_organisation[organisation.pk])
                for organisation in organisations
            ],
            "service_at_locations.json": [hsds.service_at_location(link) for link in links],
            "taxonomies.json": [hsds.taxonomy(t) for t in Taxonomy.objects.order_by("code")],
            "taxonomy_terms.json": [hsds.taxonomy_term(term) for term in terms],
        }


# The object each JSON file holds.
_TABLE_OF_FILE = {
    "services.json": "service",
    "organizations.json": "organization",
    "service_at_locations.json": "service_at_location",
    "taxonomies.json": "taxonomy",
    "taxonomy_terms.json": "taxonomy_term",
}


def tabular(records: dict[str, list[dict[str, Any]]]) -> Dataset:
    """The records in the tabular form; the same object in two files is one row."""
    dataset = Dataset()
    for name, items in records.items():
        for index, item in enumerate(items):
            dataset.add_document(_TABLE_OF_FILE[name], item, f"{name}[{index}]")
    clashes = [row for row in dataset if row.problems]
    if clashes:  # the serialiser wrote one object two ways: a bug, not a file to publish
        raise RuntimeError(f"HSDS records disagree: {clashes[0].where} {clashes[0].problems}")
    return dataset


def export(directory: Path, *, language: str = languages.DEFAULT) -> ExportResult:
    """Write the published guide in ``language`` into ``directory`` (created if missing;
    our files in it are replaced, nothing else is touched)."""
    records = documents(language)
    dataset = tabular(records)
    folder = directory / CSV_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, items in records.items():
        written.append(_write_json(directory / name, items))
    for table in tables().values():
        path = folder / table.path
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.columns)
            for row in dataset.of(table.name):
                writer.writerow(to_cell(row.values.get(column)) for column in table.columns)
        written.append(path)
    descriptor = datapackage(language=languages.public_code(language), created=timezone.now())
    written.append(_write_json(folder / "datapackage.json", descriptor))
    return ExportResult(
        services=len(records["services.json"]),
        organisations=len(records["organizations.json"]),
        locations=len(dataset.of("location")),
        files=written,
    )


def _write_json(path: Path, content: Any) -> Path:
    path.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
