"""The header's organisation and the navigation a signed-in user's roles allow."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Membership, Role


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str | Promise
    current: bool


# Apps above accounts (referrals, notifications) add their entries here from their
# ``AppConfig.ready``: ``provider(user, roles)`` returns (url, label) pairs.
NavProvider = Callable[[Any, set[str]], list[tuple[str, str | Promise]]]
_providers: list[NavProvider] = []


def add_navigation(provider: NavProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = list(Membership.objects.active().filter(user=user).select_related("organisation"))
    roles = {m.role for m in memberships}
    admin_of = [m.organisation for m in memberships if m.role == Role.ORG_ADMIN]
    items: list[tuple[str, str | Promise]] = [
        (reverse("accounts:home"), _("Start")),
        (reverse("accounts:organisation_list"), _("Organisations")),
        (reverse("directory:guide_home"), _("Guide")),
    ]
    if roles & {Role.CASE_WORKER, Role.SUPERVISOR} or Role.SYSTEM_ADMIN in roles:
        items += [
            (reverse("cases:caseload"), _("Cases")),
            (reverse("cases:find"), _("Find a person")),
        ]
    keeps_guide = [m.organisation for m in memberships if m.role in {Role.ORG_ADMIN, Role.EDITOR}]
    if keeps_guide:
        items.append(
            (
                reverse("directory:organisation_services", args=[keeps_guide[0].pk]),
                _("Guide entries"),
            )
        )
    if admin_of:
        items.append(
            (reverse("accounts:organisation_access_log", args=[admin_of[0].pk]), _("Access log"))
        )
    if user.is_staff and (user.is_superuser or Role.SYSTEM_ADMIN in roles):
        items.append((reverse("admin:index"), _("Administration")))
    for provider in _providers:
        items += provider(user, roles)
    items.append((reverse("accounts:profile"), _("My account")))
    # The most specific entry that contains the current page is the current one.
    path = request.path
    matching = [
        url for url, _label in items if path == url or (url != "/" and path.startswith(url))
    ]
    current = max(matching, key=len) if matching else None
    nav = [NavItem(url, label, url == current) for url, label in items]
    return {
        "navigation": nav,
        "header_organisation": memberships[0].organisation if memberships else None,
        "user_roles": roles,
    }
