"""What the reports app adds to other pages: its entry in the navigation."""

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.context_processors import add_navigation


def reports_entry(user: Any, roles: set[str]) -> list[tuple[str, str | Promise]]:
    # Every member of an organisation sees its reports (aggregates only).
    if roles or user.is_superuser:
        return [(reverse("reports:home"), _("Reports"))]
    return []


add_navigation(reports_entry)
