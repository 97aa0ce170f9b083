"""Batch linkage: `putokaz dedupe` finds each likely duplicate pair once, in any register size."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from putokaz.people.matching import linkage

HEADER = "record_id,first_name,last_name,father_name,sex,birth_date,birth_place,jmbg,phone"
REGISTER = [
    # One man in four registers: Cyrillic, German papers, names and day/month swapped.
    "a1,Đorđe,Đorđević,Milan,M,1985-03-07,Niš,,",
    "a2,Djordje,Dschordschewitsch,,m,07.03.1985,Nisch,,",
    "a3,Ђорђевић,Ђорђе,Милан,М,1985-07-03,Ниш,,",
    "a4,Đorđe,Đorđevic,Milan,,1985,,,",
    # His twin brother: everything but the given name.
    "b1,Nikola,Đorđević,Milan,M,1985-03-07,Niš,,",
    # A woman under her maiden and her double married name, with the phone written two ways.
    "c1,Jelena,Petrović,,Ž,1990-05-05,,,064 123 4567",
    "c2,Jelena,Jovanović-Petrović,,F,1990-05-05,,,+381641234567",
    # Namesakes born decades apart.
    "d1,Marko,Jovanović,Dragan,M,1961-11-23,Kraljevo,,",
    "d2,Marko,Jovanović,Zoran,M,2004-02-14,Zemun,,",
    # One JMBG, the name written twice differently.
    "e1,Arben,Krasniqi,,,,,0703985710016,",
    "e2,Арбен,Краснићи,,M,07.03.1985.,,0703985710016,",
]
TRUE_PAIRS = {
    ("a1", "a2"), ("a1", "a3"), ("a1", "a4"), ("a2", "a3"), ("a2", "a4"), ("a3", "a4"),
    ("c1", "c2"), ("e1", "e2"),
}  # fmt: skip


def write_register(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def read_pairs(path: Path) -> list[tuple[str, str, float]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [(row["record_id_l"], row["record_id_r"], float(row["score"])) for row in rows]


def test_dedupe_finds_every_duplicate_pair_once_and_no_other(tmp_path: Path) -> None:
    register = write_register(tmp_path / "persons.csv", REGISTER)
    output = tmp_path / "pairs.csv"
    progress = io.StringIO()
    call_command("dedupe", "--input", register, "--output", output, stderr=progress)

    pairs = read_pairs(output)
    assert {(left, right) for left, right, _score in pairs} == TRUE_PAIRS
    assert len(pairs) == len(TRUE_PAIRS)  # each pair once, though it shares several keys
    assert all(linkage.DEFAULT_THRESHOLD <= value <= 1.0 for _l, _r, value in pairs)
    assert "done: 11 records" in progress.getvalue()


def test_the_left_record_is_the_one_that_came_first(tmp_path: Path) -> None:
    register = write_register(tmp_path / "persons.csv", list(reversed(REGISTER)))
    output = tmp_path / "pairs.csv"
    call_command("dedupe", "--input", register, "--output", output, stderr=io.StringIO())
    assert ("e2", "e1") in {(left, right) for left, right, _score in read_pairs(output)}


def test_a_lower_threshold_reports_more_pairs(tmp_path: Path) -> None:
    register = write_register(tmp_path / "persons.csv", REGISTER)
    strict, loose = tmp_path / "strict.csv", tmp_path / "loose.csv"
    call_command(
        "dedupe",
        "--input",
        register,
        "--output",
        strict,
        "--threshold",
        "0.999",
        stderr=io.StringIO(),
    )
    call_command(
        "dedupe",
        "--input",
        register,
        "--output",
        loose,
        "--threshold",
        "0.05",
        stderr=io.StringIO(),
    )
    strict_pairs = {pair[:2] for pair in read_pairs(strict)}
    loose_pairs = {pair[:2] for pair in read_pairs(loose)}
    assert strict_pairs < loose_pairs
    assert ("a1", "b1") in loose_pairs  # the twins score above 0.05, far below the default


def test_many_sorted_runs_give_the_same_pairs_as_one() -> None:
    rows = list(linkage.read_rows(io.StringIO("\n".join([HEADER, *REGISTER]))))
    in_memory = sorted(linkage.link(rows))
    on_disk = sorted(linkage.link(rows, run_lines=3))
    assert on_disk == in_memory
    assert {pair[:2] for pair in on_disk} == TRUE_PAIRS


def test_an_oversized_block_is_skipped_but_its_pairs_found_through_other_keys() -> None:
    # Many namesakes without a date of birth make one big block of their names.
    crowd = [f"x{index},Elvira,Bajramović,,F,,,," for index in range(30)]
    rows = list(linkage.read_rows(io.StringIO("\n".join([HEADER, *REGISTER, *crowd]))))
    reports: list[linkage.Progress] = []
    pairs = {
        pair[:2] for pair in linkage.link(rows, max_block=20, report=lambda p, s: reports.append(p))
    }
    assert pairs >= TRUE_PAIRS
    assert not any(left.startswith("x") for left, _right in pairs)
    assert reports[-1].skipped_blocks >= 1


def test_a_semicolon_file_with_missing_columns_is_read() -> None:
    text = "RECORD_ID;first_name;last_name;birth_date\n1;Ana;Nikolić;2001-02-03\n2;Ана;Николић;03.02.2001.\n"
    assert [pair[:2] for pair in linkage.link(linkage.read_rows(io.StringIO(text)))] == [("1", "2")]


def test_a_file_without_record_id_is_refused(tmp_path: Path) -> None:
    register = tmp_path / "persons.csv"
    register.write_text("first_name,last_name\nAna,Nikolić\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError, match="record_id"):
        call_command("dedupe", "--input", register, "--output", tmp_path / "pairs.csv")


def test_a_threshold_outside_zero_to_one_is_refused_in_the_readers_language(
    tmp_path: Path,
) -> None:
    register = write_register(tmp_path / "persons.csv", REGISTER)
    with translation.override("en"), pytest.raises(CommandError, match="between 0 and 1"):
        call_command(
            "dedupe", "--input", register, "--output", tmp_path / "p.csv", "--threshold", "5"
        )
    with translation.override("de"), pytest.raises(CommandError, match="zwischen 0 und 1"):
        call_command(
            "dedupe", "--input", register, "--output", tmp_path / "p.csv", "--threshold", "-1"
        )


@pytest.mark.parametrize(
    "records",
    [
        # A typo early in the given name and no date of birth.
        ["t1,Marko,Jovanović,Dragan,M,,Kraljevo,,", "t2,Mrako,Jovanović,Dragan,M,,Kraljevo,,"],
        # A married name and a date two days off.
        [
            "t1,Jelena,Petrović,Milan,Ž,1990-05-05,Niš,,",
            "t2,Jelena,Stojanović,Milan,F,07.05.1990.,Niš,,",
        ],
        # Typos in both names and a date two days off.
        ["t1,Dragana,Nikolić,,Ž,1975-08-14,Zemun,,", "t2,Dargana,Nikloić,,Ž,1975-08-16,Zemun,,"],
        # Names swapped, a typo early in one, an estimated date.
        ["t1,Agron,Isufi,Arben,M,1953-07-18,Priština,,", "t2,Isfui,Agron,Arben,M,1953,Priština,,"],
    ],
    ids=["early-typo-no-date", "married-name-date-off", "typos-in-both-names", "swapped-typo"],
)
def test_sparse_pairs_share_a_block_and_are_found(records: list[str]) -> None:
    rows = list(linkage.read_rows(io.StringIO("\n".join([HEADER, *records]))))
    assert [pair[:2] for pair in linkage.link(rows)] == [("t1", "t2")]


def test_a_pair_sharing_many_keys_is_scored_once() -> None:
    rows = list(linkage.read_rows(io.StringIO("\n".join([HEADER, *REGISTER[:2]]))))
    reports: list[linkage.Progress] = []
    pairs = list(linkage.link(rows, report=lambda progress, stage: reports.append(progress)))
    assert [pair[:2] for pair in pairs] == [("a1", "a2")]
    assert reports[-1].comparisons == 1
