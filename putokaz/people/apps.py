from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "putokaz.people"
    label = "people"
    verbose_name = _("People and households")

    def ready(self) -> None:
        from putokaz.people import permissions, timeline  # noqa: F401, PLC0415 - rules and providers
