"""Crisis interventions: a round-the-clock intake of individuals and families in crisis.

An intervention records what happened, who is in crisis (a registered person, or only a
name: a person in crisis may not want a file), the immediate risks, and when the response is
due: the 'immediate' urgency of the cases app (``cases/data/deadlines.toml``, 24 hours). The
responses given are :class:`CrisisResponse` rows; the first of them is the time to first
response. Closing records the outcome; a case opened from the intervention is linked to it.
"""

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models import Value as V
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from putokaz.accounts.models import Organisation
from putokaz.cases.models import Case
from putokaz.core.models import TimeStampedModel
from putokaz.geo.models import Municipality
from putokaz.people.models import Person, case_organisation_ids


class Channel(models.TextChoices):
    PHONE = "phone", _("phone call")
    WALK_IN = "walk_in", _("came in person")
    POLICE = "police", _("police")
    EMERGENCY = "emergency", _("emergency services")
    ORGANISATION = "organisation", _("another organisation")
    OTHER = "other", _("other")


class CrisisKind(models.TextChoices):
    DOMESTIC_VIOLENCE = "domestic_violence", _("domestic violence")
    EVICTION = "eviction", _("eviction or homelessness")
    INCOME_LOSS = "income_loss", _("loss of income")
    MENTAL_HEALTH = "mental_health", _("mental health crisis")
    SUICIDE_RISK = "suicide_risk", _("risk of suicide")
    RETURNEE_NO_SHELTER = "returnee_no_shelter", _("a returnee family arriving without shelter")
    MIGRANT_STRANDED = "migrant_stranded", _("a migrant stranded")
    OTHER = "other", _("other")


class Risk(models.TextChoices):
    """The immediate risks the duty worker checks for at intake."""

    VIOLENCE = "violence", _("violence or a threat of violence now")
    SELF_HARM = "self_harm", _("self-harm or suicide")
    CHILDREN = "children", _("children at risk")
    NO_SHELTER = "no_shelter", _("no shelter for the coming night")
    MEDICAL = "medical", _("urgent medical need")
    NO_FOOD = "no_food", _("no food or money")
    WEATHER = "weather", _("exposure to cold or heat")


class ResponseKind(models.TextChoices):
    ACCOMMODATION = "accommodation", _("emergency accommodation")
    POLICE = "police", _("police called")
    MEDICAL = "medical", _("medical help")
    FOOD_MONEY = "food_money", _("food or money")
    COUNSELLING = "counselling", _("counselling")
    VISIT = "visit", _("visit on the spot")
    REFERRAL = "referral", _("referral to a service")
    OTHER = "other", _("other")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("resolved")
    REFERRED = "referred", _("referred to another service")
    CASE_OPENED = "case_opened", _("a case was opened")
    DECLINED = "declined", _("the person declined help")
    NOT_REACHED = "not_reached", _("the person could not be reached")


