"""The header's notifications entry, with the number of unread ones."""

from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from putokaz.accounts.context_processors import add_navigation
from putokaz.notifications.models import Notification


def notifications_entry(user: Any, roles: set[str]) -> list[tuple[str, str | Promise]]:
    unread = Notification.objects.for_user(user).unread().count()
    label = _("Notifications (%(count)s)") % {"count": unread} if unread else _("Notifications")
    return [(reverse("notifications:list"), label)]


add_navigation(notifications_entry)
