"""People and households: who the network serves, their documents and their migration history.

A person's names are kept as written, in any script, with their other spellings
(as in German documents, say). Every spelling is folded into searchable name keys,
so "Đorđević", "Djordjevic" and "Ђорђевић" find the same person. A person is seen
by the organisations that hold a file on them (:class:`PersonHolder`): the one
that registered them and those with a case about them.
"""

import datetime
import itertools
import uuid
from collections.abc import Iterable
from typing import Any

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
from putokaz.core.folding import search_terms
from putokaz.core.models import TimeStampedModel
from putokaz.core.validators import validate_phone
from putokaz.geo.models import Municipality
from putokaz.people import jmbg
from putokaz.people.matching.stored import (
    MATCH_KEY_LENGTH,
    Spelling,
    person_fields,
    records,
    stored_keys,
)
from putokaz.people.name_keys import KEY_LENGTH, name_keys, prefix_range, range_is_exact

# The roles that work with people's files.
CASE_ROLES = (Role.CASE_WORKER, Role.SUPERVISOR)


def case_organisation_ids(user: Any) -> list[int]:
    """The organisations in which ``user`` works on cases (as case worker or supervisor)."""
    if not user.is_authenticated or not user.is_active:
        return []
    return list(
        user.memberships.active()
        .filter(role__in=CASE_ROLES)
        .values_list("organisation_id", flat=True)
    )


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    UNKNOWN = "unknown", _("not recorded")


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Any) -> "PersonQuerySet":
        """People whose file ``user`` may open: held by an organisation they do casework in."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_system_admin:
            return self.all()
        return self.filter(
            Exists(
                PersonHolder.objects.filter(
                    person=OuterRef("pk"), organisation_id__in=case_organisation_ids(user)
                )
            )
        )

    def search(self, query: str, *, user: Any = None) -> "PersonQuerySet":
        """People matching every word of ``query`` at the start of one of their names.

        A query of 13 digits is a JMBG. Script and diacritics do not matter. ``user``: the
        one searching, after :meth:`visible_to` for them; the names are then looked up among
        the keys of the organisations they do casework in (:class:`OrganisationNameKey`)
        rather than among everyone's, with the same result.
        """
        digits = jmbg.normalize(query)
        if len(digits) == 13 and digits.isdigit():
            return self.filter(jmbg=digits)
        if not search_terms(query):
            return self.none()
        organisations = None
        if user is not None:
            if not user.is_authenticated or not user.is_active:
                return self.none()
            if not user.is_system_admin:
                organisations = case_organisations(user)
        return self.filter(pk__in=person_ids_matching(query, organisations))


def case_organisations(user: Any) -> "models.QuerySet[Any, Any]":
    """:func:`case_organisation_ids` as a subquery (for an authenticated user)."""
    return (
        user.memberships.active().filter(role__in=CASE_ROLES).values("organisation_id").order_by()
    )


def person_ids_matching(
    query: str, organisations: "models.QuerySet[Any, Any] | list[int] | None" = None
) -> "models.QuerySet[Any, Any]":
    """The ids of the people :meth:`PersonQuerySet.search` finds (whoever may see them), as a
    subquery that reads the name key index (or the JMBG's) alone: for finding them among
    everyone.

    With ``organisations`` (ids, or a subquery of them) only among the people these
    organisations work with (:class:`OrganisationNameKey`): for a user who sees only
    those, so that a search starts from their organisations' Jovanovićs, not the
    country's."""
    digits = jmbg.normalize(query)
    if len(digits) == 13 and digits.isdigit():
        return Person.objects.filter(jmbg=digits).values("pk")
    ids: models.QuerySet[Any, Any] = Person.objects.none().values("pk")
    for number, term in enumerate(search_terms(query)):
        keys = _keys_starting(term, organisations)
        if number:
            keys = keys.filter(person_id__in=ids)
        ids = keys.values("person_id")
    # "pk IN (ids)" rather than a correlated EXISTS per person: SQLite then starts from the
    # key index instead of testing every person (PostgreSQL plans both alike).
    return ids


def person_matches(query: str, person: Any) -> Q:
    """Whether the person whose id is ``person`` (an expression: ``OuterRef("person_id")``) is
    one :meth:`PersonQuerySet.search` finds, tested for that person alone on the index of
    their keys: for a few rows already chosen by another index."""
    digits = jmbg.normalize(query)
    if len(digits) == 13 and digits.isdigit():
        return Q(Exists(Person.objects.filter(pk=person, jmbg=digits)))
    terms = search_terms(query)
    if not terms:
        return Q(pk__in=[])
    condition = Q()
    for term in terms:
        condition &= Q(Exists(_keys_starting(term).filter(person_id=person)))
    return condition


def _keys_starting(
    term: str, organisations: "models.QuerySet[Any, Any] | list[int] | None" = None
) -> "models.QuerySet[Any, Any]":
    low, high = prefix_range(term)
    keys: models.QuerySet[Any, Any]
    if organisations is None:
        keys = PersonNameKey.objects.filter(key__gte=low)
    else:
        keys = OrganisationNameKey.objects.filter(organisation_id__in=organisations, key__gte=low)
    if high is not None:
        keys = keys.filter(key__lt=high)
    if not range_is_exact(term):
        # After a final z the range also takes in letters folding keeps beyond z (ø, ł,
        # Arabic script), which the exact check leaves out. Only then: beside an exact
        # range PostgreSQL would count the condition twice and misplan.
        keys = keys.filter(key__startswith=term)
    return keys


class Person(TimeStampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="registered_people",
        verbose_name=_("registered by"),
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    parent_name = models.CharField(_("father's or parent's name"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_estimated = models.BooleanField(
        _("date of birth is estimated"),
        default=False,
        help_text=_("Tick when the person does not know the exact date, or it is an assessment."),
    )
    birth_place = models.CharField(_("place of birth"), max_length=150, blank=True)
    jmbg = models.CharField(
        _("JMBG"),
        max_length=13,
        blank=True,
        db_index=True,
        validators=[jmbg.validate_jmbg],
        help_text=_("The 13-digit unique master citizen number, if the person has one."),
    )
    citizenships = models.JSONField(_("citizenship"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    address = models.CharField(_("current address"), max_length=250, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged into"),
        help_text=_("Set when this record was found to be the same person as another."),
    )

    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", args=[self.public_id])

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    def clean(self) -> None:
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
        if self.jmbg:
            try:
                parsed = jmbg.parse(self.jmbg)
            except ValidationError:
                return  # the field's own validator reports what is wrong with the number
            if (
                self.birth_date
                and not self.birth_date_estimated
                and parsed.birth_date != self.birth_date
            ):
                raise ValidationError(
                    {
                        "jmbg": _(
                            "The JMBG gives %(date)s as the date of birth, which differs from the "
                            "date of birth entered."
                        )
                        % {"date": parsed.birth_date.strftime("%d.%m.%Y.")}
                    }
                )

    def age_on(self, day: datetime.date) -> int | None:
        if self.birth_date is None:
            return None
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())

    def spellings(self) -> list[str]:
        """Every way the person's name is written here: as written, then the other spellings."""
        names = [self.full_name, self.parent_name]
        names += [spelling.full_name for spelling in self.other_spellings.all()]
        return [name for name in names if name]

    def refresh_name_keys(self) -> None:
        """Store the keys every spelling is found by: the folded words that person search
        looks up (also for each organisation working with the person), and the blocking
        keys of duplicate detection."""
        keys = name_keys(self.spellings())
        self.name_keys.exclude(key__in=keys).delete()
        existing = set(self.name_keys.values_list("key", flat=True))
        PersonNameKey.objects.bulk_create(
            PersonNameKey(person=self, key=key) for key in sorted(keys - existing)
        )
        refresh_organisation_name_keys([self.pk])
        wanted = stored_keys(self.match_records())
        stored = set(self.match_keys.values_list("key", "birth_year"))
        for key, year in stored - wanted:
            self.match_keys.filter(key=key, birth_year=year).delete()
        PersonMatchKey.objects.bulk_create(
            PersonMatchKey(person=self, key=key, birth_year=year)
            for key, year in sorted(wanted - stored, key=str)
        )

    def match_records(self) -> list[Any]:
        """The person as duplicate detection compares them, once per spelling of the name."""
        spellings = [
            Spelling(spelling.given_name, spelling.family_name)
            for spelling in self.other_spellings.all()
        ]
        return records(person_fields(self), spellings, record_id=str(self.pk))


class OtherSpelling(models.Model):
    """Another spelling of a person's name: in another script, or as a foreign document has it."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="other_spellings", verbose_name=_("person")
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    source = models.CharField(
        _("where it is written so"),
        max_length=150,
        blank=True,
        help_text=_("For example: German residence permit."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other spelling")
        verbose_name_plural = _("other spellings")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class PersonNameKey(models.Model):
    """One folded word of one of a person's names; indexed, so search scales to millions."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=KEY_LENGTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="person_name_key_once")
        ]
        indexes = [models.Index(fields=["key", "person"], name="person_name_key_idx")]

    def __str__(self) -> str:
        return self.key


class OrganisationNameKey(models.Model):
    """A name key of a person (:class:`PersonNameKey`) for one organisation that works with
    them: one that holds their file (:class:`PersonHolder`), or has a case about them or
    about a household they live in (:func:`refresh_organisation_name_keys`).

    A user who is not a system administrator sees only their organisations' people and
    cases; their searches start from these keys, so that they read the few hundred
    Jovanovićs of their centre rather than the country's twenty thousand."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=KEY_LENGTH)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="organisation_name_keys"
    )

    class Meta:
        constraints = [
            # Also the index searches read: an organisation's keys in order, with the person.
            models.UniqueConstraint(
                fields=["organisation", "key", "person"], name="organisation_name_key_once"
            )
        ]

    def __str__(self) -> str:
        return self.key


def refresh_organisation_name_keys(people: Iterable[int]) -> None:
    """Store the name keys of ``people`` (ids), as their :class:`PersonNameKey` rows are,
    for every organisation that works with them, and no other: the holders of their file,
    and the organisations with a case about them or about a household they now live in.

    Called wherever one of these changes: a person's names, a holder, a case opened, a
    member joining or leaving a household, a merge. The cases are read through their
    reverse relations (``cases``), so that this app imports nothing of the cases app.
    """
    ids = sorted(set(people))
    if not ids:
        return
    working: dict[int, set[int]] = {}
    for person, organisation in itertools.chain(
        PersonHolder.objects.filter(person_id__in=ids).values_list("person_id", "organisation_id"),
        Person.objects.filter(pk__in=ids, cases__isnull=False).values_list(
            "pk", "cases__organisation_id"
        ),
        HouseholdMember.objects.current()
        .filter(person_id__in=ids, household__cases__isnull=False)
        .values_list("person_id", "household__cases__organisation_id"),
    ):
        working.setdefault(person, set()).add(organisation)
    keys: dict[int, list[str]] = {}
    for person, key in PersonNameKey.objects.filter(person_id__in=ids).values_list(
        "person_id", "key"
    ):
        keys.setdefault(person, []).append(key)
    wanted = {
        (organisation, key, person)
        for person, organisations in working.items()
        for organisation in organisations
        for key in keys.get(person, [])
    }
    stored = {
        (organisation, key, person): pk
        for pk, organisation, key, person in OrganisationNameKey.objects.filter(
            person_id__in=ids
        ).values_list("pk", "organisation_id", "key", "person_id")
    }
    stale = [pk for row, pk in stored.items() if row not in wanted]
    if stale:
        OrganisationNameKey.objects.filter(pk__in=stale).delete()
    OrganisationNameKey.objects.bulk_create(
        OrganisationNameKey(organisation_id=organisation, key=key, person_id=person)
        for organisation, key, person in sorted(wanted - stored.keys())
    )


class PersonMatchKey(models.Model):
    """A blocking key of one of a person's spellings (``matching.keys``) with their year of
    birth: search-before-create finds the people who may be the one being registered by
    these, among millions, on the index alone."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    key = models.CharField(max_length=MATCH_KEY_LENGTH)
    birth_year = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["key", "birth_year", "person"], name="person_match_key_idx")
        ]

    def __str__(self) -> str:
        return self.key


class PossibleDuplicateQuerySet(models.QuerySet["PossibleDuplicate"]):
    def for_reviewer(self, user: Any) -> "PossibleDuplicateQuerySet":
        """The pairs ``user`` reviews: as a supervisor of an organisation holding the file of
        the record found (or as a system administrator)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_system_admin:
            return self.all()
        organisations = user.memberships.active().filter(role=Role.SUPERVISOR)
        return self.filter(
            Exists(
                PersonHolder.objects.filter(
                    person=OuterRef("person"),
                    organisation_id__in=organisations.values("organisation_id"),
                )
            )
        )

    def open(self) -> "PossibleDuplicateQuerySet":
        return self.filter(status=PossibleDuplicate.Status.OPEN)


class PossibleDuplicate(models.Model):
    """Two records that may be one person, for a supervisor to review: found when a worker
    registered someone although a likely match was shown, or by a batch run."""

    class Source(models.TextChoices):
        REGISTRATION = "registration", _("registered although a possible match was shown")
        BATCH = "batch", _("found by duplicate detection")

    class Status(models.TextChoices):
        OPEN = "open", _("to be reviewed")
        SAME = "same", _("the same person")
        DIFFERENT = "different", _("two different people")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    other = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("possibly the same as")
    )
    score = models.FloatField(_("score"))
    source = models.CharField(_("found"), max_length=20, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    found_at = models.DateTimeField(_("found on"), default=timezone.now)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = PossibleDuplicateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="possible_duplicate_once"),
            models.CheckConstraint(
                condition=~Q(person=models.F("other")), name="possible_duplicate_two_records"
            ),
        ]
        indexes = [models.Index(fields=["status", "found_at"], name="possible_duplicate_open_idx")]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")

    def __str__(self) -> str:
        return f"{self.person} ~ {self.other}"


class PersonMerge(models.Model):
    """Two records of one person merged into one, with what is needed to undo it exactly:
    the surviving record's values before, and every row moved, removed or added."""

    survivor = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("kept record")
    )
    merged = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("merged record")
    )
    pair = models.ForeignKey(
        PossibleDuplicate, on_delete=models.PROTECT, null=True, blank=True, related_name="merges"
    )
    survivor_before = models.JSONField(default=dict)
    survivor_after = models.JSONField(default=dict)
    moved = models.JSONField(default=list)  # [model label, pk, field name]
    removed = models.JSONField(default=list)  # [model label, {field: value}]
    added = models.JSONField(default=list)  # [model label, pk]
    kept_with_merged = models.JSONField(default=list)  # [model label, pk]
    merged_at = models.DateTimeField(_("merged on"), default=timezone.now)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone on"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("merge of two records")
        verbose_name_plural = _("merges of records")

    def __str__(self) -> str:
        return f"{self.merged} → {self.survivor}"


