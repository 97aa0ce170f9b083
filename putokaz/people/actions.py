"""Audited writes on people and households: register, edit, household membership, import."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, Role, User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core.concurrency import check_version
from putokaz.core.history import authored
from putokaz.geo.models import Municipality
from putokaz.people import merging
from putokaz.people.importing import ImportPlan, registered_numbers
from putokaz.people.models import (
    Household,
    HouseholdMember,
    MigrationProfile,
    OtherSpelling,
    Person,
    PersonHolder,
    PersonMerge,
    PossibleDuplicate,
    Relationship,
    refresh_organisation_name_keys,
)


def _check_may_register(acting_user: User, organisation: Organisation) -> None:
    if not acting_user.has_perm("people.register", organisation):
        raise PermissionDenied(
            _("Only the organisation's case workers and supervisors may register people.")
        )


def _check_may_change(acting_user: User, person: Person) -> None:
    if not Person.objects.visible_to(acting_user).filter(pk=person.pk).exists():
        raise PermissionDenied(_("You may not change this person's file."))


def person_register(
    *,
    organisation: Organisation,
    form: Any,
    formsets: list[Any],
    acting_user: User,
    request: HttpRequest | None = None,
    possible_duplicates: Sequence[tuple[int, float]] = (),
) -> Person:
    """Save a new person from a validated form; ``organisation`` holds their file from now on.

    ``possible_duplicates`` are the (person id, score) of the matches the worker was shown
    and registered the person despite: each pair goes to the review of duplicates."""
    _check_may_register(acting_user, organisation)
    with transaction.atomic(durable=True):
        person = _save_new_person(
            organisation=organisation,
            form=form,
            formsets=formsets,
            acting_user=acting_user,
            request=request,
        )
        PossibleDuplicate.objects.bulk_create(
            PossibleDuplicate(
                person=person,
                other_id=other,
                score=value,
                source=PossibleDuplicate.Source.REGISTRATION,
                found_by=acting_user,
            )
            for other, value in possible_duplicates
        )
        return person


def _save_new_person(
    *,
    organisation: Organisation,
    form: Any,
    formsets: list[Any],
    acting_user: User,
    request: HttpRequest | None,
    purpose: str = "",
) -> Person:
    """Registration's writes, inside the caller's transaction: the person, their formsets'
    rows, their name keys, ``organisation`` as holder of the file, the access-log entry."""
    person: Person = form.save(commit=False)
    person.organisation = organisation
    person.created_by = acting_user
    authored(person, acting_user, purpose).save()
    for formset in formsets:
        formset.instance = person
        for row in formset.save(commit=False):
            authored(row, acting_user, purpose).save()
        for row in formset.deleted_objects:
            row.delete()
    PersonHolder.objects.create(
        person=person, organisation=organisation, reason=PersonHolder.Reason.REGISTERED
    )
    person.refresh_name_keys()  # after the holder: its keys for the organisation too
    log_access(
        actor=acting_user, action=Action.CREATE, obj=person, purpose=purpose, request=request
    )
    return person


def person_update(
    *,
    person: Person,
    form: Any,
    formsets: list[Any],
    acting_user: User,
    request: HttpRequest | None = None,
) -> Person:
    """Save edits to a person's file unless someone else saved it since the form was opened."""
    _check_may_change(acting_user, person)
    with transaction.atomic(durable=True):
        current = Person.objects.select_for_update().get(pk=person.pk)
        check_version(current, form.cleaned_data.get("version", ""))
        person = form.save()
        for formset in formsets:
            formset.save()
        person.refresh_name_keys()
        log_access(actor=acting_user, action=Action.UPDATE, obj=person, request=request)
    return person


def migration_profile_save(
    *, person: Person, form: Any, acting_user: User, request: HttpRequest | None = None
) -> MigrationProfile:
    _check_may_change(acting_user, person)
    with transaction.atomic(durable=True):
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if form.instance.pk:
            current = MigrationProfile.objects.get(pk=form.instance.pk)
            check_version(current, form.cleaned_data.get("version", ""))
        elif MigrationProfile.objects.filter(person=locked).exists():
            raise ValidationError(
                _("Someone else added a migration profile meanwhile: open it again to see it.")
            )
        profile: MigrationProfile = form.save(commit=False)
        profile.person = locked
        profile.save()
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=locked,
            purpose="migration",
            request=request,
        )
    return profile


