"""Who may work on a case and who supervises it."""

from typing import Any

from putokaz.accounts.models import Role


def is_case_supervisor(user: Any, case: Any) -> bool:
    """A supervisor of the case's organisation, or a system administrator."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(
        user.is_system_admin or user.has_role(Role.SUPERVISOR, organisation=case.organisation)
    )


def works_on_case(user: Any, case: Any) -> bool:
    """Assigned to the case, or its supervisor: the people who may see and change it
    (the rule of ``Case.objects.visible_to``)."""
    return bool(type(case).objects.visible_to(user).filter(pk=case.pk).exists())
