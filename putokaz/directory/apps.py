from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "putokaz.directory"
    label = "directory"
    verbose_name = _("Directory of services")

    def ready(self) -> None:
        from putokaz.directory import permissions, signals  # noqa: F401, PLC0415 - rules and receivers
