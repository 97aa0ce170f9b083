"""Audited writes of reports of child abuse and neglect: the intake (which opens the sealed
child-protection case), protective measures, notifications of the police, health services
and schools with their responses, follow-up contacts. Each checks its input before writing
anything, and writes the record, the case event and the access-log entry in one transaction."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from putokaz.abuse import risk
from putokaz.abuse.models import (
    AbuseForm,
    AbuseReport,
    AgencyNotification,
    FollowUp,
    PerpetratorRelation,
    ProtectiveMeasure,
    ReceivedHow,
    ReporterKind,
)
from putokaz.accounts.models import Organisation, User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.actions import case_event, case_open_within, locked_case
from putokaz.cases.models import Case, CaseEvent, CaseType, Urgency
from putokaz.core.concurrency import check_version
from putokaz.core.validators import refuse_future
from putokaz.geo.models import Municipality
from putokaz.people.actions import person_register
from putokaz.people.models import Person


def report_receive(
    *,
    organisation: Organisation,
    child: Person | None = None,
    child_form: Any = None,
    reporter_kind: str,
    reporter_name: str = "",
    reporter_contact: str = "",
    received_at: datetime.datetime,
    received_how: str,
    abuse_forms: Iterable[str],
    description: str,
    address: str = "",
    municipality: Municipality | None = None,
    perpetrator_relation: str = "",
    risk_answers: Iterable[str] = (),
    urgency: str,
    urgency_reason: str = "",
    acting_user: User,
    request: HttpRequest | None = None,
) -> AbuseReport:
    """Take a report: open a sealed child-protection case for ``child`` (or for the child
    ``child_form``, a validated people form, registers) with the chosen urgency, the
    receiving worker named on it as its manager, and keep the report with its risk
    assessment. The first step's time limit runs from ``received_at``.

    An anonymous report keeps no name or contact, whatever was typed."""
    if not acting_user.has_perm("people.register", organisation):
        raise PermissionDenied(
            _("Only the organisation's case workers and supervisors may take reports.")
        )
    if (child is None) == (child_form is None):
        raise ValidationError(_("Choose the child or register them."))
    if reporter_kind not in ReporterKind.values:
        raise ValidationError(_("Say who reported."))
    if received_how not in ReceivedHow.values:
        raise ValidationError(_("Say how the report was received."))
    refuse_future(received_at)
    ticked = set(abuse_forms)
    chosen_forms = [value for value in AbuseForm.values if value in ticked]
    if not chosen_forms or len(chosen_forms) < len(ticked):
        raise ValidationError(_("Choose at least one form of abuse or neglect."))
    if perpetrator_relation and perpetrator_relation not in PerpetratorRelation.values:
        raise ValidationError(_("Choose the alleged perpetrator's relation to the child."))
    answers = [question.id for question in risk.QUESTIONS if question.id in set(risk_answers)]
    if urgency not in Urgency.values:
        raise ValidationError(_("Choose the urgency."))
    suggested = risk.suggest(answers)
    if risk.is_lower(urgency, suggested) and not urgency_reason.strip():
        raise ValidationError(
            _("The answers suggest %(suggested)s: say why the urgency is lower.")
            % {"suggested": Urgency(suggested).label}
        )
    if not description.strip():
        raise ValidationError(_("Say what was reported."))
    anonymous = reporter_kind == ReporterKind.ANONYMOUS
    if child is None:
        child = person_register(
            organisation=organisation,
            form=child_form,
            formsets=[],
            acting_user=acting_user,
            request=request,
        )
    with transaction.atomic(durable=True):
        case = case_open_within(
            subject=child,
            organisation=organisation,
            case_type=CaseType.CHILD_PROTECTION,
            urgency=urgency,
            reason=description,
            received_at=received_at,
            acting_user=acting_user,
            request=request,
        )
        report = AbuseReport.objects.create(
            case=case,
            reporter_kind=reporter_kind,
            reporter_name="" if anonymous else reporter_name.strip(),
            reporter_contact="" if anonymous else reporter_contact.strip(),
            received_at=received_at,
            received_how=received_how,
            abuse_forms=chosen_forms,
            description=description,
            address=address,
            municipality=municipality,
            perpetrator_relation=perpetrator_relation,
            risk_answers=answers,
            suggested_urgency=suggested,
            urgency_reason=urgency_reason.strip(),
            received_by=acting_user,
        )
        case_event(case, CaseEvent.Kind.ABUSE_REPORTED, acting_user)
        log_access(
            actor=acting_user,
            action=Action.CREATE,
            obj=report,
            purpose="report of abuse or neglect",
            request=request,
        )
    return report


def measure_add(
    *,
    case: Case,
    kind: str,
    taken_on: datetime.date,
    taken_by: str,
    note: str = "",
    acting_user: User,
    request: HttpRequest | None = None,
) -> ProtectiveMeasure:
    if kind not in ProtectiveMeasure.Kind.values:
        raise ValidationError(_("Choose a measure."))
    refuse_future(taken_on)
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        measure = ProtectiveMeasure.objects.create(
            case=current,
            kind=kind,
            taken_on=taken_on,
            taken_by=taken_by,
            note=note,
            recorded_by=acting_user,
        )
        case_event(current, CaseEvent.Kind.PROTECTIVE_MEASURE, acting_user, note[:200])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose=f"protective measure: {kind}",
            request=request,
        )
    return measure


def notification_add(
    *,
    case: Case,
    agency: str,
    addressee: str,
    sent_on: datetime.date,
    reference: str = "",
    acting_user: User,
    request: HttpRequest | None = None,
) -> AgencyNotification:
    if agency not in AgencyNotification.Agency.values:
        raise ValidationError(_("Choose whom you notified."))
    refuse_future(sent_on)
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        notification = AgencyNotification.objects.create(
            case=current,
            agency=agency,
            addressee=addressee,
            sent_on=sent_on,
            reference=reference,
            recorded_by=acting_user,
        )
        case_event(current, CaseEvent.Kind.AGENCY_NOTIFIED, acting_user, addressee[:200])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose=f"notified: {agency}",
            request=request,
        )
    return notification


def notification_respond(
    *,
    notification: AgencyNotification,
    response: str,
    response_on: datetime.date,
    reference: str | None = None,
    version: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> AgencyNotification:
    """Record (or correct) what the police, health service or school answered, unless
    someone else changed the notification since ``version`` was read."""
    if not response.strip():
        raise ValidationError(_("Write what they answered."))
    refuse_future(response_on)
    if response_on < notification.sent_on:
        raise ValidationError(_("The response cannot be earlier than the notification."))
    with transaction.atomic(durable=True):
        current = locked_case(notification.case, acting_user)
        locked = AgencyNotification.objects.select_for_update().get(
            pk=notification.pk, case=current
        )
        check_version(locked, version)
        locked.response = response
        locked.response_on = response_on
        if reference is not None:
            locked.reference = reference
        locked.save()
        case_event(current, CaseEvent.Kind.AGENCY_RESPONDED, acting_user, locked.addressee[:200])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=locked,
            purpose="response recorded",
            request=request,
        )
    return locked


def follow_up_add(
    *,
    case: Case,
    kind: str,
    contact_on: datetime.date,
    outcome: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> FollowUp:
    if kind not in FollowUp.Kind.values:
        raise ValidationError(_("Choose the kind of contact."))
    if not outcome.strip():
        raise ValidationError(_("Write the outcome of the contact."))
    refuse_future(contact_on)
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        follow_up = FollowUp.objects.create(
            case=current,
            kind=kind,
            contact_on=contact_on,
            outcome=outcome,
            recorded_by=acting_user,
        )
        case_event(current, CaseEvent.Kind.FOLLOW_UP, acting_user, outcome[:200])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="follow-up contact",
            request=request,
        )
    return follow_up
