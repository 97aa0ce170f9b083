"""Referrals: a case's person or family sent to a service of another organisation.

A referral carries the consent it rests on and the scope of what that consent shares;
the receiving organisation sees exactly that scope and nothing of the rest of the case.
Its status moves along a fixed lifecycle; every move is a :class:`ReferralEvent` row
written under the referral's row lock.
"""

import datetime
import uuid
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from putokaz.accounts.models import Organisation
from putokaz.cases.models import (
    URGENCY_SHORT,
    Case,
    CaseAttachment,
    CaseNote,
    LifeDomain,
    PlanAction,
    Urgency,
)
from putokaz.core.uploads import attachment_storage
from putokaz.directory.models import Service
from putokaz.people.models import CASE_ROLES, Household, Person


class Status(models.TextChoices):
    # A referral's own context: the labels agree with "referral" in Serbian and German.
    SENT = "sent", pgettext_lazy("referral", "sent")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("referral", "acknowledged")
    ACCEPTED = "accepted", pgettext_lazy("referral", "accepted")
    DECLINED = "declined", pgettext_lazy("referral", "declined")
    IN_PROGRESS = "in_progress", pgettext_lazy("referral", "in progress")
    COMPLETED = "completed", pgettext_lazy("referral", "completed")
    CANCELLED = "cancelled", pgettext_lazy("referral", "cancelled")
    WITHDRAWN = "withdrawn", pgettext_lazy("referral", "consent withdrawn")


OPEN = (Status.SENT, Status.ACKNOWLEDGED, Status.ACCEPTED, Status.IN_PROGRESS)
# What the receiving organisation may do from each status (for a recipient that is not on
# Putokaz, the referring side records these steps by hand).
RECEIVER_MOVES: dict[str, tuple[str, ...]] = {
    Status.SENT: (Status.ACKNOWLEDGED, Status.ACCEPTED, Status.DECLINED),
    Status.ACKNOWLEDGED: (Status.ACCEPTED, Status.DECLINED),
    Status.ACCEPTED: (Status.IN_PROGRESS, Status.COMPLETED),
    Status.IN_PROGRESS: (Status.COMPLETED,),
}


class Outcome(models.TextChoices):
    MET = "met", _("need met")
    PARTLY = "partly", _("need partly met")
    NOT_MET = "not_met", _("need not met")


class ConsentBy(models.TextChoices):
    SELF = "self", _("the person themselves")
    PARENT = "parent", pgettext_lazy("consent given by", "parent")
    GUARDIAN = "guardian", _("guardian")
    REPRESENTATIVE = "representative", _("other legal representative")


class ConsentMethod(models.TextChoices):
    SIGNED = "signed", _("signed consent form")
    VERBAL = "verbal", _("verbal, with a witness")


def consent_problems(
    *, method: str, witness: str, has_form: bool, given_on: datetime.date | None
) -> dict[str, str]:
    """What is wrong with a consent record, by field (empty when nothing is)."""
    problems: dict[str, str] = {}
    if method == ConsentMethod.VERBAL and not witness.strip():
        problems["consent_witness"] = str(_("Name the witness of a verbal consent."))
    if method == ConsentMethod.SIGNED and not has_form:
        problems["consent_form"] = str(_("Attach the signed consent form."))
    if given_on is not None and given_on > timezone.localdate():
        problems["consent_on"] = str(_("Consent cannot be given on a future date."))
    return problems


class Section(models.TextChoices):
    """Parts of a case a consent may share, beyond the notes and documents chosen one by one."""

    IDENTITY = "identity", _("identity (names, sex, date and place of birth, JMBG, languages)")
    CONTACT = "contact", _("contact (phone, address, municipality)")
    ASSESSMENT = "assessment", _("needs assessment (the latest)")
    PLAN = "plan", _("plan (goals and actions)")


