"""E-mails to participants, sent by the task worker (``putokaz db_worker`` in production), each
once, in the participant's language, with the link to their registration."""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from putokaz.core import languages
from putokaz.core.mail import send_once
from putokaz.trainings.models import FeedbackRequest, Registration, RegistrationEmail

SUBJECTS: dict[str, Any] = {
    RegistrationEmail.Kind.CONFIRMED: _("You are registered: %(event)s"),
    RegistrationEmail.Kind.WAITING: _("You are on the waiting list: %(event)s"),
    RegistrationEmail.Kind.PROMOTED: _("A place became free for you: %(event)s"),
    RegistrationEmail.Kind.CANCELLED: _("Your registration was cancelled: %(event)s"),
    RegistrationEmail.Kind.CERTIFICATE: _("Your certificate is ready: %(event)s"),
    RegistrationEmail.Kind.FEEDBACK: _("How was it? Your feedback on %(event)s"),
}


@task()
def email_registration(email_id: int) -> bool:
    """Send one e-mail to a participant; whether it was sent (not already, not refused)."""

    def send() -> None:
        message = RegistrationEmail.objects.select_related(
            "registration__event__organiser", "registration__event__location"
        ).get(pk=email_id)
        registration = message.registration
        event = registration.event
        with translation.override(registration.language or settings.LANGUAGE_CODE):
            site = settings.PUTOKAZ_SITE_URL.rstrip("/")
            send_mail(
                subject=(str(SUBJECTS[message.kind]) % {"event": event.title})[:200],
                message=render_to_string(
                    "trainings/email/registration.txt",
                    {
                        "message": message,
                        "registration": registration,
                        "event": event,
                        "link": site + registration.get_participant_url(),
                        "feedback_link": _feedback_link(site, registration)
                        if message.kind == RegistrationEmail.Kind.FEEDBACK
                        else "",
                        "Kind": RegistrationEmail.Kind,
                    },
                ),
                from_email=None,
                recipient_list=[registration.email],
            )

    return send_once(RegistrationEmail.objects.filter(pk=email_id), "sent_at", send)


def _feedback_link(site: str, registration: Registration) -> str:
    """The participant's personal link to the survey, opening in their language."""
    feedback = FeedbackRequest.objects.get(registration=registration)
    return (
        f"{site}{feedback.get_absolute_url()}?lang={languages.public_code(registration.language)}"
    )
