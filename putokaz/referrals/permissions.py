"""Who acts on a referral: the referring side (those who work on its case) and the
receiving side (the case workers and supervisors of the receiving organisation)."""

from typing import Any

from putokaz.accounts.models import Organisation, User
from putokaz.cases.permissions import works_on_case
from putokaz.people.models import CASE_ROLES


def is_on_putokaz(organisation: Organisation) -> bool:
    """Whether anyone at ``organisation`` does casework on Putokaz; if nobody does, a
    referral goes to it as a printed letter and the referring side records its steps."""
    return organisation.memberships.active().filter(role__in=CASE_ROLES).exists()


def is_receiver(user: Any, referral: Any) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.has_role(*CASE_ROLES, organisation=referral.to_organisation))


def is_sender(user: Any, referral: Any) -> bool:
    return works_on_case(user, referral.case)


def receiving_contacts(organisation: Organisation) -> list[User]:
    """Who is told of a new or late referral: the organisation's supervisors, or its case
    workers where it has no supervisor."""
    members = organisation.memberships.active().select_related("user")
    supervisors = [m.user for m in members if m.role == "supervisor"]
    return supervisors or [m.user for m in members if m.role in CASE_ROLES]


def moves_by_hand(user: Any, referral: Any) -> bool:
    """The referring side records the receiver's steps for an organisation not on Putokaz."""
    return (
        not is_receiver(user, referral)
        and is_sender(user, referral)
        and not is_on_putokaz(referral.to_organisation)
    )


def may_move(user: Any, referral: Any) -> bool:
    """Whether ``user`` takes the receiving side's steps of ``referral``."""
    return is_receiver(user, referral) or moves_by_hand(user, referral)