def household_register(
    *,
    organisation: Organisation,
    reference_person: Person,
    address: str,
    municipality: Municipality | None,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Household:
    """A new household with ``reference_person`` as its reference person from today."""
    _check_may_register(acting_user, organisation)
    _check_may_change(acting_user, reference_person)
    with transaction.atomic(durable=True):
        return _save_new_household(
            organisation=organisation,
            members=[(reference_person, Relationship.REFERENCE)],
            address=address,
            municipality=municipality,
            acting_user=acting_user,
            request=request,
        )


def _save_new_household(
    *,
    organisation: Organisation,
    members: list[tuple[Person, str]],
    address: str,
    municipality: Municipality | None,
    acting_user: User,
    request: HttpRequest | None,
    purpose: str = "",
) -> Household:
    """A household with ``members`` (the reference person first) from today, inside the
    caller's transaction, and its access-log entry."""
    household = Household(
        organisation=organisation,
        address=address,
        municipality=municipality,
        created_by=acting_user,
    )
    authored(household, acting_user, purpose).save()
    for person, relationship in members:
        member = HouseholdMember(household=household, person=person, relationship=relationship)
        authored(member, acting_user, purpose).save()
    log_access(
        actor=acting_user, action=Action.CREATE, obj=household, purpose=purpose, request=request
    )
    return household


def household_member_add(
    *,
    household: Household,
    person: Person,
    relationship: str,
    joined_on: datetime.date,
    acting_user: User,
    request: HttpRequest | None = None,
) -> HouseholdMember:
    """Add ``person`` to ``household`` (a person may belong to several households over time)."""
    _check_may_change(acting_user, person)
    if not Household.objects.visible_to(acting_user).filter(pk=household.pk).exists():
        raise PermissionDenied(_("You may not change this household."))
    with transaction.atomic(durable=True):
        Household.objects.select_for_update().get(pk=household.pk)
        if household.members.current().filter(person=person).exists():
            raise ValidationError(_("This person is already a member of the household."))
        member = HouseholdMember.objects.create(
            household=household, person=person, relationship=relationship, joined_on=joined_on
        )
        # The organisations with a case about the household find the case by their name.
        refresh_organisation_name_keys([person.pk])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=household,
            purpose="member added",
            request=request,
        )
    return member


def household_member_leave(
    *,
    member: HouseholdMember,
    left_on: datetime.date,
    acting_user: User,
    request: HttpRequest | None = None,
) -> HouseholdMember:
    """Record that a member left; the membership stays in the household's history."""
    if not Household.objects.visible_to(acting_user).filter(pk=member.household_id).exists():
        raise PermissionDenied(_("You may not change this household."))
    with transaction.atomic(durable=True):
        Household.objects.select_for_update().get(pk=member.household_id)
        current = HouseholdMember.objects.get(pk=member.pk)
        if current.left_on is not None:
            raise ValidationError(_("This member has already left the household."))
        if (
            current.relationship == Relationship.REFERENCE
            and current.household.members.current().count() > 1
        ):
            raise ValidationError(
                _("The reference person cannot leave while others live in the household.")
            )
        current.left_on = left_on
        current.full_clean()
        current.save(update_fields=["left_on"])
        refresh_organisation_name_keys([current.person_id])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current.household,
            purpose="member left",
            request=request,
        )
    return current


@dataclass(frozen=True)
class ImportResult:
    people: list[Person]
    households: list[Household]


