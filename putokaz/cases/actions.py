"""Audited writes on cases: open, move through the workflow, approvals, assignments, the record.

Every function locks the case row, checks who acts, writes the change and its
:class:`CaseEvent` and the access-log entry in one transaction.
"""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, Role, User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases import deadlines
from putokaz.cases.models import (
    Approval,
    Assessment,
    Case,
    CaseAccessGrant,
    CaseAssignment,
    CaseAttachment,
    CaseEvent,
    CaseNote,
    CaseNumberSequence,
    CaseTask,
    DomainRating,
    Goal,
    PlanAction,
    Status,
)
from putokaz.cases.permissions import is_case_supervisor, works_on_case
from putokaz.core import uploads
from putokaz.core.concurrency import check_version
from putokaz.notifications.actions import notify
from putokaz.people.models import (
    CASE_ROLES,
    Household,
    Person,
    PersonHolder,
    refresh_organisation_name_keys,
)


def locked_case(case: Case, acting_user: User) -> Case:
    """The case, locked for a change, if ``acting_user`` works on it (else refused)."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    if not works_on_case(acting_user, current):
        raise PermissionDenied(_("You do not work on this case."))
    return current


def _check_supervisor(acting_user: User, case: Case) -> None:
    if not is_case_supervisor(acting_user, case):
        raise PermissionDenied(_("Only a supervisor of the organisation may do this."))


def _check_status(case: Case, expected: str | None) -> None:
    if expected is not None and case.status != expected:
        raise ValidationError(
            _(
                "Someone else moved this case meanwhile: it is now in %(status)s. Nothing was changed."
            )
            % {"status": case.get_status_display()}
        )


def case_event(
    case: Case,
    kind: str,
    actor: User,
    note: str = "",
    *,
    from_status: str = "",
    change: dict[str, str] | None = None,
) -> None:
    """A line of the case's history."""
    CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        note=note,
        from_status=from_status,
        to_status=case.status if from_status else "",
        change=change or {},
    )


def _next_number(organisation: Organisation, year: int) -> str:
    sequence, _created = CaseNumberSequence.objects.get_or_create(
        organisation=organisation, year=year
    )
    sequence = CaseNumberSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last = F("last") + 1
    sequence.save(update_fields=["last"])
    sequence.refresh_from_db()
    return Case.format_number(organisation.pk, year, int(sequence.last))


