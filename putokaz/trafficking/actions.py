"""Audited writes of the trafficking records: a screening, a step of the identification
status, the safety plan. Each locks the case, checks that the user works on it, and writes
the record, the case event and the access-log entry in one transaction."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from putokaz.accounts.models import User
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.actions import case_event, locked_case
from putokaz.cases.models import Case, CaseEvent
from putokaz.core.validators import refuse_future
from putokaz.trafficking import indicators
from putokaz.trafficking.models import (
    STATUS_MOVES,
    SafetyPlanItem,
    Screening,
    StatusEvent,
    VictimStatus,
)
from putokaz.trafficking.records import current_status


def screening_record(
    *,
    case: Case,
    indicator_set: str,
    ticked: Iterable[str],
    act: bool,
    screened_on: datetime.date,
    notes: str = "",
    acting_user: User,
    request: HttpRequest | None = None,
) -> Screening:
    """Record a screening and the result the ILO rule gives for it."""
    if indicator_set not in indicators.load().sets:
        raise ValidationError(_("Choose a list of indicators."))
    refuse_future(screened_on)
    chosen = sorted(set(ticked))
    try:
        assessment = indicators.assess(indicator_set, chosen, act=act)
    except ValueError as error:
        raise ValidationError(_("An indicator of another list was ticked.")) from error
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        screening = Screening.objects.create(
            case=current,
            indicator_set=indicator_set,
            indicators=chosen,
            act=act,
            version=assessment.version,
            positive_dimensions=assessment.positive_dimensions,
            possible_victim=assessment.possible_victim,
            notes=notes,
            screened_on=screened_on,
            screened_by=acting_user,
        )
        case_event(current, CaseEvent.Kind.SCREENED, acting_user)
        if assessment.possible_victim and not current_status(current):
            StatusEvent.objects.create(
                case=current,
                status=VictimStatus.POSSIBLE,
                decided_on=screened_on,
                note=_("Result of the screening with the ILO indicators."),
                recorded_by=acting_user,
            )
        log_access(
            actor=acting_user,
            action=Action.CREATE,
            obj=screening,
            purpose="trafficking screening",
            request=request,
        )
    return screening


def status_record(
    *,
    case: Case,
    status: str,
    decided_on: datetime.date,
    reference: str = "",
    note: str = "",
    expected: str | None = None,
    acting_user: User,
    request: HttpRequest | None = None,
) -> StatusEvent:
    """Record the next step of the identification status (a referral to the Centre for
    Protection of Victims of Trafficking, or its decision). ``expected``: the status the
    worker saw; if someone recorded another meanwhile, nothing changes."""
    refuse_future(decided_on)
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        before = current_status(current)
        now = before.status if before else ""
        if expected is not None and expected != now:
            raise ValidationError(
                _("Someone recorded another status meanwhile. Nothing was changed."),
                code="concurrent_edit",
            )
        if status not in STATUS_MOVES.get(now, ()):
            raise ValidationError(
                _("From %(now)s the status cannot become %(target)s.")
                % {
                    "now": VictimStatus(now).label if now else _("no status"),
                    "target": VictimStatus(status).label
                    if status in VictimStatus.values
                    else status,
                }
            )
        if before and decided_on < before.decided_on:
            raise ValidationError(_("The date is earlier than that of the current status."))
        event = StatusEvent.objects.create(
            case=current,
            status=status,
            decided_on=decided_on,
            reference=reference,
            note=note,
            recorded_by=acting_user,
        )
        case_event(
            current, CaseEvent.Kind.VICTIM_STATUS, acting_user, str(VictimStatus(status).label)
        )
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose=f"identification status: {status}",
            request=request,
        )
    return event


def safety_item_add(
    *,
    case: Case,
    risk: str,
    measure: str,
    responsible: str,
    review_on: datetime.date,
    acting_user: User,
    request: HttpRequest | None = None,
) -> SafetyPlanItem:
    with transaction.atomic(durable=True):
        current = locked_case(case, acting_user)
        item = SafetyPlanItem.objects.create(
            case=current,
            risk=risk,
            measure=measure,
            responsible=responsible,
            review_on=review_on,
            created_by=acting_user,
        )
        case_event(current, CaseEvent.Kind.SAFETY_PLAN, acting_user, risk[:200])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="safety plan",
            request=request,
        )
    return item


def safety_item_update(
    *,
    item: SafetyPlanItem,
    acting_user: User,
    status: str | None = None,
    review_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> SafetyPlanItem:
    """Mark a measure no longer needed (or in place again), or move its review date."""
    with transaction.atomic(durable=True):
        current = locked_case(item.case, acting_user)
        locked = SafetyPlanItem.objects.select_for_update().get(pk=item.pk, case=current)
        changes: dict[str, Any] = {}
        if status is not None and status != locked.status:
            if status not in SafetyPlanItem.Status.values:
                raise ValidationError(_("Choose a status."))
            changes["status"] = status
        if review_on is not None and review_on != locked.review_on:
            changes["review_on"] = review_on
        if not changes:
            return locked
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save()
        case_event(current, CaseEvent.Kind.SAFETY_PLAN, acting_user, locked.risk[:200])
        log_access(
            actor=acting_user,
            action=Action.UPDATE,
            obj=current,
            purpose="safety plan",
            request=request,
        )
    return locked