def _case_role_organisations(user: Any) -> Any:
    return user.memberships.active().filter(role__in=CASE_ROLES).values("organisation_id")


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: Any) -> Self:
        """Referrals ``user`` may open: of a case they see, or received by an organisation
        where they do casework. Nobody else."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_system_admin:
            return self.all()
        return self.filter(
            Q(case__in=Case.objects.visible_to(user))
            | Q(to_organisation_id__in=_case_role_organisations(user))
        )

    def received_by(self, user: Any) -> Self:
        """The inbox: referrals to the organisations where ``user`` does casework."""
        return self.filter(to_organisation_id__in=_case_role_organisations(user))

    def sent_by(self, user: Any) -> Self:
        return self.filter(referred_by=user)

    def open(self) -> Self:
        return self.filter(status__in=OPEN)

    def new(self) -> Self:
        """Sent and not yet acknowledged."""
        return self.filter(status=Status.SENT)

    def in_progress(self) -> Self:
        """Acknowledged, accepted or being worked on."""
        return self.filter(status__in=(Status.ACKNOWLEDGED, Status.ACCEPTED, Status.IN_PROGRESS))

    def acknowledgement_overdue(self, now: datetime.datetime | None = None) -> Self:
        return self.filter(status=Status.SENT, acknowledge_due__lt=now or timezone.now())

    def completion_overdue(self, now: datetime.datetime | None = None) -> Self:
        return self.filter(
            status__in=(Status.ACKNOWLEDGED, Status.ACCEPTED, Status.IN_PROGRESS, Status.SENT),
            complete_due__lt=now or timezone.now(),
        )


class Referral(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("person"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("family"),
    )
    from_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("from"),
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("referred by"),
    )
    to_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to organisation"),
    )
    to_service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("service"),
    )
    reason = models.TextField(_("reason for the referral"))
    needs = models.JSONField(_("needs it addresses"), default=list, blank=True)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices)

    consent_by = models.CharField(_("consent given by"), max_length=20, choices=ConsentBy.choices)
    consent_name = models.CharField(_("name of who consented"), max_length=200)
    consent_on = models.DateField(_("consent given on"))
    consent_method = models.CharField(
        _("how consent was given"), max_length=10, choices=ConsentMethod.choices
    )
    consent_witness = models.CharField(_("witness"), max_length=200, blank=True)
    consent_form = models.FileField(
        _("signed consent form"), storage=attachment_storage, max_length=300, blank=True
    )
    consent_form_name = models.CharField(max_length=200, blank=True)
    consent_form_type = models.CharField(max_length=100, blank=True)
    shared_sections = models.JSONField(_("what is shared"), default=list, blank=True)
    # Whom the consent covers: the person, or the family's members when it was given (a
    # member who joins later is not in it).
    consented_people = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name=_("people the consent covers")
    )
    shared_notes = models.ManyToManyField(
        CaseNote, blank=True, related_name="+", verbose_name=_("shared notes")
    )
    shared_documents = models.ManyToManyField(
        CaseAttachment, blank=True, related_name="+", verbose_name=_("shared documents")
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    acknowledge_due = models.DateTimeField(_("acknowledgement due"))
    complete_due = models.DateTimeField(_("completion due"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    decided_at = models.DateTimeField(_("accepted or declined"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("cancelled or withdrawn"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_handled",
        verbose_name=_("handled by"),
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome for the referring worker"), blank=True)
    end_note = models.TextField(_("why it ended"), blank=True)
    # The sweep claims each overdue referral once per kind of delay (see referral_sweep).
    acknowledge_overdue_notified_at = models.DateTimeField(null=True, blank=True)
    complete_overdue_notified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(household__isnull=True))
                | (Q(person__isnull=True) & Q(household__isnull=False)),
                name="referral_for_person_or_household",
            )
        ]
        indexes = [
            models.Index(fields=["to_organisation", "status"], name="referral_inbox_idx"),
            models.Index(fields=["status", "acknowledge_due"], name="referral_ack_due_idx"),
            models.Index(fields=["status", "complete_due"], name="referral_complete_due_idx"),
        ]

    def __str__(self) -> str:
        return str(
            _("Referral of %(date)s to %(organisation)s")
            % {
                "date": timezone.localdate(self.sent_at).isoformat(),
                "organisation": self.to_organisation,
            }
        )

    def get_absolute_url(self) -> str:
        return reverse("referrals:referral_detail", args=[self.public_id])

    @property
    def audit_organisation_id(self) -> int:
        # The data belongs to the referring organisation: its administrators read who saw it.
        return self.from_organisation_id

    @property
    def subject(self) -> Person | Household:
        return self.person if self.person_id else self.household  # type: ignore[return-value]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def shares_data(self) -> bool:
        """Whether the receiving organisation may see the consented data now: not after the
        consent was withdrawn or the referral cancelled."""
        return self.status not in (Status.WITHDRAWN, Status.CANCELLED)

    def shares(self, section: str) -> bool:
        return self.shares_data and section in self.shared_sections

    @property
    def urgency_short(self) -> str:
        return str(URGENCY_SHORT.get(self.urgency, self.urgency))  # type: ignore[call-overload]

    @cached_property
    def subject_label(self) -> str:
        """Whom the referral is for, as the receiver may see it: a name only where the
        consent shares identity."""
        if not self.shares(Section.IDENTITY):
            return ""
        return str(self.subject)

    def needs_display(self) -> list[str]:
        labels = dict(LifeDomain.choices)
        return [str(labels[need]) for need in self.needs if need in labels]

    def receiver_moves(self) -> tuple[str, ...]:
        return RECEIVER_MOVES.get(self.status, ())

    def is_acknowledgement_late(self, now: datetime.datetime | None = None) -> bool:
        return self.status == Status.SENT and self.acknowledge_due < (now or timezone.now())

    def is_completion_late(self, now: datetime.datetime | None = None) -> bool:
        return self.is_open and self.complete_due < (now or timezone.now())


class ReferralEvent(models.Model):
    """A step of a referral: sent, acknowledged, accepted, declined… Never edited."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("step"), max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    recorded_by_sender = models.BooleanField(
        default=False, help_text="Entered by the referring side for a recipient not on Putokaz."
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("referral step")
        verbose_name_plural = _("referral steps")

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.get_to_status_display()}"


