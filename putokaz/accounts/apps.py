from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "putokaz.accounts"
    label = "accounts"
    verbose_name = _("Organisations and accounts")

    def ready(self) -> None:
        from putokaz.accounts import permissions, signals  # noqa: F401, PLC0415 - registers rules and receivers
