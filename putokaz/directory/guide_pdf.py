"""The printed Integration Guide: the services for the people of one municipality, by area,
in one language, as a PDF (typeset by :mod:`putokaz.core.pdf` from ``guide.typ``).

It lists what the public search lists for that municipality (a city's services count for
its city municipalities, and a city takes in theirs), but only services that are running:
published, of an active organisation, with the status "active".
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Prefetch
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
    Service,
    ServiceQuerySet,
    TaxonomyTerm,
    grouped_hours,
)
from putokaz.geo.models import Municipality, name_with_kind

TEMPLATE = Path(__file__).with_name("guide.typ")
# Part of every version: a new layout is a new document.
_LAYOUT = hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()[:12]


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


def guide_services(municipality: Municipality) -> list[Service]:
    """The services in the guide, with everything it prints fetched in a fixed number of queries."""
    return list(
        _running_services(municipality)
        .select_related("organisation")
        .prefetch_related(
            "domains",
            "target_groups",
            "required_documents",
            "languages",
            "phones",
            "schedules",
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("municipality").prefetch_related("phones"),
            ),
        )
    )


@dataclass
class _Area:
    name: str
    services: list[Service]
    also: list[Service]  # listed in full under another area


def _areas(services: Iterable[Service]) -> list[_Area]:
    """Services by top-level area in the taxonomy's order; each one in full under its first
    area and referred to from the others; those without an area last."""
    top = list(TaxonomyTerm.objects.filter(taxonomy__code="domains", parent__isnull=True))
    position = {term.pk: index for index, term in enumerate(top)}
    areas = {term.pk: _Area(term.name, [], []) for term in top}
    other = _Area(_("Other services"), [], [])
    for service in services:
        mine = sorted(
            {term.parent_id or term.pk for term in service.domains.all()} & position.keys(),
            key=position.__getitem__,
        )
        if not mine:
            other.services.append(service)
            continue
        areas[mine[0]].services.append(service)
        for pk in mine[1:]:
            areas[pk].also.append(service)
    key = alphabetical_key()
    result = []
    for area in [*areas.values(), other]:
        if area.services or area.also:
            area.services.sort(key=lambda s: key(s.name))
            area.also.sort(key=lambda s: key(s.name))
            result.append(area)
    return result


def _phone_line(phone: Any) -> str:
    line = f"{phone.get_kind_display()}: {phone.number}"
    if phone.extension:
        line += f" ({_('extension')} {phone.extension})"
    if phone.description:
        line += f" — {phone.description}"
    return line


def _location_lines(location: Location) -> list[str]:
    place = " ".join(p for p in (location.postal_code, str(location.municipality)) if p)
    lines = [f"{location.name}: {in_script(location.address)}, {place}"]
    if location.transportation:
        lines.append(location.transportation)
    if location.accessibility:
        lines.append(f"{_('Accessibility')}: {location.accessibility}")
    lines += [_phone_line(phone) for phone in location.phones.all()]
    return lines


def _who(service: Service) -> list[str]:
    lines = [service.eligibility_description] if service.eligibility_description else []
    groups = ", ".join(group.name for group in service.target_groups.all())
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


def _facts(service: Service) -> list[tuple[str, list[str]]]:
    spoken = dict(SPOKEN_LANGUAGES)
    facts: list[tuple[str, list[str]]] = []
    if who := _who(service):
        facts.append((_("Who can use it"), who))
    if service.application_process:
        facts.append((_("How to apply"), [service.application_process]))
    if documents := [d.document for d in service.required_documents.all()]:
        facts.append((_("What to bring"), documents))
    cost = _("Free of charge") if service.is_free else service.fees_description
    facts.append((_("Cost"), [cost]))
    referral = _("Referral needed") if service.referral_required else _("No referral needed")
    facts.append((_("Referral"), [referral]))
    facts.append((_("How to come"), [capfirst(service.get_access_display())]))
    if hours := grouped_hours(list(service.schedules.all())):
        facts.append((_("Opening hours"), [f"{days}: {times}" for days, times in hours]))
    if spoken_here := [str(spoken.get(lang.code, lang.code)) for lang in service.languages.all()]:
        facts.append((_("Languages spoken"), [", ".join(spoken_here)]))
    if service.interpretation_services:
        facts.append((_("Interpretation"), [service.interpretation_services]))
    for location in service.locations.all():
        facts.append((_("Where"), _location_lines(location)))
    contact = [_phone_line(phone) for phone in service.phones.all()]
    contact += [line for line in (service.email, service.url) if line]
    if contact:
        facts.append((_("Contact"), contact))
    return facts


def _entry(service: Service) -> dict[str, Any]:
    if service.verified_on:
        date = formats.date_format(service.verified_on, "DATE_FORMAT")
        # A date written with a final period (Serbian "2. novembar 2026.") ends the sentence.
        checked = (_("Information checked on %(date)s.") % {"date": date}).replace("..", ".")
    else:
        checked = _("This information has not been checked yet.")
    return {
        "id": str(service.pk),
        "name": service.name,
        "organisation": in_script(str(service.organisation)),
        "description": service.description,
        "facts": _facts(service),
        "checked": checked,
    }


def guide_data(municipality: Municipality, services: list[Service]) -> dict[str, Any]:
    """The guide's texts in the active language (the caller chooses it)."""
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
        "count": ngettext("%(count)s service", "%(count)s services", len(services))
        % {"count": len(services)},
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
                "services": [_entry(service) for service in area.services],
                "also": [{"id": str(s.pk), "name": s.name} for s in area.also],
            }
            for area in _areas(services)
        ],
    }


def guide_pdf(municipality: Municipality, language: str) -> bytes:
    """The guide for the people of ``municipality`` as a PDF in ``language`` (one of the six)."""
    with translation.override(language):
        return render_pdf(TEMPLATE, guide_data(municipality, guide_services(municipality)))