def case_open(
    *,
    subject: Person | Household,
    organisation: Organisation,
    case_type: str,
    urgency: str,
    reason: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Case:
    """Open a case; the first step's deadline follows from the urgency (``deadlines.toml``).

    A case worker who opens a case manages it; the organisation then holds a file on
    the person (or on every current member of the household).
    """
    with transaction.atomic(durable=True):
        return case_open_within(
            subject=subject,
            organisation=organisation,
            case_type=case_type,
            urgency=urgency,
            reason=reason,
            acting_user=acting_user,
            request=request,
        )


def case_open_within(
    *,
    subject: Person | Household,
    organisation: Organisation,
    case_type: str,
    urgency: str,
    reason: str,
    acting_user: User,
    received_at: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """:func:`case_open`'s writes inside the caller's transaction, for an app that opens a
    case together with its own record (a report of abuse with its case). ``received_at``:
    when the matter reached the organisation, if earlier than now; the first step's time
    limit runs from then (a report taken on the phone an hour ago is due an hour sooner)."""
    if not acting_user.has_perm("people.register", organisation):
        raise PermissionDenied(
            _("Only the organisation's case workers and supervisors may open cases.")
        )
    now = timezone.now()
    case = Case.objects.create(
        number=_next_number(organisation, timezone.localdate(now).year),
        organisation=organisation,
        person=subject if isinstance(subject, Person) else None,
        household=subject if isinstance(subject, Household) else None,
        case_type=case_type,
        urgency=urgency,
        reason=reason,
        opened_at=now,
        opened_by=acting_user,
        first_step_due=deadlines.limit_for(urgency).due(min(received_at or now, now)),
    )
    CaseAssignment.objects.create(case=case, user=acting_user, role=CaseAssignment.Role.LEAD)
    case_event(case, CaseEvent.Kind.OPENED, acting_user, reason)
    people = (
        [subject] if isinstance(subject, Person) else [m.person for m in subject.current_members()]
    )
    for person in people:
        PersonHolder.objects.get_or_create(
            person=person,
            organisation=organisation,
            defaults={"reason": PersonHolder.Reason.CASE},
        )
    refresh_organisation_name_keys(person.pk for person in people)
    log_access(actor=acting_user, action=Action.CREATE, obj=case, request=request)
    return case


def case_update(
    *, case: Case, form: Any, acting_user: User, request: HttpRequest | None = None
) -> Case:
    """Save the case's type, urgency and reason unless someone else saved the case meanwhile."""
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        check_version(current, form.cleaned_data.get("version", ""))
        case = form.save()
        log_access(actor=acting_user, action=Action.UPDATE, obj=case, request=request)
    return case


def case_move(
    *,
    case: Case,
    target: str,
    acting_user: User,
    note: str = "",
    expected_status: str | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Move the case to the next step of the workflow."""
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        _check_status(current, expected_status)
        current.check_move(target, as_supervisor=is_case_supervisor(acting_user, current))
        _apply_move(current, target, acting_user, note)
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=current, purpose=target, request=request
        )
    return current


def _apply_move(case: Case, target: str, actor: User, note: str) -> None:
    before = case.status
    now = timezone.now()
    case.status = target
    if case.first_step_done_at is None and before == Status.INTAKE:
        case.first_step_done_at = now
    if target == Status.IMPLEMENTATION:
        case.next_review_on = timezone.localdate(now) + deadlines.review_interval()
    if target == Status.PLAN:
        case.next_review_on = None
    case.awaiting = Approval.NONE
    case.save()
    approved = (before, target) == (Status.PLAN, Status.IMPLEMENTATION)
    case_event(
        case,
        CaseEvent.Kind.APPROVED if approved else CaseEvent.Kind.MOVED,
        actor,
        note,
        from_status=before,
    )


def case_request_approval(
    *,
    case: Case,
    what: str,
    acting_user: User,
    note: str = "",
    closure_reason: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Ask the supervisor to approve the plan, or to close the case (with the reason)."""
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        if what == Approval.PLAN and current.status != Status.PLAN:
            raise ValidationError(
                _("Only a case at the plan step can ask for the plan's approval.")
            )
        if what == Approval.CLOSURE:
            if not current.is_open:
                raise ValidationError(_("This case is already closed."))
            if not closure_reason:
                raise ValidationError(_("Say why the case should be closed."))
            current.closure_reason = closure_reason
            current.closure_note = note
        current.awaiting = what
        current.save()
        case_event(current, CaseEvent.Kind.APPROVAL_REQUESTED, acting_user, note)
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="approval requested",
            request=request,
        )
    return current


def case_decide(
    *,
    case: Case,
    approve: bool,
    acting_user: User,
    note: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """The supervisor approves what the case waits for, or returns it with a note."""
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        _check_supervisor(acting_user, current)
        if not current.awaiting:
            raise ValidationError(_("This case is not waiting for an approval."))
        if not approve:
            current.awaiting = Approval.NONE
            current.save()
            case_event(current, CaseEvent.Kind.RETURNED, acting_user, note)
        elif current.awaiting == Approval.PLAN:
            current.check_move(Status.IMPLEMENTATION, as_supervisor=True)
            _apply_move(current, Status.IMPLEMENTATION, acting_user, note)
        else:
            _apply_close(current, acting_user, current.closure_reason, note or current.closure_note)
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="approval decided",
            request=request,
        )
    return current


def case_close(
    *,
    case: Case,
    reason: str,
    acting_user: User,
    note: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """A supervisor closes the case directly."""
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        _check_supervisor(acting_user, current)
        if not current.is_open:
            raise ValidationError(_("This case is already closed."))
        _apply_close(current, acting_user, reason, note)
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=current, purpose="closed", request=request
        )
    return current


def _apply_close(case: Case, actor: User, reason: str, note: str) -> None:
    before = case.status
    case.status = Status.CLOSED
    case.closure_reason = reason
    case.closure_note = note
    case.closed_at = timezone.now()
    case.awaiting = Approval.NONE
    case.next_review_on = None
    case.save()
    case_event(case, CaseEvent.Kind.CLOSED, actor, note, from_status=before)


def case_reopen(
    *, case: Case, acting_user: User, note: str, request: HttpRequest | None = None
) -> Case:
    """Reopen a closed case at the initial assessment; the closure stays in its history."""
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        if current.is_open:
            raise ValidationError(_("This case is open."))
        if not note.strip():
            raise ValidationError(_("Say why the case is reopened."))
        current.status = Status.INITIAL_ASSESSMENT
        current.closed_at = None
        current.save()
        case_event(current, CaseEvent.Kind.REOPENED, acting_user, note, from_status=Status.CLOSED)
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="reopened",
            request=request,
        )
    return current


def case_assign(
    *, case: Case, user: User, role: str, acting_user: User, request: HttpRequest | None = None
) -> CaseAssignment:
    """A supervisor assigns a case worker or supervisor of the case's organisation."""
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        _check_supervisor(acting_user, current)
        if not user.has_role(*CASE_ROLES, organisation=current.organisation):
            raise ValidationError(
                _("Only the organisation's case workers and supervisors can work on its cases.")
            )
        if current.assignments.filter(user=user, ended_at__isnull=True).exists():
            raise ValidationError(
                _("%(name)s already works on this case.") % {"name": user.full_name}
            )
        if role == CaseAssignment.Role.LEAD:
            current.assignments.filter(ended_at__isnull=True, role=CaseAssignment.Role.LEAD).update(
                role=CaseAssignment.Role.SUPPORT
            )
        assignment = CaseAssignment.objects.create(case=current, user=user, role=role)
        case_event(current, CaseEvent.Kind.ASSIGNED, acting_user, user.full_name)
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="assigned",
            request=request,
        )
    return assignment


