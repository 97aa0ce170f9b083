"""The directory as Open Referral HSDS 3.0 documents, in one language.

HSDS has no multilingual text: a document is written in the language active when
it is built (``translation.override``); Serbian Cyrillic falls back to
transliterated Latin like every page. Only properties HSDS defines are written,
so every document validates strictly against the official schemas.
"""

import datetime
import uuid
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language

from putokaz.accounts.models import Organisation
from putokaz.core import languages
from putokaz.directory.models import (
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from putokaz.geo.models import Municipality

VERSION = "3.0"
# What :func:`service` reads of a service: prefetch it for a list of them.
SERVICE_PREFETCH = (
    "phones",
    "schedules",
    "service_areas",
    "languages",
    "required_documents",
    "domains__taxonomy",
    "target_groups__taxonomy",
    "service_at_locations__location__municipality__district",
    "service_at_locations__location__municipality__parent",
    "service_at_locations__location__organisation",
    "service_at_locations__location__phones",
)
WEEKDAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


def _text(value: object) -> str:
    return str(value) if value else ""


def _uri(value: str) -> str:
    """A web address as an ASCII URI (internationalised host names in punycode)."""
    if not value:
        return ""
    parts = urlsplit(value)
    host = parts.hostname.encode("idna").decode("ascii") if parts.hostname else ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return iri_to_uri(urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)))


def _drop_empty(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if value not in ("", None)}


def _time(value: datetime.time) -> str:
    """HH:MM with the offset of Belgrade on today's date (HSDS asks for the time zone)."""
    now = timezone.localtime()
    offset = now.strftime("%z")
    return f"{value:%H:%M}{offset[:3]}:{offset[3:]}"


def phone(item: Phone) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": str(item.id),
            "number": item.number,
            "extension": item.extension,
            "type": item.kind,
            "description": _text(item.description),
            "languages": [],
        }
    )


def schedule(item: Schedule) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": str(item.id),
            "service_id": str(item.service_id),
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": WEEKDAYS[item.weekday],
            "opens_at": _time(item.opens_at),
            "closes_at": _time(item.closes_at),
            "notes": _text(item.notes),
        }
    )


def location(item: Location) -> dict[str, Any]:
    address = {
        "id": str(uuid.uuid5(item.id, "address")),
        "location_id": str(item.id),
        "address_1": _text(item.address) or "-",
        "city": str(item.municipality),
        "state_province": str(item.municipality.district),
        "postal_code": item.postal_code,
        "country": "RS",
        "address_type": "physical",
    }
    if item.municipality.parent_id:  # its city: tells Vranje the city municipality from the city
        address["region"] = str(item.municipality.parent)
    return _drop_empty(
        {
            "id": str(item.id),
            "location_type": "physical",
            "organization_id": str(item.organisation.uuid),
            "name": _text(item.name),
            "description": _text(item.description),
            "transportation": _text(item.transportation),
            "latitude": float(item.latitude) if item.latitude is not None else None,
            "longitude": float(item.longitude) if item.longitude is not None else None,
            "addresses": [address],
            "phones": [phone(p) for p in item.phones.all()],
            "accessibility": [
                {
                    "id": str(item.id),
                    "location_id": str(item.id),
                    "description": _text(item.accessibility),
                }
            ]
            if item.accessibility
            else [],
        }
    )


def organization(item: Organisation, *, services: list[Service] | None = None) -> dict[str, Any]:
    document = _drop_empty(
        {
            "id": str(item.uuid),
            "name": _text(item.name),
            "alternate_name": _text(item.short_name),
            "description": item.get_kind_display(),
            "email": item.email,
            "website": _uri(item.website),
        }
    )
    if services is not None:
        document["services"] = [service_summary(s) for s in services]
    return document


def taxonomy(item: Taxonomy) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": str(item.id),
            "name": _text(item.name),
            "description": _text(item.description),
            "version": item.version,
        }
    )


def taxonomy_term(item: TaxonomyTerm) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": str(item.id),
            "code": item.code,
            "name": _text(item.name),
            "description": _text(item.description),
            "parent_id": str(item.parent_id) if item.parent_id else None,
            "taxonomy": item.taxonomy.code,
            "taxonomy_id": str(item.taxonomy_id),
            "language": languages.public_code(get_language() or languages.DEFAULT),
        }
    )


def service_summary(item: Service) -> dict[str, Any]:
    """The one-to-one fields of a service (HSDS service_list)."""
    return _drop_empty(
        {
            "id": str(item.id),
            "organization_id": str(item.organisation.uuid),
            "name": _text(item.name),
            "alternate_name": _text(item.alternate_name),
            "description": _text(item.description),
            "url": _uri(item.url),
            "email": item.email,
            "status": item.status,
            "interpretation_services": _text(item.interpretation_services),
            "application_process": _text(item.application_process),
            "fees_description": _text(item.fees_description),
            "eligibility_description": _text(item.eligibility_description),
            "minimum_age": item.minimum_age,
            "maximum_age": item.maximum_age,
            "assured_date": item.verified_on.isoformat() if item.verified_on else None,
            # Not the checker's own address: that is personal data; the organisation's is public.
            "assurer_email": item.organisation.email if item.verified_on else None,
            "last_modified": item.updated_at.isoformat(),
        }
    )


def service(item: Service) -> dict[str, Any]:
    """A fully nested HSDS service."""
    document = service_summary(item)
    document.update(
        {
            "organization": organization(item.organisation),
            "phones": [phone(p) for p in item.phones.all()],
            "schedules": [schedule(s) for s in item.schedules.all()],
            "service_areas": [
                {
                    "id": area_id(item.id, place),
                    "service_id": str(item.id),
                    "name": str(place),
                }
                for place in item.service_areas.all()
            ],
            "service_at_locations": [
                service_at_location(link) for link in item.service_at_locations.all()
            ],
            "languages": [
                _drop_empty(
                    {
                        "id": str(language.id),
                        "service_id": str(item.id),
                        "code": language.code,
                        "note": language.note,
                    }
                )
                for language in item.languages.all()
            ],
            "required_documents": [
                {"id": str(d.id), "service_id": str(item.id), "document": _text(d.document)}
                for d in item.required_documents.all()
            ],
            "attributes": [
                {
                    "id": _derived_id(item, f"term:{term.pk}"),
                    "link_id": str(item.id),
                    "link_type": "service",
                    "link_entity": "service",
                    "taxonomy_term_id": str(term.pk),
                    "taxonomy_term": taxonomy_term(term),
                }
                for term in [*item.domains.all(), *item.target_groups.all()]
            ],
        }
    )
    return document


def service_at_location(link: ServiceAtLocation) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": str(link.id),
            "service_id": str(link.service_id),
            "location_id": str(link.location_id),
            "description": _text(link.description),
            "location": location(link.location),
        }
    )


def area_id(service_id: uuid.UUID, place: Municipality) -> str:
    """The id of a service area: the importer knows its municipality by it."""
    return str(uuid.uuid5(service_id, f"area:{place.code}"))


def _derived_id(item: Service, key: str) -> str:
    """Rows we keep as plain links have no UUID of their own: derive a stable one."""
    return str(uuid.uuid5(item.id, key))
