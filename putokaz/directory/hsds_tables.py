"""HSDS 3.0 as tables: the objects, their columns and how they nest, read from the official
schemas in ``data/hsds/``.

HSDS has two forms of the same data: nested JSON (a service with its organisation,
locations and phones inside it) and the tabular form (one CSV file per object, linked by
ids, described by ``datapackage.json``). :class:`Dataset` holds the tabular form; a nested
document is flattened into it (:meth:`Dataset.add_document`), each object a row with its
parent's id filled in, and the same object met twice (a location of two services) one row.
The export writes its CSV files from it and the import reads both forms through it.
"""

import datetime
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_DIR = Path(__file__).parent / "data" / "hsds"
HSDS_VERSION = "3.0"
# What the compiled views (service-, organisation- and service_at_location-oriented) nest
# beyond the object schemas themselves.
_VIEW_CHILDREN = {
    "organization": {"services": "service"},
    "service_at_location": {"service": "service"},
}
# Links that are not "<parent>_id": attributes and metadata may belong to any object.
_LINK_COLUMNS = {
    "attribute": ("link_id", "link_entity"),
    "metadata": ("resource_id", "resource_type"),
}
_KIND_COLUMNS = {kind for _id, kind in _LINK_COLUMNS.values()}


@dataclass(frozen=True)
class Child:
    """An object nested in another: ``table`` under the property ``name``; a list if ``many``."""

    name: str
    table: str
    many: bool


@dataclass(frozen=True)
class Table:
    """One HSDS object: its CSV file, its columns in the official order, what it requires."""

    name: str
    path: str
    order: int
    description: str
    columns: dict[str, dict[str, Any]]
    required: tuple[str, ...]
    tabular_required: tuple[str, ...]
    children: dict[str, Child]

    def link_to(self, parent: str) -> str | None:
        """The column of this object that holds the id of a ``parent`` it is nested in."""
        if self.name in _LINK_COLUMNS:
            return _LINK_COLUMNS[self.name][0]
        column = f"{parent}_id"
        return column if column in self.columns else None


@functools.cache
def tables() -> dict[str, Table]:
    """Every HSDS object by name, in the order of the official datapackage."""
    found = []
    for file in sorted(SCHEMA_DIR.glob("*.json")):
        schema = json.loads(file.read_text(encoding="utf-8"))
        columns, children = {}, {}
        for name, prop in schema["properties"].items():
            reference = prop.get("$ref") or prop.get("items", {}).get("$ref")
            if reference:
                children[name] = Child(name, reference.removesuffix(".json"), "items" in prop)
            else:
                columns[name] = prop
        for name, table in _VIEW_CHILDREN.get(schema["name"], {}).items():
            children[name] = Child(name, table, name.endswith("s"))
        found.append(
            Table(
                name=schema["name"],
                path=schema["path"],
                order=schema["datapackage_metadata"]["order"],
                description=schema.get("description", ""),
                columns=columns,
                required=tuple(schema.get("required", [])),
                tabular_required=tuple(schema.get("tabular_required", [])),
                children=children,
            )
        )
    return {table.name: table for table in sorted(found, key=lambda t: t.order)}


def table_of_file(path: str) -> Table | None:
    return next((table for table in tables().values() if table.path == path), None)


# Records


@dataclass
class Row:
    """One object in the tabular form. ``where`` says where in the files it was found;
    ``unknown`` names properties HSDS does not define; ``problems`` are (column, error)."""

    table: str
    values: dict[str, Any]
    where: str
    unknown: list[str] = field(default_factory=list)
    problems: list[tuple[str, ValidationError]] = field(default_factory=list)
    clashing: set[str] = field(default_factory=set)
    given: set[str] = field(default_factory=set)  # the nested objects the JSON object lists

    @property
    def id(self) -> str:
        value = self.values.get("id")
        return str(value) if value not in (None, "") else ""


