"""What every part of the /api/v1/ REST API shares: errors, paging and form-backed input.

Writes through the API run the same Django forms as the pages, so a rule is written once:
a serializer describes the shape of the JSON (for the OpenAPI schema), :func:`validated`
runs the page's form on it and turns its errors into a 400 answer.
"""

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = "non_field_errors"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the rule errors the actions raise: a refused concurrent edit is a
    409 Conflict, any other broken rule a 400 with its translated messages."""
    if isinstance(exc, DjangoValidationError):
        conflict = getattr(exc, "code", None) == "concurrent_edit"
        return Response(
            {"detail": " ".join(exc.messages), "code": exc.code or "invalid"},
            status=status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)


def form_errors(form: forms.BaseForm) -> dict[str, list[str]]:
    return {
        (NON_FIELD if name == NON_FIELD_ERRORS else name): [str(m) for m in messages]
        for name, messages in form.errors.items()
    }


def formset_errors(formset: forms.BaseFormSet) -> list[Any]:
    rows: list[Any] = [form_errors(form) for form in formset.forms]
    if formset.non_form_errors():
        rows.append({NON_FIELD: [str(m) for m in formset.non_form_errors()]})
    return rows


def display_name(user: Any) -> str:
    """How a user is named in an answer: their full name, else their e-mail address."""
    return (user.full_name or user.email) if user else ""


def form_data(values: dict[str, Any]) -> dict[str, Any]:
    """Validated JSON values as the strings a page's form receives (lists stay lists)."""
    return {
        name: ("" if value is None else value.isoformat() if hasattr(value, "isoformat") else value)
        for name, value in values.items()
    }


def read_input[T: serializers.Serializer[Any]](serializer_class: type[T], request: Request) -> T:
    """The request's body checked against ``serializer_class`` (a 400 otherwise)."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer


def validated[F: forms.BaseForm](form: F) -> F:
    """``form`` once valid; its errors as a 400 answer otherwise."""
    if not form.is_valid():
        raise serializers.ValidationError(form_errors(form))
    return form


def formset_data(prefix: str, rows: list[dict[str, Any]], existing: list[Any]) -> dict[str, Any]:
    """POST data for an inline formset that makes the ``existing`` rows into ``rows``.

    A row sent with the ``id`` of an existing one changes it; existing rows not sent are
    deleted; rows without a known ``id`` are added.
    """
    sent = {row["id"]: row for row in rows if row.get("id")}
    known = {instance.pk for instance in existing}
    forms_data: list[dict[str, Any]] = [
        {**sent[instance.pk], "id": instance.pk}
        if instance.pk in sent
        else {"id": instance.pk, "DELETE": "on"}
        for instance in existing
    ]
    forms_data += [
        {k: v for k, v in row.items() if k != "id"} for row in rows if row.get("id") not in known
    ]
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": str(len(forms_data)),
        f"{prefix}-INITIAL_FORMS": str(len(existing)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(forms_data):
        for field, value in row.items():
            data[f"{prefix}-{index}-{field}"] = "" if value is None else value
    return data


class PagePagination(BasePagination):
    """Pages of ``page_size`` rows without counting them all: counting a million people on
    every request costs more than the page itself. ``next`` is null on the last page."""

    page_size = 50
    max_page_size = 200

    def _number(self, request: Request, name: str, default: int, maximum: int) -> int:
        raw = request.query_params.get(name, "")
        if not raw:
            return default
        if not raw.isdigit() or int(raw) < 1:
            raise serializers.ValidationError(
                {name: [_("Give a whole number of 1 or more.")]}, code="invalid"
            )
        return min(int(raw), maximum)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        self.request = request
        self.page = self._number(request, "page", 1, 10**6)
        size = self._number(request, "page_size", self.page_size, self.max_page_size)
        start = (self.page - 1) * size
        rows = list(queryset[start : start + size + 1])
        self.has_next = len(rows) > size
        return rows[:size]

    def get_paginated_response(self, data: Any) -> Response:
        url = self.request.build_absolute_uri()
        next_url = replace_query_param(url, "page", self.page + 1) if self.has_next else None
        previous_url = None
        if self.page == 2:
            previous_url = remove_query_param(url, "page")
        elif self.page > 2:
            previous_url = replace_query_param(url, "page", self.page - 1)
        return Response(
            {"page": self.page, "next": next_url, "previous": previous_url, "results": data}
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["page", "next", "previous", "results"],
            "properties": {
                "page": {"type": "integer", "minimum": 1},
                "next": link,
                "previous": link,
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": name,
                "required": False,
                "in": "query",
                "schema": {"type": "integer", "minimum": 1},
                "description": description,
            }
            for name, description in (
                ("page", "The page, from 1."),
                ("page_size", f"Rows per page, at most {self.max_page_size}."),
            )
        ]


class VersionField(serializers.CharField):
    """The version a client read (the record's last change); sent back with a change, it lets
    the server refuse the change if someone else saved the record meanwhile (409)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            "The record's version as read; a change with an older version is refused with 409.",
        )
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return value.isoformat() if value else ""