def people_import(
    *, plan: ImportPlan, acting_user: User, source: str = "", request: HttpRequest | None = None
) -> ImportResult:
    """Save every person and household of a valid import ``plan``, in one transaction: all of
    them or, if anything fails, none. ``source`` (the file's name) is kept in the access log
    and in the history."""
    organisation = plan.organisation
    _check_may_register(acting_user, organisation)
    if plan.errors:
        raise ValidationError(_("The file has errors: nothing was imported."))
    purpose = f"import {source}".strip()
    with transaction.atomic(durable=True):
        # Checked again inside the transaction: someone may have registered one meanwhile.
        if registered_numbers(row.jmbg for row in plan.people):
            raise ValidationError(
                _(
                    "Meanwhile someone registered a person with a JMBG of the file: nothing "
                    "was imported. Check the file again to see which rows."
                )
            )
        people = {
            row.row: _save_new_person(
                organisation=organisation,
                form=row.form,
                formsets=row.formsets,
                acting_user=acting_user,
                request=request,
                purpose=purpose,
            )
            for row in plan.people
        }
        households = [
            _save_new_household(
                organisation=organisation,
                members=[(people[row.row], row.relationship) for row in rows],
                address=rows[0].form.cleaned_data["address"],
                municipality=rows[0].form.cleaned_data["municipality"],
                acting_user=acting_user,
                request=request,
                purpose=purpose,
            )
            for rows in plan.households().values()
        ]
    return ImportResult(people=list(people.values()), households=households)


def _check_may_review(acting_user: User, pair: PossibleDuplicate) -> None:
    if not PossibleDuplicate.objects.for_reviewer(acting_user).filter(pk=pair.pk).exists():
        raise PermissionDenied(_("Only a supervisor who holds the file reviews this match."))


def _lock_open_pair(pair: PossibleDuplicate) -> PossibleDuplicate:
    locked = PossibleDuplicate.objects.select_for_update().get(pk=pair.pk)
    if locked.status != PossibleDuplicate.Status.OPEN:
        raise ValidationError(_("Someone has already decided about this possible duplicate."))
    return locked


def possible_duplicate_dismiss(
    *,
    pair: PossibleDuplicate,
    acting_user: User,
    note: str = "",
    request: HttpRequest | None = None,
) -> PossibleDuplicate:
    """Decide that the two records of ``pair`` are two different people."""
    _check_may_review(acting_user, pair)
    with transaction.atomic(durable=True):
        locked = _lock_open_pair(pair)
        locked.status = PossibleDuplicate.Status.DIFFERENT
        locked.decided_at = timezone.now()
        locked.decided_by = acting_user
        locked.note = note[:500]
        locked.save(update_fields=["status", "decided_at", "decided_by", "note"])
        for person in (locked.person, locked.other):
            log_access(
                actor=acting_user,
                action=Action.UPDATE,
                obj=person,
                purpose="duplicate review: two different people",
                request=request,
            )
    return locked


def _check_may_merge(acting_user: User, survivor: Person, merged: Person) -> None:
    visible = Person.objects.visible_to(acting_user).filter(pk__in=[survivor.pk, merged.pk])
    supervises = (
        acting_user.is_system_admin
        or PersonHolder.objects.filter(
            person__in=[survivor, merged],
            organisation_id__in=acting_user.memberships.active()
            .filter(role=Role.SUPERVISOR)
            .values("organisation_id"),
        ).exists()
    )
    if visible.count() != 2 or not supervises:
        raise PermissionDenied(_("Only a supervisor who may open both files merges two records."))


