"""Which reports a user may open: aggregates only, and only of the scopes their role allows.

System administrators and analysts see every scope (the whole network, each municipality,
each organisation); any other member of an organisation sees their organisations' reports
and those of the municipalities their organisations cover. Nobody reaches a person here.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from putokaz.accounts.models import Organisation, Role
from putokaz.geo.models import Municipality
from putokaz.reports.indicators import Scope


@dataclass(frozen=True)
class ReportScopes:
    network: bool
    municipalities: "QuerySet[Municipality]"
    organisations: "QuerySet[Organisation]"

    @property
    def any(self) -> bool:
        return self.network or self.organisations.exists() or self.municipalities.exists()


def sees_every_scope(user: Any) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_system_admin or user.has_role(Role.ANALYST))


def report_scopes(user: Any) -> ReportScopes:
    if sees_every_scope(user):
        return ReportScopes(
            network=True,
            municipalities=Municipality.objects.order_by("name"),
            organisations=Organisation.objects.order_by("name"),
        )
    if not user.is_authenticated or not user.is_active:
        return ReportScopes(
            network=False,
            municipalities=Municipality.objects.none(),
            organisations=Organisation.objects.none(),
        )
    organisations = Organisation.objects.filter(
        pk__in=user.memberships.active().values("organisation_id")
    )
    return ReportScopes(
        network=False,
        municipalities=Municipality.objects.filter(
            pk__in=Organisation.municipalities.through.objects.filter(
                organisation_id__in=organisations.values("pk")
            ).values("municipality_id")
        ).order_by("name"),
        organisations=organisations.order_by("name"),
    )


def get_scope_for_user(user: Any, kind: str, key: str = "") -> Scope:
    """The scope ``kind``/``key`` if ``user`` may see its reports; Http404 otherwise (an
    organisation or municipality the user may not report on looks like one that is not)."""
    scopes = report_scopes(user)
    if kind == "network" and scopes.network:
        return Scope("network")
    if kind == "municipality":
        municipality = scopes.municipalities.select_related("parent").filter(code=key).first()
        if municipality is not None:
            return Scope("municipality", municipality=municipality)
    if kind == "organisation" and key.isdigit():
        organisation = scopes.organisations.filter(pk=int(key)).first()
        if organisation is not None:
            return Scope("organisation", organisation=organisation)
    raise Http404(_("No such report."))
