"""Protection of unaccompanied and separated children, attached to a case of that type.

A child's case holds one identification record (with the age assessment and the adults who
came with the child), the temporary guardians appointed over time, the placements, the
best-interests assessments and determinations, family tracing and the asylum milestones.
Ending a guardianship or a placement keeps the row: the history is the list of rows. Every
change is also a :class:`ProtectionEvent`, never edited.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from putokaz.accounts.models import Organisation
from putokaz.cases.models import Case, CaseType
from putokaz.core.models import TimeStampedModel

# Law on Asylum and Temporary Protection ("Sl. glasnik RS" 24/2018), Art. 2: the
# unaccompanied minor. The separated child is defined as in the UN Committee on the Rights
# of the Child's General Comment No. 6 (2005), para. 8, which the law's practice follows.
UNACCOMPANIED_DEFINITION = _(
    "Unaccompanied: a foreigner under 18 who entered Serbia without a parent or guardian, or "
    "who was left without one after entering (Law on Asylum and Temporary Protection, Art. 2)."
)
SEPARATED_DEFINITION = _(
    "Separated: a child separated from both parents or from the previous legal or customary "
    "caregiver, but not necessarily from other relatives, so possibly accompanied by other "
    "adult family members (Law on Asylum and Temporary Protection, Art. 2; UN CRC General "
    "Comment No. 6, para. 8)."
)


class Separation(models.TextChoices):
    UNACCOMPANIED = "unaccompanied", _("unaccompanied")
    SEPARATED = "separated", _("separated")


class AgeMethod(models.TextChoices):
    DOCUMENT = "document", _("identity or other document")
    STATEMENT = "statement", _("the child's own statement")
    INTERVIEW = "interview", _("psychosocial interview")
    MULTIDISCIPLINARY = "multidisciplinary", _("multidisciplinary assessment")
    MEDICAL = "medical", _("medical examination")
    NOT_ASSESSED = "not_assessed", _("not assessed yet")


class AgeOutcome(models.TextChoices):
    MINOR = "minor", _("a child (under 18)")
    ADULT = "adult", _("an adult")
    UNDETERMINED = "undetermined", _("could not be determined")
    PENDING = "pending", _("pending")


class ChildIdentification(TimeStampedModel):
    """How and when an unaccompanied or separated child was found, and how old they are."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="child_identification")
    separation = models.CharField(
        _("the child is"),
        max_length=20,
        choices=Separation.choices,
        help_text=format_lazy("{} {}", UNACCOMPANIED_DEFINITION, SEPARATED_DEFINITION),
    )
    identified_at = models.DateTimeField(
        _("identified on"),
        help_text=_("When the child came to the attention of the authorities or of the network."),
    )
    found_where = models.CharField(_("where the child was found"), max_length=250)
    found_by = models.CharField(
        _("found by"),
        max_length=250,
        help_text=_("Who found or reported the child, e.g. border police, an outreach team."),
    )
    circumstances = models.TextField(_("circumstances"), blank=True)
    age_method = models.CharField(
        _("age assessment: method"),
        max_length=20,
        choices=AgeMethod.choices,
        default=AgeMethod.NOT_ASSESSED,
    )
    age_outcome = models.CharField(
        _("age assessment: outcome"),
        max_length=20,
        choices=AgeOutcome.choices,
        default=AgeOutcome.PENDING,
    )
    assessed_age = models.PositiveSmallIntegerField(
        _("assessed age (years)"), null=True, blank=True
    )
    age_assessed_on = models.DateField(_("age assessed on"), null=True, blank=True)
    benefit_of_doubt = models.BooleanField(
        _("benefit of the doubt applied"),
        default=False,
        help_text=_(
            "While the age is uncertain the person is treated as a child (UN CRC General "
            "Comment No. 6, para. 31)."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("identification of a child")
        verbose_name_plural = _("identifications of children")

    def __str__(self) -> str:
        return f"{self.case.number}: {self.get_separation_display()}"

    def get_absolute_url(self) -> str:
        return reverse("protection:child_detail", args=[self.case.public_id])

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id

    @property
    def treated_as_child(self) -> bool:
        """A child by the assessment, or while it is uncertain with the benefit of the doubt."""
        if self.age_outcome == AgeOutcome.MINOR:
            return True
        return self.age_outcome != AgeOutcome.ADULT and self.benefit_of_doubt


class AccompanyingAdult(TimeStampedModel):
    """An adult who was with the child when found; one suspected of harming or exploiting
    the child can never be the child's guardian."""

    identification = models.ForeignKey(
        ChildIdentification, on_delete=models.CASCADE, related_name="adults"
    )
    full_name = models.CharField(_("name"), max_length=200)
    stated_relationship = models.CharField(
        _("relationship to the child (as stated)"), max_length=100, blank=True
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    suspected = models.BooleanField(
        _("suspected in the case"),
        default=False,
        help_text=_("Suspected of smuggling, trafficking, exploiting or harming the child."),
    )
    note = models.CharField(_("note"), max_length=250, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("accompanying adult")
        verbose_name_plural = _("accompanying adults")

    def __str__(self) -> str:
        return self.full_name


class GuardianAppointmentQuerySet(models.QuerySet["GuardianAppointment"]):
    def current(self) -> "GuardianAppointmentQuerySet":
        return self.filter(ended_on__isnull=True)


class GuardianAppointment(TimeStampedModel):
    """A temporary guardian appointed by the Center for Social Welfare's decision.

    The guardian is a professional who uses Putokaz (``guardian_user``) or another suitable
    person named here. An appointment ends (``ended_on``); it is never deleted.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="guardian_appointments")
    guardian_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guardianships",
        verbose_name=_("guardian (a professional in Putokaz)"),
    )
    guardian_name = models.CharField(_("guardian's name"), max_length=200)
    guardian_contact = models.CharField(_("guardian's contact"), max_length=200, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    appointed_at = models.DateTimeField(
        _("appointed on"), help_text=_("When the decision took effect.")
    )
    no_conflict_confirmed = models.BooleanField(_("no conflict of interest confirmed"))
    conflict_note = models.TextField(_("how the conflict of interest was checked"), blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=250, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = GuardianAppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-appointed_at", "-pk"]
        verbose_name = _("guardian appointment")
        verbose_name_plural = _("guardian appointments")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(ended_on__isnull=True),
                name="one_current_guardian",
                violation_error_message=_("The child already has a temporary guardian."),
            )
        ]
        indexes = [models.Index(fields=["guardian_user", "ended_on"], name="guardian_user_idx")]

    def __str__(self) -> str:
        return f"{self.guardian_name} — {self.case.number}"

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class PlacementKind(models.TextChoices):
    RECEPTION_CENTRE = "reception_centre", _("reception or asylum centre")
    CHILDREN_INSTITUTION = "children_institution", _("specialised institution for children")
    FOSTER_FAMILY = "foster_family", _("foster family")
    OTHER = "other", _("other")


class Placement(TimeStampedModel):
    """Where the child lives, from one day to another; placements of a child never overlap."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(_("type of placement"), max_length=30, choices=PlacementKind.choices)
    facility = models.CharField(
        _("facility or family"),
        max_length=250,
        help_text=_("The centre, institution or foster family."),
    )
    facility_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation running the facility"),
        help_text=_("If it is in Putokaz: its staff may then not be the child's guardian."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="placement_ends_after_start",
                violation_error_message=_("A placement cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.facility}"

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id

    def is_current(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)

    def overlaps(self, starts_on: datetime.date, ends_on: datetime.date | None) -> bool:
        """Whether this placement shares a day with one from ``starts_on`` to ``ends_on``."""
        far = datetime.date.max
        return self.starts_on <= (ends_on or far) and starts_on <= (self.ends_on or far)


class ApprovalStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("waiting for the supervisor")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for changes")


class BestInterestsAssessment(TimeStampedModel):
    """The best-interests assessment, short or comprehensive; a supervisor approves it."""

    class Kind(models.TextChoices):
        SHORT = "short", _("short (initial) assessment")
        COMPREHENSIVE = "comprehensive", _("comprehensive assessment")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="best_interests_assessments"
    )
    kind = models.CharField(_("assessment"), max_length=20, choices=Kind.choices)
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    child_views = models.TextField(
        _("the child's views"),
        help_text=_("What the child said, in the child's own words where possible."),
    )
    findings = models.TextField(_("findings"))
    recommendation = models.TextField(_("recommendation"))
    status = models.CharField(
        _("status"), max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.SUBMITTED
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("supervisor's note"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("best-interests assessment")
        verbose_name_plural = _("best-interests assessments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.assessed_on}"

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id


class BestInterestsDetermination(TimeStampedModel):
    """A panel's formal decision on a durable solution, with the day it is reviewed."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="best_interests_determinations"
    )
    panel_on = models.DateField(_("panel met on"))
    decision = models.TextField(_("decision"))
    reasons = models.TextField(_("reasons"), blank=True)
    review_on = models.DateField(_("review on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-panel_on", "-pk"]
        verbose_name = _("best-interests determination")
        verbose_name_plural = _("best-interests determinations")

    def __str__(self) -> str:
        return f"{self.case.number}: {self.panel_on}"

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id

    def is_review_late(self, today: datetime.date | None = None) -> bool:
        return self.review_on < (today or timezone.localdate())


class PanelMember(models.Model):
    determination = models.ForeignKey(
        BestInterestsDetermination, on_delete=models.CASCADE, related_name="members"
    )
    full_name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("role on the panel"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")

    def __str__(self) -> str:
        return self.full_name


class FamilyTracing(TimeStampedModel):
    """A request to trace the child's family (e.g. to the Red Cross) and what came of it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        IN_PROGRESS = "in_progress", _("in progress")
        FOUND = "found", _("family found")
        NOT_FOUND = "not_found", _("family not found")
        STOPPED = "stopped", _("stopped (not in the child's interest)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_tracings")
    requested_on = models.DateField(_("requested on"))
    requested_from = models.CharField(
        _("requested from"),
        max_length=200,
        help_text=_("E.g. the Red Cross of Serbia (Restoring Family Links)."),
    )
    sought = models.CharField(_("whom the child is looking for"), max_length=250)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    result = models.TextField(_("result"), blank=True)
    result_on = models.DateField(_("result on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("family tracing")
        verbose_name_plural = _("family tracing")

    def __str__(self) -> str:
        return f"{self.sought} ({self.get_status_display()})"

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id


class MilestoneKind(models.TextChoices):
    """The asylum procedure's steps in their order (``data/deadlines.toml`` times each one)."""

    INTENTION = "intention", _("intention to seek asylum expressed")
    REPORTING = "reporting", _("reported to the asylum centre")
    REGISTRATION = "registration", _("registered by the Asylum Office")
    APPLICATION = "application", _("asylum application lodged")
    INTERVIEW = "interview", _("asylum interview")


class AsylumMilestone(TimeStampedModel):
    """A step of the child's asylum procedure that happened (one of each kind)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="asylum_milestones")
    kind = models.CharField(_("step"), max_length=20, choices=MilestoneKind.choices)
    happened_at = models.DateTimeField(_("when"))
    guardian_present = models.BooleanField(_("the guardian was present"), default=False)
    note = models.CharField(_("note"), max_length=250, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["happened_at", "pk"]
        verbose_name = _("asylum milestone")
        verbose_name_plural = _("asylum milestones")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="asylum_milestone_once")
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.get_kind_display()}"

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id


class ProtectionEvent(models.Model):
    """Something that happened in a child's protection: never edited."""

    class Kind(models.TextChoices):
        IDENTIFIED = "identified", _("identification recorded")
        IDENTIFICATION_CHANGED = "identification_changed", _("identification changed")
        ADULT_ADDED = "adult_added", _("accompanying adult recorded")
        GUARDIAN_APPOINTED = "guardian_appointed", _("temporary guardian appointed")
        GUARDIAN_ENDED = "guardian_ended", _("guardianship ended")
        PLACED = "placed", _("placement recorded")
        PLACEMENT_ENDED = "placement_ended", _("placement ended")
        BIA_SUBMITTED = "bia_submitted", _("best-interests assessment submitted")
        BIA_APPROVED = "bia_approved", _("best-interests assessment approved")
        BIA_RETURNED = "bia_returned", _("best-interests assessment returned")
        BID_RECORDED = "bid_recorded", _("best-interests determination recorded")
        TRACING_REQUESTED = "tracing_requested", _("family tracing requested")
        TRACING_UPDATED = "tracing_updated", _("family tracing updated")
        MILESTONE = "milestone", _("asylum step recorded")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="protection_events")
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("protection event")
        verbose_name_plural = _("protection events")

    def __str__(self) -> str:
        return f"{self.case.number}: {self.get_kind_display()}"

    def describe(self) -> str:
        """What happened, in the reader's language: a note that is a choice (the kind of
        assessment, the asylum step) is stored as its value and named when read."""
        kind = str(self.get_kind_display())
        choices = _NOTE_CHOICES.get(self.kind)
        if choices is not None and self.note in choices.values:
            return f"{kind}: {choices(self.note).label}"
        return f"{kind}: {self.note}" if self.note else kind


_NOTE_CHOICES: dict[str, Any] = {
    ProtectionEvent.Kind.IDENTIFIED: Separation,
    ProtectionEvent.Kind.IDENTIFICATION_CHANGED: Separation,
    ProtectionEvent.Kind.BIA_SUBMITTED: BestInterestsAssessment.Kind,
    ProtectionEvent.Kind.TRACING_UPDATED: FamilyTracing.Status,
    ProtectionEvent.Kind.MILESTONE: MilestoneKind,
}


def is_child_case(case: Any) -> bool:
    """Whether ``case`` is about an unaccompanied or separated child."""
    return bool(case.case_type == CaseType.UNACCOMPANIED_CHILD)
