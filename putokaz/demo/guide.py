"""The demo directory of the public guide: invented organisations of Belgrade's 17 city
municipalities, their places and their services, read from ``data/guide.toml`` (its
header explains the format).

Loading makes the demo entries match the file, in a few bulk queries: what is missing is
created, what differs is updated, and what hangs off a demo service or place (documents
to bring, opening hours, languages, phones, links to areas, domains and groups) becomes
exactly what the file says. Organisations, places and services added in the demo are
left alone. A service's check date is set when it is created, some weeks or months back,
so that the editors' list of entries to check has entries; checking it in the demo sticks.
Invented rows get no change history, as in the rest of the demo.
"""

import datetime
import tomllib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Model, Q
from django.utils import timezone, translation

from putokaz.accounts.models import Organisation
from putokaz.directory.models import (
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
)
from putokaz.geo.models import Municipality

DATA_FILE = Path(__file__).parent / "data" / "guide.toml"
# The languages the file is written in; Serbian Cyrillic is derived from Serbian Latin.
LANGUAGES = ("sr_latn", "en", "de", "sq", "rom")
COLUMNS = tuple(code.replace("-", "_") for code, _name in settings.LANGUAGES)
TEXT_FIELDS = {
    "description": "description",
    "application": "application_process",
    "eligibility": "eligibility_description",
    "fees": "fees_description",
    "interpretation": "interpretation_services",
}
# A per-municipality service's check date goes back 0-16 steps of this many days more, in a
# scrambled order of the municipalities (11 and 17 are coprime: each gets another step), so
# that every municipality, Zemun of the demo accounts too, has some entries due for a check.
DAYS_PER_STEP = 9
BATCH = 500

Texts = dict[str, str]


class DemoDataError(ValueError):
    """The data file says something the loader cannot use."""


@dataclass(frozen=True)
class Place:
    """A city municipality as the file describes it."""

    municipality: Municipality
    name: str  # in Serbian Latin, as the file names it
    number: int  # 1-17, in the order of the Statistical Office's codes
    latitude: Decimal
    longitude: Decimal
    postal_code: str
    streets: list[str]
    names: dict[str, str]


@dataclass(frozen=True)
class LocationSpec:
    place: Place
    name: Texts
    address: str
    latitude: Decimal
    longitude: Decimal
    accessibility: Texts
    phone: str


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    kind: str
    name: Texts
    former_name: str
    email: str
    covers: list[Municipality]
    locations: list[LocationSpec]


@dataclass(frozen=True)
class PhoneSpec:
    number: str
    kind: str
    description: Texts


@dataclass(frozen=True)
class ServiceSpec:
    organisation: str  # an OrganisationSpec key
    name: Texts
    texts: dict[str, Texts]  # by model field name
    former_name: str
    locations: list[Place]  # the organisation's places it is offered at
    areas: list[Municipality]
    domains: list[str]
    groups: list[str]
    languages: list[str]
    hours: list[tuple[int, datetime.time, datetime.time]]
    documents: list[Texts]
    phones: list[PhoneSpec]
    access: str
    is_free: bool
    referral_required: bool
    minimum_age: int | None
    maximum_age: int | None
    email: str
    verified_days_ago: int


@dataclass(frozen=True)
class Directory:
    organisations: list[OrganisationSpec]
    services: list[ServiceSpec]


# --- Reading the file -------------------------------------------------------------------


def _fill(text: str, place: Place | None, key: str = "") -> str:
    if place is None:
        return text
    return (
        text.replace("{m}", place.name)
        .replace("{code}", place.municipality.code)
        .replace("{n}", f"{place.number:02d}")
        .replace("{x}", place.names.get(key, ""))
    )


def _texts(
    table: dict[str, str] | None, where: str, place: Place | None = None, key: str = ""
) -> Texts:
    if not table:
        return {}
    missing = [language for language in LANGUAGES if not table.get(language)]
    if missing:
        raise DemoDataError(f"{DATA_FILE.name}: {where} has no text in {', '.join(missing)}")
    return {language: _fill(table[language], place, key) for language in LANGUAGES}


def _hours(rows: list[str]) -> list[tuple[int, datetime.time, datetime.time]]:
    """``["1-5 07:30-15:30", "6 08:00-13:00"]`` as (weekday, opens, closes) rows."""
    result = []
    for row in rows:
        days, times = row.split()
        first, _, last = days.partition("-")
        opens, closes = (datetime.time.fromisoformat(t) for t in times.split("-"))
        for weekday in range(int(first), int(last or first) + 1):
            result.append((weekday, opens, closes))
    return result


