"""`putokaz dedupe --input persons.csv --output pairs.csv`: the likely duplicates of a register."""

import contextlib
import csv
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from putokaz.people.matching import linkage


class Command(BaseCommand):
    help = (
        "Find the pairs of records in a CSV register that are likely the same person. Input "
        "columns: record_id,first_name,last_name,father_name,sex,birth_date,birth_place,jmbg,"
        "phone (any may be empty); output: record_id_l,record_id_r,score for every pair "
        "scoring at least the threshold."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="The register (CSV, UTF-8), or -.")
        parser.add_argument("--output", required=True, help="Where to write the pairs, or -.")
        parser.add_argument(
            "--threshold",
            type=float,
            default=linkage.DEFAULT_THRESHOLD,
            help=f"Lowest score of a pair reported, 0 to 1 (default {linkage.DEFAULT_THRESHOLD}).",
        )
        parser.add_argument(
            "--workdir", help="Folder for the temporary sorted runs (default: the system's)."
        )
        parser.add_argument(
            "--max-block",
            type=int,
            default=linkage.MAX_BLOCK,
            help="Skip blocks larger than this (their pairs are still found by other keys).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        threshold = options["threshold"]
        if not 0.0 <= threshold <= 1.0:
            raise CommandError(_("The threshold is a score between 0 and 1."))
        source, target = options["input"], options["output"]
        if source != "-" and not Path(source).is_file():
            raise CommandError(_("There is no file %(file)s.") % {"file": source})
        with contextlib.ExitStack() as files:
            reader = (
                sys.stdin
                if source == "-"
                else files.enter_context(Path(source).open(encoding="utf-8-sig", newline=""))
            )
            header = reader.readline()
            if "record_id" not in header.lower():
                raise CommandError(
                    _(
                        "The first row names the columns, and record_id must be one of them: %(columns)s"
                    )
                    % {"columns": ",".join(linkage.COLUMNS)}
                )
            output = (
                sys.stdout
                if target == "-"
                else files.enter_context(Path(target).open("w", encoding="utf-8", newline=""))
            )
            writer = csv.writer(output, lineterminator="\n")
            writer.writerow(["record_id_l", "record_id_r", "score"])
            for left, right, value in linkage.link(
                linkage.read_rows(reader, header=header),
                threshold=threshold,
                workdir=options["workdir"],
                max_block=options["max_block"],
                report=self._report,
            ):
                writer.writerow([left, right, f"{value:.4f}"])

    def _report(self, progress: linkage.Progress, stage: str) -> None:
        if stage == "read":
            line = f"read {progress.records:,} records ({progress.lines:,} block entries)"
        elif stage == "compare":
            share = progress.lines_done / progress.lines if progress.lines else 1.0
            line = (
                f"compared {progress.comparisons:,} pairs in {progress.blocks:,} blocks "
                f"({share:.0%}), {progress.pairs:,} likely duplicates"
            )
        else:
            line = (
                f"done: {progress.records:,} records, {progress.comparisons:,} pairs compared, "
                f"{progress.pairs:,} likely duplicates, {progress.skipped_blocks:,} blocks "
                f"of more than the largest size skipped"
            )
        self.stderr.write(f"[{progress.seconds:7.1f} s] {line}")