class Dataset:
    """Rows by object and id; :meth:`add` merges the same object met again."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Row]] = {name: {} for name in tables()}
        # In the tabular form, the objects whose CSV file was read (None for JSON).
        self.read_tables: set[str] | None = None
        self._without_id = 0

    def __iter__(self) -> Iterator[Row]:
        for rows in self.rows.values():
            yield from rows.values()

    def of(self, table: str) -> list[Row]:
        return list(self.rows[table].values())

    def get(self, table: str, id: Any) -> Row | None:
        return self.rows[table].get(str(id)) if id not in (None, "") else None

    def add(self, row: Row) -> Row:
        """Keep ``row``, or merge it into the row of the same object and id already kept:
        a value either gives is kept; two different values for one column are a problem."""
        key = row.id if isinstance(row.values.get("id"), str) else ""
        if not key:
            self._without_id += 1
            key = f"#{self._without_id}"
        kept = self.rows[row.table].get(key)
        if kept is None:
            self.rows[row.table][key] = row
            return row
        for column, value in row.values.items():
            if _empty(value):
                continue
            if _empty(kept.values.get(column)):
                kept.values[column] = value
            elif kept.values[column] != value and column not in kept.clashing:
                kept.clashing.add(column)  # said once, at the first other value
                kept.problems.append(
                    (
                        column,
                        ValidationError(
                            _("The same record at %(where)s has another value: %(value)s."),
                            params={"where": row.where, "value": _shown(value)},
                        ),
                    )
                )
        kept.unknown.extend(name for name in row.unknown if name not in kept.unknown)
        kept.given |= row.given
        kept.problems.extend(row.problems)
        return kept

    def add_document(
        self, table: str, document: Any, where: str, links: dict[str, Any] | None = None
    ) -> Row | None:
        """Flatten one nested HSDS object (and everything in it) into rows; ``links`` are
        the columns its parent fills in (its own id, for a phone of a service)."""
        if not isinstance(document, dict):
            problem = ValidationError(_("This is not an HSDS object (a JSON object)."))
            self.add(Row(table, {}, where, problems=[("", problem)]))
            return None
        spec = tables()[table]
        values = {name: document[name] for name in spec.columns if document.get(name) is not None}
        row = Row(table, values, where)
        row.unknown = [
            name for name in document if name not in spec.columns and name not in spec.children
        ]
        row.given = {name for name in spec.children if document.get(name) is not None}
        for column, value in (links or {}).items():
            if column in _KIND_COLUMNS:  # what the file says the parent is, if it says
                row.values.setdefault(column, value)
            else:
                _set_link(row, column, value)
        for name, child in spec.children.items():
            value = document.get(name)
            if value is None:
                continue
            if not child.many:
                kept = self.add_document(child.table, value, f"{where}.{name}")
                if kept is not None and f"{child.table}_id" in spec.columns:
                    _set_link(row, f"{child.table}_id", kept.values.get("id"))
                continue
            if not isinstance(value, list):
                row.problems.append((name, ValidationError(_("This must be a list."))))
                continue
            for index, item in enumerate(value):
                self.add_document(
                    child.table, item, f"{where}.{name}[{index}]", _links(child.table, table, row)
                )
        return self.add(row)


def _links(table: str, parent: str, parent_row: Row) -> dict[str, Any]:
    """The columns of a ``table`` object nested in ``parent_row`` that name its parent."""
    column = tables()[table].link_to(parent)
    if column is None or not parent_row.id:
        return {}
    links = {column: parent_row.values["id"]}
    if table in _LINK_COLUMNS:
        links[_LINK_COLUMNS[table][1]] = parent
    return links


def _set_link(row: Row, column: str, value: Any) -> None:
    """Fill ``column`` with the id of the record the file nests ``row`` in (or holds in it)."""
    given = row.values.get(column)
    if not _empty(given) and given != value:
        row.problems.append(
            (
                column,
                ValidationError(
                    _("%(column)s is %(given)s, but the file nests it with %(value)s."),
                    params={"column": column, "given": _shown(given), "value": _shown(value)},
                ),
            )
        )
    elif not _empty(value):
        row.values[column] = value


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


# Checks


_TYPE_NAMES = {
    "string": _("text"),
    "number": _("a number"),
    "integer": _("a whole number"),
    "boolean": _("true or false"),
    "array": _("a list"),
    "object": _("an object"),
}
_FORMAT_ERRORS = {
    "uuid": _("This is not a UUID (like 0f8fad5b-d9cb-469f-a165-70867728950e)."),
    "email": _("This is not an e-mail address."),
    "uri": _("This is not a web address (a URI such as https://example.org/)."),
    "date-time": _("This is not a date and time (ISO 8601, like 2024-05-16T10:30:00Z)."),
}


@functools.cache
def _validator(table: str, tabular: bool) -> Draft202012Validator:
    spec = tables()[table]
    schema = {
        "type": "object",
        "properties": spec.columns,
        "required": [*spec.required, *(spec.tabular_required if tabular else ())],
    }
    return Draft202012Validator(schema, format_checker=FormatChecker())


def check(row: Row, *, tabular: bool) -> list[tuple[str, ValidationError]]:
    """What is wrong with ``row`` by its object's schema (tabular: with the links the
    CSV form requires), as (column, translated error)."""
    found = []
    for error in _validator(row.table, tabular).iter_errors(row.values):
        if error.validator == "required":
            column = str(error.message).split("'")[1] if "'" in error.message else ""
            found.append((column, ValidationError(_("This field is required."))))
            continue
        column = str(error.absolute_path[0]) if error.absolute_path else ""
        if error.validator == "type":
            message = ValidationError(
                _("This must be %(type)s."),
                params={"type": _TYPE_NAMES.get(str(error.validator_value), error.validator_value)},
            )
        elif error.validator == "format" and error.validator_value in _FORMAT_ERRORS:
            message = ValidationError(_FORMAT_ERRORS[error.validator_value])
        elif error.validator == "enum":
            message = ValidationError(
                _("%(value)s is not one of: %(choices)s."),
                params={
                    "value": _shown(error.instance),
                    "choices": ", ".join(map(str, error.validator_value)),
                },
            )
        else:  # the schemas use no other keyword; should one come, its own words
            message = ValidationError(error.message)
        found.append((column, message))
    return found


def from_cell(table: str, column: str, cell: str) -> Any:
    """A CSV cell as the JSON value its column holds (a number for number columns); text
    that is not a number is kept, for :func:`check` to report. An empty cell is no value,
    except in a required text column, where it is the empty text (as ``""`` in JSON: an
    address's ``postal_code`` may be unknown)."""
    spec = tables()[table]
    prop = spec.columns.get(column, {})
    if cell == "":
        required = column in spec.required or column in spec.tabular_required
        plain_text = prop.get("type") == "string" and not prop.get("format")
        return "" if required and plain_text else None
    if prop.get("type") == "number":
        try:
            number = float(cell)
        except ValueError:
            return cell
        return int(number) if number.is_integer() and "." not in cell else number
    return cell


def to_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# The datapackage descriptor


def datapackage(*, language: str, created: datetime.datetime) -> dict[str, Any]:
    """The Tabular Data Package descriptor of HSDS 3.0 as the official tools compile it
    from the object schemas: one resource per object, its fields, primary and foreign keys."""
    resources = []
    for table in tables().values():
        required = {*table.required, *table.tabular_required}
        fields = []
        for name, prop in table.columns.items():
            described: dict[str, Any] = {
                "name": name,
                "type": prop.get("datapackage_type") or prop["type"],
                "title": prop.get("title", ""),
                "description": prop.get("description", ""),
            }
            if prop.get("format") and not prop.get("datapackage_type"):
                described["format"] = prop["format"]
            constraints: dict[str, Any] = {
                "required": name in required,
                "unique": bool(prop.get("constraints", {}).get("unique")),
            }
            if prop.get("enum"):
                constraints["enum"] = prop["enum"]
            described["constraints"] = constraints
            fields.append(described)
        schema: dict[str, Any] = {"primaryKey": "id", "fields": fields}
        foreign_keys = _foreign_keys(table)
        if foreign_keys:
            schema["foreignKeys"] = foreign_keys
        resources.append(
            {
                "name": table.name,
                "path": table.path,
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "human_services_data",
        "title": "Human Services Data Specification",
        "description": (
            "The published services of the Putokaz guide as Open Referral HSDS 3.0, "
            "in one language (see 'language')."
        ),
        "version": HSDS_VERSION,
        "homepage": "https://docs.openreferral.org",
        "language": language,
        "created": created.isoformat(),
        "resources": resources,
    }


def _foreign_keys(table: Table) -> list[dict[str, Any]]:
    """Links by "<object>_id" columns to the objects this one nests in or is nested in."""
    referenced = set()
    for child in table.children.values():
        if not child.many and f"{child.table}_id" in table.columns:
            referenced.add(child.table)
    for other in tables().values():
        for child in other.children.values():
            if child.many and child.table == table.name and f"{other.name}_id" in table.columns:
                referenced.add(other.name)
    return [
        {"fields": f"{name}_id", "reference": {"resource": name, "fields": "id"}}
        for name in sorted(referenced, key=lambda name: tables()[name].order)
    ]


# Findings


@dataclass(frozen=True)
class Finding:
    """Something to tell about one record: an error (nothing is imported) or a notice (what
    was not imported). ``column`` is empty when it is about the whole record."""

    table: str
    id: str
    column: str
    error: ValidationError
    where: str = ""

    @property
    def message(self) -> str:
        return " ".join(self.error.messages)

    @classmethod
    def about(cls, row: Row, column: str, error: ValidationError) -> "Finding":
        return cls(row.table, row.id, column, error, row.where)
