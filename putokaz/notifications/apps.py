from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "putokaz.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from putokaz.notifications import navigation  # noqa: F401, PLC0415 - registers the entry
