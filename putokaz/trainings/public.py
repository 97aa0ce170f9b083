"""Public pages of the trainings (no sign-in, no JavaScript needed): published events, the
registration form, and a participant's own page reached through their secret link."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from putokaz.core import languages
from putokaz.core.client import client_ip
from putokaz.core.ratelimit import allow
from putokaz.trainings import actions
from putokaz.trainings.access import (
    get_certificate_by_code,
    get_certificate_for_participant,
    get_feedback_request,
    get_published_event,
    get_registration_by_link,
)
from putokaz.trainings.certificate import certificates_pdf, pdf_response
from putokaz.trainings.forms import CertificateCodeForm, FeedbackForm, PublicRegistrationForm
from putokaz.trainings.models import Certificate, Event, FeedbackRequest, Registration

# Registrations from one address: a whole office may sign up from behind one router, a
# program trying thousands of addresses may not.
REGISTRATION_LIMIT = (30, 60 * 60)


def public_event_list(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("past") == "1"
    events = Event.objects.published().select_related("organiser", "municipality")
    if past:
        events = events.exclude(pk__in=Event.objects.upcoming().values("pk")).order_by(
            "-starts_on", "-pk"
        )
    else:
        events = events.upcoming().order_by("starts_on", "pk")
    return render(request, "trainings/public_event_list.html", {"events": events, "past": past})


def public_event(request: HttpRequest, public_id: str) -> HttpResponse:
    event = get_published_event(public_id)
    return render(
        request,
        "trainings/public_event.html",
        {
            "event": event,
            "sessions": event.sessions.prefetch_related("materials"),
            "partners": event.partners.all(),
            "domains": event.domains.all(),
            "may_register": event.public_registration and event.registration_open(),
            "conclusions": event.conclusions.all() if event.conclusions_published else [],
        },
    )


def public_register(request: HttpRequest, public_id: str) -> HttpResponse:
    event = get_published_event(public_id)
    if not (event.public_registration and event.registration_open()):
        return render(request, "trainings/registration_closed.html", {"event": event}, status=410)
    form = PublicRegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        limit, period = REGISTRATION_LIMIT
        if not allow("training-registration", client_ip(request) or "", limit=limit, period=period):
            return render(
                request,
                "trainings/registration_closed.html",
                {"event": event, "busy": True},
                status=429,
            )
        if form.is_spam():
            # Answered as if it worked: the program learns nothing to adapt to.
            return redirect("trainings:registration_thanks", public_id=event.public_id)
        data = form.cleaned_data
        try:
            actions.registration_create(
                event=event,
                full_name=data["full_name"],
                email=data["email"],
                organisation_name=data["organisation_name"],
                organisation_kind=data["organisation_kind"],
                municipality=data["municipality"],
                profession=data["profession"],
                sex=data["sex"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
                source=Registration.Source.PUBLIC,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("trainings:registration_thanks", public_id=event.public_id)
    return render(request, "trainings/public_register.html", {"event": event, "form": form})


def registration_thanks(request: HttpRequest, public_id: str) -> HttpResponse:
    """The same answer whether the address was new, already registered, or a program's: the
    e-mail tells the person whether they have a place."""
    return render(
        request, "trainings/registration_thanks.html", {"event": get_published_event(public_id)}
    )


@never_cache
def registration_page(request: HttpRequest, public_id: str) -> HttpResponse:
    """The participant's own page, from the link in their e-mail."""
    registration = get_registration_by_link(public_id)
    certificate = Certificate.objects.filter(registration=registration, revoked_at=None).first()
    return render(
        request,
        "trainings/registration_page.html",
        {
            "registration": registration,
            "event": registration.event,
            "certificate": certificate,
            "languages": languages.all_languages(),
            "feedback_wanted": registration.status == Registration.Status.CONFIRMED
            and registration.event.feedback_open()
            and not FeedbackRequest.objects.filter(
                registration=registration, answered=True
            ).exists(),
        },
    )


@require_POST
def registration_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    registration = get_registration_by_link(public_id)
    actions.registration_cancel(registration=registration, request=request)
    messages.success(request, _("Your registration was cancelled. Thank you for telling us."))
    return redirect("trainings:registration_page", public_id=registration.public_id)


# Certificate look-ups from one address: an employer checking a few dozen is fine; a program
# trying codes is not (they are random, 60 bits: guessing one is hopeless anyway).
VERIFY_LIMIT = (120, 60 * 60)


def certificate_lookup(request: HttpRequest) -> HttpResponse:
    """Type a certificate's code to check it."""
    # Bound only once a code was sent: ?lang= alone opens the empty form, without errors.
    form = CertificateCodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("trainings:certificate_verify", code=form.cleaned_data["code"])
    return render(request, "trainings/certificate_lookup.html", {"form": form})


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Whether a certificate with this code was issued, to whom, for what: a certificate is
    shown to be checked, so whoever has its code may read what it says."""
    limit, period = VERIFY_LIMIT
    if not allow("certificate-verify", client_ip(request) or "", limit=limit, period=period):
        return render(request, "trainings/certificate_lookup.html", {"busy": True}, status=429)
    try:
        certificate = get_certificate_by_code(code)
    except Http404:
        return render(
            request,
            "trainings/certificate_lookup.html",
            {"form": CertificateCodeForm(initial={"code": code}), "unknown": code},
            status=404,
        )
    return render(
        request,
        "trainings/certificate_verify.html",
        {
            "certificate": certificate,
            "registration": certificate.registration,
            "event": certificate.registration.event,
        },
    )


def registration_certificate(request: HttpRequest, public_id: str) -> HttpResponse:
    """The participant's own certificate, in their language or the one they choose."""
    certificate = get_certificate_for_participant(public_id)
    language = languages.normalize(request.GET.get("language")) or certificate.registration.language
    return pdf_response(
        certificates_pdf([certificate], language), f"certificate-{certificate.code}.pdf"
    )


def _feedback_state(feedback: FeedbackRequest) -> str:
    event = feedback.registration.event
    if feedback.answered:
        return "answered"
    if feedback.registration.status != Registration.Status.CONFIRMED:
        return "closed"
    today = timezone.localdate()
    if today < event.ends_on:
        return "not_yet"
    if not event.feedback_open(today):
        return "closed"
    return "open"


@never_cache
def feedback_form(request: HttpRequest, token: str) -> HttpResponse:
    """The feedback survey from a participant's personal link: once, while it is open, in
    their language (unless they choose another), without JavaScript."""
    feedback = get_feedback_request(token)
    registration = feedback.registration
    if "lang" not in request.GET:
        translation.activate(registration.language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language() or settings.LANGUAGE_CODE
    state = _feedback_state(feedback)
    form = FeedbackForm(request.POST if request.method == "POST" and state == "open" else None)
    if form.is_bound and form.is_valid():
        try:
            actions.feedback_submit(
                token=feedback.token,
                answers=form.cleaned_data,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        except ValidationError as error:
            state = "answered" if error.code == "answered" else "closed"
        else:
            state = "thanks"
    return render(
        request,
        "trainings/feedback_form.html",
        {"event": registration.event, "form": form, "state": state, "feedback": feedback},
        status=400 if form.is_bound and form.errors else 200,
    )


def registration_feedback(request: HttpRequest, public_id: str) -> HttpResponse:
    """From the participant's own page to their feedback link."""
    registration = get_registration_by_link(public_id)
    feedback = actions.feedback_request_for(registration)
    return redirect(
        f"{feedback.get_absolute_url()}?lang={languages.public_code(registration.language)}"
    )
