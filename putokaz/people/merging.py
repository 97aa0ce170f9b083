"""Merging two records of one person, and undoing it exactly.

The kept record (the survivor) takes the values chosen for it; every row of any app that
points at the merged record (cases, household memberships, referrals, documents, other
spellings …, found from the model's relations, so a new app's rows move too) is moved to
it, one save at a time so each change is in the row's history. A row whose move would
break a rule of its table (both records held by one organisation, both current members of
one household, a second migration profile) stays with the merged record, listed. The
merged record keeps everything else, is marked ``merged_into`` and is no longer found by
search. :class:`~putokaz.people.models.PersonMerge` keeps what is needed to undo it: the
survivor's values before and after, the rows moved and the rows added.
"""

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction

from putokaz.people.models import (
    OrganisationNameKey,
    OtherSpelling,
    Person,
    PersonMatchKey,
    PersonMerge,
    PersonNameKey,
    PossibleDuplicate,
)

# The fields a merge chooses between, in the order the comparison shows them.
MERGED_FIELDS = (
    "given_name",
    "family_name",
    "parent_name",
    "sex",
    "birth_date",
    "birth_date_estimated",
    "birth_place",
    "jmbg",
    "citizenships",
    "languages",
    "needs_interpreter",
    "phone",
    "address",
    "municipality",
)
# Rows that are not the person's own: recomputed (keys) or about records (merges, pairs).
_NOT_MOVED = {
    PersonNameKey,
    OrganisationNameKey,
    PersonMatchKey,
    PossibleDuplicate,
    PersonMerge,
    Person,
}


def field_values(person: Person) -> dict[str, Any]:
    """The merged fields of ``person`` as JSON values."""
    values: dict[str, Any] = {}
    for name in MERGED_FIELDS:
        model_field = person_field(name)
        if isinstance(model_field, models.JSONField):
            values[name] = getattr(person, name)
        elif isinstance(model_field, models.ForeignKey):
            values[name] = getattr(person, model_field.attname)
        else:
            values[name] = model_field.value_to_string(person)
    return values


def set_field_values(person: Person, values: dict[str, Any]) -> None:
    for name, value in values.items():
        model_field = person_field(name)
        if isinstance(model_field, models.JSONField):
            setattr(person, name, value)
        elif isinstance(model_field, models.ForeignKey):
            setattr(person, model_field.attname, value)
        else:
            setattr(person, name, model_field.to_python(value))


def person_field(name: str) -> "models.Field[Any, Any]":
    """The field ``name`` of a person."""
    found = Person._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise TypeError(name)
    return found


def _relations() -> list[Any]:
    return [
        relation
        for relation in Person._meta.related_objects
        if relation.related_model not in _NOT_MOVED
        and not relation.related_model.__name__.startswith("Historical")
        and relation.field.concrete
    ]


@dataclass
class Moved:
    moved: list[list[Any]] = field(default_factory=list)
    kept: list[list[Any]] = field(default_factory=list)


def move_rows(source: Person, target: Person) -> Moved:
    """Point every row of ``source`` at ``target`` where its table allows it."""
    result = Moved()
    for relation in _relations():
        model = relation.related_model
        label = model._meta.label
        name = relation.field.name
        for row in model._default_manager.filter(**{name: source}).order_by("pk"):
            setattr(row, name, target)
            try:
                with transaction.atomic():
                    row.save(update_fields=[name])
            except IntegrityError:
                result.kept.append([label, row.pk])
            else:
                result.moved.append([label, row.pk, name])
    return result


def move_back(merge: PersonMerge) -> list[list[Any]]:
    """Point the rows the merge moved at the merged record again; the rows no longer with
    the survivor (deleted or moved since) are returned."""
    missing = []
    for label, pk, name in merge.moved:
        model = apps.get_model(label)
        row = model._default_manager.filter(pk=pk, **{name: merge.survivor}).first()
        if row is None:
            missing.append([label, pk])
            continue
        setattr(row, name, merge.merged)
        row.save(update_fields=[name])
    return missing


def add_spelling(person: Person, other: Person) -> OtherSpelling | None:
    """The other record's name as another spelling of ``person``'s, unless it is one."""
    written = {(s.given_name, s.family_name) for s in person.other_spellings.all()}
    written.add((person.given_name, person.family_name))
    if (other.given_name, other.family_name) in written:
        return None
    return OtherSpelling.objects.create(
        person=person, given_name=other.given_name, family_name=other.family_name
    )


def forget_keys(person: Person) -> None:
    """A merged record is found by its survivor's keys only."""
    PersonNameKey.objects.filter(person=person).delete()
    OrganisationNameKey.objects.filter(person=person).delete()
    PersonMatchKey.objects.filter(person=person).delete()
