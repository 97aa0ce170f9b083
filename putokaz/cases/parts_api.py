"""What the REST endpoints of a case's records kept by other apps share (a child's guardians
and placements, trafficking screenings, …): /api/v1/<records>/, optionally ``?case=<id>``.

The rows listed are those of the cases the user may open (``Case.objects.visible_to``: a
sealed case only for its named workers); one record is read through the app's access layer,
and every case whose records are read is in the access log, as on the pages.
"""

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.cases.models import Case
from putokaz.core.api import PagePagination

CASE_PARAMETER = OpenApiParameter(
    "case", str, description="A case's id: only the records of that case (404 if not yours)."
)


class CasePartSerializer(serializers.ModelSerializer[Any]):
    """A record of a case: ``case`` is the case's id."""

    case = serializers.UUIDField(source="case.public_id", read_only=True)


class CasePartInputSerializer(serializers.Serializer[Any]):
    case = serializers.UUIDField(help_text="The case's id.")


class CasePartViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Any],
):
    """A list of one kind of record of the cases the user may open, newest first.

    A subclass names the ``model``, how a case is fetched for the user (:meth:`fetch_case`,
    the app's access helper), the ``purpose`` its reads are logged with, and writes through
    the app's actions."""

    model: type[Model]
    purpose = ""
    pagination_class = PagePagination
    http_method_names = ["get", "post", "head", "options"]
    lookup_value_regex = r"\d+"

    def fetch_case(self, request: Request, public_id: Any, *, log: bool) -> Case:
        """The case through the app's access helper; every subclass says which (an abstract
        method: the base class alone serves no endpoint)."""
        raise NotImplementedError(f"{type(self).__name__} must say how it fetches a case")

    def visible_cases(self) -> QuerySet[Case]:
        return Case.objects.visible_to(self.request.user)

    def rows(self) -> QuerySet[Any]:
        """The records with what their serializer reads (override to add to it)."""
        return self.model._default_manager.select_related("case")

    def get_queryset(self) -> QuerySet[Any]:
        return self.rows().filter(case__in=self.visible_cases())

    def log_read(self, request: Request, case: Case) -> None:
        log_access(
            actor=request.user,
            action=Action.VIEW,
            obj=case,
            purpose=self.purpose,
            request=request._request,
        )

    @extend_schema(parameters=[CASE_PARAMETER])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        wanted = request.query_params.get("case")
        if wanted:
            rows = self.rows().filter(case=self.fetch_case(request, wanted, log=True))
        else:
            rows = self.get_queryset()
        page = self.paginate_queryset(rows)
        if not wanted:
            for case in {row.case_id: row.case for row in page or []}.values():
                self.log_read(request, case)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _lookup(self) -> dict[str, Any]:
        return {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}

    def record_case(self, request: Request, *, log: bool = True) -> Case:
        """The case of the record in the URL, fetched for the user through the access layer
        (and so logged): a 404 for a record of a case they may not open."""
        row = self.get_queryset().filter(**self._lookup()).first()
        if row is None:
            raise Http404(_("No such record."))
        return self.fetch_case(request, row.case.public_id, log=log)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.record_case(request)
        return Response(self.get_serializer(self.rows().get(case=case, **self._lookup())).data)