class CaseConferenceQuerySet(models.QuerySet["CaseConference"]):
    def visible_to(self, user: Any) -> Self:
        """Conferences ``user`` may read: of a case they see, or where they took part."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_system_admin:
            return self.all()
        # A participant reads the record while they still work at the organisation they
        # took part for.
        took_part = ConferenceParticipant.objects.filter(
            user=user,
            organisation__memberships__user=user,
            organisation__memberships__ended_at__isnull=True,
        ).values("conference_id")
        return self.filter(Q(case__in=Case.objects.visible_to(user)) | Q(pk__in=took_part))


class CaseConference(models.Model):
    """A multidisciplinary meeting on a case: who took part, what was discussed per area of
    life, what was decided, and the follow-up actions that went into the plan."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="conferences", verbose_name=_("case")
    )
    held_at = models.DateTimeField(_("held on"))
    place = models.CharField(_("place or online meeting"), max_length=200, blank=True)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("convened by"),
    )
    discussion = models.JSONField(_("discussed, by area of life"), default=dict, blank=True)
    decisions = models.TextField(_("decisions"))
    follow_up_actions = models.ManyToManyField(
        PlanAction, blank=True, related_name="+", verbose_name=_("follow-up actions")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    objects = CaseConferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-held_at", "-pk"]
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")

    def __str__(self) -> str:
        return str(
            _("Case conference of %(date)s")
            % {"date": timezone.localdate(self.held_at).isoformat()}
        )

    def get_absolute_url(self) -> str:
        return reverse("referrals:conference_detail", args=[self.public_id])

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id

    def discussion_display(self) -> list[tuple[str, str]]:
        """(area of life, what was said) in the order of the areas."""
        return [
            (str(label), self.discussion[value])
            for value, label in LifeDomain.choices
            if self.discussion.get(value)
        ]


class ConferenceParticipant(models.Model):
    conference = models.ForeignKey(
        CaseConference, on_delete=models.CASCADE, related_name="participants"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
        verbose_name=_("Putokaz user"),
        help_text=_("A participant with a Putokaz account reads the record there."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role in the meeting"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return (self.user.full_name if self.user else "") or self.name
