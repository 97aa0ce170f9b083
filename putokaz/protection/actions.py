"""Audited writes of a child's protection: identification, guardians, placements, best
interests, family tracing and asylum milestones.

Every function locks the case row, checks that the acting user works on the case (the case's
own rule), validates, writes the change with its :class:`ProtectionEvent` and the access-log
entry in one transaction. Bad input raises ``ValidationError`` and changes nothing.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.actions import locked_case
from putokaz.cases.models import Case
from putokaz.core.concurrency import check_version
from putokaz.core.history import authored
from putokaz.core.validators import refuse_future
from putokaz.protection import guardianship
from putokaz.protection.models import (
    AccompanyingAdult,
    ApprovalStatus,
    AsylumMilestone,
    BestInterestsAssessment,
    BestInterestsDetermination,
    ChildIdentification,
    FamilyTracing,
    GuardianAppointment,
    MilestoneKind,
    PanelMember,
    Placement,
    ProtectionEvent,
    is_child_case,
)
from putokaz.protection.permissions import is_case_supervisor

IDENTIFICATION_FIELDS = (
    "separation",
    "identified_at",
    "found_where",
    "found_by",
    "circumstances",
    "age_method",
    "age_outcome",
    "assessed_age",
    "age_assessed_on",
    "benefit_of_doubt",
)


def _locked(case: Case, acting_user: User) -> Case:
    current = locked_case(case, acting_user)
    if not is_child_case(current):
        raise ValidationError(_("This case is not about an unaccompanied or separated child."))
    return current


def _event(case: Case, kind: str, actor: User, note: str = "") -> None:
    ProtectionEvent.objects.create(case=case, kind=kind, actor=actor, note=note[:250])


def _log(actor: User, action: str, obj: Any, purpose: str, request: HttpRequest | None) -> None:
    log_access(actor=actor, action=action, obj=obj, purpose=purpose, request=request)


def _identification(case: Case) -> ChildIdentification:
    identification = ChildIdentification.objects.filter(case=case).first()
    if identification is None:
        raise ValidationError(_("Record how and when the child was identified first."))
    return identification


def identification_save(
    *,
    case: Case,
    data: dict[str, Any],
    acting_user: User,
    version: str = "",
    request: HttpRequest | None = None,
) -> ChildIdentification:
    """Record how the child was identified and the age assessment, or change the record
    (unless someone else changed it since ``version`` was read)."""
    refuse_future(data["identified_at"], _("The identification cannot be in the future."))
    with transaction.atomic(durable=True):
        current = _locked(case, acting_user)
        identification = (
            ChildIdentification.objects.select_for_update().filter(case=current).first()
        )
        created = identification is None
        if identification is None:
            identification = ChildIdentification(case=current, recorded_by=acting_user)
        else:
            check_version(identification, version)
        for name in IDENTIFICATION_FIELDS:
            setattr(identification, name, data[name])
        first = guardianship.first_appointment(current)
        if first is not None and first.appointed_at < identification.identified_at:
            raise ValidationError(
                _("The child cannot be identified after the guardian was appointed.")
            )
        authored(identification, acting_user).save()
        _event(
            current,
            ProtectionEvent.Kind.IDENTIFIED
            if created
            else ProtectionEvent.Kind.IDENTIFICATION_CHANGED,
            acting_user,
            identification.separation,
        )
        _log(
            acting_user,
            Action.CREATE if created else Action.UPDATE,
            identification,
            "child identification",
            request,
        )
    return identification


def adult_add(
    *,
    case: Case,
    full_name: str,
    stated_relationship: str,
    contact: str,
    suspected: bool,
    note: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> AccompanyingAdult:
    """Record an adult who was with the child when found."""
    if not full_name.strip():
        raise ValidationError(_("Give the adult's name."))
    with transaction.atomic(durable=True):
        current = _locked(case, acting_user)
        identification = _identification(current)
        adult = authored(
            AccompanyingAdult(
                identification=identification,
                full_name=full_name.strip(),
                stated_relationship=stated_relationship,
                contact=contact,
                suspected=suspected,
                note=note,
            ),
            acting_user,
        )
        adult.save()
        _event(current, ProtectionEvent.Kind.ADULT_ADDED, acting_user, adult.full_name)
        _log(acting_user, Action.CREATE, adult, "accompanying adult", request)
    return adult


def guardian_appoint(
    *,
    case: Case,
    guardian_user: User | None,
    guardian_name: str,
    guardian_contact: str,
    decision_number: str,
    decision_date: datetime.date,
    appointed_at: datetime.datetime,
    no_conflict_confirmed: bool,
    conflict_note: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> GuardianAppointment:
    """Record the Center for Social Welfare's decision appointing a temporary guardian.

    Refused when the child has a guardian now, when the check finds a conflict of interest
    (see :func:`guardianship.conflicts`), or unless the worker confirms there is none.
    """
    name = (guardian_user.full_name if guardian_user is not None else guardian_name).strip()
    if not name:
        raise ValidationError(_("Choose a professional or give the guardian's name."))
    if not decision_number.strip():
        raise ValidationError(_("Give the number of the decision."))
    refuse_future(appointed_at, _("The appointment cannot be in the future."))
    refuse_future(decision_date, _("The decision date cannot be in the future."))
    with transaction.atomic(durable=True):
        current = _locked(case, acting_user)
        identification = _identification(current)
        if appointed_at < identification.identified_at:
            raise ValidationError(
                _("A guardian cannot be appointed before the child was identified.")
            )
        if GuardianAppointment.objects.current().filter(case=current).exists():
            raise ValidationError(
                _("The child already has a temporary guardian: end that appointment first.")
            )
        found = guardianship.conflicts(current, guardian_user=guardian_user, guardian_name=name)
        if found:
            raise ValidationError(found)
        if not no_conflict_confirmed:
            raise ValidationError(
                _("Confirm that you checked the guardian for a conflict of interest.")
            )
        appointment = authored(
            GuardianAppointment(
                case=current,
                guardian_user=guardian_user,
                guardian_name=name,
                guardian_contact=guardian_contact,
                decision_number=decision_number.strip(),
                decision_date=decision_date,
                appointed_at=appointed_at,
                no_conflict_confirmed=True,
                conflict_note=conflict_note,
                appointed_by=acting_user,
            ),
            acting_user,
        )
        appointment.save()
        _event(current, ProtectionEvent.Kind.GUARDIAN_APPOINTED, acting_user, name)
        _log(acting_user, Action.CREATE, appointment, "guardian appointed", request)
    return appointment


def guardian_end(
    *,
    appointment: GuardianAppointment,
    ended_on: datetime.date,
    reason: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> GuardianAppointment:
    """End a guardianship; the appointment stays in the child's history."""
    if not reason.strip():
        raise ValidationError(_("Say why the guardianship ends."))
    refuse_future(ended_on, _("The end of the guardianship cannot be in the future."))
    with transaction.atomic(durable=True):
        current = _locked(appointment.case, acting_user)
        appointment = GuardianAppointment.objects.select_for_update().get(pk=appointment.pk)
        if appointment.ended_on is not None:
            raise ValidationError(_("This guardianship has already ended."))
        if ended_on < timezone.localdate(appointment.appointed_at):
            raise ValidationError(_("A guardianship cannot end before it began."))
        appointment.ended_on = ended_on
        appointment.end_reason = reason.strip()
        appointment.ended_by = acting_user
        authored(appointment, acting_user, reason).save()
        _event(current, ProtectionEvent.Kind.GUARDIAN_ENDED, acting_user, appointment.guardian_name)
        _log(acting_user, Action.UPDATE, appointment, "guardianship ended", request)
    return appointment


