"""The read-only HSDS 3.0 API under /hsds/: public, one language per response (``?lang=``)."""

import json
import math
import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from putokaz.accounts.models import Organisation
from putokaz.core import languages
from putokaz.directory import hsds
from putokaz.directory.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class HsdsView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    schema = None  # described by its own HSDS OpenAPI document, not by /api/v1/schema/


def _positive(request: Request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError(_("%(name)s must be a whole number.") % {"name": name}) from None
    if value < 1:
        raise ValidationError(_("%(name)s must be 1 or more.") % {"name": name})
    return min(value, maximum) if maximum else value


def page_of(request: Request, queryset: QuerySet[Any], build: Any) -> Response:
    """The HSDS paging envelope around one page of ``queryset``."""
    try:
        page = _positive(request, "page", 1)
        per_page = _positive(request, "per_page", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    except ValidationError as error:
        return Response({"detail": " ".join(error.messages)}, status=400)
    total = queryset.count()
    pages = max(1, math.ceil(total / per_page))
    # A page past the end is empty; it is not asked of the database (huge offsets overflow).
    items = list(queryset[(page - 1) * per_page : page * per_page]) if page <= pages else []
    return Response(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": page,
            "size": len(items),
            "first_page": page == 1,
            "last_page": page >= pages,
            "empty": not items,
            "contents": [build(item) for item in items],
        }
    )


def _public_services() -> Any:
    return (
        Service.objects.published()
        .select_related("organisation", "verified_by")
        .order_by("name_sr_latn", "pk")
    )


class Root(HsdsView):
    def get(self, request: Request) -> Response:
        return Response(
            {
                "version": hsds.VERSION,
                "profile": request.build_absolute_uri(reverse("directory:hsds_profile")),
                "openapi_url": request.build_absolute_uri(reverse("directory:hsds_openapi")),
            }
        )


class ServiceList(HsdsView):
    def get(self, request: Request) -> Response:
        services = _public_services()
        params = request.query_params
        if params.get("search"):
            services = services.search(params["search"])
        if params.get("taxonomy_term_id"):
            term = TaxonomyTerm.objects.filter(pk=_uuid_or_404(params["taxonomy_term_id"])).first()
            services = (
                services.in_domain(term) | services.for_group(term) if term else services.none()
            )
        if params.get("organization_id"):
            services = services.filter(organisation__uuid=_uuid_or_404(params["organization_id"]))
        if params.get("modified_after"):
            try:
                moment = parse_datetime(params["modified_after"])
            except ValueError:  # well formed but impossible, like 30 February
                moment = None
            if moment is None:
                return Response(
                    {"detail": _("modified_after must be a date and time (ISO 8601).")}, status=400
                )
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            services = services.filter(updated_at__gte=moment)
        return page_of(request, services, hsds.service_summary)


class ServiceDetail(HsdsView):
    def get(self, request: Request, pk: str) -> Response:
        service = _public_services().prefetch_related(*hsds.SERVICE_PREFETCH).filter(pk=pk).first()
        if service is None:
            raise Http404
        return Response(hsds.service(service))


def _public_organisations() -> Any:
    return Organisation.objects.filter(
        pk__in=Service.objects.published().values("organisation_id")
    ).order_by("name_sr_latn", "pk")


class OrganizationList(HsdsView):
    def get(self, request: Request) -> Response:
        organisations = _public_organisations()
        if request.query_params.get("search"):
            matching = (
                Service.objects.published()
                .search(request.query_params["search"])
                .values("organisation_id")
            )
            organisations = organisations.filter(pk__in=matching)
        return page_of(request, organisations, hsds.organization)


class OrganizationDetail(HsdsView):
    def get(self, request: Request, pk: str) -> Response:
        organisation = _public_organisations().filter(uuid=_uuid_or_404(pk)).first()
        if organisation is None:
            raise Http404
        services = list(_public_services().filter(organisation=organisation))
        return Response(hsds.organization(organisation, services=services))


class TaxonomyList(HsdsView):
    def get(self, request: Request) -> Response:
        return page_of(request, Taxonomy.objects.order_by("code"), hsds.taxonomy)


class TaxonomyTermList(HsdsView):
    def get(self, request: Request) -> Response:
        terms = TaxonomyTerm.objects.select_related("taxonomy").order_by(
            "taxonomy__code", "position", "code"
        )
        params = request.query_params
        if params.get("taxonomy_id"):
            terms = terms.filter(taxonomy_id=_uuid_or_404(params["taxonomy_id"]))
        if params.get("parent_id"):
            terms = terms.filter(parent_id=_uuid_or_404(params["parent_id"]))
        if params.get("top_only") in ("true", "1"):
            terms = terms.filter(parent__isnull=True)
        return page_of(request, terms, hsds.taxonomy_term)


class ServiceAtLocationList(HsdsView):
    def get(self, request: Request) -> Response:
        links = (
            ServiceAtLocation.objects.filter(service__in=Service.objects.published())
            .select_related(
                "location__municipality__district",
                "location__municipality__parent",
                "location__organisation",
            )
            .prefetch_related("location__phones")
            .order_by("pk")
        )
        return page_of(request, links, hsds.service_at_location)


def _uuid_or_404(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


OPENAPI_FILE = Path(__file__).parent / "data" / "hsds-openapi.json"


class OpenApi(HsdsView):
    """The HSDS 3.0 OpenAPI description this API implements, with this server's address."""

    def get(self, request: Request) -> Response:
        document = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
        document["servers"] = [
            {"url": request.build_absolute_uri(reverse("directory:hsds_root")).rstrip("/")}
        ]
        return Response(document)


class Profile(HsdsView):
    """What this API adds to plain HSDS: languages."""

    def get(self, request: Request) -> Response:
        return Response(
            {
                "name": "Putokaz HSDS profile",
                "hsds_version": hsds.VERSION,
                "languages": [language.public_code for language in languages.all_languages()],
                "description": (
                    "Every response is plain HSDS 3.0 in one language. Choose it with ?lang= "
                    "(sr-Latn default, sr-Cyrl, rom, sq, de, en) or Accept-Language; the response's "
                    "Content-Language names it. Text not translated into a language is given in Serbian "
                    "(transliterated for sr-Cyrl). Taxonomy terms have stable UUIDs; their taxonomies are "
                    "'domains' and 'target-groups'. No properties beyond HSDS are added."
                ),
            }
        )