def _coordinate(centre: float, offset: float) -> Decimal:
    return (Decimal(str(centre)) + Decimal(str(offset))).quantize(Decimal("0.000001"))


def _places(data: dict[str, Any], city_municipalities: list[Municipality]) -> dict[str, Place]:
    by_name = {m.name: m for m in city_municipalities}  # read in Serbian Latin
    if set(data) != set(by_name):
        raise DemoDataError(
            f"{DATA_FILE.name}: the municipalities are not Belgrade's city municipalities: "
            f"{sorted(set(data) ^ set(by_name))}"
        )
    places = {}
    for number, municipality in enumerate(city_municipalities, start=1):
        entry = data[municipality.name]
        places[municipality.name] = Place(
            municipality=municipality,
            name=municipality.name,
            number=number,
            latitude=Decimal(str(entry["centre"][0])),
            longitude=Decimal(str(entry["centre"][1])),
            postal_code=entry["postal_code"],
            streets=entry["streets"],
            names=entry.get("names", {}),
        )
    return places


def _chosen(places: dict[str, Place], names: list[str] | str, where: str) -> list[Place]:
    if names == "each":
        return list(places.values())
    unknown = [name for name in names if name not in places]
    if unknown:
        raise DemoDataError(f"{DATA_FILE.name}: {where} names unknown municipalities {unknown}")
    return [places[name] for name in names]


def _organisations(data: list[dict[str, Any]], places: dict[str, Place]) -> list[OrganisationSpec]:
    result = []
    everywhere = [place.municipality for place in places.values()]
    for salt, entry in enumerate(data):
        key = entry["key"]
        each = entry.get("each_municipality", False)

        def location(place: Place, entry: dict[str, Any] = entry, salt: int = salt) -> LocationSpec:
            where = f"organisation {entry['key']}"
            street = place.streets[entry["street"] % len(place.streets)]
            accessible = place.name in entry.get("accessible_in", [])
            return LocationSpec(
                place=place,
                name=_texts(
                    entry.get("location_name") or entry["name"], where, place, entry["key"]
                ),
                address=f"{street} {1 + (place.number * 17 + salt * 29) % 140}",
                latitude=_coordinate(float(place.latitude), entry["offset"][0]),
                longitude=_coordinate(float(place.longitude), entry["offset"][1]),
                accessibility=_texts(entry["accessibility"], where) if accessible else {},
                phone=_fill(entry["phone"], place),
            )

        if each:
            for place in places.values():
                result.append(
                    OrganisationSpec(
                        key=f"{key}-{place.name.lower().replace(' ', '-')}",
                        kind=entry["kind"],
                        name=_texts(entry["name"], f"organisation {key}", place, key),
                        former_name=_fill(entry.get("former_name", ""), place),
                        email=_fill(entry.get("email", ""), place),
                        covers=[place.municipality],
                        locations=[location(place)],
                    )
                )
        else:
            covers = entry["covers"]
            result.append(
                OrganisationSpec(
                    key=key,
                    kind=entry["kind"],
                    name=_texts(entry["name"], f"organisation {key}"),
                    former_name=entry.get("former_name", ""),
                    email=entry.get("email", ""),
                    covers=everywhere
                    if covers == "city"
                    else [p.municipality for p in _chosen(places, covers, key)],
                    locations=[location(p) for p in _chosen(places, entry["locations"], key)],
                )
            )
    return result


