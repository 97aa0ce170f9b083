from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "putokaz.protection"
    label = "protection"
    verbose_name = _("Child protection")

    def ready(self) -> None:
        # Registers the case-page section and the navigation entry.
        from putokaz.protection import pages  # noqa: F401, PLC0415
