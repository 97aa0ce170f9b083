"""The public Integration Guide: no sign-in, and every page works without JavaScript."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from putokaz.accounts.models import Organisation
from putokaz.core.ids import parse_uuid
from putokaz.directory.forms import SPOKEN_LANGUAGES, GuideSearchForm
from putokaz.directory.models import (
    Location,
    Service,
    ServiceQuerySet,
    TaxonomyTerm,
    grouped_hours,
)
from putokaz.directory.places import nearest, places_of
from putokaz.geo.models import Municipality

PAGE_SIZE = 20


def guide_home(request: HttpRequest) -> HttpResponse:
    domains = TaxonomyTerm.objects.filter(taxonomy__code="domains", parent__isnull=True)
    return render(
        request,
        "directory/guide_home.html",
        {"form": GuideSearchForm(), "domains": domains},
    )


def _found(request: HttpRequest) -> tuple[GuideSearchForm, ServiceQuerySet]:
    """The search form of the request and the published services it finds."""
    form = GuideSearchForm(request.GET or None)
    services = Service.objects.published()
    if form.is_bound:
        form.is_valid()  # a bad value (a stale link) drops only its own filter, with a message
        services = form.filter(services)
    return form, services


def _chosen_municipality(form: GuideSearchForm) -> Municipality | None:
    return getattr(form, "cleaned_data", {}).get("municipality")


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def service_list(request: HttpRequest) -> HttpResponse:
    form, services = _found(request)
    services = services.select_related("organisation").prefetch_related(
        Prefetch("locations", queryset=Location.objects.select_related("municipality")),
        "domains",
    )
    # One order in every language: by the Serbian Latin name, which every service has.
    page = Paginator(services.order_by("name_sr_latn", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    near = _chosen_municipality(form)
    area = near.served_with() if near is not None else None
    for service in page:  # a city-wide service names its office in the reader's municipality
        service.shown_places = nearest(service.locations.all(), area)  # type: ignore[attr-defined]
    return render(
        request,
        "directory/service_list.html",
        {"form": form, "page": page, "map_query": _query_without(request, "page")},
    )


def service_map(request: HttpRequest) -> HttpResponse:
    """The places of the services found, on a map; the list of places below it is the page
    without JavaScript or when the map background cannot load."""
    form, services = _found(request)
    one_service = parse_uuid(request.GET.get("service", ""))
    if one_service is not None:
        services = services.filter(pk=one_service)
    places = places_of(services, near=_chosen_municipality(form))
    return render(
        request,
        "directory/service_map.html",
        {
            "form": form,
            "places": places,
            "one_service": one_service,
            "map_tiles": settings.PUTOKAZ_MAP_TILES,
            "map_attribution": settings.PUTOKAZ_MAP_ATTRIBUTION,
            "list_query": _query_without(request, "service", "page"),
        },
    )


def service_detail(request: HttpRequest, pk: str) -> HttpResponse:
    service = get_object_or_404(
        Service.objects.published()
        .select_related("organisation", "verified_by")
        .prefetch_related(
            "domains",
            "target_groups",
            "required_documents",
            "languages",
            "phones",
            "schedules",
            "service_areas",
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("municipality").prefetch_related("phones"),
            ),
        ),
        pk=pk,
    )
    spoken = dict(SPOKEN_LANGUAGES)
    languages = [spoken.get(language.code, language.code) for language in service.languages.all()]
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "languages": languages,
            "hours": grouped_hours(list(service.schedules.all())),
            "on_map": any(location.on_map for location in service.locations.all()),
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.active(), pk=pk)
    services = Service.objects.published().filter(organisation=organisation).order_by("name")
    if not services.exists():
        raise Http404  # an organisation appears in the guide once it has published a service
    municipalities = Municipality.objects.filter(organisations=organisation)
    return render(
        request,
        "directory/organisation_detail.html",
        {"organisation": organisation, "services": services, "municipalities": municipalities},
    )