def case_unassign(
    *, assignment: CaseAssignment, acting_user: User, request: HttpRequest | None = None
) -> None:
    with transaction.atomic(durable=True):
        current = locked_case(assignment.case, acting_user)
        _check_supervisor(acting_user, current)
        ended = CaseAssignment.objects.filter(pk=assignment.pk, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
        if ended:
            case_event(current, CaseEvent.Kind.UNASSIGNED, acting_user, assignment.user.full_name)
            log_access(
                actor=acting_user,
                action=Action.UPDATE,
                obj=current,
                purpose="unassigned",
                request=request,
            )


def assessment_record(
    *,
    case: Case,
    kind: str,
    assessed_on: datetime.date,
    ratings: dict[str, tuple[str, str]],
    summary: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Assessment:
    """Record a needs assessment with a rating (and notes) for each life domain."""
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        assessment = Assessment.objects.create(
            case=current,
            kind=kind,
            assessed_on=assessed_on,
            assessed_by=acting_user,
            summary=summary,
        )
        DomainRating.objects.bulk_create(
            DomainRating(assessment=assessment, domain=domain, rating=rating, notes=notes)
            for domain, (rating, notes) in ratings.items()
        )
        current.save(update_fields=["updated_at"])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="assessment",
            request=request,
        )
    return assessment


def note_add(
    *,
    case: Case,
    text: str,
    confidential: bool,
    acting_user: User,
    request: HttpRequest | None = None,
) -> CaseNote:
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        note = CaseNote.objects.create(
            case=current,
            author=acting_user,
            organisation=current.organisation,
            text=text,
            confidential=confidential,
        )
        current.save(update_fields=["updated_at"])
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=current, purpose="note", request=request
        )
    return note


