"""What the trainings app adds to other pages: the header's entry."""

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.context_processors import add_navigation
from putokaz.accounts.models import Role

# Trainers and administrators organise events and register colleagues; analysts read the
# reports; everyone else finds the events on the public page.
ROLES = {Role.TRAINER, Role.ORG_ADMIN, Role.ANALYST, Role.SYSTEM_ADMIN}


def trainings_entry(user: Any, roles: set[str]) -> list[tuple[str, str | Promise]]:
    if roles & ROLES or user.is_superuser:
        return [(reverse("trainings:event_list"), _("Trainings"))]
    return []


add_navigation(trainings_entry)
