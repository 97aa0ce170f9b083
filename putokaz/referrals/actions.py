"""Audited writes on referrals — send one, move it along its lifecycle, cancel it, withdraw
consent — and on case conferences.

Every function takes the row lock, checks who acts, writes the change, its
:class:`ReferralEvent`, the access-log entry and the notifications in one transaction.
Notifications and their e-mails name organisations and services, never the person.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.models import (
    Case,
    CaseAssignment,
    CaseAttachment,
    CaseNote,
    Goal,
    LifeDomain,
    PlanAction,
)
from putokaz.cases.permissions import works_on_case
from putokaz.core import uploads
from putokaz.directory.models import Service
from putokaz.notifications.actions import notify
from putokaz.people.models import Household, Person
from putokaz.referrals.models import (
    CaseConference,
    ConferenceParticipant,
    Referral,
    ReferralEvent,
    Section,
    Status,
    consent_problems,
)
from putokaz.referrals.permissions import (
    is_on_putokaz,
    is_receiver,
    is_sender,
    moves_by_hand,
    receiving_contacts,
)
from putokaz.referrals.response_times import response_time_for


def _params(referral: Referral) -> dict[str, str]:
    return {
        "from": str(referral.from_organisation),
        "to": str(referral.to_organisation),
        "service": referral.to_service.name if referral.to_service_id else "",  # type: ignore[union-attr]
    }


def _referring_side(referral: Referral) -> list[User]:
    """The worker who referred and the case's current case manager."""
    leads = CaseAssignment.objects.filter(
        case=referral.case, ended_at__isnull=True, role=CaseAssignment.Role.LEAD
    ).select_related("user")
    return [referral.referred_by, *(lead.user for lead in leads)]


def _receiving_side(referral: Referral) -> list[User]:
    people = receiving_contacts(referral.to_organisation)
    if referral.handled_by_id:
        people.append(referral.handled_by)  # type: ignore[arg-type]
    return people


def _event(
    referral: Referral,
    before: str,
    actor: User,
    organisation: Organisation,
    note: str = "",
    *,
    by_sender: bool = False,
) -> None:
    ReferralEvent.objects.create(
        referral=referral,
        from_status=before,
        to_status=referral.status,
        actor=actor,
        organisation=organisation,
        recorded_by_sender=by_sender,
        note=note,
    )


def _check_subject(case: Case, subject: Person | Household) -> None:
    if isinstance(subject, Household):
        if case.household_id != subject.pk:
            raise ValidationError(_("Only the case's own family can be referred from it."))
        return
    if case.person_id == subject.pk:
        return
    household = case.household
    if household is not None and household.current_members().filter(person=subject).exists():
        return
    raise ValidationError(
        _("Only the person of the case, or a member of its family, can be referred.")
    )


