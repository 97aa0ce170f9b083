"""The organisers' pages at and after the event: the check-in list of a session (made for a
phone), and the certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from putokaz.accounts.models import AuthenticatedRequest
from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core.folding import fold, search_terms
from putokaz.trainings import actions
from putokaz.trainings.access import (
    get_event_for_organiser,
    get_registration_for_organiser,
    get_session_for_organiser,
)
from putokaz.trainings.certificate import certificates_pdf, pdf_response
from putokaz.trainings.models import Certificate, Registration, Session


def _check_in_rows(session: Session, query: str) -> list[Registration]:
    present = set(session.attendance.values_list("registration_id", flat=True))
    rows = list(
        session.event.registrations.confirmed()
        .select_related("municipality")
        .order_by("full_name", "pk")
    )
    terms = search_terms(query)
    if terms:
        rows = [
            r for r in rows if all(t in fold(f"{r.full_name} {r.organisation_name}") for t in terms)
        ]
    for row in rows:
        row.present = row.pk in present  # type: ignore[attr-defined]
    return rows


@login_required
def check_in(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who is here: one big button a participant, and a name search, on a 360 px phone too."""
    session = get_session_for_organiser(request.user, pk)
    log_access(
        actor=request.user,
        action=Action.VIEW,
        obj=session.event,
        purpose="check-in list",
        request=request,
    )
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "trainings/check_in.html",
        {
            "session": session,
            "event": session.event,
            "rows": _check_in_rows(session, query),
            "query": query,
            "present_count": session.attendance.count(),
            "confirmed_count": session.event.registrations.confirmed().count(),
        },
    )


@login_required
@require_POST
def check_in_mark(request: AuthenticatedRequest, pk: int, public_id: str) -> HttpResponse:
    session = get_session_for_organiser(request.user, pk)
    registration = get_registration_for_organiser(request.user, public_id)
    try:
        present = actions.attendance_mark(
            session=session,
            registration=registration,
            present=request.POST.get("present") == "1",
            acting_user=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("trainings:check_in", pk=session.pk)
    if request.htmx:
        registration.present = present  # type: ignore[attr-defined]
        return render(
            request,
            "trainings/check_in.html#row",
            {
                "session": session,
                "row": registration,
                "present_count": session.attendance.count(),
                "confirmed_count": session.event.registrations.confirmed().count(),
                "oob": True,
            },
        )
    query = request.POST.get("q", "")
    url = reverse("trainings:check_in", args=[session.pk])
    return redirect(
        f"{url}?q={query}#p-{registration.public_id}"
        if query
        else f"{url}#p-{registration.public_id}"
    )


@login_required
def event_certificates(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """Attendance per participant, who earns a certificate, and the certificates issued."""
    event = get_event_for_organiser(
        request.user, public_id, request=request, purpose="certificates"
    )
    sessions = event.sessions.count()
    certificates = {
        c.registration_id: c for c in Certificate.objects.filter(registration__event=event)
    }
    rows = []
    for registration in (
        event.registrations.confirmed().with_attendance().select_related("municipality")
    ):
        rows.append(
            {
                "registration": registration,
                "attended": registration.attended,  # type: ignore[attr-defined]
                "earns": event.earns_certificate(registration.attended, sessions),  # type: ignore[attr-defined]
                "certificate": certificates.get(registration.pk),
            }
        )
    return render(
        request,
        "trainings/certificates.html",
        {
            "event": event,
            "rows": rows,
            "sessions": sessions,
            "to_issue": sum(1 for r in rows if r["earns"] and r["certificate"] is None),
            "issued": sum(1 for c in certificates.values() if c.is_valid),
        },
    )


@login_required
@require_POST
def certificates_issue(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    event = get_event_for_organiser(request.user, public_id)
    issued = actions.certificates_issue(event=event, acting_user=request.user, request=request)
    messages.success(
        request,
        ngettext(
            "%(count)s certificate was issued; the participant was told by e-mail.",
            "%(count)s certificates were issued; each participant was told by e-mail.",
            len(issued),
        )
        % {"count": len(issued)},
    )
    return redirect("trainings:event_certificates", public_id=event.public_id)


@login_required
def certificates_download(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """Every valid certificate of the event in one PDF, each in its participant's language
    (for printing them all); the export is logged."""
    event = get_event_for_organiser(
        request.user, public_id, request=request, purpose="certificates printed"
    )
    certificates = list(
        Certificate.objects.filter(registration__event=event, revoked_at=None)
        .select_related("registration__event__organiser", "registration__municipality")
        .order_by("registration__full_name", "pk")
    )
    if not certificates:
        messages.error(request, _("No certificates have been issued yet."))
        return redirect("trainings:event_certificates", public_id=event.public_id)
    return pdf_response(certificates_pdf(certificates), "certificates.pdf")


@login_required
def certificate_download(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    """One participant's certificate, in their language; the export is logged."""
    registration = get_registration_for_organiser(request.user, public_id)
    certificate = Certificate.objects.filter(registration=registration, revoked_at=None).first()
    if certificate is None:
        messages.error(request, _("No certificate has been issued for this registration."))
        return redirect("trainings:event_certificates", public_id=registration.event.public_id)
    log_access(
        actor=request.user,
        action=Action.EXPORT,
        obj=registration,
        purpose="certificate",
        request=request,
    )
    return pdf_response(certificates_pdf([certificate]), f"certificate-{certificate.code}.pdf")


@login_required
@require_POST
def certificate_revoke(request: AuthenticatedRequest, public_id: str) -> HttpResponse:
    registration = get_registration_for_organiser(request.user, public_id)
    certificate = Certificate.objects.filter(registration=registration).first()
    if certificate is not None:
        actions.certificate_revoke(
            certificate=certificate,
            reason=request.POST.get("reason", "")[:300],
            acting_user=request.user,
            request=request,
        )
        messages.success(request, _("The certificate was revoked."))
    return redirect("trainings:event_certificates", public_id=registration.event.public_id)
