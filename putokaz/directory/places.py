"""The places of the guide's map: where the services found by a search are delivered."""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

from putokaz.core.content_translation import in_script
from putokaz.directory.models import Location, Service, ServiceAtLocation, ServiceQuerySet
from putokaz.geo.models import Municipality

# A map of more places than this is unreadable and heavy on a phone: the page asks to narrow.
MAP_LIMIT = 400
NAME_FIELDS = ["name", *(build_localized_fieldname("name", code) for code, _ in settings.LANGUAGES)]


@dataclass
class Place:
    location: Location
    services: list[Service] = field(default_factory=list)

    @property
    def on_map(self) -> bool:
        return self.location.on_map

    def point(self) -> dict[str, object]:
        """What the map script needs to draw this place (plain JSON, escaped by json_script)."""
        return {
            "lat": float(self.location.latitude or 0),
            "lng": float(self.location.longitude or 0),
            "name": self.location.name,
            "address": in_script(f"{self.location.address}, {self.location.municipality}"),
            "services": [
                {"name": service.name, "url": service.get_absolute_url()}
                for service in self.services
            ],
        }


@dataclass
class Places:
    places: list[Place]
    truncated: bool

    @property
    def mapped(self) -> list[Place]:
        return [place for place in self.places if place.on_map]

    @property
    def unmapped(self) -> list[Place]:
        return [place for place in self.places if not place.on_map]

    def points(self) -> list[dict[str, object]]:
        return [place.point() for place in self.mapped]


def nearest(locations: Iterable[Location], area: Collection[int] | None) -> list[Location]:
    """The places of one service that a reader in ``area`` (municipality ids) goes to: those
    inside it when there are any (a city-wide service's office in their municipality), else
    all of them (a service for them that sits elsewhere)."""
    every = list(locations)
    if not area:
        return every
    return [location for location in every if location.municipality_id in area] or every


def places_of(
    services: ServiceQuerySet, *, near: Municipality | None = None, limit: int = MAP_LIMIT
) -> Places:
    """The locations of ``services`` (already scoped to what the public may see), each with
    the services found there, in a stable order; at most ``limit`` places. With ``near``,
    each service shows only its places in that municipality, where it has some."""
    area = set(near.served_with()) if near is not None else None
    links = ServiceAtLocation.objects.filter(service__in=services.values("pk")).select_related(
        "location"
    )
    by_service: dict[UUID, list[Location]] = defaultdict(list)
    for link in links.only("service_id", "location__id", "location__municipality_id"):
        by_service[link.service_id].append(link.location)
    at_location: dict[UUID, set[UUID]] = defaultdict(set)
    for service_id, locations in by_service.items():
        for location in nearest(locations, area):
            at_location[location.pk].add(service_id)
    found = list(
        Location.objects.filter(pk__in=list(at_location))
        .select_related("municipality")
        .order_by("municipality__name_sr_latn", "name_sr_latn", "pk")[: limit + 1]
    )
    shown = found[:limit]
    wanted = {service_id for location in shown for service_id in at_location[location.pk]}
    ordered = services.filter(pk__in=wanted).order_by("name_sr_latn", "pk")
    named = {service.pk: service for service in ordered.only("pk", *NAME_FIELDS)}
    position = {pk: index for index, pk in enumerate(named)}  # dicts keep the query's order
    places = [
        Place(
            location,
            [
                named[pk]
                for pk in sorted(at_location[location.pk] & named.keys(), key=position.__getitem__)
            ],
        )
        for location in shown
    ]
    return Places(places, truncated=len(found) > limit)