def referral_send(
    *,
    case: Case,
    subject: Person | Household,
    to_organisation: Organisation,
    to_service: Service | None,
    reason: str,
    needs: Iterable[str],
    urgency: str,
    consent_by: str,
    consent_name: str,
    consent_on: datetime.date,
    consent_method: str,
    consent_witness: str = "",
    consent_form: UploadedFile | None = None,
    consent_form_kind: uploads.FileKind | None = None,
    shared_sections: Iterable[str] = (),
    shared_notes: Iterable[CaseNote] = (),
    shared_documents: Iterable[CaseAttachment] = (),
    acting_user: User,
    request: HttpRequest | None = None,
) -> Referral:
    """Refer the case's person or family to ``to_organisation`` (through ``to_service`` where
    one fits), sharing what the recorded consent covers and nothing else."""
    sections = [s for s in shared_sections if s in Section.values]
    notes = list(shared_notes)
    documents = list(shared_documents)
    if to_service is not None and to_service.organisation_id != to_organisation.pk:
        raise ValidationError(_("The service belongs to another organisation."))
    if to_organisation.pk == case.organisation_id:
        raise ValidationError(_("Refer to another organisation: yours already works on this case."))
    problems = consent_problems(
        method=consent_method,
        witness=consent_witness,
        has_form=consent_form is not None,
        given_on=consent_on,
    )
    if problems:
        raise ValidationError(problems)
    if any(n.case_id != case.pk or n.confidential for n in notes) or any(
        d.case_id != case.pk or d.confidential or d.removed_at for d in documents
    ):
        raise ValidationError(
            _("Only the case's own notes and documents that are not confidential can be shared.")
        )
    _check_subject(case, subject)
    stored = ""
    try:
        with transaction.atomic(durable=True):
            current = Case.objects.select_for_update().get(pk=case.pk)
            if not works_on_case(acting_user, current):
                raise PermissionDenied(_("You do not work on this case."))
            if not current.is_open:
                raise ValidationError(_("A closed case cannot be referred; reopen it first."))
            now = timezone.now()
            limits = response_time_for(urgency)
            if consent_form is not None:
                stored, _digest = uploads.store(consent_form, "consents")
            referral = Referral.objects.create(
                case=current,
                person=subject if isinstance(subject, Person) else None,
                household=subject if isinstance(subject, Household) else None,
                from_organisation=current.organisation,
                referred_by=acting_user,
                to_organisation=to_organisation,
                to_service=to_service,
                reason=reason,
                needs=list(needs),
                urgency=urgency,
                consent_by=consent_by,
                consent_name=consent_name,
                consent_on=consent_on,
                consent_method=consent_method,
                consent_witness=consent_witness,
                consent_form=stored,
                consent_form_name=uploads.clean_filename(consent_form.name or "")
                if consent_form
                else "",
                consent_form_type=consent_form_kind.content_type if consent_form_kind else "",
                shared_sections=sections,
                sent_at=now,
                acknowledge_due=limits.acknowledge_due(now),
                complete_due=limits.complete_due(now),
            )
            referral.consented_people.set(
                [subject]
                if isinstance(subject, Person)
                else [m.person for m in subject.current_members()]
            )
            referral.shared_notes.set(notes)
            referral.shared_documents.set(documents)
            _event(referral, "", acting_user, current.organisation, reason)
            log_access(actor=acting_user, action=Action.CREATE, obj=referral, request=request)
            if is_on_putokaz(to_organisation):
                notify(
                    users=receiving_contacts(to_organisation),
                    kind="referral_received",
                    params=_params(referral),
                    url=referral.get_absolute_url(),
                )
    except BaseException:
        if stored:
            uploads.attachment_storage().delete(stored)
        raise
    return referral


NOTIFY_SENDER = {
    Status.ACKNOWLEDGED: "referral_acknowledged",
    Status.ACCEPTED: "referral_accepted",
    Status.DECLINED: "referral_declined",
    Status.IN_PROGRESS: "referral_in_progress",
    Status.COMPLETED: "referral_completed",
}


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case", "from_organisation", "to_organisation", "to_service", "referred_by")
        .get(pk=referral.pk)
    )


def _check_status(referral: Referral, expected: str | None) -> None:
    if expected is not None and referral.status != expected:
        raise ValidationError(
            _(
                "Someone else changed this referral meanwhile: it is now %(status)s. Nothing was changed."
            )
            % {"status": referral.get_status_display()}
        )


