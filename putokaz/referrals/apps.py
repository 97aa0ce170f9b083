from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "putokaz.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        # Registers the case-page section, the navigation entry and the notification kinds.
        from putokaz.referrals import pages  # noqa: F401, PLC0415
