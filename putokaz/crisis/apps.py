from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisConfig(AppConfig):
    name = "putokaz.crisis"
    label = "crisis"
    verbose_name = _("Crisis interventions")

    def ready(self) -> None:
        # Registers the case-page section and the navigation entry.
        from putokaz.crisis import pages  # noqa: F401, PLC0415