def task_add(
    *,
    case: Case,
    title: str,
    due_on: datetime.date,
    assigned_to: User | None,
    acting_user: User,
    request: HttpRequest | None = None,
) -> CaseTask:
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        task = CaseTask.objects.create(
            case=current,
            title=title,
            due_on=due_on,
            assigned_to=assigned_to,
            created_by=acting_user,
        )
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=current, purpose="task", request=request
        )
    return task


def task_done(*, task: CaseTask, acting_user: User, request: HttpRequest | None = None) -> CaseTask:
    with transaction.atomic(durable=True):
        current = locked_case(task.case, acting_user)
        updated = CaseTask.objects.filter(pk=task.pk, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=acting_user
        )
        if not updated:
            raise ValidationError(_("This task was already marked done."))
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="task done",
            request=request,
        )
    return CaseTask.objects.get(pk=task.pk)


def goal_add(
    *,
    case: Case,
    domain: str,
    description: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> Goal:
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        goal = Goal.objects.create(case=current, domain=domain, description=description)
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=current, purpose="plan", request=request
        )
    return goal


def plan_action_add(
    *,
    goal: Goal,
    description: str,
    organisation: Organisation,
    service: Any,
    due_on: datetime.date | None,
    acting_user: User,
    request: HttpRequest | None = None,
) -> PlanAction:
    with transaction.atomic(durable=True):
        current = locked_case(goal.case, acting_user)
        action = PlanAction.objects.create(
            goal=goal,
            description=description,
            organisation=organisation,
            service=service,
            due_on=due_on,
        )
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=current, purpose="plan", request=request
        )
    return action


def goal_set_status(
    *, goal: Goal, status: str, acting_user: User, request: HttpRequest | None = None
) -> Goal:
    """Mark a goal of the plan achieved, dropped or open again; the plan's history keeps it."""
    if status not in Goal.Status.values:
        raise ValidationError(_("Choose a status from the list."))
    with transaction.atomic(durable=True):
        current = locked_case(goal.case, acting_user)
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        if goal.status != status:
            change = {"of": "goal", "from": goal.status, "to": status}
            goal.status = status
            goal.save()
            case_event(
                current,
                CaseEvent.Kind.PLAN_CHANGED,
                acting_user,
                goal.description[:200],
                change=change,
            )
            log_access(
                actor=acting_user,
                action=Action.UPDATE,
                obj=current,
                purpose="plan",
                request=request,
            )
    return goal


def plan_action_set_status(
    *, action: PlanAction, status: str, acting_user: User, request: HttpRequest | None = None
) -> PlanAction:
    """Move an action of the plan: planned, in progress, done or cancelled."""
    if status not in PlanAction.Status.values:
        raise ValidationError(_("Choose a status from the list."))
    with transaction.atomic(durable=True):
        current = locked_case(action.goal.case, acting_user)
        action = PlanAction.objects.select_for_update().get(pk=action.pk)
        if action.status != status:
            change = {"of": "action", "from": action.status, "to": status}
            action.status = status
            action.save()
            case_event(
                current,
                CaseEvent.Kind.PLAN_CHANGED,
                acting_user,
                action.description[:200],
                change=change,
            )
            log_access(
                actor=acting_user,
                action=Action.UPDATE,
                obj=current,
                purpose="plan",
                request=request,
            )
    return action


