"""Search-before-create: who a person about to be registered may already be.

The form's fields make records (one per spelling) and their blocking keys; the people
sharing a key are found on the key index (:class:`~putokaz.people.models.PersonMatchKey`),
those sharing the most keys first, and scored field by field
(:mod:`putokaz.people.matching.scoring`). The worker sees the people they may open, with
which fields agree; of a likely match in a file they may not open they learn only that
one exists, in which organisation, and how to reach it — never a name or a date.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from putokaz.accounts.models import Organisation
from putokaz.people.matching.record import Record
from putokaz.people.matching.scoring import FAMILY, GIVEN, JMBG, SAME, Score, score, score_value
from putokaz.people.matching.stored import Spelling, is_undated, records, stored_keys
from putokaz.people.models import OtherSpelling, Person, PersonHolder, PersonMatchKey

# Scores from here on are shown to the worker: a generous bar, since the worker decides,
# and a missed match splits a family's history.
SHOW_FROM = 0.3
# From here on a match is called likely (the batch linkage's threshold best for F1).
LIKELY_FROM = 0.6
# At most this many people sharing a key are scored: those sharing the most keys.
MAX_CANDIDATES = 100
# The fields of a stored person that are compared.
COMPARED = (
    "given_name",
    "family_name",
    "parent_name",
    "sex",
    "birth_date",
    "birth_date_estimated",
    "birth_place",
    "jmbg",
    "phone",
)


@dataclass(frozen=True)
class Candidate:
    """Someone the worker may open who may be the person being registered."""

    person: Person
    score: Score

    @property
    def likely(self) -> bool:
        return self.score.value >= LIKELY_FROM

    @property
    def percent(self) -> int:
        return round(self.score.value * 100)


@dataclass(frozen=True)
class DuplicateCheck:
    """The people who may be the one being registered: those the worker may open, best
    first, and the organisations holding a likely match the worker may not see."""

    candidates: list[Candidate] = field(default_factory=list)
    elsewhere: list[Organisation] = field(default_factory=list)
    # (person id, score) of the likely matches in files the worker may not open.
    hidden: list[tuple[int, float]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.candidates or self.elsewhere)

    def pairs(self) -> list[tuple[int, float]]:
        """(person id, score) of every match the check found, for the review of duplicates
        when the worker registers the person all the same."""
        shown = [(candidate.person.pk, candidate.score.value) for candidate in self.candidates]
        return shown + self.hidden


def check_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The compared fields from a registration form's data as typed so far: what cannot be
    read (a half-typed date, say) is left out rather than refused."""
    fields: dict[str, Any] = {
        name: str(data.get(name) or "").strip()
        for name in ("given_name", "family_name", "parent_name", "sex", "birth_place", "jmbg")
    }
    fields["phone"] = str(data.get("phone") or "")
    birth = data.get("birth_date")
    if isinstance(birth, datetime.date):
        fields["birth_date"] = birth
    else:
        try:
            fields["birth_date"] = datetime.date.fromisoformat(str(birth or "").strip())
        except ValueError:
            fields["birth_date"] = None
    estimated = data.get("birth_date_estimated")
    fields["birth_date_estimated"] = estimated not in (None, "", False, "false", "0")
    return fields