class CrisisInterventionQuerySet(models.QuerySet["CrisisIntervention"]):
    def visible_to(self, user: Any) -> "CrisisInterventionQuerySet":
        """Interventions of the organisations where ``user`` does casework (case workers and
        supervisors), all of them for a system administrator; nobody else's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_system_admin:
            return self.all()
        return self.filter(organisation_id__in=case_organisation_ids(user))

    def open(self) -> "CrisisInterventionQuerySet":
        return self.filter(closed_at__isnull=True)

    def closed(self) -> "CrisisInterventionQuerySet":
        return self.filter(closed_at__isnull=False)

    def awaiting_response(self) -> "CrisisInterventionQuerySet":
        return self.filter(first_response_at__isnull=True)

    def overdue(self, now: datetime.datetime | None = None) -> "CrisisInterventionQuerySet":
        """Open, no response given yet, and the response due time passed."""
        return self.open().awaiting_response().filter(response_due__lt=now or timezone.now())

    def by_urgency(self) -> "CrisisInterventionQuerySet":
        """Those still waiting for a response first, the earliest due (so the overdue ones)
        at the top; then those responded to, newest first."""
        waiting = models.Case(
            models.When(first_response_at__isnull=True, then=V(0)),
            default=V(1),
            output_field=models.IntegerField(),
        )
        return self.alias(waiting=waiting).order_by(
            "waiting",
            models.Case(
                models.When(first_response_at__isnull=True, then="response_due"),
                default=None,
                output_field=models.DateTimeField(),
            ).asc(nulls_last=True),
            "-received_at",
            "pk",
        )


class CrisisIntervention(TimeStampedModel):
    """One call or arrival of a person or family in crisis, and what was done about it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="crisis_interventions",
        verbose_name=_("organisation"),
    )
    received_at = models.DateTimeField(_("received at"))
    channel = models.CharField(_("how it came in"), max_length=20, choices=Channel.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="crisis_interventions",
        verbose_name=_("person"),
    )
    contact_name = models.CharField(
        _("name as given"),
        max_length=200,
        blank=True,
        help_text=_("Who is in crisis, if the person is not registered (or does not want to be)."),
    )
    contact_phone = models.CharField(_("contact"), max_length=100, blank=True)
    is_family = models.BooleanField(_("a family or household in crisis"), default=False)
    people_count = models.PositiveSmallIntegerField(
        _("how many people"), null=True, blank=True, help_text=_("Children included.")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    location = models.CharField(_("where exactly"), max_length=250, blank=True)
    kinds = models.JSONField(_("what happened"), default=list)
    description = models.TextField(_("description"))
    risks = models.JSONField(_("immediate risks"), default=list, blank=True)
    response_due = models.DateTimeField(_("response due"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="crisis_interventions",
        verbose_name=_("case"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CrisisInterventionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("crisis intervention")
        verbose_name_plural = _("crisis interventions")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(contact_name=""),
                name="crisis_person_or_name",
                violation_error_message=_("Choose the person or write the name given."),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(outcome=""),
                name="crisis_closed_with_outcome",
                violation_error_message=_("A crisis intervention is closed with its outcome."),
            ),
        ]
        indexes = [
            # The intake list: an organisation's open interventions by their due time.
            models.Index(
                fields=["organisation", "closed_at", "first_response_at", "response_due"],
                name="crisis_intake_idx",
            )
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.received_at).strftime("%Y-%m-%d %H:%M")
        return f"{when} — {self.subject_name}"

    def get_absolute_url(self) -> str:
        return reverse("crisis:intervention_detail", args=[self.public_id])

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.contact_name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def kind_labels(self) -> list[str]:
        """What happened, named in the reader's language (the values are stored)."""
        return [str(CrisisKind(k).label) for k in self.kinds if k in CrisisKind.values]

    def risk_labels(self) -> list[str]:
        return [str(Risk(r).label) for r in self.risks if r in Risk.values]

    def is_response_late(self, now: datetime.datetime | None = None) -> bool:
        """No response yet and past its due time, or the first one came after it."""
        if self.first_response_at is not None:
            return self.first_response_at > self.response_due
        return self.response_due < (now or timezone.now())

    def time_to_first_response(self) -> datetime.timedelta | None:
        if self.first_response_at is None:
            return None
        return max(datetime.timedelta(0), self.first_response_at - self.received_at)


class CrisisResponse(models.Model):
    """One thing done in response: what, when and by whom. Never edited."""

    intervention = models.ForeignKey(
        CrisisIntervention, on_delete=models.CASCADE, related_name="responses"
    )
    kind = models.CharField(_("response"), max_length=20, choices=ResponseKind.choices)
    description = models.TextField(_("what was done"))
    done_at = models.DateTimeField(_("when"))
    done_by = models.CharField(
        _("by whom"), max_length=200, help_text=_("The worker, or the service that acted.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["done_at", "pk"]
        verbose_name = _("crisis response")
        verbose_name_plural = _("crisis responses")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"

    @property
    def audit_organisation_id(self) -> int:
        return self.intervention.organisation_id
