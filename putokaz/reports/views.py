"""Report pages: the choice of a report, and the dashboard of a scope for a period (shown,
or downloaded as CSV or XLSX, every download logged). Aggregates only."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from putokaz.accounts.models import AuthenticatedRequest
from putokaz.core.exports import export_format, table_response
from putokaz.geo.models import name_with_kind
from putokaz.reports import actions, dashboard
from putokaz.reports.access import get_scope_for_user, report_scopes
from putokaz.reports.forms import PeriodForm, ScopeForm
from putokaz.reports.indicators import Scope


@login_required
def report_home(request: AuthenticatedRequest) -> HttpResponse:
    scopes = report_scopes(request.user)
    if not scopes.any:
        raise Http404(_("No such report."))
    form = ScopeForm(
        request.GET or None,
        municipalities=scopes.municipalities,
        organisations=scopes.organisations,
    )
    if form.is_bound and form.is_valid():
        if form.cleaned_data["organisation"]:
            return redirect("reports:organisation", pk=form.cleaned_data["organisation"])
        if form.cleaned_data["municipality"]:
            return redirect("reports:municipality", code=form.cleaned_data["municipality"])
    return render(
        request,
        "reports/report_home.html",
        {"form": form, "scopes": scopes, "organisations": list(scopes.organisations[:20])},
    )


def scope_title(scope: Scope) -> str:
    if scope.municipality is not None:
        return name_with_kind(scope.municipality)
    if scope.organisation is not None:
        return str(scope.organisation)
    return _("The whole network")


def _dashboard(request: AuthenticatedRequest, kind: str, key: str = "") -> HttpResponse:
    scope = get_scope_for_user(request.user, kind, key)
    form = PeriodForm(request.GET if "start" in request.GET else None)
    period = form.period()
    report = dashboard.build(scope, period, scope_title(scope))
    wanted = export_format(request.GET.get("format"))
    if wanted is not None:
        actions.report_export_record(
            scope=scope, period=period, format=wanted, acting_user=request.user, request=request
        )
        name = f"{report.title} {period.start:%Y-%m-%d} {period.end:%Y-%m-%d}"
        return table_response(report.export_tables(), format=wanted, filename=name)
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("lang", None)
    query.setdefault("start", period.start.isoformat())
    query.setdefault("end", period.end.isoformat())
    return render(
        request,
        "reports/dashboard.html",
        {"form": form, "report": report, "query": query.urlencode()},
    )


@login_required
def network_dashboard(request: AuthenticatedRequest) -> HttpResponse:
    return _dashboard(request, "network")


@login_required
def municipality_dashboard(request: AuthenticatedRequest, code: str) -> HttpResponse:
    return _dashboard(request, "municipality", code)


@login_required
def organisation_dashboard(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _dashboard(request, "organisation", str(pk))