def _service(
    entry: dict[str, Any],
    organisation: OrganisationSpec,
    at: list[Place],
    areas: list[Municipality],
    place: Place | None,
) -> ServiceSpec:
    where = f"service {entry['key']}"
    if "hours_variants" in entry:
        variants = entry["hours_variants"]
        rows = variants[(place.number - 1) % len(variants)] if place else variants[0]
    else:
        rows = entry["hours"]
    languages = list(entry["languages"])
    for language, municipalities in entry.get("languages_in", {}).items():
        if place and place.name in municipalities:
            languages.append(language)
    is_free = entry.get("free", True)
    if not is_free and "fees" not in entry:
        raise DemoDataError(f"{DATA_FILE.name}: {where} is not free but says no fees")
    return ServiceSpec(
        organisation=organisation.key,
        name=_texts(entry["name"], where, place),
        texts={
            field: _texts(entry.get(table), f"{where} {table}", place)
            for table, field in TEXT_FIELDS.items()
        },
        former_name=_fill(entry.get("former_name", ""), place),
        locations=at,
        areas=areas,
        domains=entry["domains"],
        groups=entry["groups"],
        languages=languages,
        hours=_hours(rows),
        documents=[_texts(d, f"{where} document", place) for d in entry.get("documents", [])],
        phones=[
            PhoneSpec(p["number"], p["kind"], _texts(p.get("description"), f"{where} phone"))
            for p in entry.get("phones", [])
        ],
        access=entry["access"],
        is_free=is_free,
        referral_required=entry.get("referral_required", False),
        minimum_age=entry.get("minimum_age"),
        maximum_age=entry.get("maximum_age"),
        email=entry.get("email", ""),
        verified_days_ago=entry["verified_days_ago"]
        + (DAYS_PER_STEP * (place.number * 11 % 17) if place else 0),
    )


def read(city_municipalities: list[Municipality], city: Municipality) -> Directory:
    """The directory the data file describes, for Belgrade's city municipalities (ordered by
    code) and the City itself."""
    with DATA_FILE.open("rb") as file:
        data = tomllib.load(file)
    with translation.override("sr-latn"):  # the file names the municipalities in Latin
        places = _places(data["municipalities"], city_municipalities)
    organisations = _organisations(data["organisations"], places)
    by_key = {o.key: o for o in organisations}
    each = {e["key"] for e in data["organisations"] if e.get("each_municipality")}
    services = []
    for entry in data["services"]:
        key = entry["organisation"]
        if key in each:
            for place in _chosen(places, entry.get("only_in", "each"), entry["key"]):
                organisation = by_key[f"{key}-{place.name.lower().replace(' ', '-')}"]
                services.append(_service(entry, organisation, [place], [place.municipality], place))
        else:
            organisation = by_key[key]
            own = [location.place for location in organisation.locations]
            at = _chosen(places, entry["at"], entry["key"]) if "at" in entry else own
            areas = [city] if entry.get("areas") == "city" else organisation.covers
            services.append(_service(entry, organisation, at, areas, None))
    return Directory(organisations, services)


# --- Writing it -------------------------------------------------------------------------


def _columns(field: str, texts: Texts) -> dict[str, str]:
    """Every language column of a translated field (Serbian Cyrillic stays empty: derived)."""
    return {f"{field}_{column}": texts.get(column, "") for column in COLUMNS}


def _translated(*fields: str) -> list[str]:
    """The columns of translated ``fields`` to compare and write, with the original field
    (which holds the Serbian Latin text)."""
    return [*fields, *(f"{field}_{column}" for field in fields for column in COLUMNS)]


def _sync[M: Model](
    model: type[M],
    current: Iterable[M],
    desired: Iterable[M],
    key: Callable[[M], Hashable],
    fields: list[str],
    *,
    aliases: dict[Hashable, Hashable] | None = None,
    delete_rest: bool = False,
) -> dict[Hashable, M]:
    """Make the rows ``current`` (oldest first) what the unsaved rows ``desired`` say, matched
    by ``key``: create the missing, update the ``fields`` that differ, and with
    ``delete_rest`` delete the current rows nothing desired matched. ``aliases`` maps a key
    to an earlier one that a current row may still have. Returns the saved rows by key."""
    found: dict[Hashable, M] = {}
    for row in current:
        found.setdefault(key(row), row)
    for new, old in (aliases or {}).items():
        if new not in found and old in found:
            found[new] = found.pop(old)
    result: dict[Hashable, M] = {}
    created: list[M] = []
    changed: list[M] = []
    stamped = any(f.name == "updated_at" for f in model._meta.concrete_fields)
    now = timezone.now()
    for row in desired:
        row_key = key(row)
        existing = found.pop(row_key, None)
        if existing is None:
            created.append(row)
            result[row_key] = row
            continue
        if any(getattr(existing, f) != getattr(row, f) for f in fields):
            for f in fields:
                setattr(existing, f, getattr(row, f))
            if stamped:
                existing.updated_at = now  # type: ignore[attr-defined]
            changed.append(existing)
        result[row_key] = existing
    model._default_manager.bulk_create(created, batch_size=BATCH)
    if changed:
        model._default_manager.bulk_update(
            changed, [*fields, "updated_at"] if stamped else fields, batch_size=BATCH
        )
    if delete_rest and found:
        model._default_manager.filter(pk__in=[row.pk for row in found.values()]).delete()
    return result


