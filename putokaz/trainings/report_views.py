"""The trainings' report page and its CSV/XLSX download (aggregates only; every download is
in the access log)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render

from putokaz.accounts.models import AuthenticatedRequest, Organisation
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core.exports import FORMATS, export_format, table_response
from putokaz.trainings.permissions import organising_organisations
from putokaz.trainings.report_forms import ReportForm, this_year
from putokaz.trainings.reports import (
    Criteria,
    check_may_read_reports,
    report_tables,
    reportable_events,
)
from putokaz.trainings.reports import training_report as build_report


def _logged_object(user: Any, criteria: Criteria) -> models.Model:
    """What a download is logged against: the organiser chosen, else the organisation the
    user organises for (or belongs to), so that its administrators read the entry."""
    if criteria.organiser is not None:
        return criteria.organiser
    own = (
        organising_organisations(user).order_by("pk").first()
        or Organisation.objects.with_member(user).order_by("pk").first()
    )
    return own or user


@login_required
def training_report(request: AuthenticatedRequest) -> HttpResponse:
    check_may_read_reports(request.user)
    readable = reportable_events(request.user)
    default = this_year()
    # Bound only when the form was sent: ``?lang=`` alone is not a query.
    form = ReportForm(
        request.GET if "start" in request.GET else None,
        readable=readable,
        initial={"start": default.start, "end": default.end},
    )
    usable = form.is_valid() or not form.is_bound
    criteria = form.criteria() if form.is_bound and usable else default
    # Bad choices get their errors and no figures (not those of other choices).
    report = build_report(readable, criteria) if usable else None
    wanted = export_format(request.GET.get("format"))
    if wanted is not None and report is not None:
        log_access(
            actor=request.user,
            action=Action.EXPORT,
            obj=_logged_object(request.user, criteria),
            purpose=f"training report ({criteria.describe()})",
            request=request,
        )
        return table_response(
            report_tables(report),
            format=wanted,
            filename=f"training-report-{criteria.start.isoformat()}-{criteria.end.isoformat()}",
        )
    query = request.GET.copy()
    query.pop("format", None)
    if not form.is_bound:
        query.update({"start": default.start.isoformat(), "end": default.end.isoformat()})
    downloads = []
    for name in FORMATS:
        query["format"] = name
        downloads.append((name.upper(), f"?{query.urlencode()}"))
    return render(
        request,
        "trainings/report.html",
        {"form": form, "report": report, "downloads": downloads},
        status=200 if usable else 400,
    )