def possible_duplicates(
    user: Any,
    data: Mapping[str, Any],
    *,
    spellings: list[Spelling] | None = None,
    limit: int = 10,
    exclude: Person | None = None,
) -> DuplicateCheck:
    """Who the person with these fields (a registration form's) may already be, as far as
    ``user`` may know."""
    probes = records(check_fields(data), spellings or [])
    if not probes:
        return DuplicateCheck()
    scored = _scored(probes, _candidate_ids(probes, exclude))
    if not scored:
        return DuplicateCheck()
    visible = set(
        Person.objects.visible_to(user).filter(pk__in=scored).values_list("pk", flat=True)
    )
    people = Person.objects.filter(pk__in=visible).select_related("organisation")
    by_pk = {person.pk: person for person in people}
    candidates = [
        Candidate(person=by_pk[pk], score=scored[pk])
        for pk in sorted(visible, key=lambda pk: (-scored[pk].value, pk))
    ][:limit]
    hidden = [
        (pk, found.value)
        for pk, found in scored.items()
        if pk not in visible and (found.value >= LIKELY_FROM or same_number(found))
    ]
    elsewhere = list(
        Organisation.objects.filter(
            pk__in=PersonHolder.objects.filter(person__in=[pk for pk, _ in hidden]).values(
                "organisation"
            )
        ).order_by("name")
    )
    return DuplicateCheck(candidates=candidates, elsewhere=elsewhere, hidden=hidden)


def _candidate_ids(probes: list[Record], exclude: Person | None) -> list[int]:
    """The people sharing the most blocking keys with the probes (undated keys only with
    people born within a year of them, or of unknown year).

    Each block is its own range on the (key, year) index, so the union of them reads
    nothing but the index, whatever the size of the register."""
    keys = stored_keys(probes)
    dated = sorted({key for key, _year in keys if not is_undated(key)})
    keyed = PersonMatchKey.objects.order_by()
    blocks = keyed.filter(key__in=dated).values_list("person", "key")
    parts = []
    for key, year in sorted(keys, key=str):
        if not is_undated(key):
            continue
        same_key = keyed.filter(key=key).values_list("person", "key")
        if year is None:
            parts.append(same_key)
        else:
            parts.append(same_key.filter(birth_year__isnull=True))
            parts.append(same_key.filter(birth_year__range=(year - 1, year + 1)))
    rows = blocks.union(*parts, all=True) if parts else blocks
    shared = Counter(person for person, _key in set(rows))
    if exclude is not None:
        shared.pop(exclude.pk, None)
    ranked = sorted(shared, key=lambda person: (-shared[person], person))
    return ranked[:MAX_CANDIDATES]


def _scored(probes: list[Record], ids: list[int]) -> dict[int, Score]:
    """The best score of each person over their spellings and the probes', for those worth
    showing (:func:`worth_showing`). Read as plain values: a check must stay fast with a
    few hundred people to compare."""
    if not ids:
        return {}
    spellings: dict[int, list[Spelling]] = defaultdict(list)
    for person, given, family in OtherSpelling.objects.filter(person__in=ids).values_list(
        "person", "given_name", "family_name"
    ):
        spellings[person].append(Spelling(given, family))
    found: dict[int, Score] = {}
    for row in Person.objects.filter(pk__in=ids).values_list("pk", *COMPARED):
        stored = records(dict(zip(COMPARED, row[1:], strict=True)), spellings[row[0]])
        pairs = [(probe, record) for probe in probes for record in stored]
        # Most people sharing a key have another given name: the quick score says so at
        # once, and only the rest are compared field by field.
        if not any(score_value(probe, record, floor=SHOW_FROM) for probe, record in pairs):
            continue
        best = max((score(probe, record) for probe, record in pairs), key=lambda s: s.value)
        if worth_showing(best):
            found[row[0]] = best
    return found


def worth_showing(compared: Score) -> bool:
    """Whether the worker is shown a match: one that scores at least :data:`SHOW_FROM`, one
    with the same JMBG whatever else differs (a number is one person's), or one with both
    names agreeing and no other field against it (the same name, and little else entered
    yet to tell)."""
    if compared.value >= SHOW_FROM or same_number(compared):
        return True
    names = {a.field: a for a in compared.agreements if a.field in {GIVEN, FAMILY}}
    return len(names) == 2 and all(a.agrees for a in names.values()) and not compared.disagreed


def same_number(compared: Score) -> bool:
    """Whether the two records have the same JMBG."""
    return any(a.field == JMBG and a.level == SAME for a in compared.agreements)
