"""Audited writes on people and households: register, edit, household membership, import."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core.concurrency import check_version
from putokaz.core.history import authored
from putokaz.geo.models import Municipality
from putokaz.people.importing import ImportPlan, registered_numbers
from putokaz.people.models import (
    Household,
    HouseholdMember,
    MigrationProfile,
    Person,
    PersonHolder,
    PossibleDuplicate,
    Relationship,
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
    person.refresh_name_keys()
    PersonHolder.objects.create(
        person=person, organisation=organisation, reason=PersonHolder.Reason.REGISTERED
    )
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
