"""Forms for signing in, one's own account, the organisation and its members."""

import hashlib
import logging
from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation, Role, User
from putokaz.core.concurrency import VersionedModelForm
from putokaz.core.validators import validate_phone
from putokaz.geo.forms import MunicipalityMultipleChoiceField
from putokaz.geo.models import Municipality

logger = logging.getLogger(__name__)


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("The e-mail address or password is not correct."),
        "inactive": _("This account is disabled."),
    }


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, also for people whose invitation expired, and rate-limited."""

    def get_users(self, email: str) -> Iterator[User]:
        # Unlike Django's form, include accounts without a usable password: a person
        # whose invitation link expired gets a fresh link this way.
        return iter(User.objects.filter(email__iexact=email.strip(), is_active=True))

    def save(self, *args: Any, **kwargs: Any) -> None:
        limit, period = settings.PASSWORD_RESET_LIMIT
        email = self.cleaned_data["email"].strip().lower()
        key = "password-reset:" + hashlib.sha256(email.encode()).hexdigest()
        cache.add(key, 0, period)
        if cache.incr(key) > limit:
            logger.warning("Password-reset e-mails for one address over the hourly limit")
            return
        super().save(*args, **kwargs)


def role_choices(user: User) -> list[tuple[str, str | Promise]]:
    """Roles ``user`` may grant: every role but system administrator, unless they are one."""
    may_grant_all = user.has_perm("accounts.grant_system_admin")
    return [
        (value, capfirst(label))
        for value, label in Role.choices
        if may_grant_all or value != Role.SYSTEM_ADMIN
    ]


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_("As the person writes it, in Latin or Cyrillic."),
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, acting_user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(acting_user)  # type: ignore[attr-defined]


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("New role"))

    def __init__(self, *args: Any, acting_user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(acting_user)  # type: ignore[attr-defined]


class OrganisationForm(VersionedModelForm):
    municipalities: forms.ModelMultipleChoiceField = MunicipalityMultipleChoiceField(
        label=_("Municipalities covered"),
        queryset=Municipality.objects.select_related("parent").order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name_sr_latn",
            "name_sr_cyrl",
            "name_rom",
            "name_sq",
            "name_de",
            "name_en",
            "short_name_sr_latn",
            "municipalities",
            "address",
            "email",
            "phone",
            "website",
        ]
        labels = {
            "name_sr_latn": _("Name in Serbian (Latin)"),
            "name_sr_cyrl": _("Name in Serbian (Cyrillic)"),
            "name_rom": _("Name in Romani"),
            "name_sq": _("Name in Albanian"),
            "name_de": _("Name in German"),
            "name_en": _("Name in English"),
            "short_name_sr_latn": _("Short name"),
        }
        help_texts = {
            "name_sr_cyrl": _("Leave empty to show the Latin name transliterated."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_sr_latn"].required = True

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        validate_phone(phone)
        return phone


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language"]
