"""The printed referral letter (PDF, Typst) for a recipient that is not on Putokaz.

It carries exactly what the consent shares — the same :func:`shared_record` as the pages —
in the language chosen, in Cyrillic where that is chosen, typeset by :mod:`putokaz.core.pdf`.
"""

from pathlib import Path
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from putokaz.cases.models import LifeDomain
from putokaz.core.content_translation import in_script
from putokaz.core.pdf import render_pdf, typst_language
from putokaz.referrals.models import Referral
from putokaz.referrals.sharing import shared_record

TEMPLATE = Path(__file__).with_name("letter.typ")


def _organisation_lines(organisation: Any) -> list[str]:
    return [line for line in (organisation.address, organisation.phone, organisation.email) if line]


def letter_data(referral: Referral) -> dict[str, Any]:
    """The letter's texts in the active language (the caller chooses it)."""
    record = shared_record(referral)
    text = in_script
    date = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    sections: list[dict[str, Any]] = []
    if record.people:
        columns: list[str] = []
        if record.identity:
            columns += [_("Name"), _("Sex"), _("Date of birth"), _("JMBG"), _("Languages spoken")]
        if record.contact:
            columns += [_("Phone"), _("Current address")]
        rows = []
        for shared in record.people:
            person = shared.person
            row: list[str] = []
            if record.identity:
                born = (
                    formats.date_format(person.birth_date, "SHORT_DATE_FORMAT")
                    if person.birth_date
                    else "—"
                )
                if person.birth_date_estimated:
                    born += f" ({_('estimated')})"
                languages = ", ".join(shared.languages) or "—"
                if person.needs_interpreter:
                    languages += f"; {_('needs an interpreter')}"
                row += [
                    text(person.full_name),
                    str(person.get_sex_display()),
                    born,
                    person.jmbg or "—",
                    languages,
                ]
            if record.contact:
                place = ", ".join(
                    p for p in (text(person.address), str(person.municipality or "")) if p
                )
                row += [person.phone or "—", place or "—"]
            rows.append(row)
        sections.append(
            {
                "title": _("People") if record.identity else _("Contact"),
                "columns": columns,
                "rows": rows,
                "items": [],
            }
        )
    if record.assessment is not None:
        sections.append(
            {
                "title": _("Needs by area of life"),
                "columns": [_("Area of life"), _("Need"), _("Notes")],
                "rows": [
                    [
                        str(r.get_domain_display()).capitalize(),
                        str(r.get_rating_display()),
                        text(r.notes),
                    ]
                    for r in record.ratings
                ],
                "items": [],
            }
        )
    if record.goals is not None:
        sections.append(
            {
                "title": _("Plan"),
                "columns": [],
                "rows": [],
                "items": [
                    f"{str(goal.get_domain_display()).capitalize()}: {text(goal.description)}"
                    f" ({goal.get_status_display()})"
                    for goal in record.goals
                ],
            }
        )
    if record.notes:
        sections.append(
            {
                "title": _("Notes"),
                "columns": [],
                "rows": [],
                "items": [
                    f"{formats.date_format(timezone.localtime(n.created_at), 'SHORT_DATE_FORMAT')} — "
                    f"{text(n.text)}"
                    for n in record.notes
                ],
            }
        )
    if record.documents:
        sections.append(
            {
                "title": _("Documents enclosed"),
                "columns": [],
                "rows": [],
                "items": [text(d.title) for d in record.documents],
            }
        )
    needs = dict(LifeDomain.choices)
    facts = [
        (_("Who is referred"), text(str(referral.subject)) if record.identity else "—"),
        (_("Reason for the referral"), text(referral.reason)),
        (
            _("Needs it addresses"),
            ", ".join(str(needs[n]) for n in referral.needs if n in needs) or "—",
        ),
        (_("Urgency"), referral.urgency_short.capitalize()),
    ]
    if referral.to_service_id:
        facts.insert(0, (_("Service"), referral.to_service.name))  # type: ignore[union-attr]
    worker = referral.referred_by
    # The person who consented is named only where the consent shares identity.
    names = record.identity
    consent = _(
        "%(name)s (%(by)s) consented on %(date)s (%(how)s) to this referral and to sharing what this letter contains, and nothing more."
    ) % {
        "name": text(referral.consent_name) if names else _("the person referred"),
        "by": referral.get_consent_by_display(),
        "date": formats.date_format(referral.consent_on, "DATE_FORMAT"),
        "how": referral.get_consent_method_display()
        + (f": {text(referral.consent_witness)}" if names and referral.consent_witness else ""),
    }
    return {
        "lang": typst_language(),
        "title": _("Referral"),
        "from": {
            "name": text(str(referral.from_organisation)),
            "lines": _organisation_lines(referral.from_organisation),
        },
        "to_label": _("To:"),
        "to": {
            "name": text(str(referral.to_organisation)),
            "lines": _organisation_lines(referral.to_organisation),
        },
        "place_date": date,
        "reference": _("Our reference: %(reference)s")
        % {"reference": f"{referral.case.number} / {str(referral.public_id)[:8]}"},
        "intro": _(
            "We refer to you the person or family below and ask you to provide the service named, in line with the consent recorded in this letter."
        ),
        "facts": facts,
        "consent_title": _("Consent"),
        "consent": consent,
        "sections": sections,
        "outcome_title": _("Please tell us the outcome"),
        "outcome": _(
            "Please tell %(worker)s (%(contact)s) whether you took up the referral and what came of it."
        )
        % {
            "worker": text(worker.full_name),
            "contact": ", ".join(p for p in (worker.phone, worker.email) if p),
        },
        "signature": text(worker.full_name),
        "stamp": _("Stamp and signature of the organisation"),
        "footer": _("Personal data, shared with consent. Do not pass it on."),
    }


def referral_letter_pdf(referral: Referral, language: str) -> bytes:
    """The letter as a PDF in ``language`` (one of the six)."""
    with translation.override(language):
        data = letter_data(referral)
    return render_pdf(TEMPLATE, data)
