"""Who works on a child's protection (the case's rule) and who sees the guardian register."""

from typing import Any

import rules

from putokaz.cases.permissions import is_case_supervisor, works_on_case
from putokaz.people.models import case_organisation_ids

__all__ = ["is_case_supervisor", "register_organisation_ids", "sees_register", "works_on_case"]


def register_organisation_ids(user: Any) -> list[int]:
    """The organisations whose guardian register ``user`` reads: where they do casework."""
    return case_organisation_ids(user)


@rules.predicate
def sees_register(user: Any) -> bool:
    return bool(register_organisation_ids(user))


rules.add_perm("protection.view_register", sees_register)
