"""Writes of the reports app: the record and access-log entry of an export."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.reports.indicators import Period, Scope
from putokaz.reports.models import ReportExport


def report_export_record(
    *,
    scope: Scope,
    period: Period,
    format: str,
    acting_user: Any,
    report: str = "dashboard",
    request: HttpRequest | None = None,
) -> ReportExport:
    """Keep that ``acting_user`` downloaded a report, and log it as an export."""
    with transaction.atomic(durable=True):
        export = ReportExport.objects.create(
            report=report,
            scope=scope.kind,
            municipality=scope.municipality,
            organisation=scope.organisation,
            start=period.start,
            end=period.end,
            format=format,
            exported_by=acting_user,
        )
        log_access(
            actor=acting_user,
            action=Action.EXPORT,
            obj=export,
            purpose=report,
            request=request,
        )
    return export
