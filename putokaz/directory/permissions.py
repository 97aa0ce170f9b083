"""Who may keep an organisation's entries in the guide (django-rules predicates)."""

from typing import Any

import rules

from putokaz.accounts.models import Role
from putokaz.accounts.permissions import is_system_admin


@rules.predicate
def keeps_guide_for(user: Any, organisation: Any) -> bool:
    if not user.is_authenticated or organisation is None:
        return False
    return bool(user.has_role(Role.ORG_ADMIN, Role.EDITOR, organisation=organisation))


rules.add_perm("directory.edit_services", keeps_guide_for | is_system_admin)
