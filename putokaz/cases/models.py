"""Cases: the work with a person or a family, from intake to closure.

A case belongs to one organisation and is about one person or one household. Its
status moves along a fixed workflow; every move is a :class:`CaseEvent` row written
under the case's row lock. Approving a plan and closing a case are the supervisor's.
"""

import datetime
import uuid
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from putokaz.accounts.models import Organisation, Role
from putokaz.core.models import TimeStampedModel
from putokaz.core.uploads import attachment_storage
from putokaz.directory.models import Service
from putokaz.people.models import Household, HouseholdMember, Person


class CaseType(models.TextChoices):
    RETURNEE = "returnee", _("returnee reintegration")
    REFUGEE_MIGRANT = "refugee_migrant", _("refugee or migrant support")
    UNACCOMPANIED_CHILD = "unaccompanied_child", _("unaccompanied child")
    CHILD_PROTECTION = "child_protection", _("child protection")
    TRAFFICKING = "trafficking", _("trafficking in human beings")
    CRISIS = "crisis", _("crisis intervention")
    GENERAL = "general", _("general social support")


# Cases of these types are sealed from the moment they are opened, and stay sealed: only
# their named workers see them (see CaseQuerySet.visible_to). A supervisor may seal any
# other case too. Trafficking and abuse records: DESIGN.md, "sensitive records … need an
# explicit grant"; the database constraint ``case_sealed_types_sealed`` holds the rule.
SEALED_TYPES = (CaseType.TRAFFICKING, CaseType.CHILD_PROTECTION)


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", _("immediate (intervention within 24 hours)")
    URGENT = "urgent", _("urgent (initial assessment within 72 hours)")
    REGULAR = "regular", _("regular (within 5 working days)")


URGENCY_SHORT = {
    Urgency.IMMEDIATE: _("immediate"),
    Urgency.URGENT: _("urgent"),
    Urgency.REGULAR: _("regular"),
}


class Status(models.TextChoices):
    INTAKE = "intake", _("intake")
    INITIAL_ASSESSMENT = "initial_assessment", _("initial assessment")
    DETAILED_ASSESSMENT = "detailed_assessment", _("detailed assessment")
    PLAN = "plan", _("plan")
    IMPLEMENTATION = "implementation", _("implementation")
    REVIEW = "review", _("review")
    CLOSED = "closed", _("closed")


# The moves a worker on the case may make; approving a plan (plan → implementation) and
# closing are the supervisor's (see ``Case.may_move``).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.INTAKE: (Status.INITIAL_ASSESSMENT,),
    Status.INITIAL_ASSESSMENT: (Status.DETAILED_ASSESSMENT, Status.PLAN),
    Status.DETAILED_ASSESSMENT: (Status.PLAN,),
    Status.PLAN: (Status.IMPLEMENTATION,),
    Status.IMPLEMENTATION: (Status.REVIEW,),
    Status.REVIEW: (Status.IMPLEMENTATION, Status.PLAN),
    Status.CLOSED: (Status.INITIAL_ASSESSMENT,),
}
SUPERVISOR_ONLY = {(Status.PLAN, Status.IMPLEMENTATION)}


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("the plan's goals were met")
    MOVED = "moved", _("moved to another municipality or abroad")
    TRANSFERRED = "transferred", _("transferred to another organisation")
    DECLINED = "declined", _("the person declined further support")
    NO_CONTACT = "no_contact", _("no contact")
    DIED = "died", _("death")
    OTHER = "other", _("other")


class Approval(models.TextChoices):
    """What a case waits for from the supervisor."""

    NONE = "", _("nothing")
    PLAN = "plan", _("approval of the plan")
    CLOSURE = "closure", _("approval of the closure")


def _supervised(user: Any) -> list[int]:
    return list(
        user.memberships.active()
        .filter(role=Role.SUPERVISOR)
        .values_list("organisation_id", flat=True)
    )


def _assigned(user: Any) -> list[int]:
    return list(
        CaseAssignment.objects.filter(user=user, ended_at__isnull=True).values_list(
            "case_id", flat=True
        )
    )


def _named(user: Any) -> list[int]:
    """The cases assigned to ``user``, those they are named on (sealed ones), and those they
    opened by break-glass until now: in one query."""
    assigned = CaseAssignment.objects.filter(user=user, ended_at__isnull=True).values_list(
        "case_id", flat=True
    )
    granted = CaseAccessGrant.objects.current().filter(user=user).values_list("case_id", flat=True)
    return list(assigned.order_by().union(granted.order_by(), all=True).order_by())