def referral_move(
    *,
    referral: Referral,
    target: str,
    acting_user: User,
    note: str = "",
    outcome: str = "",
    expected_status: str | None = None,
    request: HttpRequest | None = None,
) -> Referral:
    """A step of the receiving side: acknowledge, accept or decline (with the reason), start,
    complete (with the outcome). For a recipient not on Putokaz, the referring side records
    these steps by hand."""
    with transaction.atomic(durable=True):
        current = _locked(referral)
        _check_status(current, expected_status)
        receiver = is_receiver(acting_user, current)
        by_hand = moves_by_hand(acting_user, current)
        if not (receiver or by_hand):
            raise PermissionDenied(_("Only the receiving organisation moves this referral on."))
        if target not in current.receiver_moves():
            raise ValidationError(
                _("A referral that is %(status)s cannot become %(target)s.")
                % {"status": current.get_status_display(), "target": Status(target).label}
            )
        if target == Status.DECLINED and not note.strip():
            raise ValidationError(_("Say why the referral is declined."))
        if target == Status.COMPLETED and not outcome:
            raise ValidationError(_("Record the outcome for the referring worker."))
        before = current.status
        now = timezone.now()
        current.status = target
        current.acknowledged_at = current.acknowledged_at or now
        if target in (Status.ACCEPTED, Status.DECLINED):
            current.decided_at = now
        if target == Status.DECLINED:
            current.decline_reason = note
        if target == Status.ACCEPTED and receiver:
            current.handled_by = acting_user
        if target == Status.COMPLETED:
            current.decided_at = current.decided_at or now
            current.completed_at = now
            current.outcome = outcome
            current.outcome_note = note
        current.save()
        organisation = current.to_organisation if receiver else current.from_organisation
        _event(current, before, acting_user, organisation, note, by_sender=by_hand)
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=current, purpose=target, request=request
        )
        if receiver:
            notify(
                users=_referring_side(current),
                kind=NOTIFY_SENDER[Status(target)],
                params=_params(current),
                url=current.get_absolute_url(),
            )
    return current


def _end(
    *,
    referral: Referral,
    status: str,
    kind: str,
    note: str,
    acting_user: User,
    request: HttpRequest | None,
    allowed_from: tuple[str, ...],
) -> Referral:
    with transaction.atomic(durable=True):
        current = _locked(referral)
        if not is_sender(acting_user, current):
            raise PermissionDenied(_("Only those who work on the case may do this."))
        if current.status not in allowed_from:
            raise ValidationError(
                _("A referral that is %(status)s cannot be changed so.")
                % {"status": current.get_status_display()}
            )
        before = current.status
        current.status = status
        current.ended_at = timezone.now()
        current.end_note = note
        current.save()
        _event(current, before, acting_user, current.from_organisation, note)
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=current, purpose=status, request=request
        )
        if is_on_putokaz(current.to_organisation):
            notify(
                users=_receiving_side(current),
                kind=kind,
                params=_params(current),
                url=current.get_absolute_url(),
            )
    return current


def referral_cancel(
    *, referral: Referral, acting_user: User, note: str = "", request: HttpRequest | None = None
) -> Referral:
    """The referring side calls an open referral off; the receiver no longer sees the data."""
    return _end(
        referral=referral,
        status=Status.CANCELLED,
        kind="referral_cancelled",
        note=note,
        acting_user=acting_user,
        request=request,
        allowed_from=(Status.SENT, Status.ACKNOWLEDGED, Status.ACCEPTED, Status.IN_PROGRESS),
    )


def referral_withdraw_consent(
    *, referral: Referral, acting_user: User, note: str, request: HttpRequest | None = None
) -> Referral:
    """The person withdrew their consent: from this moment the receiving organisation sees
    nothing of the case, whatever the referral's step was."""
    if not note.strip():
        raise ValidationError(_("Record when and how the consent was withdrawn."))
    return _end(
        referral=referral,
        status=Status.WITHDRAWN,
        kind="referral_withdrawn",
        note=note,
        acting_user=acting_user,
        request=request,
        allowed_from=(
            *(s for s in Status.values if s not in (Status.WITHDRAWN, Status.CANCELLED)),
        ),
    )


