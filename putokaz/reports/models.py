"""A record of every download of a report: what was exported, by whom, for which scope.

The access log entry of an export points at one of these rows (the log needs a record to
name); the organisation of an organisation's report reads it in its access log.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation
from putokaz.geo.models import Municipality


class ReportExport(models.Model):
    class ScopeKind(models.TextChoices):
        NETWORK = "network", _("whole network")
        MUNICIPALITY = "municipality", _("municipality")
        ORGANISATION = "organisation", _("organisation")

    report = models.CharField(_("report"), max_length=40, default="dashboard")
    scope = models.CharField(_("scope"), max_length=20, choices=ScopeKind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    format = models.CharField(_("format"), max_length=10)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    exported_at = models.DateTimeField(_("exported"), default=timezone.now)

    class Meta:
        ordering = ["-exported_at", "-pk"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")

    def __str__(self) -> str:
        place = self.organisation or self.municipality or self.get_scope_display()
        return f"{self.report} {place} {self.start}–{self.end} ({self.format})"

    @property
    def audit_organisation_id(self) -> int | None:
        return self.organisation_id
