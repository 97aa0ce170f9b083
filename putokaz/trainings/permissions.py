"""Who manages an event: the trainers and administrators of its organiser (and system
administrators); who registers colleagues: an organisation's administrators."""

from typing import Any

import rules

from putokaz.accounts.models import Organisation, OrganisationQuerySet, Role
from putokaz.accounts.permissions import is_system_admin

ORGANISER_ROLES = (Role.TRAINER, Role.ORG_ADMIN)


def organising_organisations(user: Any) -> OrganisationQuerySet:
    """Organisations whose events ``user`` manages (and for which they create new ones)."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_system_admin:
        return Organisation.objects.active()
    return (
        Organisation.objects.active()
        .filter(
            memberships__user=user,
            memberships__role__in=ORGANISER_ROLES,
            memberships__ended_at__isnull=True,
        )
        .distinct()
    )


def administered_organisations(user: Any) -> OrganisationQuerySet:
    """Organisations whose members ``user`` registers for events."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return (
        Organisation.objects.active()
        .filter(
            memberships__user=user,
            memberships__role=Role.ORG_ADMIN,
            memberships__ended_at__isnull=True,
        )
        .distinct()
    )


@rules.predicate
def organises(user: Any, event: Any) -> bool:
    if not user.is_authenticated or not user.is_active or event is None:
        return False
    return bool(user.has_role(*ORGANISER_ROLES, organisation=event.organiser))


@rules.predicate
def reads_reports(user: Any) -> bool:
    """Analysts read the aggregate reports of every event (no names in them)."""
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.ANALYST))


rules.add_perm("trainings.manage_event", organises | is_system_admin)
