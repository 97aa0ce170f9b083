"""Batch linkage: every pair of records in a register that are likely the same person,
in bounded memory.

Records are read one at a time, prepared, and written once per blocking key
(:mod:`.keys`) as a line ``key, position, keys, record`` into sorted runs on disk
(an external merge sort); the merged runs come back key by key, and the records of one
key — one block — are compared with each other. A pair sharing several keys is
reported only from the first of them that compared it, so every pair appears once. A block of more than
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

from putokaz.people.matching.keys import UNDATED, blocking_keys, dates_may_agree
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


@dataclass(frozen=True, slots=True)
class _Entry:
    position: int
    keys: frozenset[str]
    record: Record


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
        body = f"{position}\t{_PART.join(keys)}\t{_encode(record)}\n"
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

    def compared_in(key: str, first: _Entry, second: _Entry) -> bool:
        if key in skipped:
            return False
        return not key.startswith(UNDATED) or dates_may_agree(first.record, second.record)

    for key, group in itertools.groupby(lines, key=lambda line: line[: line.index("\t")]):
        block = [_decode(line[len(key) + 1 :]) for line in group]
        progress.blocks += 1
        progress.lines_done += len(block)
        if len(block) > max_block:
            skipped.add(key)
            progress.skipped_blocks += 1
            progress.skipped_records += len(block)
            continue
        candidates = _undated_pairs(block) if key.startswith(UNDATED) else _all_pairs(block)
        for first, second in candidates:
            progress.comparisons += 1
            value = score_value(
                first.record, second.record, frequencies=frequencies, floor=threshold
            )
            if value < threshold:
                continue
            # Report the pair from the first key the two share whose block compared them.
            shared = first.keys & second.keys
            if min(other for other in shared if compared_in(other, first, second)) != key:
                continue
            left, right = (first, second) if first.position < second.position else (second, first)
            progress.pairs += 1
            yield left.record.record_id, right.record.record_id, value
        tick("compare")


def _all_pairs(block: list[_Entry]) -> Iterator[tuple[_Entry, _Entry]]:
    return itertools.combinations(block, 2)


def _undated_pairs(block: list[_Entry]) -> Iterator[tuple[_Entry, _Entry]]:
    """The pairs of an undated block that :func:`dates_may_agree` lets through, found by
    year rather than by testing every pair."""
    undated = [entry for entry in block if entry.record.birth is None]
    dated = sorted(
        (entry for entry in block if entry.record.birth is not None),
        key=lambda entry: entry.record.birth.year,  # type: ignore[union-attr]
    )
    yield from itertools.combinations(undated, 2)
    yield from itertools.product(undated, dated)
    years = [entry.record.birth.year for entry in dated]  # type: ignore[union-attr]
    for index, entry in enumerate(dated):
        end = bisect.bisect_right(years, years[index] + 1, lo=index + 1)
        for other in dated[index + 1 : end]:
            yield entry, other


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


def _decode(line: str) -> _Entry:
    position, keys, body = line.rstrip("\n").split("\t")
    record_id, given, family, father, sex, birth, place, jmbg, valid, phone = body.split(_FIELD)
    birth_date = None
    if birth:
        year, month, day, estimated = birth.split(_PART)
        birth_date = BirthDate(int(year), int(month), int(day), estimated == "1")
    return _Entry(
        position=int(position),
        keys=frozenset(keys.split(_PART)),
        record=Record(
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
        ),
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
