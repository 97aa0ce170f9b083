"""The ILO/EC operational indicators of trafficking and their decision rule, read from
``data/ilo_indicators.toml`` (source, version and what is verified are stated there).

:func:`assess` applies the rule to the indicators a worker ticked: which dimensions are
positive and by which clause, and whether the person is a possible victim.
"""

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation

_FILE = Path(__file__).parent / "data" / "ilo_indicators.toml"
LEVELS = ("strong", "medium", "weak")


def _in_language(texts: dict[str, str]) -> str:
    """The text in the active language: Serbian Latin for either Serbian script (the page
    transliterates to Cyrillic), English when a language has none."""
    language = (translation.get_language() or "en").lower()
    key = "sr_latn" if language.startswith("sr") else language.split("-")[0]
    return texts.get(key) or texts["en"]


@dataclass(frozen=True)
class Indicator:
    id: str
    level: str
    texts: dict[str, str]
    htcds: str = ""

    @property
    def text(self) -> str:
        return _in_language(self.texts)


@dataclass(frozen=True)
class Dimension:
    id: str
    names: dict[str, str]
    indicators: tuple[Indicator, ...]

    @property
    def name(self) -> str:
        return _in_language(self.names)


@dataclass(frozen=True)
class IndicatorSet:
    id: str
    names: dict[str, str]
    age: str  # "adult" or "child"
    exploitation: str  # "labour" or "sexual"
    dimensions: tuple[Dimension, ...]

    @property
    def name(self) -> str:
        return _in_language(self.names)

    def indicator_ids(self) -> set[str]:
        return {i.id for d in self.dimensions for i in d.indicators}


@dataclass(frozen=True)
class Clause:
    id: str
    counts: dict[str, int]  # the least number of ticked indicators of each level

    def met_by(self, counts: dict[str, int]) -> bool:
        return all(counts.get(level, 0) >= n for level, n in self.counts.items())


@dataclass(frozen=True)
class Requirement:
    id: str
    any_of: tuple[str, ...] = ()
    act: bool = False


@dataclass(frozen=True)
class Indicators:
    version: str
    sets: dict[str, IndicatorSet]
    clauses: tuple[Clause, ...]
    requirements: dict[str, tuple[Requirement, ...]]  # per age: "adult", "child"
    htcds_fields: tuple[str, ...]


@functools.cache
def load(path: Path = _FILE) -> Indicators:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    catalogue = data["indicators"]
    sets = {}
    for set_id, values in data["sets"].items():
        dimensions = []
        for dimension_id, levels in values["dimensions"].items():
            indicators = tuple(
                Indicator(
                    id=ref,
                    level=level,
                    texts=catalogue[ref]["text"],
                    htcds=catalogue[ref].get("htcds", ""),
                )
                for level in LEVELS
                for ref in levels.get(level, [])
            )
            dimensions.append(
                Dimension(
                    id=dimension_id,
                    names=data["dimensions"][dimension_id]["name"],
                    indicators=indicators,
                )
            )
        sets[set_id] = IndicatorSet(
            id=set_id,
            names=values["name"],
            age=values["age"],
            exploitation=values["exploitation"],
            dimensions=tuple(dimensions),
        )
    rule = data["rule"]
    clauses = tuple(
        Clause(id=c["id"], counts={level: c[level] for level in LEVELS if level in c})
        for c in rule["clauses"]
    )
    requirements = {
        age: tuple(
            Requirement(id=r["id"], any_of=tuple(r.get("any", ())), act=r.get("act", False))
            for r in rule[age]["requires"]
        )
        for age in ("adult", "child")
    }
    fields = tuple(sorted({i["htcds"] for i in catalogue.values() if i.get("htcds")}))
    return Indicators(
        version=data["version"],
        sets=sets,
        clauses=clauses,
        requirements=requirements,
        htcds_fields=fields,
    )


@dataclass(frozen=True)
class DimensionResult:
    dimension: Dimension
    ticked: tuple[Indicator, ...]
    counts: dict[str, int]
    clause: Clause | None  # the first clause the ticked indicators meet

    @property
    def positive(self) -> bool:
        return self.clause is not None


@dataclass(frozen=True)
class RequirementResult:
    requirement: Requirement
    met: bool
    by: tuple[Dimension, ...] = field(default=())  # the positive dimensions that meet it


@dataclass(frozen=True)
class Assessment:
    indicator_set: IndicatorSet
    dimensions: tuple[DimensionResult, ...]
    requirements: tuple[RequirementResult, ...]
    act: bool
    version: str

    @property
    def possible_victim(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def positive_dimensions(self) -> list[str]:
        return [d.dimension.id for d in self.dimensions if d.positive]


def assess(set_id: str, ticked: Iterable[str], *, act: bool) -> Assessment:
    """Apply the rule of the data file to the indicators ``ticked`` in the list ``set_id``;
    ``act``: whether the person was recruited, transported, transferred, harboured or
    received (needed for a child, whose means are not)."""
    data = load()
    indicator_set = data.sets[set_id]
    chosen = set(ticked)
    unknown = chosen - indicator_set.indicator_ids()
    if unknown:
        raise ValueError(f"Not indicators of {set_id}: {sorted(unknown)}")
    results = []
    for dimension in indicator_set.dimensions:
        hits = tuple(i for i in dimension.indicators if i.id in chosen)
        counts = {level: sum(1 for i in hits if i.level == level) for level in LEVELS}
        clause = next((c for c in data.clauses if c.met_by(counts)), None)
        results.append(DimensionResult(dimension, hits, counts, clause))
    positive = {r.dimension.id: r.dimension for r in results if r.positive}
    requirements = []
    for requirement in data.requirements[indicator_set.age]:
        if requirement.act:
            requirements.append(RequirementResult(requirement, met=act))
            continue
        by = tuple(positive[d] for d in requirement.any_of if d in positive)
        requirements.append(RequirementResult(requirement, met=bool(by), by=by))
    return Assessment(
        indicator_set=indicator_set,
        dimensions=tuple(results),
        requirements=tuple(requirements),
        act=act,
        version=data.version,
    )


def set_for(*, child: bool, exploitation: str) -> str:
    """The list for a child or an adult, for ``exploitation`` ("labour" or "sexual")."""
    for indicator_set in load().sets.values():
        if indicator_set.age == ("child" if child else "adult") and (
            indicator_set.exploitation == exploitation
        ):
            return indicator_set.id
    raise KeyError(exploitation)