def person_merge(
    *,
    survivor: Person,
    merged: Person,
    take_from_merged: Sequence[str],
    acting_user: User,
    pair: PossibleDuplicate | None = None,
    request: HttpRequest | None = None,
) -> PersonMerge:
    """Merge ``merged`` into ``survivor``, which takes the fields named in
    ``take_from_merged`` from the merged record; everything else of the merged record
    moves to the survivor where it can (see :mod:`putokaz.people.merging`)."""
    if survivor.pk == merged.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    _check_may_merge(acting_user, survivor, merged)
    unknown = set(take_from_merged) - set(merging.MERGED_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    with transaction.atomic(durable=True):
        locked = {
            p.pk: p
            for p in Person.objects.select_for_update()
            .filter(pk__in=[survivor.pk, merged.pk])
            .order_by("pk")
        }
        survivor, merged = locked[survivor.pk], locked[merged.pk]
        if survivor.merged_into_id or merged.merged_into_id:
            raise ValidationError(_("One of the records has already been merged."))
        if pair is not None:
            pair = _lock_open_pair(pair)
        before = merging.field_values(survivor)
        taken = merging.field_values(merged)
        merging.set_field_values(survivor, {name: taken[name] for name in take_from_merged})
        survivor.full_clean(exclude=["organisation", "created_by", "merged_into"])
        authored(survivor, acting_user, "merge").save()
        rows = merging.move_rows(merged, survivor)
        spelling = merging.add_spelling(survivor, merged)
        merged.merged_into = survivor
        authored(merged, acting_user, "merge").save(update_fields=["merged_into", "updated_at"])
        merging.forget_keys(merged)
        survivor.refresh_name_keys()
        if pair is not None:
            pair.status = PossibleDuplicate.Status.SAME
            pair.decided_at = timezone.now()
            pair.decided_by = acting_user
            pair.save(update_fields=["status", "decided_at", "decided_by"])
        record = PersonMerge.objects.create(
            survivor=survivor,
            merged=merged,
            pair=pair,
            survivor_before=before,
            survivor_after=merging.field_values(survivor),
            moved=rows.moved,
            added=[[OtherSpelling._meta.label, spelling.pk]] if spelling else [],
            kept_with_merged=rows.kept,
            merged_by=acting_user,
        )
        for person in (survivor, merged):
            log_access(
                actor=acting_user,
                action=Action.MERGE,
                obj=person,
                purpose=f"merge {merged.public_id} into {survivor.public_id}",
                request=request,
            )
    return record


@dataclass
class UnmergeResult:
    merge: PersonMerge
    changed_since: list[str]  # fields of the survivor changed after the merge, kept as they are
    missing: list[list[Any]]  # rows moved by the merge that are no longer with the survivor


def person_unmerge(
    *, merge: PersonMerge, acting_user: User, request: HttpRequest | None = None
) -> UnmergeResult:
    """Undo ``merge``: the rows it moved go back, the spelling it added goes, the survivor
    gets its values back — but for any changed since the merge, which stay as they are."""
    with transaction.atomic(durable=True):
        merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise ValidationError(_("This merge has already been undone."))
        survivor = Person.objects.select_for_update().get(pk=merge.survivor_id)
        merged = Person.objects.select_for_update().get(pk=merge.merged_id)
        merged.merged_into = None  # seen as a record of its own again for the check
        _check_may_unmerge(acting_user, survivor, merged)
        missing = merging.move_back(merge)
        for label, pk in merge.added:
            apps.get_model(label)._default_manager.filter(pk=pk).delete()
        current = merging.field_values(survivor)
        changed = [
            name for name, value in merge.survivor_after.items() if current.get(name) != value
        ]
        merging.set_field_values(
            survivor,
            {name: value for name, value in merge.survivor_before.items() if name not in changed},
        )
        authored(survivor, acting_user, "unmerge").save()
        authored(merged, acting_user, "unmerge").save(update_fields=["merged_into", "updated_at"])
        survivor.refresh_name_keys()
        merged.refresh_name_keys()
        merge.undone_at = timezone.now()
        merge.undone_by = acting_user
        merge.save(update_fields=["undone_at", "undone_by"])
        if merge.pair_id is not None:
            PossibleDuplicate.objects.filter(pk=merge.pair_id).update(
                status=PossibleDuplicate.Status.OPEN, decided_at=None, decided_by=None
            )
        for person in (survivor, merged):
            log_access(
                actor=acting_user,
                action=Action.MERGE,
                obj=person,
                purpose=f"unmerge {merged.public_id} from {survivor.public_id}",
                request=request,
            )
    return UnmergeResult(merge=merge, changed_since=changed, missing=missing)


def _check_may_unmerge(acting_user: User, survivor: Person, merged: Person) -> None:
    supervises = (
        acting_user.is_system_admin
        or PersonHolder.objects.filter(
            person__in=[survivor, merged],
            organisation_id__in=acting_user.memberships.active()
            .filter(role=Role.SUPERVISOR)
            .values("organisation_id"),
        ).exists()
    )
    if not supervises or not Person.objects.visible_to(acting_user).filter(pk=survivor.pk).exists():
        raise PermissionDenied(_("Only a supervisor who may open the file undoes a merge."))
