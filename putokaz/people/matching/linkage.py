"""Batch linkage: every pair of records in a register that are likely the same person,
in bounded memory.

Records are read one at a time, prepared, and written once per blocking key
(:mod:`.keys`) as a line ``key, position, year of birth, keys, record`` into sorted runs on disk
(an external merge sort); the merged runs come back key by key, and the records of one
key — one block — are compared with each other. A pair sharing several keys is
compared only in the first of their blocks that compares it, so every pair is scored and
reported once. A block of more than
``max_block`` records (a very common name with no date) is skipped and counted: its
pairs are still found through their other keys. Memory holds one run being sorted and
one block, whatever the register's size.
"""

import bisect
import csv
import functools
import heapq
import itertools
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from putokaz.people.matching.keys import UNDATED, blocking_keys, years_may_agree
from putokaz.people.matching.record import BirthDate, Name, Record, prepare
from putokaz.people.matching.scoring import NameFrequencies, score_value

COLUMNS = (
    "record_id", "first_name", "last_name", "father_name", "sex", "birth_date",
    "birth_place", "jmbg", "phone",
)  # fmt: skip
# The threshold with the best F1 on the benchmark register (benchmarks/dedupe/).
DEFAULT_THRESHOLD = 0.6
MAX_BLOCK = 1000
RUN_LINES = 400_000

_FIELD = "\x1f"  # between fields of a record line
_PART = "\x1e"  # between the parts of one field
_CLEAN = str.maketrans({"\t": " ", "\n": " ", "\r": " ", _FIELD: " ", _PART: " "})


@dataclass
class Progress:
    """What a run has done so far, reported every few seconds and at the end."""

    records: int = 0
    lines: int = 0
    lines_done: int = 0
    blocks: int = 0
    comparisons: int = 0
    pairs: int = 0
    skipped_blocks: int = 0
    skipped_records: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started


class _Entry:
    """One line of a block: the record's position, year of birth and keys, and the record
    itself, read from the rest of the line only when it is compared."""

    __slots__ = ("_body", "_record", "keys", "position", "year")

    def __init__(self, position: int, year: int | None, keys: frozenset[str], body: str):
        self.position = position
        self.year = year
        self.keys = keys
        self._body = body
        self._record: Record | None = None

    @property
    def record(self) -> Record:
        if self._record is None:
            self._record = _decode(self._body)
        return self._record


def _entry(line: str) -> _Entry:
    position, year, keys, body = line.rstrip("\n").split("\t")
    return _Entry(int(position), int(year) if year else None, frozenset(keys.split(_PART)), body)


