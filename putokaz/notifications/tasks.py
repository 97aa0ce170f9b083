"""The e-mail of a notification, sent by the task worker (``putokaz db_worker`` in production)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from putokaz.notifications.models import Notification

logger = logging.getLogger(__name__)


@task()
def email_notification(notification_id: int) -> bool:
    """Send the notification's e-mail once, in the recipient's language; whether it was sent."""
    # Claim the row first: a second worker running the same task sends nothing.
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    user = notification.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        text = notification.text
        link = settings.PUTOKAZ_SITE_URL.rstrip("/") + notification.url
        try:
            send_mail(
                subject=str(_("Putokaz: %(text)s") % {"text": text})[:200],
                message=render_to_string(
                    "notifications/email/notification.txt",
                    {"user": user, "text": text, "link": link},
                ),
                from_email=None,
                recipient_list=[user.email],
            )
        except OSError:
            # Unclaimed again: `putokaz referral-sweep` sends it on a later round. The change
            # that caused the notification is saved whatever the mail server does.
            Notification.objects.filter(pk=notification_id).update(emailed_at=None)
            logger.exception("Could not e-mail notification %s", notification_id)
            return False
    return True
