"""Audited writes of crisis interventions: the intake, its correction, the responses, the
person it is about, opening a case from it, closing it with the outcome.

Each write locks the intervention, checks that the acting user does casework in its
organisation, validates, and writes the change and its access-log entry in one transaction.
Bad input raises ``ValidationError`` and changes nothing.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases import actions as case_actions
from putokaz.cases import deadlines
from putokaz.cases.models import Case, CaseType, Urgency
from putokaz.core.concurrency import check_version
from putokaz.core.history import authored
from putokaz.core.validators import refuse_future
from putokaz.crisis.models import (
    CrisisIntervention,
    CrisisKind,
    CrisisResponse,
    Outcome,
    ResponseKind,
    Risk,
)
from putokaz.people import actions as people_actions
from putokaz.people.models import Household, HouseholdMember, Person, case_organisation_ids

# What the intake form and the API set on an intervention (the rest is the action's).
INTAKE_FIELDS = (
    "received_at",
    "channel",
    "contact_name",
    "contact_phone",
    "is_family",
    "people_count",
    "municipality",
    "location",
    "kinds",
    "description",
    "risks",
)


def response_limit() -> deadlines.Limit:
    """The time limit of the response: the cases' 'immediate' urgency (intervention within
    24 hours), with its source, from ``cases/data/deadlines.toml``."""
    return deadlines.limit_for(Urgency.IMMEDIATE)


def _check_casework(acting_user: User, organisation_id: int) -> None:
    if organisation_id not in case_organisation_ids(acting_user):
        raise PermissionDenied(
            _("Only the organisation's case workers and supervisors work on crisis interventions.")
        )


def _locked(intervention: CrisisIntervention, acting_user: User) -> CrisisIntervention:
    current = CrisisIntervention.objects.select_for_update().get(pk=intervention.pk)
    if not CrisisIntervention.objects.visible_to(acting_user).filter(pk=current.pk).exists():
        raise PermissionDenied(_("You do not work on this crisis intervention."))
    return current


def _check_open(intervention: CrisisIntervention) -> None:
    if not intervention.is_open:
        raise ValidationError(_("This crisis intervention is closed."))


def _check_intake(data: dict[str, Any], person: Person | None) -> None:
    refuse_future(data["received_at"], _("The time it was received cannot be in the future."))
    kinds = list(data.get("kinds") or [])
    if not kinds:
        raise ValidationError(_("Choose what happened."))
    if not set(kinds) <= set(CrisisKind.values):
        raise ValidationError(_("Choose what happened from the list."))
    if not set(data.get("risks") or []) <= set(Risk.values):
        raise ValidationError(_("Choose the risks from the list."))
    if person is None and not str(data.get("contact_name") or "").strip():
        raise ValidationError(_("Choose the person or write the name given."))
    if not str(data.get("description") or "").strip():
        raise ValidationError(_("Describe what happened."))


def _apply_intake(intervention: CrisisIntervention, data: dict[str, Any]) -> None:
    for name in INTAKE_FIELDS:
        if name in data:
            setattr(intervention, name, data[name])
    intervention.kinds = sorted(set(intervention.kinds))
    intervention.risks = sorted(set(intervention.risks or []))
    intervention.contact_name = (intervention.contact_name or "").strip()
    intervention.response_due = response_limit().due(intervention.received_at)


def intervention_record(
    *,
    organisation: Organisation,
    data: dict[str, Any],
    person: Person | None = None,
    acting_user: User,
    request: HttpRequest | None = None,
) -> CrisisIntervention:
    """Record a new crisis intervention; its response is due 24 hours after it came in.

    ``person``: the registered person in crisis, if any (one ``acting_user`` may see)."""
    _check_casework(acting_user, organisation.pk)
    _check_intake(data, person)
    if (
        person is not None
        and not Person.objects.visible_to(acting_user).filter(pk=person.pk).exists()
    ):
        raise PermissionDenied(_("You may not see this person's file."))
    with transaction.atomic(durable=True):
        intervention = CrisisIntervention(
            organisation=organisation, person=person, recorded_by=acting_user
        )
        _apply_intake(intervention, data)
        authored(intervention, acting_user).save()
        log_access(
            actor=acting_user,
            action=Action.CREATE,
            obj=intervention,
            purpose="crisis intervention",
            request=request,
        )
    return intervention


def intervention_update(
    *,
    intervention: CrisisIntervention,
    data: dict[str, Any],
    version: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> CrisisIntervention:
    """Correct the intake, unless someone else changed the intervention since ``version``."""
    with transaction.atomic(durable=True):
        current = _locked(intervention, acting_user)
        check_version(current, version)
        _check_intake(data, current.person)
        _apply_intake(current, data)
        if current.first_response_at and current.first_response_at < current.received_at:
            raise ValidationError(_("A response was given before this time."))
        authored(current, acting_user).save()
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="crisis intervention",
            request=request,
        )
    return current


def response_add(
    *,
    intervention: CrisisIntervention,
    kind: str,
    description: str,
    done_at: datetime.datetime,
    done_by: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> CrisisResponse:
    """Record something done in response; the earliest one is the first response."""
    if kind not in ResponseKind.values:
        raise ValidationError(_("Choose what was done."))
    if not description.strip():
        raise ValidationError(_("Describe what was done."))
    refuse_future(done_at, _("The time of the response cannot be in the future."))
    with transaction.atomic(durable=True):
        current = _locked(intervention, acting_user)
        _check_open(current)
        if done_at < current.received_at:
            raise ValidationError(
                _("The response cannot come before the intervention was received.")
            )
        response = CrisisResponse.objects.create(
            intervention=current,
            kind=kind,
            description=description.strip(),
            done_at=done_at,
            done_by=done_by.strip() or acting_user.full_name,
            recorded_by=acting_user,
        )
        if current.first_response_at is None or done_at < current.first_response_at:
            current.first_response_at = done_at
            authored(current, acting_user).save()
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose=f"crisis response: {kind}",
            request=request,
        )
    return response


def intervention_set_person(
    *,
    intervention: CrisisIntervention,
    person: Person,
    version: str | None = None,
    acting_user: User,
    request: HttpRequest | None = None,
) -> CrisisIntervention:
    """Say which registered person the intervention is about (one ``acting_user`` may see)."""
    if not Person.objects.visible_to(acting_user).filter(pk=person.pk).exists():
        raise PermissionDenied(_("You may not see this person's file."))
    with transaction.atomic(durable=True):
        current = _locked(intervention, acting_user)
        if version is not None:
            check_version(current, version)
        if current.case_id is not None:
            raise ValidationError(_("A case was already opened from this intervention."))
        current.person = person
        authored(current, acting_user).save()
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="crisis intervention: person",
            request=request,
        )
    return current


def intervention_register_person(
    *,
    intervention: CrisisIntervention,
    form: Any,
    version: str,
    acting_user: User,
    request: HttpRequest | None = None,
    possible_duplicates: Sequence[tuple[int, float]] = (),
) -> Person:
    """Register the person in crisis (the people app's registration, with the matches the
    worker was shown) and make the intervention about them."""
    check_version(intervention, version)
    person = people_actions.person_register(
        organisation=intervention.organisation,
        form=form,
        formsets=[],
        acting_user=acting_user,
        request=request,
        possible_duplicates=possible_duplicates,
    )
    intervention_set_person(
        intervention=intervention, person=person, acting_user=acting_user, request=request
    )
    return person


def household_of(person: Person) -> Household | None:
    """The household ``person`` lives in now, if any (the first one)."""
    member = (
        HouseholdMember.objects.current()
        .filter(person=person)
        .select_related("household")
        .order_by("pk")
        .first()
    )
    return member.household if member is not None else None


def intervention_open_case(
    *,
    intervention: CrisisIntervention,
    version: str,
    for_household: bool = False,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Case:
    """Open a crisis-intervention case about the intervention's person (or their household)
    with the cases' own opening, in the same transaction as its link to the intervention.
    Its first step's 24 hours run from when the intervention was received."""
    _check_casework(acting_user, intervention.organisation_id)
    with transaction.atomic(durable=True):
        current = _locked(intervention, acting_user)
        check_version(current, version)
        _check_link(current)
        person = current.person
        assert person is not None  # noqa: S101 - _check_link made sure
        subject: Person | Household = person
        if for_household:
            household = household_of(person)
            if household is None:
                raise ValidationError(_("The person does not live in a registered household."))
            subject = household
        case = case_actions.case_open_within(
            subject=subject,
            organisation=current.organisation,
            case_type=CaseType.CRISIS,
            urgency=Urgency.IMMEDIATE,
            reason=current.description,
            received_at=current.received_at,
            acting_user=acting_user,
            request=request,
        )
        current.case = case
        authored(current, acting_user).save()
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose=f"crisis intervention: case {case.number} opened",
            request=request,
        )
    return case


def _check_link(intervention: CrisisIntervention) -> None:
    _check_open(intervention)
    if intervention.case_id is not None:
        raise ValidationError(_("A case was already opened from this intervention."))
    if intervention.person_id is None:
        raise ValidationError(_("Choose or register the person before opening a case."))


def intervention_close(
    *,
    intervention: CrisisIntervention,
    outcome: str,
    note: str = "",
    version: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> CrisisIntervention:
    """Close the intervention with its outcome (required)."""
    if not outcome:
        raise ValidationError(_("Choose the outcome to close the intervention."))
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose the outcome from the list."))
    with transaction.atomic(durable=True):
        current = _locked(intervention, acting_user)
        check_version(current, version)
        _check_open(current)
        if outcome == Outcome.CASE_OPENED and current.case_id is None:
            raise ValidationError(_("No case was opened from this intervention yet."))
        current.outcome = outcome
        current.outcome_note = note.strip()
        current.closed_at = timezone.now()
        current.closed_by = acting_user
        authored(current, acting_user).save()
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose=f"crisis intervention closed: {outcome}",
            request=request,
        )
    return current