def referral_sweep(*, now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Tell the people concerned about referrals that became overdue; how many were found.

    Each referral is claimed once per kind of delay with a conditional update, so several
    sweeps running at once (on several servers) tell nobody twice.
    """
    now = now or timezone.now()
    told = 0
    late_ack = Referral.objects.acknowledgement_overdue(now).filter(
        acknowledge_overdue_notified_at__isnull=True
    )
    for pk in list(late_ack.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            if not Referral.objects.filter(
                pk=pk, acknowledge_overdue_notified_at__isnull=True
            ).update(acknowledge_overdue_notified_at=now):
                continue
            referral = Referral.objects.select_related(
                "from_organisation", "to_organisation", "to_service", "referred_by", "case"
            ).get(pk=pk)
            receivers = (
                receiving_contacts(referral.to_organisation)
                if is_on_putokaz(referral.to_organisation)
                else []
            )
            notify(
                users=[*receivers, *_referring_side(referral)],
                kind="referral_acknowledgement_overdue",
                params=_params(referral),
                url=referral.get_absolute_url(),
            )
            told += 1
    late_completion = Referral.objects.completion_overdue(now).filter(
        complete_overdue_notified_at__isnull=True
    )
    for pk in list(late_completion.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            if not Referral.objects.filter(pk=pk, complete_overdue_notified_at__isnull=True).update(
                complete_overdue_notified_at=now
            ):
                continue
            referral = Referral.objects.select_related(
                "from_organisation",
                "to_organisation",
                "to_service",
                "referred_by",
                "case",
                "handled_by",
            ).get(pk=pk)
            receivers = _receiving_side(referral) if is_on_putokaz(referral.to_organisation) else []
            notify(
                users=[*receivers, *_referring_side(referral)],
                kind="referral_completion_overdue",
                params=_params(referral),
                url=referral.get_absolute_url(),
            )
            told += 1
    return told


@dataclass(frozen=True)
class Participant:
    organisation: Organisation
    user: User | None
    name: str
    role: str


@dataclass(frozen=True)
class FollowUp:
    goal: Goal
    description: str
    organisation: Organisation
    due_on: datetime.date | None


def conference_record(
    *,
    case: Case,
    held_at: datetime.datetime,
    place: str,
    discussion: dict[str, str],
    decisions: str,
    participants: Iterable[Participant],
    follow_ups: Iterable[FollowUp],
    acting_user: User,
    request: HttpRequest | None = None,
) -> CaseConference:
    """Record a case conference; its follow-up actions go into the case plan with their
    responsible organisations, and the participants with a Putokaz account are told."""
    people = list(participants)
    actions_to_add = list(follow_ups)
    if not people:
        raise ValidationError(_("Name at least one participant."))
    if any(f.goal.case_id != case.pk for f in actions_to_add):
        raise ValidationError(_("A follow-up action belongs to a goal of this case."))
    with transaction.atomic(durable=True):
        current = Case.objects.select_for_update().get(pk=case.pk)
        if not works_on_case(acting_user, current):
            raise PermissionDenied(_("You do not work on this case."))
        conference = CaseConference.objects.create(
            case=current,
            held_at=held_at,
            place=place,
            convened_by=acting_user,
            discussion={k: v for k, v in discussion.items() if k in LifeDomain.values and v},
            decisions=decisions,
        )
        ConferenceParticipant.objects.bulk_create(
            ConferenceParticipant(
                conference=conference,
                organisation=p.organisation,
                user=p.user,
                name=p.name,
                role=p.role,
            )
            for p in people
        )
        added = [
            PlanAction.objects.create(
                goal=f.goal,
                description=f.description,
                organisation=f.organisation,
                due_on=f.due_on,
            )
            for f in actions_to_add
        ]
        conference.follow_up_actions.set(added)
        current.save(update_fields=["updated_at"])
        log_access(actor=acting_user, action=Action.CREATE, obj=conference, request=request)
        notify(
            users=[p.user for p in people if p.user is not None and p.user.pk != acting_user.pk],
            kind="conference_recorded",
            params={"from": str(current.organisation)},
            url=conference.get_absolute_url(),
        )
    return conference