def _sync_links(
    model: type[Model], field: str, owners: list[Any], desired: set[tuple[Any, Any]]
) -> None:
    """Make the many-to-many ``field`` of ``owners`` exactly the (owner pk, target pk) pairs."""
    m2m = model._meta.get_field(field)
    through = m2m.remote_field.through  # type: ignore[union-attr]
    owner = f"{m2m.m2m_field_name()}_id"  # type: ignore[union-attr]
    target = f"{m2m.m2m_reverse_field_name()}_id"  # type: ignore[union-attr]
    links = through._default_manager.filter(**{f"{owner}__in": owners})
    current = set(links.values_list(owner, target))
    through._default_manager.bulk_create(
        [through(**{owner: a, target: b}) for a, b in sorted(desired - current, key=str)],
        batch_size=BATCH,
    )
    stale = current - desired
    if stale:
        condition = Q()
        for a, b in stale:
            condition |= Q(**{owner: a, target: b})
        through._default_manager.filter(condition).delete()


def _write_organisations(specs: list[OrganisationSpec]) -> dict[str, Organisation]:
    desired = [
        Organisation(
            **_columns("name", spec.name),
            kind=spec.kind,
            email=spec.email,
            phone=spec.locations[0].phone if spec.locations else "",
            address=f"{spec.locations[0].address}, {spec.locations[0].place.postal_code} "
            f"{spec.locations[0].place.name}"
            if spec.locations
            else "",
        )
        for spec in specs
    ]
    names = [spec.name["sr_latn"] for spec in specs] + [
        s.former_name for s in specs if s.former_name
    ]
    saved = _sync(
        Organisation,
        Organisation.objects.filter(name_sr_latn__in=names).order_by("created_at", "pk"),
        desired,
        lambda row: row.name_sr_latn,  # type: ignore[attr-defined]
        [*_translated("name"), "kind", "email", "phone", "address"],
        aliases={s.name["sr_latn"]: s.former_name for s in specs if s.former_name},
    )
    organisations = {spec.key: saved[spec.name["sr_latn"]] for spec in specs}
    _sync_links(
        Organisation,
        "municipalities",
        [o.pk for o in organisations.values()],
        {(organisations[s.key].pk, m.pk) for s in specs for m in s.covers},
    )
    return organisations


def _write_locations(
    specs: list[OrganisationSpec], organisations: dict[str, Organisation]
) -> dict[tuple[str, int], Location]:
    desired = [
        Location(
            organisation=organisations[spec.key],
            municipality=location.place.municipality,
            **_columns("name", location.name),
            **_columns("accessibility", location.accessibility),
            address=location.address,
            postal_code=location.place.postal_code,
            latitude=location.latitude,
            longitude=location.longitude,
        )
        for spec in specs
        for location in spec.locations
    ]
    saved = _sync(
        Location,
        Location.objects.filter(organisation__in=organisations.values()).order_by(
            "created_at", "pk"
        ),
        desired,
        lambda row: (row.organisation_id, row.municipality_id),
        [*_translated("name", "accessibility"), "address", "postal_code", "latitude", "longitude"],
    )
    return {
        (spec.key, location.place.municipality.pk): saved[
            (organisations[spec.key].pk, location.place.municipality.pk)
        ]
        for spec in specs
        for location in spec.locations
    }


def _write_services(
    specs: list[ServiceSpec], organisations: dict[str, Organisation]
) -> list[tuple[ServiceSpec, Service]]:
    today = timezone.localdate()
    desired = []
    for spec in specs:
        texts = {}
        for field, values in spec.texts.items():
            texts.update(_columns(field, values))
        service = Service(
            organisation=organisations[spec.organisation],
            **_columns("name", spec.name),
            **texts,
            publication=Service.Publication.PUBLISHED,
            status=Service.Status.ACTIVE,
            access=spec.access,
            is_free=spec.is_free,
            referral_required=spec.referral_required,
            minimum_age=spec.minimum_age,
            maximum_age=spec.maximum_age,
            email=spec.email,
            verified_on=today - datetime.timedelta(days=spec.verified_days_ago),
        )
        service.search_text = service.build_search_text()
        desired.append(service)
    saved = _sync(
        Service,
        Service.objects.filter(organisation__in=organisations.values()).order_by(
            "created_at", "pk"
        ),
        desired,
        lambda row: (row.organisation_id, row.name_sr_latn),  # type: ignore[attr-defined]
        [
            *_translated("name", *TEXT_FIELDS.values()),
            "publication",
            "status",
            "access",
            "is_free",
            "referral_required",
            "minimum_age",
            "maximum_age",
            "email",
            "search_text",
        ],
        aliases={
            (organisations[s.organisation].pk, s.name["sr_latn"]): (
                organisations[s.organisation].pk,
                s.former_name,
            )
            for s in specs
            if s.former_name
        },
    )
    return [
        (spec, saved[(organisations[spec.organisation].pk, spec.name["sr_latn"])]) for spec in specs
    ]


