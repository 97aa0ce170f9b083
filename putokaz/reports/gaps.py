"""The service-gap table's other half: the guide's services in a municipality per life
domain, and the languages they are offered in (public data of the guide, no person).

Which service domains answer which life domain is data (``data/service_domains.toml``).
"""

import functools
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from putokaz.directory.models import Service, ServiceLanguage
from putokaz.geo.models import Municipality

_FILE = Path(__file__).parent / "data" / "service_domains.toml"


@functools.cache
def service_domains() -> dict[str, tuple[str, ...]]:
    """Life domain → the guide's service domain codes that answer it."""
    with _FILE.open("rb") as file:
        config = tomllib.load(file)
    return {domain: tuple(codes) for domain, codes in config["domains"].items()}


@dataclass
class Offer:
    services: int = 0
    languages: Counter[str] = field(default_factory=Counter)


def services_by_life_domain(municipality: Municipality) -> dict[str, Offer]:
    """Per life domain, the published active services for the municipality's residents (a
    city's services count for its city municipalities) and their languages. Two queries."""
    services = (
        Service.objects.published()
        .filter(status=Service.Status.ACTIVE)
        .in_municipality(municipality)
        .values("pk")
    )
    links = Service.domains.through.objects.filter(service_id__in=services).values_list(
        "service_id", "taxonomyterm__code", "taxonomyterm__parent__code"
    )
    answering: dict[str, set[str]] = defaultdict(set)
    for life_domain, codes in service_domains().items():
        for code in codes:
            answering[code].add(life_domain)
    found: dict[str, set[object]] = defaultdict(set)
    for service_id, code, parent in links:
        for life_domain in answering.get(code, set()) | answering.get(parent or "", set()):
            found[life_domain].add(service_id)
    spoken: dict[object, list[str]] = defaultdict(list)
    for service_id, language in ServiceLanguage.objects.filter(service_id__in=services).values_list(
        "service_id", "code"
    ):
        spoken[service_id].append(language)
    offers: dict[str, Offer] = {}
    for life_domain in service_domains():
        ids = found.get(life_domain, set())
        languages: Counter[str] = Counter()
        for member in ids:
            languages.update(set(spoken.get(member, [])))
        offers[life_domain] = Offer(services=len(ids), languages=languages)
    return offers
