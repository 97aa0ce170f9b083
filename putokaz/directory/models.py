"""The directory of services (Open Referral HSDS 3.0): what each organisation offers, where and when.

Every service is also a referral target. Rows carry stable UUIDs, which the HSDS API
publishes as ``id``.
"""

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation
from putokaz.core.folding import fold, search_terms
from putokaz.core.models import TimeStampedModel
from putokaz.core.validators import validate_phone
from putokaz.geo.models import Municipality


class Taxonomy(models.Model):
    """A vocabulary: the service domains, or the target groups."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    uri = models.URLField(_("address"), blank=True)
    version = models.CharField(_("version"), max_length=20, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.PROTECT, related_name="terms", verbose_name=_("taxonomy")
    )
    code = models.SlugField(_("code"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    open_eligibility = models.CharField(
        _("Open Eligibility term"),
        max_length=100,
        blank=True,
        help_text=_("The matching Open Eligibility term, if one fits."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["taxonomy__code", "position", "code"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self) -> str:
        return self.name


class ServiceQuerySet(models.QuerySet["Service"]):
    def published(self) -> "ServiceQuerySet":
        active = Organisation.objects.filter(is_active=True).values("pk")
        return self.filter(publication=Service.Publication.PUBLISHED, organisation_id__in=active)

    def search(self, query: str) -> "ServiceQuerySet":
        """Every word of ``query`` appears, in any language, script or spelling."""
        result = self
        for term in search_terms(query):
            result = result.filter(search_text__contains=term)
        return result

    # Filters use "pk IN (subquery)" rather than joins on the result: no DISTINCT needed.
    def in_municipality(self, municipality: Municipality) -> "ServiceQuerySet":
        """Services for people living in ``municipality`` (a city covers its city municipalities)."""
        places = municipality.served_with()
        area_links: Any = Service.service_areas.through  # the M2M link table
        by_area = area_links.objects.filter(municipality_id__in=places).values("service_id")
        by_location = ServiceAtLocation.objects.filter(location__municipality_id__in=places).values(
            "service_id"
        )
        return self.filter(Q(pk__in=by_area) | Q(pk__in=by_location))

    def in_domain(self, term: TaxonomyTerm) -> "ServiceQuerySet":
        terms = Q(taxonomyterm_id=term.pk) | Q(taxonomyterm__parent_id=term.pk)
        return self.filter(
            pk__in=Service.domains.through.objects.filter(terms).values("service_id")
        )

    def for_group(self, term: TaxonomyTerm) -> "ServiceQuerySet":
        return self.filter(pk__in=Service.objects.filter(target_groups=term).values("pk"))

    def speaking(self, language_code: str) -> "ServiceQuerySet":
        return self.filter(
            pk__in=ServiceLanguage.objects.filter(code=language_code).values("service_id")
        )

    def free(self) -> "ServiceQuerySet":
        return self.filter(is_free=True)

    def without_referral(self) -> "ServiceQuerySet":
        return self.filter(referral_required=False)

    def open_at(self, moment: datetime.datetime) -> "ServiceQuerySet":
        """Active services open at ``moment`` in Belgrade time, counting hours that run past
        midnight (opened the day before) and round-the-clock days."""
        local = timezone.localtime(moment)
        today, now = local.isoweekday(), local.time()
        yesterday = 7 if today == 1 else today - 1
        overnight = Q(closes_at__lte=F("opens_at"))  # 22:00–06:00, or 00:00–00:00 (all day)
        open_now = Schedule.objects.filter(
            Q(weekday=today, opens_at__lte=now) & (Q(closes_at__gt=now) | overnight)
            | Q(weekday=yesterday, closes_at__gt=now) & overnight
        )
        return self.filter(status=Service.Status.ACTIVE, pk__in=open_now.values("service_id"))

    def needing_verification(self, *, months: int = 6) -> "ServiceQuerySet":
        limit = timezone.localdate() - datetime.timedelta(days=round(months * 30.44))
        return self.filter(Q(verified_on__isnull=True) | Q(verified_on__lt=limit))


class Service(TimeStampedModel):
    class Status(models.TextChoices):  # HSDS service.status
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        DEFUNCT = "defunct", _("closed for good")
        TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")

    class Publication(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Access(models.TextChoices):
        WALK_IN = "walk_in", _("walk in")
        APPOINTMENT = "appointment", _("by appointment")
        BOTH = "both", _("walk in or by appointment")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=250)
    alternate_name = models.CharField(_("other name"), max_length=250, blank=True)
    description = models.TextField(_("description"))
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, default=Publication.DRAFT
    )
    interpretation_services = models.CharField(_("interpretation"), max_length=300, blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    eligibility_description = models.TextField(_("who can use it"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    fees_description = models.TextField(_("fees"), blank=True)
    referral_required = models.BooleanField(_("referral needed"), default=False)
    access = models.CharField(
        _("access"), max_length=12, choices=Access.choices, default=Access.BOTH
    )
    domains = models.ManyToManyField(
        TaxonomyTerm,
        related_name="services_in_domain",
        verbose_name=_("domains"),
        blank=True,
        limit_choices_to={"taxonomy__code": "domains"},
    )
    target_groups = models.ManyToManyField(
        TaxonomyTerm,
        related_name="services_for_group",
        verbose_name=_("target groups"),
        blank=True,
        limit_choices_to={"taxonomy__code": "target-groups"},
    )
    service_areas = models.ManyToManyField(
        Municipality, related_name="services", verbose_name=_("service area"), blank=True
    )
    locations: "models.ManyToManyField[Location, ServiceAtLocation]" = models.ManyToManyField(
        "Location",
        through="ServiceAtLocation",
        related_name="services",
        verbose_name=_("locations"),
        blank=True,
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    search_text = models.TextField(editable=False, default="")

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            models.Index(fields=["publication", "name_sr_latn", "id"], name="service_listing")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:service_detail", args=[self.pk])

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    @property
    def is_published(self) -> bool:
        return self.publication == self.Publication.PUBLISHED

    def clean(self) -> None:
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            raise ValidationError({"maximum_age": _("The maximum age is below the minimum age.")})
        if not self.is_free and not self.fees_description:
            raise ValidationError({"fees_description": _("Say what the service costs.")})

    def build_search_text(self) -> str:
        """All languages' names and descriptions, and the organisation's names, folded."""
        parts: list[str] = []
        for code, _name in settings.LANGUAGES:
            suffix = code.replace("-", "_")
            for field in ("name", "alternate_name", "description"):
                parts.append(getattr(self, f"{field}_{suffix}", "") or "")
        if self.organisation_id:
            organisation = self.organisation
            for code, _name in settings.LANGUAGES:
                parts.append(getattr(organisation, f"name_{code.replace('-', '_')}", "") or "")
        return " " + fold(" ".join(parts)) + " "


class ServiceLanguage(models.Model):
    """A language the service is delivered in (HSDS language)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(
        _("language"), max_length=10, help_text=_("BCP 47 code, e.g. sr, rom, sq, de, en, ar, fa.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["code", "service"], name="service_language_code")]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="one_row_per_service_language")
        ]
        verbose_name = _("language spoken")
        verbose_name_plural = _("languages spoken")

    def __str__(self) -> str:
        return self.code


class RequiredDocument(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="required_documents"
    )
    document = models.CharField(_("document"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "document"]
        verbose_name = _("document to bring")
        verbose_name_plural = _("documents to bring")

    def __str__(self) -> str:
        return self.document


class Location(TimeStampedModel):
    """A place where services are delivered: an office, a health centre, a school."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="locations",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    transportation = models.CharField(_("how to get there"), max_length=300, blank=True)
    address = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="locations",
        verbose_name=_("municipality"),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name

    @property
    def on_map(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="one_row_per_service_location"
            )
        ]
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Phone(models.Model):
    class Kind(models.TextChoices):  # HSDS phone.type
        VOICE = "voice", _("phone")
        CELL = "cell", _("mobile")
        FAX = "fax", _("fax")
        TEXT = "text", _("text messages")
        HOTLINE = "hotline", _("hotline")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=30, validators=[validate_phone])
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.VOICE)
    description = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(location__isnull=False),
                name="phone_belongs_somewhere",
            )
        ]
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """Weekly opening hours of a service (HSDS schedule with freq=WEEKLY)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")
        SATURDAY = 6, _("Saturday")
        SUNDAY = 7, _("Sunday")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    notes = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["weekday", "opens_at"]
        indexes = [
            models.Index(fields=["weekday", "opens_at", "closes_at"], name="schedule_open_at")
        ]
        constraints = [
            # Closing at or before the opening time runs past midnight (22:00–06:00); the
            # same time twice means round the clock, written 00:00–00:00.
            models.CheckConstraint(
                condition=~Q(opens_at=models.F("closes_at")) | Q(opens_at=datetime.time(0)),
                name="schedule_closes_at_another_time",
            )
        ]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.hours}"

    @property
    def runs_overnight(self) -> bool:
        return self.closes_at <= self.opens_at

    @property
    def hours(self) -> str:
        """ "08:00–15:00", "22:00–06:00" (to the next morning), "00:00–24:00" (all day)."""
        closes = "24:00" if self.closes_at == datetime.time(0) else f"{self.closes_at:%H:%M}"
        return f"{self.opens_at:%H:%M}–{closes}"

    def minutes_of_week(self) -> tuple[int, int]:
        """Start and end in minutes from Monday 00:00; an end past Sunday midnight runs on."""
        start = (self.weekday - 1) * 1440 + self.opens_at.hour * 60 + self.opens_at.minute
        length = (self.closes_at.hour * 60 + self.closes_at.minute) - (start % 1440)
        return start, start + (length if length > 0 else length + 1440)

    def clean(self) -> None:
        same = self.opens_at is not None and self.opens_at == self.closes_at
        if same and self.opens_at != datetime.time(0):
            raise ValidationError(
                {
                    "closes_at": _(
                        "The closing time is the opening time. For round the clock, "
                        "enter 00:00 to 00:00."
                    )
                }
            )


def grouped_hours(schedules: "list[Schedule]") -> list[tuple[str | Promise, str]]:
    """Opening hours as people read them: consecutive days with the same hours share a line
    ("Monday–Friday", "08:00–15:00")."""
    by_day: dict[int, list[str]] = {}
    for schedule in sorted(schedules, key=lambda s: (s.weekday, s.opens_at)):
        by_day.setdefault(schedule.weekday, []).append(schedule.hours)
    lines: list[tuple[str | Promise, str]] = []
    runs: list[tuple[int, int, str]] = []
    for day in sorted(by_day):
        hours = ", ".join(by_day[day])
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == hours:
            runs[-1] = (runs[-1][0], day, hours)
        else:
            runs.append((day, day, hours))
    names = dict(Schedule.Weekday.choices)
    for first, last, hours in runs:
        label = names[first] if first == last else format_lazy("{}–{}", names[first], names[last])
        lines.append((label, hours))
    return lines
