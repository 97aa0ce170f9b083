"""Shared base models and the mark that says what kind of database this is."""

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

_DEMO_CACHE_KEY = "putokaz:installation:is_demo"


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Installation(models.Model):
    """One row describing this database; ``is_demo`` guards demo accounts from real data."""

    is_demo = models.BooleanField(_("demo database"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("installation")
        verbose_name_plural = _("installations")

    def __str__(self) -> str:
        return str(_("Demo database") if self.is_demo else _("Database"))

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = 1
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        cache.delete(_DEMO_CACHE_KEY)

    @classmethod
    def is_demo_database(cls) -> bool:
        value = cache.get(_DEMO_CACHE_KEY)
        if value is None:
            value = cls.objects.filter(pk=1, is_demo=True).exists()
            cache.set(_DEMO_CACHE_KEY, value, 300)
        return bool(value)
