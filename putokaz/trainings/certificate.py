"""Certificates of attendance as PDF (Typst), each in its participant's language, with the
verification code and the address where anyone may check it."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from putokaz.core.content_translation import in_script
from putokaz.core.pdf import render_pdf, typst_language
from putokaz.trainings.models import Certificate, Sex

TEMPLATE = Path(__file__).with_name("certificate.typ")


def _dates(event: Any) -> str:
    start = formats.date_format(event.starts_on, "DATE_FORMAT")
    if event.starts_on == event.ends_on:
        return start
    return f"{start} – {formats.date_format(event.ends_on, 'DATE_FORMAT')}"


def _took_part(sex: str) -> str:
    # Serbian says it in the participant's grammatical gender where their sex is known.
    if sex == Sex.FEMALE:
        return pgettext("certificate, a woman", "took part in")
    if sex == Sex.MALE:
        return pgettext("certificate, a man", "took part in")
    return pgettext("certificate, sex not given", "took part in")


def certificate_data(certificate: Certificate) -> dict[str, Any]:
    """One certificate's texts in the active language (the caller chooses it)."""
    registration = certificate.registration
    event = registration.event
    text = in_script
    where = event.place or (_("online") if event.online_url else "")
    when_where = _dates(event) + (f", {text(where)}" if where else "")
    site = settings.PUTOKAZ_SITE_URL.rstrip("/")
    return {
        "lang": typst_language(),
        "organiser": text(str(event.organiser)),
        "title": _("Certificate of attendance"),
        "certify": _("This is to certify that"),
        "name": text(registration.full_name),
        "affiliation": f"{text(registration.organisation_name)}, {registration.municipality}",
        "took_part": _took_part(registration.sex),
        "event": event.title,
        "when_where": f"{str(event.get_kind_display()).capitalize()} · {when_where}",
        "points": ngettext(
            "Accredited programme: %(points)s point of professional development",
            "Accredited programme: %(points)s points of professional development",
            certificate.points,
        )
        % {"points": certificate.points}
        + (f" ({text(event.accreditation)})" if event.accreditation else "")
        if certificate.points
        else "",
        "issued": _("Issued on %(date)s")
        % {"date": formats.date_format(timezone.localdate(certificate.issued_at), "DATE_FORMAT")},
        "code_line": _("Verification code: %(code)s") % {"code": certificate.code},
        "verify": _("Check it at %(address)s")
        % {"address": site + certificate.get_verification_url()},
        "signature": _("For the organiser"),
    }


def certificates_pdf(certificates: Iterable[Certificate], language: str | None = None) -> bytes:
    """The certificates as one PDF, a page each, each in ``language`` or else in its
    participant's own."""
    pages = []
    for certificate in certificates:
        with translation.override(language or certificate.registration.language):
            pages.append(certificate_data(certificate))
    with translation.override(language or settings.LANGUAGE_CODE):
        title = _("Certificate of attendance")
    return render_pdf(TEMPLATE, {"title": title, "certificates": pages})


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF to download, never kept in a cache (it names a person)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
