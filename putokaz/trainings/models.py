# mypy: disable-error-code="django-manager-missing"
# (django-modeltranslation swaps the managers of translated models at run time.)
"""Capacity building: events (workshops, trainings, round tables, online conferences, study
visits), their agenda and materials, and who registered for them.

An event belongs to its organiser; the organiser's trainers and administrators manage it.
Its title and description are content in every language (``translation.py``). A
registration is confirmed while the event has room, else it waits; cancelling a confirmed
one gives its place to the first who waits, under the event's row lock
(``actions.registration_cancel``).
"""

import datetime
import secrets
import uuid
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from putokaz.accounts.models import Organisation
from putokaz.core.models import TimeStampedModel
from putokaz.core.uploads import attachment_storage
from putokaz.directory.models import Location, TaxonomyTerm
from putokaz.geo.models import Municipality


class Kind(models.TextChoices):
    WORKSHOP = "workshop", _("workshop")
    TRAINING = "training", _("training")
    ROUND_TABLE = "round_table", _("round table")
    ONLINE_CONFERENCE = "online_conference", _("online conference")
    STUDY_VISIT = "study_visit", _("study visit")


class ProtectionTopic(models.TextChoices):
    """Topics of the protection work, beside the areas of the guide."""

    UNACCOMPANIED_CHILDREN = "unaccompanied_children", _("unaccompanied and separated children")
    GUARDIANSHIP = "guardianship", _("temporary guardianship")
    BEST_INTERESTS = "best_interests", _("best interests of the child")
    AGE_ASSESSMENT = "age_assessment", _("age assessment")
    TRAFFICKING = "trafficking", _("identifying victims of trafficking")
    VIOLENCE = "violence", _("violence, abuse and neglect")
    CRISIS = "crisis", _("crisis intervention and support")
    RETURNEES = "returnees", _("reintegration of returnees")


class Audience(models.TextChoices):
    """Whom an event is for: the professions and services of the network."""

    CSW = "csw", _("staff of Centers for Social Welfare")
    PUBLIC = "public", _("other public services")
    HEALTH = "health", _("health workers")
    EDUCATION = "education", _("schools and kindergartens")
    POLICE = "police", _("police and judiciary")
    LOCAL = "local", _("local self-government")
    CIVIL = "civil", _("civil-society organisations")
    GUARDIANS = "guardians", _("guardians and foster carers")
    MEDIATORS = "mediators", _("interpreters and cultural mediators")


class Profession(models.TextChoices):
    SOCIAL_WORKER = "social_worker", _("social worker")
    PSYCHOLOGIST = "psychologist", _("psychologist")
    PEDAGOGUE = "pedagogue", _("pedagogue or special educator")
    LAWYER = "lawyer", _("lawyer")
    SOCIOLOGIST = "sociologist", _("sociologist")
    HEALTH = "health", _("doctor, nurse or other health worker")
    TEACHER = "teacher", _("teacher or educator")
    POLICE = "police", _("police officer")
    MEDIATOR = "mediator", _("interpreter or cultural mediator")
    MANAGER = "manager", _("manager or coordinator")
    OTHER = "other", pgettext_lazy("profession", "other")


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> Self:
        return self.filter(publication=Event.Publication.PUBLISHED)

    def organised_by(self, organisations: Any) -> Self:
        return self.filter(organiser__in=organisations)

    def upcoming(self) -> Self:
        return self.filter(ends_on__gte=timezone.localdate())