def _check_overlap(case: Case, starts_on: datetime.date, ends_on: datetime.date | None) -> None:
    for other in Placement.objects.filter(case=case):
        if other.overlaps(starts_on, ends_on):
            raise ValidationError(
                _(
                    "This placement overlaps with %(other)s (from %(start)s%(end)s): end that "
                    "one first or change the dates."
                )
                % {
                    "other": other.facility,
                    "start": date_format(other.starts_on, "SHORT_DATE_FORMAT"),
                    "end": f" – {date_format(other.ends_on, 'SHORT_DATE_FORMAT')}"
                    if other.ends_on
                    else "",
                }
            )


def placement_add(
    *,
    case: Case,
    kind: str,
    facility: str,
    facility_organisation: Organisation | None,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    note: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Placement:
    """Record where the child lives from ``starts_on``; placements may not overlap."""
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("A placement cannot end before it starts."))
    if not facility.strip():
        raise ValidationError(_("Name the facility or family."))
    with transaction.atomic(durable=True):
        current = _locked(case, acting_user)
        _check_overlap(current, starts_on, ends_on)
        placement = authored(
            Placement(
                case=current,
                kind=kind,
                facility=facility.strip(),
                facility_organisation=facility_organisation,
                starts_on=starts_on,
                ends_on=ends_on,
                note=note,
                recorded_by=acting_user,
            ),
            acting_user,
        )
        placement.save()
        _event(current, ProtectionEvent.Kind.PLACED, acting_user, placement.facility)
        _log(acting_user, Action.CREATE, placement, "placement", request)
    return placement


