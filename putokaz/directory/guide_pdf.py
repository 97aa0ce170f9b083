"""The printed Integration Guide: the services for the people of one municipality, by area,
in one language, as a PDF (typeset by :mod:`putokaz.core.pdf` from ``guide.typ``).

It lists what the public search lists for that municipality (a city's services count for
its city municipalities, and a city takes in theirs), but only services that are running:
published, of an active organisation, with the status "active".
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from putokaz.core import languages
from putokaz.core.content_translation import in_script
from putokaz.core.locale_names import alphabetical_key
from putokaz.core.pdf import render_pdf, typst_language
from putokaz.directory.forms import SPOKEN_LANGUAGES
from putokaz.directory.models import (
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    ServiceQuerySet,
    TaxonomyTerm,
    grouped_hours,
)
from putokaz.geo.models import Municipality, name_with_kind

TEMPLATE = Path(__file__).with_name("guide.typ")
# Part of every version: a new release (its translations) or layout is a new document.
_LAYOUT = f"{version('putokaz')}:{hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()[:12]}"


def _running_services(municipality: Municipality) -> ServiceQuerySet:
    return (
        Service.objects.published()
        .filter(status=Service.Status.ACTIVE)
        .in_municipality(municipality)
    )


@dataclass(frozen=True)
class GuideVersion:
    etag: str
    last_modified: datetime.datetime


def guide_version(municipality: Municipality, language: str) -> GuideVersion:
    """What changes whenever the guide's PDF would (its ETag), and when it last did; one query.

    Every way into the list moves the service's ``updated_at`` (an edit, publishing, a
    changed location or organisation: see ``signals.py``) and every way out changes the
    count. The date is part of it because the title page carries it, so the guide is
    modified at the latest at the start of each day.
    """
    found = _running_services(municipality).aggregate(count=Count("pk"), newest=Max("updated_at"))
    today = timezone.localdate()
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    newest = found["newest"] or start_of_today
    parts = [_LAYOUT, municipality.code, language, today.isoformat(), str(found["count"])]
    parts.append(newest.isoformat())
    return GuideVersion(
        etag=hashlib.sha256("|".join(parts).encode()).hexdigest()[:32],
        last_modified=max(newest, start_of_today),
    )


@dataclass
class GuideEntry:
    """A service with everything the guide prints about it."""

    service: Service
    domains: list[TaxonomyTerm] = field(default_factory=list)
    groups: list[TaxonomyTerm] = field(default_factory=list)
    documents: list[RequiredDocument] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    locations: list[tuple[Location, list[Phone]]] = field(default_factory=list)  # with phones


def guide_entries(municipality: Municipality) -> list[GuideEntry]:
    """The services in the guide and what it prints about them, in a fixed number of queries.

    The related rows are read a table at a time and grouped here: prefetch_related builds a
    queryset for every service (and modeltranslation rewrites each one), which for a city's
    two thousand services costs seconds.
    """
    running = _running_services(municipality)
    entries = {
        service.pk: GuideEntry(service)
        for service in running.select_related("organisation").defer("search_text").order_by()
    }
    ids = running.values("pk")
    terms = {term.pk: term for term in TaxonomyTerm.objects.all()}
    term_links: dict[str, Any] = {  # the M2M link tables
        "domains": Service.domains.through,
        "groups": Service.target_groups.through,
    }
    for attribute, links in term_links.items():
        for service_id, term_id in links.objects.filter(service_id__in=ids).values_list(
            "service_id", "taxonomyterm_id"
        ):
            getattr(entries[service_id], attribute).append(terms[term_id])
    for document in RequiredDocument.objects.filter(service_id__in=ids):
        entries[document.service_id].documents.append(document)
    for service_id, code in ServiceLanguage.objects.filter(service_id__in=ids).values_list(
        "service_id", "code"
    ):
        entries[service_id].languages.append(code)
    for schedule in Schedule.objects.filter(service_id__in=ids):
        entries[schedule.service_id].schedules.append(schedule)
    for phone in Phone.objects.filter(service_id__in=ids).order_by("pk"):
        entries[phone.service_id].phones.append(phone)  # type: ignore[index]
    links = list(
        ServiceAtLocation.objects.filter(service_id__in=ids)
        .select_related("location__municipality")
        .order_by("location__name")
    )
    place_phones: dict[Any, list[Phone]] = {link.location_id: [] for link in links}
    for phone in Phone.objects.filter(location_id__in=list(place_phones)).order_by("pk"):
        place_phones[phone.location_id].append(phone)
    for link in links:
        entries[link.service_id].locations.append((link.location, place_phones[link.location_id]))
    return list(entries.values())


@dataclass
class _Area:
    name: str
    entries: list[GuideEntry]
    also: list[GuideEntry]  # listed in full under another area


def _areas(entries: Iterable[GuideEntry]) -> list[_Area]:
    """Services by top-level area in the taxonomy's order; each one in full under its first
    area and referred to from the others; those without an area last."""
    top = list(TaxonomyTerm.objects.filter(taxonomy__code="domains", parent__isnull=True))
    position = {term.pk: index for index, term in enumerate(top)}
    areas = {term.pk: _Area(term.name, [], []) for term in top}
    other = _Area(_("Other services"), [], [])
    for entry in entries:
        mine = sorted(
            {term.parent_id or term.pk for term in entry.domains} & position.keys(),
            key=position.__getitem__,
        )
        if not mine:
            other.entries.append(entry)
            continue
        areas[mine[0]].entries.append(entry)
        for pk in mine[1:]:
            areas[pk].also.append(entry)
    key = alphabetical_key()
    result = []
    for area in [*areas.values(), other]:
        if area.entries or area.also:
            area.entries.sort(key=lambda e: key(e.service.name))
            area.also.sort(key=lambda e: key(e.service.name))
            result.append(area)
    return result


def _phone_line(phone: Any) -> str:
    line = f"{phone.get_kind_display()}: {phone.number}"
    if phone.extension:
        line += f" ({_('extension')} {phone.extension})"
    if phone.description:
        line += f" — {phone.description}"
    return line


def _location_lines(location: Location, phones: list[Phone]) -> list[str]:
    place = " ".join(p for p in (location.postal_code, str(location.municipality)) if p)
    lines = [f"{location.name}: {in_script(location.address)}, {place}"]
    if location.transportation:
        lines.append(location.transportation)
    if location.accessibility:
        lines.append(f"{_('Accessibility')}: {location.accessibility}")
    lines += [_phone_line(phone) for phone in phones]
    return lines


def _who(entry: GuideEntry) -> list[str]:
    service = entry.service
    lines = [service.eligibility_description] if service.eligibility_description else []
    groups = ", ".join(g.name for g in sorted(entry.groups, key=lambda g: (g.position, g.code)))
    if groups:
        lines.append(groups)
    ages = []
    if service.minimum_age is not None:
        ages.append(_("from %(age)s") % {"age": service.minimum_age})
    if service.maximum_age is not None:
        ages.append(_("up to %(age)s") % {"age": service.maximum_age})
    if ages:
        lines.append(f"{_('Age')}: {' '.join(ages)}")
    return lines


def _facts(entry: GuideEntry, spoken: dict[str, str]) -> list[tuple[str, list[str]]]:
    service = entry.service
    facts: list[tuple[str, list[str]]] = []
    if who := _who(entry):
        facts.append((_("Who can use it"), who))
    if service.application_process:
        facts.append((_("How to apply"), [service.application_process]))
    if documents := [d.document for d in sorted(entry.documents, key=_document_order)]:
        facts.append((_("What to bring"), documents))
    cost = _("Free of charge") if service.is_free else service.fees_description
    facts.append((_("Cost"), [cost]))
    referral = _("Referral needed") if service.referral_required else _("No referral needed")
    facts.append((_("Referral"), [referral]))
    facts.append((_("How to come"), [capfirst(service.get_access_display())]))
    if hours := grouped_hours(entry.schedules):
        facts.append((_("Opening hours"), [f"{days}: {times}" for days, times in hours]))
    if spoken_here := [spoken.get(code, code) for code in sorted(entry.languages)]:
        facts.append((_("Languages spoken"), [", ".join(spoken_here)]))
    if service.interpretation_services:
        facts.append((_("Interpretation"), [service.interpretation_services]))
    for location, phones in entry.locations:
        facts.append((_("Where"), _location_lines(location, phones)))
    contact = [_phone_line(phone) for phone in entry.phones]
    contact += [line for line in (service.email, service.url) if line]
    if contact:
        facts.append((_("Contact"), contact))
    return facts


def _document_order(document: RequiredDocument) -> tuple[int, str]:
    return document.position, document.document


def _entry(entry: GuideEntry, spoken: dict[str, str]) -> dict[str, Any]:
    service = entry.service
    if service.verified_on:
        date = formats.date_format(service.verified_on, "DATE_FORMAT")
        # A date written with a final period (Serbian "2. novembar 2026.") ends the sentence.
        checked = (_("Information checked on %(date)s.") % {"date": date}).replace("..", ".")
    else:
        checked = _("This information has not been checked yet.")
    return {
        "id": str(service.pk),
        "name": service.name,
        "organisation": str(service.organisation),  # in Cyrillic by its own fallback
        "description": service.description,
        "facts": _facts(entry, spoken),
        "checked": checked,
    }


def guide_data(municipality: Municipality, entries: list[GuideEntry]) -> dict[str, Any]:
    """The guide's texts in the active language (the caller chooses it)."""
    spoken = {code: str(name) for code, name in SPOKEN_LANGUAGES}
    place = name_with_kind(municipality)
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    language = translation.get_language() or languages.DEFAULT
    address = settings.PUTOKAZ_SITE_URL.rstrip("/") + reverse("directory:service_list")
    address += "?" + urlencode(
        {"municipality": municipality.code, "lang": languages.public_code(language)}
    )
    return {
        "lang": typst_language(),
        "title": _("Integration Guide"),
        "place": municipality.name,
        "subtitle": _("Where to go and what to bring"),
        "for_whom": f"{_('For people living in')} {place}",
        "count": ngettext("%(count)s service", "%(count)s services", len(entries))
        % {"count": len(entries)},
        "as_of": _("Information as of %(date)s") % {"date": today},
        "note": _(
            "Each organisation keeps its own entries; under every service it says when they were last checked. Things change: call before you go. The guide on the web is always up to date:"
        ),
        "address": address,
        "contents": _("Contents"),
        "empty": _("No services are listed here yet."),
        "see_page": _("see page %(page)s"),
        "also_title": _("Listed under another area:"),
        "areas": [
            {
                "name": area.name,
                "services": [_entry(entry, spoken) for entry in area.entries],
                "also": [{"id": str(e.service.pk), "name": e.service.name} for e in area.also],
            }
            for area in _areas(entries)
        ],
    }


def guide_pdf(municipality: Municipality, language: str) -> bytes:
    """The guide for the people of ``municipality`` as a PDF in ``language`` (one of the six)."""
    with translation.override(language):
        data = guide_data(municipality, guide_entries(municipality))
    # Untagged: the guide is for print and people on slow connections, and tags make it five
    # to seven times larger (a city's guide 9 MB instead of 1.3). Screen readers have the
    # same guide on the web pages, which are built for them.
    return render_pdf(TEMPLATE, data, tagged=False)
