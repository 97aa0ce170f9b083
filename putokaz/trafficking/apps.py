from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraffickingConfig(AppConfig):
    name = "putokaz.trafficking"
    label = "trafficking"
    verbose_name = _("Trafficking")

    def ready(self) -> None:
        # Registers the case-page section.
        from putokaz.trafficking import pages  # noqa: F401, PLC0415
