"""What the trainings app adds to other pages: the header's entry."""

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.context_processors import add_navigation


def trainings_entry(user: Any, roles: set[str]) -> list[tuple[str, str | Promise]]:
    # Everyone: one's own trainings and certificates; trainers and administrators also
    # organise events and register colleagues there.
    return [(reverse("trainings:event_list"), _("Trainings"))]


add_navigation(trainings_entry)
