"""Reintegration progress of returnee families: a score from 0 to 100 per life domain and in
all, from each holistic assessment, with the weights of ``data/reintegration.toml``
(versioned, with their source — never written into the code).

A family's score at an assessment is the weighted mean of its rated domains. The report
counts families by their score at their first and at their latest assessment; the case
page shows one family's scores over time to those who may open the case.
"""

import datetime
import functools
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models
from django.db.models import Case as CaseWhen
from django.db.models import F, OuterRef, Q, Subquery, Sum, Value, When

from putokaz.cases.models import Assessment, Case, CaseType, DomainRating, LifeDomain
from putokaz.reports.indicators import Period, Scope, served

_FILE = Path(__file__).parent / "data" / "reintegration.toml"
BANDS = ((0, 25), (25, 50), (50, 75), (75, 101))


@dataclass(frozen=True)
class Weights:
    version: str
    source: str
    ratings: dict[str, int]
    domains: dict[str, float]


@functools.cache
def weights() -> Weights:
    with _FILE.open("rb") as file:
        config = tomllib.load(file)
    return Weights(
        version=str(config["version"]),
        source=str(config["source"]),
        ratings={k: int(v) for k, v in config["ratings"].items()},
        domains={k: float(v) for k, v in config["weights"].items()},
    )


def band_of(score: float) -> int:
    return next(i for i, (low, high) in enumerate(BANDS) if low <= score < high)


def _rating_score() -> CaseWhen:
    return CaseWhen(
        *(When(rating=r, then=Value(s)) for r, s in weights().ratings.items()),
        default=Value(0),
        output_field=models.FloatField(),
    )


def _domain_weight() -> CaseWhen:
    return CaseWhen(
        *(When(domain=d, then=Value(w)) for d, w in weights().domains.items()),
        default=Value(0.0),
        output_field=models.FloatField(),
    )


def assessment_scores(assessment_ids: Any) -> dict[int, float]:
    """The overall score of each assessment (GROUP BY assessment)."""
    rows = (
        DomainRating.objects.filter(assessment_id__in=assessment_ids)
        .annotate(w=_domain_weight(), s=_rating_score())
        .order_by()
        .values("assessment_id")
        .annotate(weighted=Sum(F("w") * F("s")), weight=Sum("w"))
    )
    return {r["assessment_id"]: r["weighted"] / r["weight"] for r in rows if r["weight"]}


@dataclass
class Progress:
    first: Counter[int]
    latest: Counter[int]
    first_scores: list[float]
    latest_scores: list[float]

    @property
    def families(self) -> int:
        return len(self.latest_scores)


def progress(scope: Scope, period: Period) -> Progress:
    """Returnee family cases served in the period, by the score band of their first and of
    their latest assessment (to the period's end); the same family's case counts once."""
    cases = served(scope, period).filter(case_type=CaseType.RETURNEE, household__isnull=False)
    day = period.end

    def pick(first: bool) -> Subquery:
        order = ("assessed_on", "pk") if first else ("-assessed_on", "-pk")
        return Subquery(
            Assessment.objects.filter(case_id=OuterRef("pk"), assessed_on__lte=day)
            .order_by(*order)
            .values("pk")[:1]
        )

    pairs = list(
        cases.order_by()
        .annotate(first=pick(True), latest=pick(False))
        .filter(latest__isnull=False)
        .values_list("first", "latest")
    )
    scores = assessment_scores([a for pair in pairs for a in pair])
    result = Progress(Counter(), Counter(), [], [])
    for first, latest in pairs:
        if first in scores and latest in scores:
            result.first[band_of(scores[first])] += 1
            result.latest[band_of(scores[latest])] += 1
            result.first_scores.append(scores[first])
            result.latest_scores.append(scores[latest])
    return result


@dataclass(frozen=True)
class FamilyScores:
    dates: list[datetime.date]
    rows: list[tuple[str, list[int | None]]]
    overall: list[float | None]
    version: str


def family_scores(case: Case) -> FamilyScores:
    """One case's scores per domain at each of its assessments, and overall."""
    assessments = list(case.assessments.order_by("assessed_on", "pk").prefetch_related("ratings"))
    table = weights()
    by_domain: dict[str, list[int | None]] = {d: [] for d, _label in LifeDomain.choices}
    overall: list[float | None] = []
    for assessment in assessments:
        rated = {r.domain: table.ratings.get(r.rating, 0) for r in assessment.ratings.all()}
        for domain in by_domain:
            by_domain[domain].append(rated.get(domain))
        weight = sum(table.domains.get(d, 0) for d in rated)
        overall.append(
            sum(table.domains.get(d, 0) * s for d, s in rated.items()) / weight if weight else None
        )
    labels = dict(LifeDomain.choices)
    return FamilyScores(
        dates=[a.assessed_on for a in assessments],
        rows=[(str(labels[d]), v) for d, v in by_domain.items() if any(x is not None for x in v)],
        overall=overall,
        version=table.version,
    )


def case_has_scores(case: Case) -> bool:
    return (
        case.case_type == CaseType.RETURNEE and case.assessments.filter(~Q(ratings=None)).exists()
    )