def attachment_add(
    *,
    case: Case,
    title: str,
    upload: UploadedFile,
    kind: uploads.FileKind,
    confidential: bool,
    acting_user: User,
    request: HttpRequest | None = None,
) -> CaseAttachment:
    """Attach a checked file (see :func:`putokaz.core.uploads.check_upload`) to the case.

    The file is written first; if the database write then fails, the stored file is removed
    again, so nothing is left behind that no record points to.
    """
    stored = ""
    try:
        with transaction.atomic(durable=True):
            current = locked_case(case, acting_user)
            stored, digest = uploads.store(upload, "cases")
            attachment = CaseAttachment.objects.create(
                case=current,
                title=title,
                file=stored,
                original_name=uploads.clean_filename(upload.name or ""),
                content_type=kind.content_type,
                size=upload.size or 0,
                sha256=digest,
                organisation=current.organisation,
                confidential=confidential,
                uploaded_by=acting_user,
            )
            # The history is read by everyone who sees the case: a confidential title stays out.
            case_event(
                current, CaseEvent.Kind.DOCUMENT_ADDED, acting_user, "" if confidential else title
            )
            log_access(
                actor=acting_user,
                action=Action.CREATE,
                obj=attachment,
                purpose="attachment",
                request=request,
            )
    except BaseException:
        if stored:
            uploads.attachment_storage().delete(stored)
        raise
    return attachment


def attachment_remove(
    *, attachment: CaseAttachment, acting_user: User, request: HttpRequest | None = None
) -> None:
    """Hide a document from the case; the file and its record stay (deletes are soft)."""
    with transaction.atomic(durable=True):
        current = locked_case(attachment.case, acting_user)
        attachment = CaseAttachment.objects.select_for_update().get(pk=attachment.pk)
        if attachment.removed_at is not None:
            raise ValidationError(_("This document was already removed."))
        attachment.removed_at = timezone.now()
        attachment.removed_by = acting_user
        attachment.save()
        case_event(
            current,
            CaseEvent.Kind.DOCUMENT_REMOVED,
            acting_user,
            "" if attachment.confidential else attachment.title,
        )
        log_access(
            actor=acting_user,
            action=Action.DELETE,
            obj=attachment,
            purpose="attachment removed",
            request=request,
        )


# Sealed cases (trafficking, child abuse, or sealed by a supervisor): see
# CaseQuerySet.visible_to. Who is named, who broke the glass and why is in the case's
# history and the access log.

MIN_BREAK_GLASS_REASON = 10  # characters: a word or two is not a reason


def case_seal(
    *,
    case: Case,
    sealed: bool,
    acting_user: User,
    note: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """A supervisor seals a case (or unseals one not sealed by its type). The supervisor
    stays named on it, and its assigned workers keep seeing it."""
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        _check_supervisor(acting_user, current)
        if current.sealed == sealed:
            return current
        if not sealed and current.sealed_by_type:
            raise ValidationError(_("Trafficking and child protection cases stay sealed."))
        if sealed and not note.strip():
            raise ValidationError(_("Say why the case is sealed."))
        current.sealed = sealed
        current.save(update_fields=["sealed", "updated_at"])
        if sealed and not _named(current, acting_user):
            _grant_named(current, acting_user, acting_user)
        case_event(
            current, CaseEvent.Kind.SEALED if sealed else CaseEvent.Kind.UNSEALED, acting_user, note
        )
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="sealed" if sealed else "unsealed",
            request=request,
        )
    return current


def _named(case: Case, user: User) -> bool:
    return (
        case.assignments.filter(user=user, ended_at__isnull=True).exists()
        or CaseAccessGrant.objects.current()
        .filter(case=case, user=user, kind=CaseAccessGrant.Kind.NAMED)
        .exists()
    )


def _grant_named(case: Case, user: User, acting_user: User) -> CaseAccessGrant:
    grant = CaseAccessGrant.objects.create(
        case=case, user=user, kind=CaseAccessGrant.Kind.NAMED, granted_by=acting_user
    )
    case_event(case, CaseEvent.Kind.READER_NAMED, acting_user, change={"user": user.full_name})
    return grant


