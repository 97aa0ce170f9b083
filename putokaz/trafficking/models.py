"""Trafficking: screenings with the ILO indicators, the person's status as a victim over time
(with the referral for formal identification) and the safety plan, on a case.

Field names follow IOM's Human Trafficking Case Data Standard (HTCDS) where one fits
(``identification_status``, ``means_of_control`` in the export: see ``exports.py``).
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from putokaz.cases.models import Case


class Screening(models.Model):
    """One screening: the list of indicators used, what was ticked, and the result the
    rule of that version of the data gave (kept, so a later edition does not change it)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="trafficking_screenings")
    indicator_set = models.CharField(_("list of indicators"), max_length=30)
    indicators = models.JSONField(_("indicators present"), default=list)
    act = models.BooleanField(
        _("recruited, transported, transferred, harboured or received"), default=False
    )
    version = models.CharField(_("edition of the indicators"), max_length=60)
    positive_dimensions = models.JSONField(default=list)
    possible_victim = models.BooleanField(_("possible victim"))
    notes = models.TextField(_("notes"), blank=True)
    screened_on = models.DateField(_("date"), default=timezone.localdate)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-screened_on", "-pk"]
        verbose_name = _("trafficking screening")
        verbose_name_plural = _("trafficking screenings")

    def __str__(self) -> str:
        return f"{self.case.number}: {self.screened_on}"

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id


class VictimStatus(models.TextChoices):
    POSSIBLE = "possible", _("possible victim")
    REFERRED = "referred", _("referred for formal identification")
    PRESUMED = "presumed", _("presumed victim")
    IDENTIFIED = "identified", _("identified victim")
    NOT_IDENTIFIED = "not_identified", _("not identified as a victim")


# The moves of the status. The Centre for Protection of Victims of Trafficking decides on
# presumed, identified and not identified; a case worker records its decisions.
STATUS_MOVES: dict[str, tuple[str, ...]] = {
    "": (VictimStatus.POSSIBLE, VictimStatus.REFERRED),
    VictimStatus.POSSIBLE: (VictimStatus.REFERRED, VictimStatus.NOT_IDENTIFIED),
    VictimStatus.REFERRED: (
        VictimStatus.PRESUMED,
        VictimStatus.IDENTIFIED,
        VictimStatus.NOT_IDENTIFIED,
    ),
    VictimStatus.PRESUMED: (VictimStatus.IDENTIFIED, VictimStatus.NOT_IDENTIFIED),
    VictimStatus.IDENTIFIED: (),
    VictimStatus.NOT_IDENTIFIED: (VictimStatus.REFERRED,),
}


class StatusEvent(models.Model):
    """A step of the person's status as a victim: who recorded it, when it was decided and
    under which reference. Never edited; the latest is the current status."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victim_statuses")
    status = models.CharField(
        _("identification status"), max_length=20, choices=VictimStatus.choices
    )
    decided_on = models.DateField(_("date of the decision or referral"))
    reference = models.CharField(
        _("reference number"),
        max_length=100,
        blank=True,
        help_text=_("The Centre's number of the referral or decision, if any."),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("identification status")
        verbose_name_plural = _("identification statuses")
        indexes = [models.Index(fields=["case", "recorded_at"], name="victim_status_case_idx")]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.get_status_display()}"


class SafetyPlanItem(models.Model):
    """A risk to the person's safety and the measure against it: who is responsible, when it
    is reviewed."""

    class Status(models.TextChoices):
        OPEN = "open", _("in place")
        DONE = "done", _("no longer needed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="safety_plan")
    risk = models.TextField(_("risk"))
    measure = models.TextField(_("measure"))
    responsible = models.CharField(_("responsible"), max_length=200)
    review_on = models.DateField(_("review date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["status", "review_on", "pk"]
        verbose_name = _("safety plan measure")
        verbose_name_plural = _("safety plan")

    def __str__(self) -> str:
        return self.risk[:80]

    def is_review_late(self, today: datetime.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.review_on < (today or timezone.localdate())
