import csv
import datetime
import io
from decimal import Decimal

import openpyxl

from putokaz.core.exports import Table, export_format, table_response, tables_csv, tables_xlsx

MUNICIPALITIES = Table(
    title="Учесници по општини",
    columns=["Општина", "Учесника"],
    rows=[["Земун", 12], ["Čukarica", 3], ["=SUM(A1:A9)", None]],
)
DATES = Table(
    title="Events/dates: [2026]",
    columns=["Event", "From"],
    rows=[["Round table", datetime.date(2026, 12, 1)]],
)


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode()), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_keeps_cyrillic_and_numbers_and_defuses_formulas() -> None:
    rows = read_csv(tables_csv([MUNICIPALITIES]))

    assert rows == [
        ["Општина", "Учесника"],
        ["Земун", "12"],
        ["Čukarica", "3"],
        ["'=SUM(A1:A9)", ""],
    ]


def test_several_tables_in_one_csv_come_under_their_titles() -> None:
    rows = read_csv(tables_csv([MUNICIPALITIES, DATES]))

    assert rows[0] == ["Учесници по општини"]
    assert rows[5] == []
    assert rows[6:] == [["Events/dates: [2026]"], ["Event", "From"], ["Round table", "2026-12-01"]]


def test_xlsx_has_a_sheet_per_table_with_typed_cells_and_no_formulas() -> None:
    book = openpyxl.load_workbook(io.BytesIO(tables_xlsx([MUNICIPALITIES, DATES, MUNICIPALITIES])))

    assert book.sheetnames == [
        "Учесници по општини",
        "Events dates   2026",
        "Учесници по општини (2)",
    ]
    first = book["Учесници по општини"]
    assert [[cell.value for cell in row] for row in first.iter_rows()] == [
        ["Општина", "Учесника"],
        ["Земун", 12],
        ["Čukarica", 3],
        ["=SUM(A1:A9)", None],
    ]
    assert first["A4"].data_type == "s", "text that looks like a formula stays text"
    assert book["Events dates   2026"]["B2"].value.date() == datetime.date(2026, 12, 1)


def test_decimal_values_are_numbers_in_xlsx() -> None:
    table = Table(title="Averages", columns=["Rating"], rows=[[Decimal("4.25")]])

    sheet = openpyxl.load_workbook(io.BytesIO(tables_xlsx([table]))).active

    assert sheet is not None and sheet["A2"].value == 4.25


def test_download_is_an_attachment_that_is_not_cached() -> None:
    response = table_response([MUNICIPALITIES], format="xlsx", filename="Учесници 2026")

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D1%83%D1%87%D0%B5%D1%81%D0%BD%D0%B8%D1%86%D0%B8-2026.xlsx"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_only_known_formats_are_accepted() -> None:
    assert export_format(" XLSX ") == "xlsx"
    assert export_format("csv") == "csv"
    assert export_format("pdf") is None
    assert export_format(None) is None
