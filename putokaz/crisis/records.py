"""How an intervention stands against its 24-hour limit: the time left or overdue while no
response was given, and the time to first response once one was, flagged over the limit."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from putokaz.cases.deadlines import Limit
from putokaz.crisis.actions import response_limit
from putokaz.crisis.models import CrisisIntervention

# Due within this time: shown as "due soon".
DUE_SOON = datetime.timedelta(hours=4)


def duration_text(span: datetime.timedelta) -> str:
    """A span of time as whole days and hours, or minutes under an hour (never rounded up:
    23 h 50 min left is "23 h", not a day)."""
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes < 60:
        return str(_("%(minutes)s min") % {"minutes": minutes})
    days, hours = divmod(minutes // 60, 24)
    if days:
        return str(_("%(days)s d %(hours)s h") % {"days": days, "hours": hours})
    return str(_("%(hours)s h") % {"hours": hours})


@dataclass(frozen=True)
class Clock:
    """The intervention's response against its limit."""

    due: datetime.datetime
    responded: bool
    late: bool
    soon: bool
    # Before a response: time left (or overdue by); after: the time to first response.
    text: str
    limit: Limit

    @property
    def hours(self) -> float:
        return float(self.limit.within_hours or 0)


def clock(intervention: CrisisIntervention, now: datetime.datetime | None = None) -> Clock:
    now = now or timezone.now()
    limit = response_limit()
    taken = intervention.time_to_first_response()
    if taken is not None:
        return Clock(
            due=intervention.response_due,
            responded=True,
            late=intervention.is_response_late(now),
            soon=False,
            text=duration_text(taken),
            limit=limit,
        )
    left = intervention.response_due - now
    return Clock(
        due=intervention.response_due,
        responded=False,
        late=left < datetime.timedelta(0),
        soon=datetime.timedelta(0) <= left <= DUE_SOON,
        text=duration_text(abs(left)),
        limit=limit,
    )
