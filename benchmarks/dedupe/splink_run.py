"""Splink (DuckDB backend) on a register of ``generate.py``, for comparison with
``putokaz dedupe``: the same input, the same output format (``record_id_l,record_id_r,score``).

Splink is installed only for the benchmark, never as a dependency of Putokaz:

    uv run --no-sync --with splink python benchmarks/dedupe/splink_run.py --input persons.csv --output splink-pairs.csv

A sensible configuration, as Splink's documentation recommends for people: names
cleaned the way any project would (lower case, Latin script, no diacritics — the
app's search folding, which knows Serbian Cyrillic; not the host-country reading of
``putokaz.people.matching``), dates parsed to ISO with the year kept apart for
estimates; forename and surname compared together (with swaps), date of birth,
JMBG, sex, father's name, place of birth and phone; blocking on JMBG, surname and
year, forename and date, both names (either order); u from random sampling, λ from
the JMBG rule, m by expectation maximisation on two blocking passes.
"""

import argparse
import csv
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import duckdb
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI

from putokaz.core.folding import fold

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})-(\d{1,2}))?")
_DOTTED = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})\.?")


def clean_date(value: str) -> tuple[str | None, str | None]:
    """(ISO date or None, year or None)."""
    if match := _ISO.fullmatch(value.strip()):
        year, month, day = match.groups()
    elif match := _DOTTED.fullmatch(value.strip()):
        day, month, year = match.groups()
    else:
        return None, None
    if not month or (int(month), int(day)) == (1, 1):  # an estimate: the year only
        return None, year
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None, year
    return f"{year}-{int(month):02d}-{int(day):02d}", year


def prepare(source: Path, target: Path) -> None:
    with (
        source.open(encoding="utf-8", newline="") as handle,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        writer = csv.writer(out)
        writer.writerow(["unique_id", "first_name", "last_name", "father_name", "sex", "birth_date", "birth_year", "birth_place", "jmbg", "phone"])  # fmt: skip
        for row in csv.DictReader(handle):
            date, year = clean_date(row["birth_date"])
            sex = fold(row["sex"])[:1]
            writer.writerow(
                [
                    row["record_id"],
                    fold(row["first_name"]) or None,
                    fold(row["last_name"]) or None,
                    fold(row["father_name"]) or None,
                    {"m": "m", "z": "f", "f": "f"}.get(sex),
                    date,
                    year,
                    fold(row["birth_place"]) or None,
                    re.sub(r"\D", "", row["jmbg"]) or None,
                    re.sub(r"\D", "", row["phone"])[-8:] or None,
                ]
            )


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "last_name"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.ExactMatch("jmbg"),
            cl.ExactMatch("sex"),
            cl.JaroWinklerAtThresholds("father_name", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("birth_place", [0.9]),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("jmbg"),
            block_on("last_name", "birth_year"),
            block_on("first_name", "birth_date"),
            block_on("first_name", "last_name"),
            "l.first_name = r.last_name and l.last_name = r.first_name",
        ],
        retain_intermediate_calculation_columns=False,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--threshold", type=float, default=0.01, help="lowest probability written")
    options = parser.parse_args()
    started = time.monotonic()
    cleaned = options.output.with_suffix(".input.csv")
    prepare(options.input, cleaned)
    connection = duckdb.connect()
    db_api = DuckDBAPI(connection=connection)
    table = db_api.register(connection.read_csv(str(cleaned), all_varchar=True))
    linker = Linker(table, settings())
    linker.training.estimate_probability_two_random_records_match([block_on("jmbg")], recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("last_name", "first_name")
    )
    predictions = linker.inference.predict(threshold_match_probability=options.threshold)
    predictions.as_duckdbpyrelation().project(
        "unique_id_l AS record_id_l, unique_id_r AS record_id_r, "
        "round(match_probability, 4) AS score"
    ).write_csv(str(options.output), header=True)
    cleaned.unlink()
    print(f"splink: {time.monotonic() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