class Event(TimeStampedModel):
    class Publication(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind of event"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    domains = models.ManyToManyField(
        TaxonomyTerm,
        related_name="events",
        verbose_name=_("areas of the guide"),
        blank=True,
        limit_choices_to={"taxonomy__code": "domains"},
    )
    protection_topics = models.JSONField(_("protection topics"), default=list, blank=True)
    audiences = models.JSONField(_("for"), default=list, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("place from the guide"),
    )
    venue = models.CharField(
        _("venue"),
        max_length=300,
        blank=True,
        help_text=_("Where it takes place, if the place is not in the guide: name and address."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("municipality of the venue"),
    )
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Any platform: Zoom, Teams, Jitsi, Google Meet…"),
    )
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="events_organised",
        verbose_name=_("organiser"),
    )
    partners = models.ManyToManyField(
        Organisation, related_name="events_partnered", verbose_name=_("partners"), blank=True
    )
    funding_project = models.CharField(_("project"), max_length=250, blank=True)
    donor = models.CharField(_("donor"), max_length=250, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), help_text=_("When they are taken, further registrations wait for a place.")
    )
    public_registration = models.BooleanField(
        _("anyone may register on the public page"), default=False
    )
    registration_closes_on = models.DateField(
        _("registration closes on"),
        null=True,
        blank=True,
        help_text=_("The last day to register; empty: until the event starts."),
    )
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, default=Publication.DRAFT
    )
    cpd_points = models.PositiveSmallIntegerField(
        _("professional-development points"),
        default=0,
        help_text=_("Points of the accredited programme, for those who complete it."),
    )
    accreditation = models.CharField(
        _("accreditation"),
        max_length=200,
        blank=True,
        help_text=_("The programme's accreditation: who accredited it, its number and date."),
    )
    certificate_attendance = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of the agenda's sessions a participant must attend."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    test_max_score = models.PositiveSmallIntegerField(
        _("maximum score of the knowledge test"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_(
            "If participants take a test before and after the event (the same test, e.g. 20 "
            "questions): its highest score. Empty: no test."
        ),
    )
    feedback_days = models.PositiveSmallIntegerField(
        _("days for feedback"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("The feedback survey opens on the last day and closes this many days after."),
    )
    conclusions_published_at = models.DateTimeField(
        _("conclusions published"), null=True, blank=True
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_has_places"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("trainings:event_detail", args=[self.public_id])

    def get_public_url(self) -> str:
        return reverse("trainings:public_event", args=[self.public_id])

    @property
    def audit_organisation_id(self) -> int:
        return self.organiser_id

    @property
    def is_published(self) -> bool:
        return self.publication == self.Publication.PUBLISHED

    @property
    def place(self) -> str:
        """Where it takes place, in a line: the guide's place with its address, or the venue."""
        if self.location is not None:
            return f"{self.location.name}, {self.location.address}"
        return self.venue

    def protection_topics_display(self) -> list[str]:
        labels = dict(ProtectionTopic.choices)
        return [str(labels[t]) for t in self.protection_topics if t in labels]

    def audiences_display(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels[a]) for a in self.audiences if a in labels]

    def earns_certificate(self, attended: int, sessions: int) -> bool:
        """Whether attending ``attended`` of the ``sessions`` is enough for a certificate."""
        return sessions > 0 and attended * 100 >= self.certificate_attendance * sessions

    def registration_open(self, today: Any = None) -> bool:
        """Whether people may still register: published, and before the closing day (the day
        the event starts, if none was set)."""
        today = today or timezone.localdate()
        last = self.registration_closes_on or self.starts_on
        return self.is_published and today <= last

    @property
    def has_test(self) -> bool:
        return self.test_max_score is not None

    @property
    def feedback_closes_on(self) -> datetime.date:
        return self.ends_on + datetime.timedelta(days=self.feedback_days)

    def feedback_open(self, today: datetime.date | None = None) -> bool:
        """Whether participants may give feedback: from the event's last day until
        ``feedback_days`` after it."""
        today = today or timezone.localdate()
        return self.ends_on <= today <= self.feedback_closes_on

    @property
    def conclusions_published(self) -> bool:
        return self.conclusions_published_at is not None


class Session(models.Model):
    """A part of the agenda: a lecture, a panel, a workshop hour, with its trainers."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    trainers = models.CharField(
        _("trainers"),
        max_length=300,
        blank=True,
        help_text=_("Names, with their organisations, as they should appear in the agenda."),
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_organisation_id(self) -> int:
        return self.event.organiser_id


class Material(models.Model):
    """A file of a session: slides, a handout, a reading. Kept outside the web root like case
    documents; a public one may be downloaded from the event's public page."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(storage=attachment_storage, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    public = models.BooleanField(
        _("on the public page"),
        default=False,
        help_text=_("Anyone may download it from the event's public page once it is published."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def confirmed(self) -> Self:
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self) -> Self:
        return self.filter(status=Registration.Status.WAITING)

    def active(self) -> Self:
        return self.exclude(status=Registration.Status.CANCELLED)

    def in_waiting_order(self) -> Self:
        return self.order_by("created_at", "pk")

    def with_attendance(self) -> Self:
        """Each with ``attended``: how many of its event's sessions it was present at."""
        return self.annotate(attended=models.Count("attendance", distinct=True))

    def for_person(self, user: Any) -> Self:
        """The registrations of ``user``: made with their account, or with their address."""
        return self.filter(Q(user=user) | Q(user__isnull=True, email=user.email.lower()))


class Registration(models.Model):
    """A participant of an event: someone with a Putokaz account, or an external professional.

    The name, organisation and municipality are kept as given when registering, so that the
    certificate and the reports say what was true then.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("registration", "confirmed")
        WAITING = "waiting", pgettext_lazy("registration", "on the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration", "cancelled")

    class Source(models.TextChoices):
        PUBLIC = "public", _("on the public page")
        ORGANISATION = "organisation", _("by their organisation")
        ORGANISER = "organiser", _("by the organiser")

    # Also the participant's own secret link (their page: cancel, feedback, certificate).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_registrations",
        verbose_name=_("Putokaz user"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_registrations",
        verbose_name=_("organisation on Putokaz"),
    )
    organisation_name = models.CharField(_("organisation"), max_length=250)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=Organisation.Kind.choices
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="training_registrations",
        verbose_name=_("municipality where you work"),
    )
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    source = models.CharField(_("registered"), max_length=12, choices=Source.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    consent_at = models.DateTimeField(_("consented to the processing of their data"))
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)
    promoted_at = models.DateTimeField(_("given a place from the waiting list"), null=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="registration_idx")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_participant_url(self) -> str:
        """The participant's own page (a secret link, sent to them by e-mail)."""
        return reverse("trainings:registration_page", args=[self.public_id])

    @property
    def audit_organisation_id(self) -> int:
        return self.event.organiser_id

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED


class RegistrationEmail(models.Model):
    """An e-mail to a participant, sent once by the task worker (``tasks.email_registration``)."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("registration confirmed")
        WAITING = "waiting", _("on the waiting list")
        PROMOTED = "promoted", _("a place became free")
        CANCELLED = "cancelled", _("registration cancelled")
        CERTIFICATE = "certificate", _("the certificate is ready")
        FEEDBACK = "feedback", _("asked for feedback")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("e-mail to a participant")
        verbose_name_plural = _("e-mails to participants")

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.kind}"


class Attendance(models.Model):
    """A participant was present at a session (checked in by an organiser)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendance"
    )
    checked_at = models.DateTimeField(_("checked in"), default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="one_attendance_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.session_id}"


# Letters and digits that cannot be mistaken for one another when read aloud or typed from
# paper (no 0/O, 1/I/L, 5/S, 8/B).
CODE_ALPHABET = "2345679ACDEFGHJKMNPQRTUVWXYZ"
# A code typed on a Cyrillic keyboard: the letters that look like Latin ones.
_CYRILLIC_LOOKALIKES = str.maketrans("АВЕКМНРСТХУ", "ABEKMHPCTXY")


def normalise_code(value: str) -> str:
    """A verification code as stored (``ABCD-EFGH-JKMN``), from what someone typed: any case,
    with or without dashes and spaces, Cyrillic look-alike letters read as Latin."""
    letters = "".join(c for c in value.upper().translate(_CYRILLIC_LOOKALIKES) if c.isalnum())
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


class Certificate(models.Model):
    """A participant's certificate of attendance, with the code that anyone may verify."""

    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=14, unique=True)
    points = models.PositiveSmallIntegerField(_("professional-development points"), default=0)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = models.CharField(_("why it was revoked"), max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    def get_verification_url(self) -> str:
        return reverse("trainings:certificate_verify", args=[self.code])

    @property
    def audit_organisation_id(self) -> int:
        return self.registration.event.organiser_id

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def new_code() -> str:
        return normalise_code("".join(secrets.choice(CODE_ALPHABET) for _index in range(12)))


class KnowledgeScore(models.Model):
    """A participant's scores in the event's knowledge test, before and after it; either may be
    missing (came late, left early). Edits are versioned (``updated_at``) and kept in history."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="knowledge_score"
    )
    pre_score = models.PositiveSmallIntegerField(_("score before"), null=True, blank=True)
    post_score = models.PositiveSmallIntegerField(_("score after"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("knowledge test scores")
        verbose_name_plural = _("knowledge test scores")

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.pre_score} → {self.post_score}"

    @property
    def audit_organisation_id(self) -> int:
        return self.registration.event.organiser_id

    @property
    def change(self) -> int | None:
        """Points gained (negative: lost), when both scores are in."""
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score - self.pre_score


class FeedbackQuestion(models.TextChoices):
    """The questions of every event's feedback survey, each rated 1 (poor) to 5 (excellent).
    The values are the columns of :class:`FeedbackResponse`."""

    CONTENT = "content", _("The content of the event")
    TRAINERS = "trainers", _("The trainers and speakers")
    ORGANISATION = "organisation", _("The organisation (place, time, materials)")
    USEFULNESS = "usefulness", _("How useful it is for my work")
    OVERALL = "overall", _("Overall")


RATINGS = range(1, 6)


class FeedbackRequest(models.Model):
    """A participant's personal link to the feedback survey, usable once.

    It records only *that* they answered, never which answer is theirs: the response has
    no link back, no time beyond its day, and the request no time of the answer.
    """

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback_request"
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    answered = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")

    def __str__(self) -> str:
        return str(self.registration_id)

    def get_absolute_url(self) -> str:
        return reverse("trainings:feedback_form", args=[self.token])


def _rating(label: Any) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class FeedbackResponse(models.Model):
    """One participant's anonymous answers to the survey of an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    content = _rating(FeedbackQuestion.CONTENT.label)
    trainers = _rating(FeedbackQuestion.TRAINERS.label)
    organisation = _rating(FeedbackQuestion.ORGANISATION.label)
    usefulness = _rating(FeedbackQuestion.USEFULNESS.label)
    overall = _rating(FeedbackQuestion.OVERALL.label)
    most_useful = models.TextField(_("What was most useful?"), blank=True, max_length=2000)
    suggestions = models.TextField(_("What should be better?"), blank=True, max_length=2000)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    # The day only: a time would tell, next to the list of who answered, whose it is.
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        # Not by id: the order of the answers must not be the order of those who answered.
        ordering = ["submitted_on", "most_useful", "suggestions"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    content__range=(1, 5),
                    trainers__range=(1, 5),
                    organisation__range=(1, 5),
                    usefulness__range=(1, 5),
                    overall__range=(1, 5),
                ),
                name="feedback_ratings_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.overall}"


class Conclusion(TimeStampedModel):
    """A conclusion or recommendation of an event (a round table's, mostly), in the six
    languages; shown on the public page once the event's conclusions are published."""

    class Kind(models.TextChoices):
        CONCLUSION = "conclusion", _("conclusion")
        RECOMMENDATION = "recommendation", _("recommendation")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="conclusions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=4000)
    addressed_to = models.CharField(
        _("addressed to"),
        max_length=250,
        blank=True,
        help_text=_("For a recommendation: whom it asks to act (a ministry, the centres…)."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "position", "pk"]
        verbose_name = _("conclusion or recommendation")
        verbose_name_plural = _("conclusions and recommendations")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def audit_organisation_id(self) -> int:
        return self.event.organiser_id
