"""Reports of child abuse and neglect at a Center for Social Welfare: the report as received
(who reported, how, what, where) with the immediate risk assessment, and on its case the
protective measures, the notifications of the police, health services and school, and the
follow-up contacts.

The report opens a case of type child protection, sealed from the start (see
``putokaz.cases.models.SEALED_TYPES``): only its named workers see any of this.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from putokaz.cases.models import Case, Urgency
from putokaz.geo.models import Municipality


class ReporterKind(models.TextChoices):
    CITIZEN = "citizen", _("citizen")
    SCHOOL = "school", _("school or preschool")
    HEALTH = "health", _("health service")
    POLICE = "police", _("police")
    NGO = "ngo", _("civil-society organisation")
    RELATIVE = "relative", _("relative")
    CHILD = "child", _("the child")
    ANONYMOUS = "anonymous", _("anonymous")


class ReceivedHow(models.TextChoices):
    PHONE = "phone", _("by phone")
    IN_PERSON = "in_person", _("in person")
    WRITTEN = "written", _("in writing")
    EMAIL = "email", _("by e-mail")


class AbuseForm(models.TextChoices):
    PHYSICAL = "physical", _("physical abuse")
    EMOTIONAL = "emotional", _("emotional abuse")
    SEXUAL = "sexual", _("sexual abuse")
    NEGLECT = "neglect", _("neglect")
    EXPLOITATION = "exploitation", _("exploitation")
    DOMESTIC_VIOLENCE = "domestic_violence", _("witnessing domestic violence")


class PerpetratorRelation(models.TextChoices):
    PARENT = "parent", pgettext_lazy("household relationship", "parent")
    STEP_PARENT = "step_parent", _("step-parent or parent's partner")
    SIBLING = "sibling", _("brother or sister")
    RELATIVE = "relative", _("other relative")
    CARER = "carer", _("foster carer or staff of a residential home")
    TEACHER = "teacher", _("teacher or other school staff")
    PEER = "peer", _("another child")
    ACQUAINTANCE = "acquaintance", _("acquaintance")
    STRANGER = "stranger", _("stranger")
    UNKNOWN = "unknown", _("not known")


class AbuseReportQuerySet(models.QuerySet["AbuseReport"]):
    def visible_to(self, user: Any) -> "AbuseReportQuerySet":
        """Reports whose case ``user`` may open (``Case.objects.visible_to``)."""
        return self.filter(case__in=Case.objects.visible_to(user))


class AbuseReport(models.Model):
    """A report as it was received, and the risk assessment made at intake. The urgency the
    worker chose is the case's; the one the answers suggested is kept here."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="abuse_report")
    reporter_kind = models.CharField(_("who reported"), max_length=20, choices=ReporterKind.choices)
    # Empty for an anonymous report (the constraint below holds it).
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    reporter_contact = models.CharField(_("reporter's contact"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received"))
    received_how = models.CharField(_("how"), max_length=20, choices=ReceivedHow.choices)
    abuse_forms = models.JSONField(_("forms of abuse"), default=list)
    description = models.TextField(_("what was reported"))
    address = models.CharField(_("where"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    perpetrator_relation = models.CharField(
        _("alleged perpetrator"), max_length=20, choices=PerpetratorRelation.choices, blank=True
    )
    risk_answers = models.JSONField(_("risk assessment"), default=list)
    suggested_urgency = models.CharField(
        _("urgency the answers suggest"), max_length=20, choices=Urgency.choices
    )
    urgency_reason = models.TextField(_("why the urgency differs"), blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = AbuseReportQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "pk"]
        verbose_name = _("report of abuse or neglect")
        verbose_name_plural = _("reports of abuse or neglect")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reporter_kind=ReporterKind.ANONYMOUS)
                | (Q(reporter_name="") & Q(reporter_contact="")),
                name="abuse_report_anonymous_nameless",
                violation_error_message=_("An anonymous report keeps no name or contact."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.received_at:%Y-%m-%d}"

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id

    @property
    def is_anonymous(self) -> bool:
        return self.reporter_kind == ReporterKind.ANONYMOUS

    def form_labels(self) -> list[str]:
        return [
            str(AbuseForm(value).label) for value in self.abuse_forms if value in AbuseForm.values
        ]


class ProtectiveMeasure(models.Model):
    """A measure taken to protect the child: what, when and by whom."""

    class Kind(models.TextChoices):
        REMOVAL = "removal", _("urgent removal and placement")
        PROTECTION_ORDER = "protection_order", _("request for a protection order")
        SAFETY_PLAN = "safety_plan", _("safety plan with the non-offending parent")
        MEDICAL = "medical", _("medical examination")
        FORENSIC_INTERVIEW = "forensic_interview", _("child-friendly interview")
        SUPERVISION = "supervision", _("supervision of parental care")
        COUNSELLING = "counselling", _("counselling or psychological support")
        OTHER = "other", _("other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="protective_measures")
    kind = models.CharField(_("measure"), max_length=20, choices=Kind.choices)
    taken_on = models.DateField(_("date"))
    taken_by = models.CharField(
        _("who"),
        max_length=200,
        help_text=_("The worker, service or court that took the measure."),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-taken_on", "-pk"]
        verbose_name = _("protective measure")
        verbose_name_plural = _("protective measures")

    def __str__(self) -> str:
        return f"{self.case.number}: {self.get_kind_display()}"


class AgencyNotification(models.Model):
    """The police, a health service, the school or the prosecutor told of the report: whom,
    when, under which reference, and what they answered (recorded later, versioned)."""

    class Agency(models.TextChoices):
        POLICE = "police", _("police")
        HEALTH = "health", _("health service")
        SCHOOL = "school", _("school or preschool")
        PROSECUTOR = "prosecutor", _("public prosecutor")
        OTHER = "other", _("other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agency_notifications")
    agency = models.CharField(_("notified"), max_length=20, choices=Agency.choices)
    addressee = models.CharField(
        _("whom"), max_length=200, help_text=_("The station, clinic or school, and the person.")
    )
    sent_on = models.DateField(_("when"))
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    response = models.TextField(_("response"), blank=True)
    response_on = models.DateField(_("date of the response"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("notification of the police, health service or school")
        verbose_name_plural = _("notifications of the police, health services and schools")

    def __str__(self) -> str:
        return f"{self.case.number}: {self.get_agency_display()}"

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id


class FollowUp(models.Model):
    """A contact after the report: a visit, a call, a meeting; what came of it."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", _("home visit")
        PHONE = "phone", _("phone call")
        OFFICE = "office", _("meeting at the centre")
        SCHOOL = "school", _("visit to the school")
        CASE_CONFERENCE = "case_conference", _("case conference")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="abuse_follow_ups")
    kind = models.CharField(_("contact"), max_length=20, choices=Kind.choices)
    contact_on = models.DateField(_("date"))
    outcome = models.TextField(_("outcome"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-contact_on", "-pk"]
        verbose_name = _("follow-up contact")
        verbose_name_plural = _("follow-up contacts")

    def __str__(self) -> str:
        return f"{self.case.number}: {self.contact_on}"