def placement_end(
    *,
    placement: Placement,
    ends_on: datetime.date,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Placement:
    """End an open placement on ``ends_on``; the row stays in the history."""
    with transaction.atomic(durable=True):
        current = _locked(placement.case, acting_user)
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if placement.ends_on is not None:
            raise ValidationError(_("This placement has already ended."))
        if ends_on < placement.starts_on:
            raise ValidationError(_("A placement cannot end before it starts."))
        placement.ends_on = ends_on
        authored(placement, acting_user).save()
        _event(current, ProtectionEvent.Kind.PLACEMENT_ENDED, acting_user, placement.facility)
        _log(acting_user, Action.UPDATE, placement, "placement ended", request)
    return placement


def assessment_submit(
    *,
    case: Case,
    kind: str,
    assessed_on: datetime.date,
    child_views: str,
    findings: str,
    recommendation: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> BestInterestsAssessment:
    """Record a best-interests assessment and send it to the supervisor for approval."""
    if kind not in BestInterestsAssessment.Kind.values:
        raise ValidationError(_("Choose a kind of assessment from the list."))
    refuse_future(assessed_on, _("The assessment cannot be in the future."))
    with transaction.atomic(durable=True):
        current = _locked(case, acting_user)
        assessment = authored(
            BestInterestsAssessment(
                case=current,
                kind=kind,
                assessed_on=assessed_on,
                child_views=child_views,
                findings=findings,
                recommendation=recommendation,
                status=ApprovalStatus.SUBMITTED,
                assessed_by=acting_user,
            ),
            acting_user,
        )
        assessment.save()
        _event(current, ProtectionEvent.Kind.BIA_SUBMITTED, acting_user, assessment.kind)
        _log(acting_user, Action.CREATE, assessment, "best-interests assessment", request)
    return assessment


def assessment_decide(
    *,
    assessment: BestInterestsAssessment,
    approve: bool,
    note: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> BestInterestsAssessment:
    """A supervisor of the case's organisation approves the assessment or returns it."""
    with transaction.atomic(durable=True):
        current = _locked(assessment.case, acting_user)
        if not is_case_supervisor(acting_user, current):
            raise PermissionDenied(_("Only a supervisor of the organisation may do this."))
        assessment = BestInterestsAssessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.status != ApprovalStatus.SUBMITTED:
            raise ValidationError(_("This assessment is not waiting for an approval."))
        if not approve and not note.strip():
            raise ValidationError(_("Say what should change."))
        assessment.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.RETURNED
        assessment.decided_by = acting_user
        assessment.decided_at = timezone.now()
        assessment.decision_note = note
        authored(assessment, acting_user).save()
        _event(
            current,
            ProtectionEvent.Kind.BIA_APPROVED if approve else ProtectionEvent.Kind.BIA_RETURNED,
            acting_user,
            note,
        )
        _log(acting_user, Action.UPDATE, assessment, "best-interests assessment decided", request)
    return assessment


MIN_PANEL_ORGANISATIONS = 2


def determination_record(
    *,
    case: Case,
    panel_on: datetime.date,
    decision: str,
    reasons: str,
    review_on: datetime.date,
    members: Iterable[tuple[str, Organisation, str]],
    acting_user: User,
    request: HttpRequest | None = None,
) -> BestInterestsDetermination:
    """Record a best-interests determination: the panel (members from at least two
    organisations), its decision and the day it is reviewed."""
    members = [(name.strip(), organisation, role) for name, organisation, role in members]
    if len({organisation.pk for _name, organisation, _role in members}) < MIN_PANEL_ORGANISATIONS:
        raise ValidationError(
            _("The panel needs members from at least %(count)s organisations.")
            % {"count": MIN_PANEL_ORGANISATIONS}
        )
    if review_on <= panel_on:
        raise ValidationError(_("The review must come after the panel's meeting."))
    refuse_future(panel_on, _("The panel's meeting cannot be in the future."))
    with transaction.atomic(durable=True):
        current = _locked(case, acting_user)
        determination = authored(
            BestInterestsDetermination(
                case=current,
                panel_on=panel_on,
                decision=decision,
                reasons=reasons,
                review_on=review_on,
                recorded_by=acting_user,
            ),
            acting_user,
        )
        determination.save()
        for name, organisation, role in members:
            authored(
                PanelMember(
                    determination=determination,
                    full_name=name,
                    organisation=organisation,
                    role=role,
                ),
                acting_user,
            ).save()
        _event(current, ProtectionEvent.Kind.BID_RECORDED, acting_user)
        _log(acting_user, Action.CREATE, determination, "best-interests determination", request)
    return determination


def tracing_request(
    *,
    case: Case,
    requested_on: datetime.date,
    requested_from: str,
    sought: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> FamilyTracing:
    refuse_future(requested_on, _("The request cannot be in the future."))
    with transaction.atomic(durable=True):
        current = _locked(case, acting_user)
        tracing = authored(
            FamilyTracing(
                case=current,
                requested_on=requested_on,
                requested_from=requested_from,
                sought=sought,
                recorded_by=acting_user,
            ),
            acting_user,
        )
        tracing.save()
        _event(current, ProtectionEvent.Kind.TRACING_REQUESTED, acting_user, requested_from)
        _log(acting_user, Action.CREATE, tracing, "family tracing", request)
    return tracing


def tracing_update(
    *,
    tracing: FamilyTracing,
    status: str,
    result: str,
    result_on: datetime.date | None,
    acting_user: User,
    request: HttpRequest | None = None,
) -> FamilyTracing:
    """Record the tracing's progress or result."""
    if status not in FamilyTracing.Status.values:
        raise ValidationError(_("Choose a status from the list."))
    with transaction.atomic(durable=True):
        current = _locked(tracing.case, acting_user)
        tracing = FamilyTracing.objects.select_for_update().get(pk=tracing.pk)
        if result_on is not None:
            refuse_future(result_on, _("The result cannot be in the future."))
            if result_on < tracing.requested_on:
                raise ValidationError(_("The result cannot come before the request."))
        tracing.status = status
        tracing.result = result
        tracing.result_on = result_on
        authored(tracing, acting_user).save()
        _event(current, ProtectionEvent.Kind.TRACING_UPDATED, acting_user, tracing.status)
        _log(acting_user, Action.UPDATE, tracing, "family tracing", request)
    return tracing


def milestone_record(
    *,
    case: Case,
    kind: str,
    happened_at: datetime.datetime,
    guardian_present: bool,
    note: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> AsylumMilestone:
    """Record that a step of the asylum procedure happened, in the procedure's order."""
    if kind not in MilestoneKind.values:
        raise ValidationError(_("Choose a step from the list."))
    refuse_future(happened_at, _("The step cannot be in the future."))
    with transaction.atomic(durable=True):
        current = _locked(case, acting_user)
        identification = _identification(current)
        done = {m.kind: m for m in AsylumMilestone.objects.filter(case=current)}
        if kind in done:
            raise ValidationError(_("This step is already recorded."))
        order = list(MilestoneKind.values)
        before = order[: order.index(kind)]
        missing = [MilestoneKind(k).label for k in before if k not in done]
        if missing:
            raise ValidationError(
                _("Record the earlier steps first: %(steps)s.")
                % {"steps": ", ".join(map(str, missing))}
            )
        previous = done[before[-1]].happened_at if before else identification.identified_at
        if happened_at < previous:
            raise ValidationError(_("This step cannot come before the one before it."))
        milestone = authored(
            AsylumMilestone(
                case=current,
                kind=kind,
                happened_at=happened_at,
                guardian_present=guardian_present,
                note=note,
                recorded_by=acting_user,
            ),
            acting_user,
        )
        milestone.save()
        _event(current, ProtectionEvent.Kind.MILESTONE, acting_user, milestone.kind)
        _log(acting_user, Action.CREATE, milestone, "asylum milestone", request)
    return milestone
