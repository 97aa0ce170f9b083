"""Permission-checked fetches of the abuse records: the case comes from
:func:`putokaz.cases.access.get_case_for_user` (sealed: only its named workers)."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from putokaz.abuse.models import AbuseReport, AgencyNotification
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.models import Case
from putokaz.core.ids import parse_uuid


def get_report_for_user(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None
) -> AbuseReport:
    """A report whose case ``user`` may open, else a 404 (a sealed case's colleagues too:
    they break the glass on the case page). With ``request`` the view is logged."""
    key = parse_uuid(public_id)
    report = (
        AbuseReport.objects.visible_to(user)
        .filter(public_id=key)
        .select_related("case", "case__person", "received_by", "municipality")
        .first()
        if key is not None
        else None
    )
    if report is None:
        raise Http404(_("No such report."))
    if request is not None:
        log_access(actor=user, action=Action.VIEW, obj=report, request=request)
    return report


# The parts below belong to a case the caller already fetched with get_case_for_user.


def get_notification(case: Case, pk: int) -> AgencyNotification:
    notification = (
        AgencyNotification.objects.filter(case=case, pk=pk).select_related("case").first()
    )
    if notification is None:
        raise Http404(_("No such notification."))
    return notification
