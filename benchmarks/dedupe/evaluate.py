"""Pairwise precision, recall and F1 of a list of pairs against a register's truth."""

import csv
import itertools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Quality:
    threshold: float
    predicted: int
    correct: int
    true_pairs: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def read_truth(path: Path) -> dict[str, int]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["record_id"]: int(row["person_id"]) for row in csv.DictReader(handle)}


def true_pair_count(truth: dict[str, int]) -> int:
    return sum(count * (count - 1) // 2 for count in Counter(truth.values()).values())


def read_pairs(path: Path, truth: dict[str, int]) -> list[tuple[float, bool]]:
    """(score, whether truly the same person) of each pair, each unordered pair once."""
    seen: set[tuple[str, str]] = set()
    pairs = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            left, right = sorted((row["record_id_l"], row["record_id_r"]))
            if (left, right) in seen:
                continue
            seen.add((left, right))
            pairs.append((float(row["score"]), truth[left] == truth[right]))
    return pairs


def quality(pairs: list[tuple[float, bool]], true_pairs: int, threshold: float) -> Quality:
    kept = [same for value, same in pairs if value >= threshold]
    return Quality(threshold, len(kept), sum(kept), true_pairs)


def best_threshold(pairs: list[tuple[float, bool]], true_pairs: int) -> Quality:
    """The threshold (among the scores found) with the highest F1."""
    ordered = sorted(pairs, key=lambda pair: -pair[0])
    best = Quality(1.0, 0, 0, true_pairs)
    predicted = correct = 0
    for value, group in itertools.groupby(ordered, key=lambda pair: pair[0]):
        members = list(group)
        predicted += len(members)
        correct += sum(same for _value, same in members)
        candidate = Quality(value, predicted, correct, true_pairs)
        if candidate.f1 > best.f1:
            best = candidate
    return best
