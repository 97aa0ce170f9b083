"""The e-mail of a notification, sent by the task worker (``putokaz db_worker`` in production)."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from putokaz.core.mail import send_once
from putokaz.notifications.models import Notification


@task()
def email_notification(notification_id: int) -> bool:
    """Send the notification's e-mail once, in the recipient's language; whether it was sent.
    A refused e-mail is sent again by `putokaz referral-sweep` on a later round."""

    def send() -> None:
        notification = Notification.objects.select_related("user").get(pk=notification_id)
        user = notification.user
        with translation.override(user.language or settings.LANGUAGE_CODE):
            text = notification.text
            link = settings.PUTOKAZ_SITE_URL.rstrip("/") + notification.url
            send_mail(
                subject=str(_("Putokaz: %(text)s") % {"text": text})[:200],
                message=render_to_string(
                    "notifications/email/notification.txt",
                    {"user": user, "text": text, "link": link},
                ),
                from_email=None,
                recipient_list=[user.email],
            )

    return send_once(Notification.objects.filter(pk=notification_id), "emailed_at", send)
