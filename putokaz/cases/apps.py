from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "putokaz.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from putokaz.cases import kinds, person_pages  # noqa: F401, PLC0415 - registers them
