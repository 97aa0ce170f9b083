from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AbuseConfig(AppConfig):
    name = "putokaz.abuse"
    label = "abuse"
    verbose_name = _("Child abuse and neglect")

    def ready(self) -> None:
        # Registers the case-page section and the navigation entry.
        from putokaz.abuse import pages  # noqa: F401, PLC0415
