"""Rules of temporary guardianship: the conflict-of-interest check, the time to appointment,
and the guardian register (each guardian's current wards)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Membership
from putokaz.cases.models import Case
from putokaz.core.folding import fold
from putokaz.protection import deadlines
from putokaz.protection.models import (
    AccompanyingAdult,
    ChildIdentification,
    GuardianAppointment,
    Placement,
)

# What the check looks at, shown on the appointment page so the worker knows what the
# system verified and what only they can confirm.
CHECKED_RULES = [
    _(
        "The guardian is not an adult who came with the child and is suspected in the case "
        "(of smuggling, trafficking, exploiting or harming the child): compared by name, in "
        "any script."
    ),
    _(
        "The guardian does not work for the organisation that runs the facility where the "
        "child is placed now (the facility's staff answer to the facility, not to the child)."
    ),
]
CONFIRMED_RULES = [
    _("The guardian has no personal, family or financial interest that runs against the child's."),
    _("The guardian does not represent another party in the child's asylum or other procedures."),
    _("The guardian is not related to anyone suspected in the case."),
]


def _same_name(one: str, other: str) -> bool:
    return bool(one.strip()) and sorted(fold(one).split()) == sorted(fold(other).split())


def conflicts(case: Case, *, guardian_user: Any, guardian_name: str) -> list[str]:
    """Why this guardian may not be appointed for the child of ``case`` (empty: no conflict found)."""
    reasons: list[str] = []
    names = [guardian_name] + ([guardian_user.full_name] if guardian_user is not None else [])
    suspected = AccompanyingAdult.objects.filter(identification__case=case, suspected=True)
    for adult in suspected:
        if any(_same_name(name, adult.full_name) for name in names):
            reasons.append(
                str(
                    _(
                        "%(name)s is recorded as an accompanying adult suspected in the case "
                        "and cannot be the child's guardian."
                    )
                )
                % {"name": adult.full_name}
            )
    if guardian_user is not None:
        today = timezone.localdate()
        facilities = (
            Placement.objects.filter(case=case, facility_organisation__isnull=False)
            .filter(starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        )
        for placement in facilities.select_related("facility_organisation"):
            if (
                Membership.objects.active()
                .filter(user=guardian_user, organisation=placement.facility_organisation)
                .exists()
            ):
                reasons.append(
                    str(
                        _(
                            "%(name)s works for %(organisation)s, which runs the facility where "
                            "the child is placed (%(facility)s)."
                        )
                    )
                    % {
                        "name": guardian_user.full_name,
                        "organisation": placement.facility_organisation,
                        "facility": placement.facility,
                    }
                )
    return reasons


@dataclass(frozen=True)
class Delay:
    """How long from the identification to the appointment (or until now, while none)."""

    hours: float
    limit: deadlines.Limit
    appointed: bool

    @property
    def late(self) -> bool:
        return self.hours > self.limit.hours

    @property
    def text(self) -> str:
        days, hours = divmod(round(self.hours), 24)
        if days:
            return str(_("%(days)s d %(hours)s h") % {"days": days, "hours": hours})
        return str(_("%(hours)s h") % {"hours": hours})


def appointment_delay(
    identification: ChildIdentification | None,
    appointment: GuardianAppointment | None,
    now: datetime.datetime | None = None,
) -> Delay | None:
    """The time from identification to the first appointment, measured; None before identification."""
    if identification is None:
        return None
    end = appointment.appointed_at if appointment is not None else (now or timezone.now())
    seconds = max(0.0, (end - identification.identified_at).total_seconds())
    return Delay(
        hours=seconds / 3600,
        limit=deadlines.guardian_appointment(),
        appointed=appointment is not None,
    )


def first_appointment(case: Case) -> GuardianAppointment | None:
    return GuardianAppointment.objects.filter(case=case).order_by("appointed_at", "pk").first()


@dataclass
class RegisterRow:
    """One guardian and their current wards; ``hidden`` counts wards whose case the viewer
    may not open (they are counted, not named)."""

    name: str
    contact: str
    user: Any
    wards: list[GuardianAppointment] = field(default_factory=list)
    hidden: int = 0

    @property
    def total(self) -> int:
        return len(self.wards) + self.hidden

    @property
    def label(self) -> str | Promise:
        return _("professional") if self.user is not None else _("other suitable person")


def register(user: Any, organisation_ids: list[int]) -> list[RegisterRow]:
    """Every current guardian of the organisations' children, with their wards, busiest first.

    A guardian is one user, or one name and contact for someone outside Putokaz.
    """
    visible = set(Case.objects.visible_to(user).values_list("pk", flat=True))
    current = (
        GuardianAppointment.objects.current()
        .filter(case__organisation_id__in=organisation_ids)
        .select_related("guardian_user", "case__person", "case__organisation")
        .order_by("guardian_name", "case__number")
    )
    rows: dict[tuple[Any, ...], RegisterRow] = {}
    for appointment in current:
        key: tuple[Any, ...] = (
            ("user", appointment.guardian_user_id)
            if appointment.guardian_user_id
            else ("name", fold(appointment.guardian_name), appointment.guardian_contact.strip())
        )
        row = rows.setdefault(
            key,
            RegisterRow(
                name=appointment.guardian_user.full_name
                if appointment.guardian_user
                else appointment.guardian_name,
                contact=appointment.guardian_contact,
                user=appointment.guardian_user,
            ),
        )
        if appointment.case_id in visible:
            row.wards.append(appointment)
        else:
            row.hidden += 1
    return sorted(rows.values(), key=lambda row: (-row.total, fold(row.name)))
