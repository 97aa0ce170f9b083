"""Who may register and change people's files (django-rules predicates)."""

from typing import Any

import rules

from putokaz.accounts.models import Role
from putokaz.accounts.permissions import is_system_admin
from putokaz.people.models import CASE_ROLES


@rules.predicate
def does_casework_in(user: Any, organisation: Any) -> bool:
    if not user.is_authenticated or organisation is None:
        return False
    return bool(user.has_role(*CASE_ROLES, organisation=organisation))


rules.add_perm("people.register", does_casework_in | is_system_admin)


@rules.predicate
def supervises_somewhere(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.SUPERVISOR))


rules.add_perm("people.review_duplicates", supervises_somewhere | is_system_admin)
