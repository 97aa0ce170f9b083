"""Read an Open Referral HSDS 3.0 dataset from files, in either of its forms.

- JSON: one object (``service_full.json``), a list of them (a "package", as
  ``hsds-export`` writes ``services.json``), or a page of the HSDS API (``{"contents": […]}``).
  Which object it holds comes from ``--type`` or else from the file's name
  (``services.json``, ``organization_full.json``, ``taxonomy_term_list.json`` …).
- The tabular form: a directory (or its ``datapackage.json``) with one CSV file per object,
  named as the HSDS descriptor names them (``services.csv``, ``phones.csv`` …).

Either way the result is a :class:`~putokaz.directory.hsds_tables.Dataset`, each record
checked against its object's schema, and the findings: errors where the files cannot be
read or a record is invalid, notices for what is read but not understood.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from putokaz.directory.hsds_tables import (
    Dataset,
    Finding,
    Row,
    check,
    from_cell,
    table_of_file,
    tables,
)

DESCRIPTOR = "datapackage.json"
# The objects a JSON file may hold, by a word in its name (the longest first).
_NAME_PREFIXES = (
    ("service_at_location", "service_at_location"),
    ("taxonomy_term", "taxonomy_term"),
    ("taxonom", "taxonomy"),
    ("service", "service"),
    ("organi", "organization"),
    ("location", "location"),
)
TOP_LEVEL_TABLES = tuple(dict.fromkeys(table for _prefix, table in _NAME_PREFIXES))


@dataclass
class Reading:
    dataset: Dataset
    tabular: bool
    errors: list[Finding] = field(default_factory=list)
    notices: list[Finding] = field(default_factory=list)


def _file_error(path: Path | str, error: ValidationError) -> Finding:
    return Finding("", "", "", error, str(path))


def read(path: Path, *, table: str | None = None) -> Reading:
    """The dataset in ``path``: a JSON file, a directory of CSV files, or its descriptor."""
    if path.is_dir() or path.name == DESCRIPTOR:
        reading = _read_tabular(path if path.is_dir() else path.parent)
    else:
        reading = _read_json(path, table)
    for row in reading.dataset:
        for column, error in [*row.problems, *check(row, tabular=reading.tabular)]:
            reading.errors.append(Finding.about(row, column, error))
        for name in row.unknown:
            reading.notices.append(
                Finding.about(row, name, ValidationError(_("HSDS has no such field: not kept.")))
            )
    return reading


def table_for_name(name: str) -> str | None:
    """The object a JSON file holds, going by its name (``services.json`` → service)."""
    stem = name.lower().rsplit(".", 1)[0]
    return next((table for prefix, table in _NAME_PREFIXES if prefix in stem), None)


def _read_json(path: Path, table: str | None) -> Reading:
    reading = Reading(Dataset(), tabular=False)
    table = table or table_for_name(path.name)
    if table is None:
        reading.errors.append(
            _file_error(
                path,
                ValidationError(
                    _(
                        "Cannot tell from the name of %(file)s which HSDS objects it holds: "
                        "say it with --type (%(types)s)."
                    ),
                    params={"file": path.name, "types": ", ".join(TOP_LEVEL_TABLES)},
                ),
            )
        )
        return reading
    try:
        content = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as error:
        reading.errors.append(_cannot_read(path, error))
        return reading
    except (UnicodeDecodeError, ValueError) as error:
        reading.errors.append(
            _file_error(
                path,
                ValidationError(
                    _("%(file)s is not JSON text: %(reason)s."),
                    params={"file": path.name, "reason": error},
                ),
            )
        )
        return reading
    if isinstance(content, dict) and isinstance(content.get("contents"), list):
        content = content["contents"]  # a page of the HSDS API
    items = content if isinstance(content, list) else [content]
    for index, item in enumerate(items):
        # Where in the file, as a JSONPath: "services.json $[3].phones[0]".
        where = f"{path.name} $[{index}]" if isinstance(content, list) else f"{path.name} $"
        reading.dataset.add_document(table, item, where)
    return reading


def _cannot_read(path: Path, error: OSError) -> Finding:
    return _file_error(
        path,
        ValidationError(
            _("Cannot read %(file)s: %(reason)s."),
            params={"file": path.name, "reason": error.strerror or error},
        ),
    )


def _read_tabular(directory: Path) -> Reading:
    reading = Reading(Dataset(), tabular=True)
    read: set[str] = set()
    for table, path in _resources(directory, reading):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as error:
            reading.errors.append(_cannot_read(path, error))
            continue
        except UnicodeDecodeError:
            reading.errors.append(
                _file_error(
                    path.name,
                    ValidationError(_("%(file)s is not UTF-8 text."), params={"file": path.name}),
                )
            )
            continue
        _read_csv(table, path.name, text, reading)
        read.add(table)
    reading.dataset.read_tables = read
    if not any(True for _row in reading.dataset) and not reading.errors:
        reading.errors.append(
            _file_error(
                directory,
                ValidationError(
                    _("%(directory)s holds no HSDS CSV files (services.csv, …)."),
                    params={"directory": directory},
                ),
            )
        )
    return reading


def _resources(directory: Path, reading: Reading) -> list[tuple[str, Path]]:
    """The CSV file of each object: as ``datapackage.json`` lists them, or else the files
    named as HSDS names them."""
    descriptor = directory / DESCRIPTOR
    listed: list[Any] | None = None
    if descriptor.is_file():
        try:
            content = json.loads(descriptor.read_text(encoding="utf-8-sig"))
            listed = content["resources"] if isinstance(content, dict) else None
        except (OSError, UnicodeDecodeError, ValueError, KeyError):
            listed = None
        if not isinstance(listed, list):
            listed = None
            reading.notices.append(
                _file_error(
                    descriptor.name,
                    ValidationError(
                        _(
                            "%(file)s is not a data package descriptor: the CSV files were "
                            "read by their HSDS names."
                        ),
                        params={"file": descriptor.name},
                    ),
                )
            )
    if listed is None:
        return [
            (table.name, directory / table.path)
            for table in tables().values()
            if (directory / table.path).is_file()
        ]
    found = []
    root = directory.resolve()
    for resource in listed:
        name = resource.get("name") if isinstance(resource, dict) else None
        relative = resource.get("path") if isinstance(resource, dict) else None
        table = tables().get(str(name)) or table_of_file(str(relative))
        if table is None or not isinstance(relative, str):
            reading.notices.append(
                _file_error(
                    descriptor.name,
                    ValidationError(
                        _("The resource %(name)s is not an HSDS object: not read."),
                        params={"name": name or relative},
                    ),
                )
            )
            continue
        path = (directory / relative).resolve()
        if root not in path.parents:  # a URL, or a path outside the package
            reading.errors.append(
                _file_error(
                    descriptor.name,
                    ValidationError(
                        _("Only files inside the package's directory are read, not %(path)s."),
                        params={"path": relative},
                    ),
                )
            )
        elif path.is_file():
            found.append((table.name, path))
    return found


def _read_csv(table: str, name: str, text: str, reading: Reading) -> None:
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip() for cell in next(rows, [])]
        columns = tables()[table].columns
        for column in header:
            if column and column not in columns:
                reading.notices.append(
                    _file_error(
                        name,
                        ValidationError(
                            _("HSDS has no column %(column)s in this file: not kept."),
                            params={"column": column},
                        ),
                    )
                )
        for number, cells in enumerate(rows, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            values = {
                column: value
                for column, cell in zip(header, cells, strict=False)
                if column in columns and (value := from_cell(table, column, cell)) is not None
            }
            reading.dataset.add(Row(table, values, f"{name}:{number}"))
    except csv.Error:
        reading.errors.append(
            _file_error(
                name,
                ValidationError(
                    _("%(file)s cannot be read as CSV after row %(row)d."),
                    params={"file": name, "row": rows.line_num},
                ),
            )
        )