def _write_service_details(
    services: list[tuple[ServiceSpec, Service]],
    locations: dict[tuple[str, int], Location],
    specs: list[OrganisationSpec],
) -> None:
    ids = [service.pk for _spec, service in services]
    codes = {code for spec, _service in services for code in spec.domains + spec.groups}
    terms = {t.code: t.pk for t in TaxonomyTerm.objects.filter(code__in=codes)}
    if unknown := codes - set(terms):
        raise DemoDataError(f"{DATA_FILE.name}: unknown taxonomy codes {sorted(unknown)}")
    for field, attribute in (("domains", "domains"), ("target_groups", "groups")):
        _sync_links(
            Service,
            field,
            ids,
            {(s.pk, terms[code]) for spec, s in services for code in getattr(spec, attribute)},
        )
    _sync_links(
        Service, "service_areas", ids, {(s.pk, m.pk) for spec, s in services for m in spec.areas}
    )
    _sync(
        ServiceAtLocation,
        ServiceAtLocation.objects.filter(service_id__in=ids),
        [
            ServiceAtLocation(service=s, location=locations[(spec.organisation, p.municipality.pk)])
            for spec, s in services
            for p in spec.locations
        ],
        lambda row: (row.service_id, row.location_id),
        [],
        delete_rest=True,
    )
    _sync(
        RequiredDocument,
        RequiredDocument.objects.filter(service_id__in=ids).order_by("position", "pk"),
        [
            RequiredDocument(service=s, position=position, **_columns("document", texts))
            for spec, s in services
            for position, texts in enumerate(spec.documents)
        ],
        lambda row: (row.service_id, row.position),
        _translated("document"),
        delete_rest=True,
    )
    _sync(
        ServiceLanguage,
        ServiceLanguage.objects.filter(service_id__in=ids),
        [ServiceLanguage(service=s, code=code) for spec, s in services for code in spec.languages],
        lambda row: (row.service_id, row.code),
        [],
        delete_rest=True,
    )
    _sync(
        Schedule,
        Schedule.objects.filter(service_id__in=ids).order_by("pk"),
        [
            Schedule(service=s, weekday=weekday, opens_at=opens, closes_at=closes)
            for spec, s in services
            for weekday, opens, closes in spec.hours
        ],
        lambda row: (row.service_id, row.weekday, row.opens_at),
        ["closes_at"],
        delete_rest=True,
    )
    location_phones = [
        Phone(location=locations[(spec.key, location.place.municipality.pk)], number=location.phone)
        for spec in specs
        for location in spec.locations
    ]
    service_phones = [
        Phone(
            service=s,
            number=phone.number,
            kind=phone.kind,
            **_columns("description", phone.description),
        )
        for spec, s in services
        for phone in spec.phones
    ]
    location_ids = [location.pk for location in locations.values()]
    _sync(
        Phone,
        Phone.objects.filter(Q(service_id__in=ids) | Q(location_id__in=location_ids)).order_by(
            "pk"
        ),
        location_phones + service_phones,
        lambda row: (row.service_id, row.location_id, row.number),
        ["kind", *_translated("description")],
        delete_rest=True,
    )


def load(city_municipalities: list[Municipality]) -> dict[str, Organisation]:
    """Write the demo directory; returns its organisations by key (``csw-zemun``,
    ``health-zemun``, ``police``, ``employment``, ``ngo-roma``, ...)."""
    city = Municipality.objects.get(city_municipalities=city_municipalities[0])
    with translation.override("sr-latn"):  # the original fields hold the Serbian Latin text
        directory = read(city_municipalities, city)
        organisations = _write_organisations(directory.organisations)
        locations = _write_locations(directory.organisations, organisations)
        services = _write_services(directory.services, organisations)
        _write_service_details(services, locations, directory.organisations)
    return organisations
