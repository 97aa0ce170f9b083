from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RightsConfig(AppConfig):
    name = "putokaz.rights"
    label = "rights"
    verbose_name = _("Rights and procedures")

    def ready(self) -> None:
        from putokaz.rights import permissions, signals  # noqa: F401, PLC0415 - rules and receivers

        # After every migrate (and the demo, which migrates), load shipped articles.
        post_migrate.connect(signals.load_shipped_articles, sender=self)
