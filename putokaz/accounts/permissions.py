"""Who may do what with organisations and their members (django-rules predicates)."""

from typing import Any

import rules

from putokaz.accounts.models import Role


@rules.predicate
def is_system_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_system_admin)


@rules.predicate
def is_member_of(user: Any, organisation: Any) -> bool:
    if not user.is_authenticated or organisation is None:
        return False
    return bool(user.memberships.active().filter(organisation=organisation).exists())


@rules.predicate
def is_admin_of(user: Any, organisation: Any) -> bool:
    if not user.is_authenticated or organisation is None:
        return False
    return bool(user.has_role(Role.ORG_ADMIN, organisation=organisation))


rules.add_perm("accounts.view_members", is_member_of | is_system_admin)
rules.add_perm("accounts.manage_members", is_admin_of | is_system_admin)
rules.add_perm("accounts.grant_system_admin", is_system_admin)
rules.add_perm("audit.view_organisation_log", is_admin_of | is_system_admin)
