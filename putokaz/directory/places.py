"""The places of the guide's map: where the services found by a search are delivered."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from modeltranslation.utils import build_localized_fieldname

from putokaz.core.content_translation import in_script
from putokaz.directory.models import Location, Service, ServiceAtLocation, ServiceQuerySet

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


def places_of(services: ServiceQuerySet, *, limit: int = MAP_LIMIT) -> Places:
    """The locations of ``services`` (already scoped to what the public may see), each with
    the services found there, in a stable order; at most ``limit`` places."""
    locations = (
        Location.objects.filter(
            pk__in=ServiceAtLocation.objects.filter(service__in=services.values("pk")).values(
                "location_id"
            )
        )
        .select_related("municipality")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=services.order_by("name_sr_latn", "pk").only("pk", *NAME_FIELDS),
                to_attr="found_services",
            )
        )
        .order_by("municipality__name_sr_latn", "name_sr_latn", "pk")
    )
    found = list(locations[: limit + 1])
    return Places(
        [Place(location, list(location.found_services)) for location in found[:limit]],
        truncated=len(found) > limit,
    )
