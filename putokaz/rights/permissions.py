"""Who may edit the rights and procedures articles (django-rules predicates).

They are the network's shared content, not one organisation's: guide editors of any
organisation and system administrators keep them, in the admin site.
"""

from typing import Any

import rules

from putokaz.accounts.models import Role
from putokaz.accounts.permissions import is_system_admin


@rules.predicate
def is_guide_editor(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.EDITOR))


rules.add_perm("rights.edit_articles", is_guide_editor | is_system_admin)
