"""The append-only access log: who did what to which record, when and from where."""

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an access-log entry."""


class PurgePermit(models.Model):
    """While a row exists here, the database lets access-log rows be deleted (never changed).

    The seam for lawful retention purges: a purge inserts a permit, deletes, and
    removes the permit in one transaction. Nothing else may delete entries.
    """

    granted_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.reason


class Action(models.TextChoices):
    VIEW = "view", _("view")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    EXPORT = "export", _("export")
    DELETE = "delete", _("delete")
    MERGE = "merge", _("merge")


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The access log cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The access log cannot be deleted.")

    def for_organisation(self, organisation: Any) -> "AccessLogQuerySet":
        return self.filter(organisation=organisation)


class AccessLog(models.Model):
    """One read or write of a record. Rows are only ever inserted (database triggers too)."""

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("record type")
    )
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation of the record"),
    )
    purpose = models.CharField(_("purpose"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=500, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["organisation", "-occurred_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The access log cannot be deleted.")