def case_reader_name(
    *, case: Case, user: User, acting_user: User, request: HttpRequest | None = None
) -> CaseAccessGrant:
    """A supervisor names a worker of the organisation on a sealed case: they see it until
    the supervisor removes them."""
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        _check_supervisor(acting_user, current)
        if not current.sealed:
            raise ValidationError(_("Only a sealed case has a list of named workers."))
        if not user.has_role(*CASE_ROLES, organisation=current.organisation):
            raise ValidationError(
                _("Only the organisation's case workers and supervisors can work on its cases.")
            )
        if _named(current, user):
            raise ValidationError(_("%(name)s already sees this case.") % {"name": user.full_name})
        grant = _grant_named(current, user, acting_user)
        log_access(
            actor=acting_user, action=Action.UPDATE, obj=current, purpose="named", request=request
        )
    return grant


def case_reader_remove(
    *, grant: CaseAccessGrant, acting_user: User, request: HttpRequest | None = None
) -> None:
    """A supervisor takes a named worker off a sealed case."""
    with transaction.atomic(durable=True):
        current = locked_case(grant.case, acting_user)
        _check_supervisor(acting_user, current)
        ended = CaseAccessGrant.objects.filter(
            pk=grant.pk, kind=CaseAccessGrant.Kind.NAMED, ended_at__isnull=True
        ).update(ended_at=timezone.now(), ended_by=acting_user)
        if ended:
            case_event(
                current,
                CaseEvent.Kind.READER_REMOVED,
                acting_user,
                change={"user": grant.user.full_name},
            )
            log_access(
                actor=acting_user,
                action=Action.UPDATE,
                obj=current,
                purpose="named worker removed",
                request=request,
            )


def case_break_glass(
    *, case: Case, reason: str, acting_user: User, request: HttpRequest | None = None
) -> CaseAccessGrant:
    """A worker of the case's organisation who is not named on a sealed case opens it: for
    ``PUTOKAZ_BREAK_GLASS_HOURS`` hours, with a reason that goes into the case history and
    the access log; the organisation's supervisors and the case manager are told.

    Without a reason nothing happens. Only the organisation's case workers and supervisors
    may; to anyone else the case does not exist.
    """
    reason = reason.strip()
    if len(reason) < MIN_BREAK_GLASS_REASON:
        raise ValidationError(
            _("Say why you need to open this case (at least %(count)d characters).")
            % {"count": MIN_BREAK_GLASS_REASON}
        )
    now = timezone.now()
    with transaction.atomic(durable=True):
        current = Case.objects.select_for_update().get(pk=case.pk)
        if not current.sealed:
            raise ValidationError(_("This case is not sealed."))
        if not acting_user.has_role(*CASE_ROLES, organisation=current.organisation):
            raise PermissionDenied(_("Only the organisation's workers may open its sealed cases."))
        if Case.objects.visible_to(acting_user).filter(pk=current.pk).exists():
            raise ValidationError(_("You already have access to this case."))
        grant = CaseAccessGrant.objects.create(
            case=current,
            user=acting_user,
            kind=CaseAccessGrant.Kind.BREAK_GLASS,
            reason=reason,
            granted_by=acting_user,
            granted_at=now,
            expires_at=now + datetime.timedelta(hours=settings.PUTOKAZ_BREAK_GLASS_HOURS),
        )
        case_event(current, CaseEvent.Kind.BREAK_GLASS, acting_user, reason)
        log_access(
            actor=acting_user,
            action=Action.VIEW,
            obj=current,
            purpose=f"break-glass: {reason}",
            request=request,
        )
        supervisors = User.objects.filter(
            memberships__organisation=current.organisation,
            memberships__role=Role.SUPERVISOR,
            memberships__ended_at__isnull=True,
        )
        managers = User.objects.filter(
            case_assignments__case=current,
            case_assignments__ended_at__isnull=True,
            case_assignments__role=CaseAssignment.Role.LEAD,
        )
        notify(
            users=[user for user in [*supervisors, *managers] if user.pk != acting_user.pk],
            kind="case_break_glass",
            params={
                "name": acting_user.full_name,
                "number": current.number,
                "reason": reason[:300],
            },
            url=current.get_absolute_url(),
        )
    return grant
