"""/api/v1/reports/: the dashboard's aggregates as JSON, with the same scopes, the same
permissions and the same suppression as the pages (a hidden number is null)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from putokaz.core.api import validated
from putokaz.reports import dashboard
from putokaz.reports.access import get_scope_for_user
from putokaz.reports.forms import PeriodForm
from putokaz.reports.views import scope_title


@extend_schema_field(
    {"oneOf": [{"type": "number"}, {"type": "string"}], "nullable": True},
)
class ValueField(serializers.JSONField):
    """A cell: a count or a measure (null where suppressed), or a text (the languages of
    the service-gap table)."""


class ColumnSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()


class RowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()
    values = serializers.ListField(
        child=ValueField(allow_null=True),
        help_text=_("One value a column; null where it is suppressed."),
    )


class TableSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    totals = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        allow_null=True,
        help_text=_("The column totals (null where suppressed); null for a table without them."),
    )


class FigureSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)


class SectionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    figures = FigureSerializer(many=True)
    tables = TableSerializer(many=True)


class DashboardSerializer(serializers.Serializer[Any]):
    scope = serializers.ChoiceField(choices=["network", "municipality", "organisation"])
    key = serializers.CharField(help_text=_("The municipality's code or the organisation's id."))
    title = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    threshold = serializers.IntegerField(help_text=_("Counts under this are suppressed."))
    sections = SectionSerializer(many=True)


PERIOD_PARAMETERS = [
    OpenApiParameter("start", str, description="First day (YYYY-MM-DD); with end.", required=False),
    OpenApiParameter("end", str, description="Last day (YYYY-MM-DD); with start.", required=False),
]


def _answer(request: Request, kind: str, key: str = "") -> Response:
    scope = get_scope_for_user(request.user, kind, key)
    params = request.query_params
    form = PeriodForm(params if ("start" in params or "end" in params) else None)
    if form.is_bound:
        validated(form)
    report = dashboard.build(scope, form.period(), scope_title(scope))
    return Response(report.as_data())


@extend_schema(
    operation_id="reports_network",
    parameters=PERIOD_PARAMETERS,
    responses=DashboardSerializer,
    description="The whole network's dashboard (analysts and system administrators).",
)
@api_view(["GET"])
def network_report(request: Request) -> Response:
    return _answer(request, "network")


@extend_schema(
    operation_id="reports_municipality",
    parameters=PERIOD_PARAMETERS,
    responses=DashboardSerializer,
    description="The dashboard of a municipality's residents (by its Statistical Office code).",
)
@api_view(["GET"])
def municipality_report(request: Request, code: str) -> Response:
    return _answer(request, "municipality", code)


@extend_schema(
    operation_id="reports_organisation",
    parameters=PERIOD_PARAMETERS,
    responses=DashboardSerializer,
    description="The dashboard of an organisation's cases and referrals.",
)
@api_view(["GET"])
def organisation_report(request: Request, pk: int) -> Response:
    return _answer(request, "organisation", str(pk))
