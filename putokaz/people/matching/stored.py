"""The records and blocking keys of a person on file, as stored for search-before-create.

A person is compared under every spelling of their name (as written, and each other
spelling, with the same date of birth and other fields), so each spelling gives a
:class:`~putokaz.people.matching.record.Record` and its blocking keys
(:func:`~putokaz.people.matching.keys.blocking_keys`). The keys are stored in an indexed
column beside the person's year of birth, so that the few people who may be the one being
registered are found among millions by index lookups alone; the undated keys are looked
up only among people born within a year of them (:func:`~.keys.dates_may_agree`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from putokaz.people.matching.keys import UNDATED, blocking_keys
from putokaz.people.matching.record import Record, prepare

# The longest stored key (names are at most 100 letters; a key joins a few of them).
MATCH_KEY_LENGTH = 120


@dataclass(frozen=True, slots=True)
class Spelling:
    given_name: str
    family_name: str


def records(
    fields: dict[str, Any], spellings: Iterable[Spelling] = (), *, record_id: str = ""
) -> list[Record]:
    """The records of someone with these fields (a person's or a registration form's:
    ``given_name``, ``family_name``, ``parent_name``, ``sex``, ``birth_date``,
    ``birth_date_estimated``, ``birth_place``, ``jmbg``, ``phone``), one per spelling."""
    names = [Spelling(fields.get("given_name") or "", fields.get("family_name") or "")]
    names += [spelling for spelling in spellings if spelling.given_name or spelling.family_name]
    found: list[Record] = []
    for name in dict.fromkeys(names):
        record = prepare(
            record_id=record_id,
            given_name=name.given_name or names[0].given_name,
            family_name=name.family_name or names[0].family_name,
            father_name=fields.get("parent_name") or "",
            sex=fields.get("sex") or "",
            birth_date=fields.get("birth_date"),
            birth_date_estimated=bool(fields.get("birth_date_estimated")),
            birth_place=fields.get("birth_place") or "",
            jmbg=fields.get("jmbg") or "",
            phone=fields.get("phone") or "",
        )
        if record.given or record.family:
            found.append(record)
    return found


def person_fields(person: Any) -> dict[str, Any]:
    """The compared fields of a stored person."""
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "parent_name": person.parent_name,
        "sex": person.sex,
        "birth_date": person.birth_date,
        "birth_date_estimated": person.birth_date_estimated,
        "birth_place": person.birth_place,
        "jmbg": person.jmbg,
        "phone": person.phone,
    }


def stored_keys(found: Iterable[Record]) -> set[tuple[str, int | None]]:
    """``(key, year of birth)`` for every blocking key of these records."""
    keys: set[tuple[str, int | None]] = set()
    for record in found:
        year = record.birth.year if record.birth is not None else None
        keys.update((key[:MATCH_KEY_LENGTH], year) for key in blocking_keys(record))
    return keys


def is_undated(key: str) -> bool:
    """Whether a key holds no date, and so is compared only with people born near in time."""
    return key.startswith(UNDATED)