class PersonHolder(models.Model):
    """An organisation that holds a file on a person, and so may see who they are."""

    class Reason(models.TextChoices):
        REGISTERED = "registered", _("registered the person")
        CASE = "case", _("has a case")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="holders")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    since = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="person_holder_once")
        ]
        indexes = [models.Index(fields=["organisation", "person"], name="person_holder_org_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.person}"


class IdentityDocument(TimeStampedModel):
    """A civil or identity document and whether the person has it: what is missing drives the work."""

    class Kind(models.TextChoices):
        BIRTH_CERTIFICATE = (
            "birth_certificate",
            _("birth certificate (extract from the register of births)"),
        )
        CITIZENSHIP_CERTIFICATE = "citizenship_certificate", _("certificate of citizenship")
        ID_CARD = "id_card", _("identity card")
        PASSPORT = "passport", _("passport")
        RESIDENCE_REGISTRATION = "residence_registration", _("registered residence")
        HEALTH_INSURANCE_CARD = "health_insurance_card", _("health insurance card")
        SCHOOL_CERTIFICATE = "school_certificate", _("school certificate")
        WORK_BOOKLET = "work_booklet", _("work booklet")
        FOREIGN_RESIDENCE_PERMIT = "foreign_residence_permit", _("foreign residence permit")
        ASYLUM_ID = "asylum_id", _("asylum seeker's or refugee's ID card")

    class Status(models.TextChoices):
        HAS = "has", _("has it")
        MISSING = "missing", _("missing")
        EXPIRED = "expired", _("expired")
        IN_PROCEDURE = "in_procedure", _("in procedure")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="documents", verbose_name=_("person")
    )
    kind = models.CharField(_("document"), max_length=30, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    number = models.CharField(_("number"), max_length=50, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=150, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display()}"

    @property
    def needs_action(self) -> bool:
        return self.status != self.Status.HAS


class MigrationProfile(TimeStampedModel):
    """How the person came: returned under readmission, or arrived as a refugee or migrant."""

    class Kind(models.TextChoices):
        RETURNEE = "returnee", _("returnee")
        REFUGEE_MIGRANT = "refugee_migrant", _("refugee or migrant")

    class ReturnType(models.TextChoices):
        VOLUNTARY = "voluntary", _("voluntary")
        FORCED = "forced", _("forced")

    class AsylumStatus(models.TextChoices):
        NONE = "none", _("not in an asylum procedure")
        INTENTION = "intention", _("intention to seek asylum expressed")
        APPLIED = "applied", _("asylum application lodged")
        REFUGEE = "refugee", _("granted refuge (refugee protection)")
        SUBSIDIARY = "subsidiary", _("granted subsidiary protection")
        TEMPORARY = "temporary", _("temporary protection")
        REJECTED = "rejected", _("application rejected")
        APPEAL = "appeal", _("appeal pending")
        DISCONTINUED = "discontinued", _("procedure discontinued")

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="migration", verbose_name=_("person")
    )
    kind = models.CharField(_("profile"), max_length=20, choices=Kind.choices)
    # Returnees
    returned_from = models.CharField(_("returned from (country)"), max_length=2, blank=True)
    returned_on = models.DateField(_("date of return"), null=True, blank=True)
    return_type = models.CharField(
        _("return"), max_length=10, choices=ReturnType.choices, blank=True
    )
    under_readmission = models.BooleanField(_("under a readmission agreement"), default=False)
    years_abroad = models.PositiveSmallIntegerField(_("years abroad"), null=True, blank=True)
    children_schooled_abroad = models.BooleanField(
        _("children went to school abroad"), default=False
    )
    received_at_airport = models.BooleanField(
        _("received at the readmission office at Belgrade airport"), default=False
    )
    # Refugees and migrants
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    arrived_on = models.DateField(_("date of arrival in Serbia"), null=True, blank=True)
    asylum_status = models.CharField(
        _("asylum procedure"), max_length=20, choices=AsylumStatus.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("migration profile")
        verbose_name_plural = _("migration profiles")

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"

    def clean(self) -> None:
        today = timezone.localdate()
        for field in ("returned_on", "arrived_on"):
            value = getattr(self, field)
            if value and value > today:
                raise ValidationError({field: _("This date cannot be in the future.")})


class HouseholdQuerySet(models.QuerySet["Household"]):
    def visible_to(self, user: Any) -> "HouseholdQuerySet":
        """Households registered by an organisation ``user`` does casework in, or with a member
        whose file they may open."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_system_admin:
            return self.all()
        organisation_ids = case_organisation_ids(user)
        held = PersonHolder.objects.filter(
            organisation_id__in=organisation_ids, person__memberships__household=OuterRef("pk")
        )
        return self.filter(Q(organisation_id__in=organisation_ids) | Exists(held))


class Household(TimeStampedModel):
    """A family as it lives together: the unit of work. Membership changes over time."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="registered_households",
        verbose_name=_("registered by"),
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    history = HistoricalRecords()

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        reference = self.reference_person()
        if reference is None:
            return str(_("Household"))
        return str(_("Household of %(name)s") % {"name": reference.full_name})

    def get_absolute_url(self) -> str:
        return reverse("people:household_detail", args=[self.public_id])

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    def current_members(self) -> "models.QuerySet[HouseholdMember]":
        return self.members.current().select_related("person")

    def reference_person(self) -> Person | None:
        for member in self.members.all():
            if member.relationship == Relationship.REFERENCE and member.left_on is None:
                return member.person
        return None


class Relationship(models.TextChoices):
    """Relationship to the household's reference person."""

    REFERENCE = "reference", _("reference person")
    SPOUSE = "spouse", _("spouse or partner")
    CHILD = "child", _("child")
    PARENT = "parent", pgettext_lazy("household relationship", "parent")
    SIBLING = "sibling", _("brother or sister")
    GRANDCHILD = "grandchild", _("grandchild")
    GRANDPARENT = "grandparent", _("grandparent")
    CHILD_IN_LAW = "child_in_law", _("son- or daughter-in-law")
    OTHER_RELATIVE = "other_relative", _("other relative")
    FOSTER_CHILD = "foster_child", _("child in foster care")
    OTHER = "other", _("not related")


class HouseholdMemberQuerySet(models.QuerySet["HouseholdMember"]):
    def current(self) -> "HouseholdMemberQuerySet":
        return self.filter(left_on__isnull=True)


class HouseholdMember(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    relationship = models.CharField(
        _("relationship to the reference person"), max_length=20, choices=Relationship.choices
    )
    joined_on = models.DateField(_("member since"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    history = HistoricalRecords()

    objects = HouseholdMemberQuerySet.as_manager()

    class Meta:
        ordering = ["left_on", "joined_on", "pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "person"],
                condition=Q(left_on__isnull=True),
                name="household_member_once",
                violation_error_message=_("This person is already a member of the household."),
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(left_on__isnull=True, relationship="reference"),
                name="household_one_reference_person",
                violation_error_message=_("A household has one reference person."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="household_member_left_after_joining",
                violation_error_message=_("A member cannot leave before joining."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relationship_display()})"
