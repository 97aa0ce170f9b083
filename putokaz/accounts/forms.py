"""Forms for signing in and managing members."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from putokaz.accounts.models import Role, User


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


def role_choices(user: User) -> list[tuple[str, StrOrPromise]]:
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


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language"]