def visible_case_organisations(user: Any) -> "models.QuerySet[Any, Any] | None":
    """The organisations of every case :meth:`CaseQuerySet.visible_to` lets an authenticated
    ``user`` open, as a subquery (of their ids, maybe repeated): those they supervise, and
    those of the cases they are named on. None for a system administrator (any
    organisation). For reading only these organisations' name keys; it follows that
    method's rule."""
    if user.is_system_admin:
        return None
    supervised = (
        user.memberships.active().filter(role=Role.SUPERVISOR).values("organisation_id").order_by()
    )
    assigned = CaseAssignment.objects.filter(user=user, ended_at__isnull=True)
    granted = CaseAccessGrant.objects.current().filter(user=user)
    return supervised.union(
        assigned.values("case__organisation_id").order_by(),
        granted.values("case__organisation_id").order_by(),
        all=True,
    )


class CaseQuerySet(models.QuerySet["Case"]):
    def visible_to(self, user: Any) -> "CaseQuerySet":
        """Cases ``user`` may open: as a supervisor of the owning organisation, as a worker
        assigned to the case, or as a system administrator. Nobody else.

        A sealed case (trafficking, child abuse, or sealed by a supervisor) only to its
        named workers: those assigned to it, those on its list of readers, and those who
        opened it by break-glass, until their access expires. Not to the organisation's
        other supervisors, nor to a system administrator.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        named = _named(user)
        if user.is_system_admin:
            return self.filter(Q(sealed=False) | Q(pk__in=named))
        # Both sides as lists of ids: then each database starts from the indexes on the
        # organisation and the primary key, instead of testing every case against an
        # OR of subqueries (a scan of 300,000 cases in benchmarks/casework.py).
        return self.filter(Q(organisation_id__in=_supervised(user), sealed=False) | Q(pk__in=named))

    def sealed_beyond(self, user: Any, *, visible: "CaseQuerySet | None" = None) -> "CaseQuerySet":
        """The sealed cases of the organisations where ``user`` does casework that ``user``
        may not open: the ones they may ask to open by break-glass, and may learn exist.
        ``visible``: the user's ``visible_to`` if the caller has it (no queries then)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        organisations = (
            user.memberships.active()
            .filter(role__in=(Role.CASE_WORKER, Role.SUPERVISOR))
            .values("organisation_id")
        )
        if visible is None:
            visible = self.model.objects.visible_to(user)
        return self.filter(sealed=True, organisation_id__in=organisations).exclude(
            pk__in=visible.values("pk")
        )

    def supervised_by(self, user: Any) -> "CaseQuerySet":
        """Cases of the organisations where ``user`` is a supervisor."""
        return self.filter(organisation_id__in=_supervised(user))

    def about(self, people: Any) -> "CaseQuerySet":
        """Cases about any of ``people``, or about a household they now live in."""
        households = HouseholdMember.objects.current().filter(person__in=people)
        return self.filter(
            Q(person__in=people) | Q(household__in=households.values("household_id"))
        )

    def assigned_to(self, user: Any) -> "CaseQuerySet":
        return self.filter(pk__in=_assigned(user))

    def open(self) -> "CaseQuerySet":
        return self.exclude(status=Status.CLOSED)

    def overdue(self, now: datetime.datetime | None = None) -> "CaseQuerySet":
        """Open cases whose first step is late, whose review is late, or with a late task."""
        now = now or timezone.now()
        today = timezone.localdate(now)
        late_task = CaseTask.objects.filter(
            case=OuterRef("pk"), done_at__isnull=True, due_on__lt=today
        )
        return self.open().filter(
            Q(first_step_done_at__isnull=True, first_step_due__lt=now)
            | Q(next_review_on__lt=today)
            | Exists(late_task)
        )

    def due_between(self, start: datetime.date, end: datetime.date) -> "CaseQuerySet":
        """Open cases with something due from ``start`` to ``end`` (inclusive)."""
        task_due = CaseTask.objects.filter(
            case=OuterRef("pk"), done_at__isnull=True, due_on__range=(start, end)
        )
        # From the first moment of ``start`` to the first of the day after ``end``, local
        # time: the same cases as first_step_due__date__range, read from the column itself
        # (the index holds it), not from a conversion of it per case.
        since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
        until = timezone.make_aware(
            datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
        )
        return self.open().filter(
            Q(first_step_done_at__isnull=True, first_step_due__gte=since, first_step_due__lt=until)
            | Q(next_review_on__range=(start, end))
            | Exists(task_due)
        )


