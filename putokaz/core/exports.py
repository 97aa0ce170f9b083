"""Tables of figures as downloads: CSV and XLSX, one piece of code for every report.

A report builds :class:`Table` objects (a title, column headings, rows of plain values) and
hands them to :func:`table_response`. CSV is UTF-8 with a byte-order mark, so that Excel
opens Cyrillic and diacritics right; several tables follow one another, each under its
title. XLSX gives each table its own sheet. Text is always written as text: a cell that
starts with ``=``, ``+``, ``-`` or ``@`` cannot become a formula in either format (CSV
injection).
"""

import csv
import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

import xlsxwriter
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify

type Cell = str | int | float | Decimal | datetime.date | None
type Format = Literal["csv", "xlsx"]

FORMATS: tuple[Format, ...] = ("csv", "xlsx")
CONTENT_TYPES: dict[Format, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Table:
    """One table of a report: what it shows, its column headings and its rows."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]] = field(default_factory=list)


def export_format(value: str | None) -> Format | None:
    """The format a request asks for (``?format=csv`` or ``xlsx``, any case), else None."""
    wanted = (value or "").strip().lower()
    for known in FORMATS:
        if wanted == known:
            return known
    return None


def table_response(tables: Sequence[Table], *, format: Format, filename: str) -> HttpResponse:
    """A download of ``tables`` as ``filename``.csv or .xlsx, never cached."""
    body = tables_csv(tables) if format == "csv" else tables_xlsx(tables)
    response = HttpResponse(body, content_type=CONTENT_TYPES[format])
    name = slugify(filename, allow_unicode=True) or "report"
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{format}") or ""
    response["Cache-Control"] = "private, no-store"
    return response


def tables_csv(tables: Sequence[Table]) -> bytes:
    """The tables as CSV: with more than one, each comes under its title and a blank line
    separates them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for index, table in enumerate(tables):
        if len(tables) > 1:
            if index:
                writer.writerow([])
            writer.writerow([_csv_text(table.title)])
        writer.writerow([_csv_text(str(column)) for column in table.columns])
        for row in table.rows:
            writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """The tables as an XLSX workbook with one sheet per table, headings in bold."""
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    used: set[str] = set()
    for table in tables:
        sheet = workbook.add_worksheet(_sheet_name(table.title, used))
        for col, heading in enumerate(table.columns):
            sheet.write_string(0, col, str(heading), bold)
            sheet.set_column(col, col, max(10, min(50, len(str(heading)) + 2)))
        for row_number, row in enumerate(table.rows, start=1):
            for col, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, bool):
                    sheet.write_string(row_number, col, str(value))
                elif isinstance(value, int | float | Decimal):
                    sheet.write_number(row_number, col, float(value))
                elif isinstance(value, datetime.datetime):
                    sheet.write_string(
                        row_number, col, value.isoformat(sep=" ", timespec="minutes")
                    )
                elif isinstance(value, datetime.date):
                    sheet.write_datetime(row_number, col, value, dates)
                else:
                    sheet.write_string(row_number, col, str(value))
        sheet.freeze_panes(1, 0)
    workbook.close()
    return out.getvalue()


def _csv_cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _csv_text(value)


def _csv_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _sheet_name(title: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip().strip("'")[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name.lower())
    return name