def link(
    rows: Iterable[dict[str, str]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    workdir: str | Path | None = None,
    max_block: int = MAX_BLOCK,
    run_lines: int = RUN_LINES,
    report: Callable[[Progress, str], None] | None = None,
    report_every: float = 5.0,
) -> Iterator[tuple[str, str, float]]:
    """``(record_id_l, record_id_r, score)`` for every pair scoring at least ``threshold``;
    ``record_id_l`` is the one that came first. ``rows`` are dicts with :data:`COLUMNS`
    (missing ones count as empty)."""
    progress = Progress()
    last_report = [time.monotonic()]

    def tick(stage: str, *, force: bool = False) -> None:
        if report and (force or time.monotonic() - last_report[0] >= report_every):
            last_report[0] = time.monotonic()
            report(progress, stage)

    with tempfile.TemporaryDirectory(prefix="putokaz-dedupe-", dir=workdir) as folder:
        names: Counter[str] = Counter()
        runs = _write_runs(rows, Path(folder), run_lines, names, progress, tick)
        tick("read", force=True)
        frequencies = NameFrequencies(names, progress.records)
        files = [run.open(encoding="utf-8") for run in runs]
        try:
            yield from _compare_blocks(
                heapq.merge(*files), threshold, max_block, frequencies, progress, tick
            )
        finally:
            for handle in files:
                handle.close()
        tick("done", force=True)


def _write_runs(
    rows: Iterable[dict[str, str]],
    folder: Path,
    run_lines: int,
    names: Counter[str],
    progress: Progress,
    tick: Callable[..., None],
) -> list[Path]:
    runs: list[Path] = []
    lines: list[str] = []
    for position, row in enumerate(rows):
        record = prepare(
            record_id=row.get("record_id") or "",
            given_name=row.get("first_name") or "",
            family_name=row.get("last_name") or "",
            father_name=row.get("father_name") or "",
            sex=row.get("sex") or "",
            birth_date=row.get("birth_date") or "",
            birth_place=row.get("birth_place") or "",
            jmbg=row.get("jmbg") or "",
            phone=row.get("phone") or "",
        )
        names[record.given.sound] += 1
        names[record.family.sound] += 1
        keys = blocking_keys(record)
        if not keys:
            continue
        year = record.birth.year if record.birth is not None else ""
        body = f"{position}\t{year}\t{_PART.join(keys)}\t{_encode(record)}\n"
        lines.extend(f"{key}\t{body}" for key in keys)
        progress.records += 1
        progress.lines += len(keys)
        if len(lines) >= run_lines:
            runs.append(_write_run(lines, folder, len(runs)))
            lines = []
        tick("read")
    runs.append(_write_run(lines, folder, len(runs)))
    return runs


def _write_run(lines: list[str], folder: Path, number: int) -> Path:
    lines.sort()
    path = folder / f"run-{number:05d}.txt"
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(lines)
    return path


def _compare_blocks(
    lines: Iterator[str],
    threshold: float,
    max_block: int,
    frequencies: NameFrequencies,
    progress: Progress,
    tick: Callable[..., None],
) -> Iterator[tuple[str, str, float]]:
    skipped: set[str] = set()
    for key, group in itertools.groupby(lines, key=lambda line: line[: line.index("\t")]):
        block_lines = list(group)
        progress.blocks += 1
        progress.lines_done += len(block_lines)
        if len(block_lines) > max_block:
            skipped.add(key)
            progress.skipped_blocks += 1
            progress.skipped_records += len(block_lines)
            continue
        if len(block_lines) < 2:  # most keys are one record's alone: nothing to compare
            continue
        # Which pairs to compare is decided on the position, year and keys of each line;
        # only the records of those pairs are read.
        block = [_entry(line[len(key) + 1 :]) for line in block_lines]
        undated = key.startswith(UNDATED)
        candidates = _undated_pairs(block) if undated else _all_pairs(block)
        for first, second in candidates:
            # Compare the pair only in the first block of the keys the two share that
            # compares them (the earlier ones were compared already), so it is scored once.
            if not _first_shared(key, first, second, skipped):
                continue
            progress.comparisons += 1
            value = score_value(
                first.record, second.record, frequencies=frequencies, floor=threshold
            )
            if value < threshold:
                continue
            left, right = (first, second) if first.position < second.position else (second, first)
            progress.pairs += 1
            yield left.record.record_id, right.record.record_id, value
        tick("compare")


def _first_shared(key: str, first: _Entry, second: _Entry, skipped: set[str]) -> bool:
    """Whether ``key`` is the first of the keys two records share whose block compares
    them: an earlier one was skipped as too large, or is undated and the two were born
    too far apart, or else it compared them already."""
    earlier = [other for other in first.keys & second.keys if other < key]
    if not earlier:
        return True
    near = years_may_agree(first.year, second.year)
    return not any(
        other not in skipped and (near or not other.startswith(UNDATED)) for other in earlier
    )


def _all_pairs(block: list[_Entry]) -> Iterator[tuple[_Entry, _Entry]]:
    return itertools.combinations(block, 2)


def _undated_pairs(block: list[_Entry]) -> Iterator[tuple[_Entry, _Entry]]:
    """The pairs of an undated block that :func:`years_may_agree` lets through, found by
    year rather than by testing every pair."""
    undated = [entry for entry in block if entry.year is None]
    dated = sorted((entry for entry in block if entry.year is not None), key=_year)
    yield from itertools.combinations(undated, 2)
    yield from itertools.product(undated, dated)
    years = [_year(entry) for entry in dated]
    for index, entry in enumerate(dated):
        end = bisect.bisect_right(years, years[index] + 1, lo=index + 1)
        for other in dated[index + 1 : end]:
            yield entry, other


def _year(entry: _Entry) -> int:
    return entry.year or 0


def _encode(record: Record) -> str:
    birth = record.birth
    return _FIELD.join(
        [
            record.record_id.translate(_CLEAN),
            *(_encode_name(name) for name in (record.given, record.family, record.father)),
            record.sex,
            f"{birth.year}{_PART}{birth.month}{_PART}{birth.day}{_PART}{int(birth.estimated)}"
            if birth
            else "",
            _encode_name(record.birth_place),
            record.jmbg,
            "1" if record.jmbg_valid else "",
            record.phone,
        ]
    )


def _encode_name(name: Name) -> str:
    return _PART.join((name.folded, name.text, name.sound))


@functools.lru_cache(maxsize=1 << 18)
def _decode_name(text: str) -> Name:
    folded, canonical, sound = text.split(_PART)
    return Name(
        folded=folded,
        text=canonical,
        sound=sound,
        words=frozenset(word for word in (*canonical.split(), *sound.split()) if len(word) >= 3),
    )


def _decode(body: str) -> Record:
    record_id, given, family, father, sex, birth, place, jmbg, valid, phone = body.split(_FIELD)
    birth_date = None
    if birth:
        year, month, day, estimated = birth.split(_PART)
        birth_date = BirthDate(int(year), int(month), int(day), estimated == "1")
    return Record(
        record_id=record_id,
        given=_decode_name(given),
        family=_decode_name(family),
        father=_decode_name(father),
        sex=sex,
        birth=birth_date,
        birth_place=_decode_name(place),
        jmbg=jmbg,
        jmbg_valid=valid == "1",
        phone=phone,
    )


def read_rows(handle: IO[str], *, header: str | None = None) -> Iterator[dict[str, str]]:
    """Rows of a CSV file with :data:`COLUMNS` (comma, semicolon or tab, any letter case);
    ``header`` is its first line when that was read already."""
    header_line = handle.readline() if header is None else header
    delimiter = max(",;\t", key=header_line.count)
    names = [name.strip().lower() for name in next(csv.reader([header_line], delimiter=delimiter))]
    for values in csv.reader(handle, delimiter=delimiter):
        if any(value.strip() for value in values):
            yield dict(zip(names, (value.strip() for value in values), strict=False))