class Case(TimeStampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("case number"), max_length=30, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("person"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("household"),
    )
    case_type = models.CharField(_("type"), max_length=30, choices=CaseType.choices)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.INTAKE
    )
    reason = models.TextField(_("reason for opening"), blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    first_step_due = models.DateTimeField(_("first step due"))
    first_step_done_at = models.DateTimeField(_("first step done"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    awaiting = models.CharField(
        _("awaiting the supervisor"),
        max_length=10,
        choices=Approval.choices,
        blank=True,
        default="",
    )
    closure_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("closing note"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    sealed = models.BooleanField(
        _("sealed"),
        default=False,
        help_text=_("Only the case's named workers see a sealed case; others use break-glass."),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(household__isnull=True))
                | (Q(person__isnull=True) & Q(household__isnull=False)),
                name="case_for_person_or_household",
                violation_error_message=_("A case is about one person or one household."),
            ),
            models.CheckConstraint(
                condition=Q(sealed=True) | ~Q(case_type__in=SEALED_TYPES),
                name="case_sealed_types_sealed",
                violation_error_message=_("Trafficking and child protection cases are sealed."),
            ),
        ]
        indexes = [
            # What the caseloads select, filter and sort by (CaseQuerySet.open, overdue,
            # due_between; caseloads.filtered, page_of), so that a centre's thousands of
            # open cases are read from the index alone, not case by case from the table.
            models.Index(
                fields=[
                    "organisation",
                    "status",
                    "first_step_due",
                    "first_step_done_at",
                    "next_review_on",
                    "urgency",
                    "case_type",
                    "sealed",
                    "id",
                ],
                name="case_caseload_sealed_idx",
            ),
            models.Index(fields=["first_step_due"], name="case_first_step_due_idx"),
            models.Index(fields=["next_review_on"], name="case_next_review_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.subject_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.case_type in SEALED_TYPES and not self.sealed:
            self.sealed = True
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sealed"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.public_id])

    @property
    def sealed_by_type(self) -> bool:
        """Sealed because of its type: it cannot be unsealed."""
        return self.case_type in SEALED_TYPES

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    @staticmethod
    def format_number(organisation_id: int, year: int, serial: int) -> str:
        """A case number: the year, the organisation and its serial number that year."""
        return f"{year}-{organisation_id}-{serial:05d}"

    @property
    def subject(self) -> Person | Household:
        return self.person if self.person_id else self.household  # type: ignore[return-value]

    @property
    def subject_name(self) -> str:
        return str(self.subject) if (self.person_id or self.household_id) else ""

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    def is_first_step_late(self, now: datetime.datetime | None = None) -> bool:
        return self.first_step_done_at is None and self.first_step_due < (now or timezone.now())

    def is_review_late(self, today: datetime.date | None = None) -> bool:
        return (
            self.is_open
            and self.next_review_on is not None
            and self.next_review_on < (today or timezone.localdate())
        )

    @property
    def urgency_short(self) -> str:
        return str(URGENCY_SHORT.get(self.urgency, self.urgency))  # type: ignore[call-overload]

    def next_statuses(self) -> tuple[str, ...]:
        return TRANSITIONS.get(self.status, ())

    def may_move(self, target: str, *, as_supervisor: bool) -> bool:
        """Whether the workflow allows moving to ``target`` now (who may act is checked by
        the caller); closing goes through :meth:`may_close`."""
        if target not in self.next_statuses():
            return False
        return as_supervisor or (self.status, target) not in SUPERVISOR_ONLY

    def may_close(self) -> bool:
        return self.is_open

    def check_move(self, target: str, *, as_supervisor: bool) -> None:
        if not self.may_move(target, as_supervisor=as_supervisor):
            if target in self.next_statuses():
                raise ValidationError(_("Only a supervisor may approve the plan."))
            raise ValidationError(
                _("A case in %(status)s cannot move to %(target)s.")
                % {"status": self.get_status_display(), "target": Status(target).label}
            )


class CaseAssignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("case manager")
        SUPPORT = "support", _("also working on the case")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_assignments",
        verbose_name=_("worker"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.LEAD)
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["role", "assigned_at", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(ended_at__isnull=True),
                name="case_assignment_once",
            )
        ]
        indexes = [
            models.Index(fields=["user", "ended_at", "case"], name="case_assignment_user_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.case.number}"


class CaseEvent(models.Model):
    """Something that happened to a case: a status change, a request, an approval. Never edited."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("opened")
        MOVED = "moved", _("moved on")
        APPROVAL_REQUESTED = "approval_requested", _("asked the supervisor")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for changes")
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")
        ASSIGNED = "assigned", _("assigned")
        UNASSIGNED = "unassigned", _("assignment ended")
        PLAN_CHANGED = "plan_changed", _("plan changed")
        DOCUMENT_ADDED = "document_added", _("document attached")
        DOCUMENT_REMOVED = "document_removed", _("document removed")
        SEALED = "sealed", _("sealed")
        UNSEALED = "unsealed", _("unsealed")
        READER_NAMED = "reader_named", _("worker named on the sealed case")
        READER_REMOVED = "reader_removed", _("worker removed from the sealed case")
        BREAK_GLASS = "break_glass", _("opened by break-glass")
        SCREENED = "screened", _("screened for trafficking")
        VICTIM_STATUS = "victim_status", _("identification status recorded")
        SAFETY_PLAN = "safety_plan", _("safety plan changed")
        ABUSE_REPORTED = "abuse_reported", _("report of abuse or neglect received")
        PROTECTIVE_MEASURE = "protective_measure", _("protective measure recorded")
        AGENCY_NOTIFIED = "agency_notified", _("police, health service or school notified")
        AGENCY_RESPONDED = "agency_responded", _("response of the police, health or school")
        FOLLOW_UP = "follow_up", _("follow-up contact")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=30, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    # A change of the plan: {"from": status, "to": status, "of": "goal" | "action"}, so the
    # history names the statuses in the reader's language, not the writer's.
    change = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case.number}: {self.get_kind_display()}"

    def describe(self) -> str:
        if self.kind == self.Kind.PLAN_CHANGED and self.change:
            statuses = dict(
                Goal.Status.choices
                if self.change.get("of") == "goal"
                else PlanAction.Status.choices
            )
            return str(
                _("plan changed from %(from)s to %(to)s")
                % {
                    "from": statuses.get(self.change.get("from"), "?"),
                    "to": statuses.get(self.change.get("to"), "?"),
                }
            )
        if self.kind in {self.Kind.READER_NAMED, self.Kind.READER_REMOVED} and self.change:
            text = (
                _("%(name)s named on the sealed case")
                if self.kind == self.Kind.READER_NAMED
                else _("%(name)s no longer named on the sealed case")
            )
            return str(text % {"name": self.change.get("user", "?")})
        if self.kind == self.Kind.MOVED:
            return str(
                _("moved from %(from)s to %(to)s")
                % {"from": self.get_from_status_display(), "to": self.get_to_status_display()}
            )
        return str(self.get_kind_display())


class CaseNumberSequence(models.Model):
    """The last case number an organisation issued in a year; locked while a number is taken."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="case_number_sequence_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.year}: {self.last}"


class LifeDomain(models.TextChoices):
    DOCUMENTS = "documents", _("documents and legal status")
    HOUSING = "housing", _("housing")
    INCOME = "income", _("income and employment")
    HEALTH = "health", _("health")
    EDUCATION = "education", _("education")
    FAMILY = "family", _("family and child well-being")
    PSYCHOSOCIAL = "psychosocial", _("psychosocial")
    SAFETY = "safety", _("safety and protection")
    INCLUSION = "inclusion", _("language and social inclusion")


class Rating(models.TextChoices):
    NO_NEED = "no_need", _("no need")
    MET = "met", _("met")
    PARTLY_MET = "partly_met", _("partly met")
    UNMET = "unmet", _("unmet")
    URGENT = "urgent", _("urgent")


class Assessment(models.Model):
    """A holistic needs assessment: every life domain rated, at one point in time."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("initial assessment")
        DETAILED = "detailed", _("detailed assessment")
        REVIEW = "review", _("review")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("assessment"), max_length=10, choices=Kind.choices)
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessed_on", "pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.assessed_on}"


class DomainRating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    domain = models.CharField(_("life domain"), max_length=20, choices=LifeDomain.choices)
    rating = models.CharField(_("need"), max_length=20, choices=Rating.choices)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="domain_rated_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_rating_display()}"

    @property
    def needs_work(self) -> bool:
        return self.rating in {Rating.PARTLY_MET, Rating.UNMET, Rating.URGENT}


class Goal(TimeStampedModel):
    """A goal of the case plan, in one life domain."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACHIEVED = "achieved", _("achieved")
        DROPPED = "dropped", _("dropped")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("life domain"), max_length=20, choices=LifeDomain.choices)
    description = models.TextField(_("goal"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.description[:80]


class PlanAction(TimeStampedModel):
    """Who does what for a goal: any organisation of the network, a directory service if one fits."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(pgettext_lazy("plan", "action"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service from the guide"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = pgettext_lazy("plan", "action")
        verbose_name_plural = pgettext_lazy("plan", "actions")

    def __str__(self) -> str:
        return self.description[:80]

    def is_late(self, today: datetime.date | None = None) -> bool:
        return (
            self.due_on is not None
            and self.status in {self.Status.PLANNED, self.Status.IN_PROGRESS}
            and self.due_on < (today or timezone.localdate())
        )


class ConfidentialQuerySet[M: models.Model](models.QuerySet[M]):
    """Notes and attachments of a case: a confidential one stays in the organisation that
    wrote it, whoever else comes to see the case."""

    def readable_by(self, user: Any) -> Self:
        """What ``user`` may read on a case they see."""
        own = user.memberships.active().values("organisation_id")
        return self.filter(Q(confidential=False) | Q(organisation_id__in=own))


class CaseNoteQuerySet(ConfidentialQuerySet["CaseNote"]):
    pass


class CaseAttachmentQuerySet(ConfidentialQuerySet["CaseAttachment"]):
    def present(self) -> Self:
        """Not removed."""
        return self.filter(removed_at__isnull=True)


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    text = models.TextField(_("note"))
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only your organisation sees a confidential note, even after a referral."),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    history = HistoricalRecords()

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return self.text[:80]


class CaseTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=250)
    due_on = models.DateField(_("due"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_tasks",
        verbose_name=_("assigned to"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["done_at", "due_on", "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["case", "done_at", "due_on"], name="case_task_due_idx"),
            # The open tasks by date, for the overdue and this week's caseloads: PostgreSQL
            # collects their cases from it at once instead of reading every task.
            models.Index(
                fields=["due_on", "case"],
                condition=Q(done_at__isnull=True),
                name="case_task_open_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_late(self, today: datetime.date | None = None) -> bool:
        return self.done_at is None and self.due_on < (today or timezone.localdate())


class CaseAttachment(models.Model):
    """A document attached to a case: a scan of a decision, a signed consent, a report.

    The file lives outside the web root under a random name; only the case's readers get it,
    through :func:`putokaz.cases.views.attachment_download`. Removing one only hides it.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("what it is"), max_length=200)
    file = models.FileField(_("file"), storage=attachment_storage, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only your organisation sees a confidential document, even after a referral."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    uploaded_at = models.DateTimeField(_("attached"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    objects = CaseAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["case", "removed_at"], name="case_attachment_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.original_name})"

    @property
    def audit_organisation_id(self) -> int:
        return self.case.organisation_id


class CaseAccessGrantQuerySet(models.QuerySet["CaseAccessGrant"]):
    def current(self, now: datetime.datetime | None = None) -> Self:
        """Grants in force: not ended, and not expired (a break-glass grant expires)."""
        now = now or timezone.now()
        return self.filter(ended_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class CaseAccessGrant(models.Model):
    """Who may open a sealed case besides the workers assigned to it.

    A supervisor names a worker on the case (no end date), or a worker of the
    organisation opens it by break-glass: with a reason, for a few hours
    (``PUTOKAZ_BREAK_GLASS_HOURS``), in the access log and told to the supervisors.
    Rows are never deleted; naming ends by setting ``ended_at``.
    """

    class Kind(models.TextChoices):
        NAMED = "named", _("named by the supervisor")
        BREAK_GLASS = "break_glass", _("break-glass")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_access_grants",
        verbose_name=_("worker"),
    )
    kind = models.CharField(_("access"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    granted_at = models.DateTimeField(_("since"), default=timezone.now)
    expires_at = models.DateTimeField(_("until"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CaseAccessGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name = _("access to a sealed case")
        verbose_name_plural = _("access to sealed cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="named", expires_at__isnull=True)
                | Q(kind="break_glass", expires_at__isnull=False),
                name="case_access_break_glass_expires",
            )
        ]
        indexes = [
            models.Index(fields=["user", "ended_at", "case"], name="case_access_grant_user_idx")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.case.number} ({self.get_kind_display()})"
