"""Organisations of the network, the people who use Putokaz, and their roles."""

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_htmx.middleware import HtmxDetails
from simple_history.models import HistoricalRecords

from putokaz.core.models import TimeStampedModel
from putokaz.geo.models import Municipality


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("case worker")
    SUPERVISOR = "supervisor", _("supervisor")
    ORG_ADMIN = "org_admin", _("organisation administrator")
    EDITOR = "editor", _("guide editor")
    TRAINER = "trainer", _("trainer")
    ANALYST = "analyst", _("analyst")
    SYSTEM_ADMIN = "system_admin", _("system administrator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: staff of an organisation, a trainer, an administrator."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the administration site"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        # A sign-in only stamps last_login: no personal data changed, so no history row.
        # (simple-history skips the row when the attribute exists at all.)
        update_fields = kwargs.get("update_fields")
        if update_fields and set(update_fields) <= {"last_login", "password"}:
            self.skip_history_when_saving = True
        elif hasattr(self, "skip_history_when_saving"):
            del self.skip_history_when_saving
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_role(self, *roles: str, organisation: "Organisation | None" = None) -> bool:
        memberships = self.memberships.active().filter(role__in=roles)
        if organisation is not None:
            memberships = memberships.filter(organisation=organisation)
        return memberships.exists()

    @property
    def is_system_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.has_role(Role.SYSTEM_ADMIN))


class AuthenticatedRequest(HttpRequest):
    """For type checking views behind ``login_required``: the user is one of ours."""

    user: User
    htmx: HtmxDetails


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def active(self) -> "OrganisationQuerySet":
        return self.filter(is_active=True)

    def visible_to(self, user: Any) -> "OrganisationQuerySet":
        """Organisations whose page ``user`` may open: their own; every one for a system administrator."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_system_admin:
            return self.all()
        return self.with_member(user)

    def with_member(self, user: Any) -> "OrganisationQuerySet":
        return self.filter(memberships__user=user, memberships__ended_at__isnull=True).distinct()

    def managed_by(self, user: Any) -> "OrganisationQuerySet":
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_system_admin:
            return self.all()
        return self.filter(
            memberships__user=user,
            memberships__role=Role.ORG_ADMIN,
            memberships__ended_at__isnull=True,
        ).distinct()


class Organisation(TimeStampedModel):
    """A Center for Social Welfare, another public institution, an NGO or an international body."""

    class Kind(models.TextChoices):
        CSW = "csw", _("Center for Social Welfare")
        PUBLIC = "public", _("other public institution")
        CIVIL = "civil", _("civil-society organisation")
        INTERNATIONAL = "international", _("international organisation")

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="organisations",
        verbose_name=_("municipalities covered"),
        blank=True,
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation_detail", args=[self.pk])

    @property
    def audit_organisation_id(self) -> int:
        return self.pk


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> "MembershipQuerySet":
        return self.filter(ended_at__isnull=True, user__is_active=True)


class Membership(models.Model):
    """A user's role in an organisation; ending it keeps the row for the record."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    started_at = models.DateTimeField(_("since"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "user__full_name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_membership_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id
