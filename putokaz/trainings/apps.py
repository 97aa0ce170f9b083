from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "putokaz.trainings"
    label = "trainings"
    verbose_name = _("Trainings")

    def ready(self) -> None:
        # Registers the permission rules and the navigation entry.
        from putokaz.trainings import pages, permissions  # noqa: F401, PLC0415
