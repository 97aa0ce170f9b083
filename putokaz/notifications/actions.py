"""Sending notifications: a row per recipient now, the e-mail after the transaction commits."""

import datetime
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from putokaz.accounts.models import User
from putokaz.notifications.models import Notification
from putokaz.notifications.tasks import email_notification


def notify(
    *, users: Iterable[User], kind: str, params: dict[str, str], url: str
) -> list[Notification]:
    """Tell each of ``users`` (once each, active accounts only) in the list and by e-mail.

    Call it inside the transaction of the change it reports: if that rolls back, nobody is
    told of something that did not happen.
    """
    recipients = {user.pk: user for user in users if user.is_active}
    notifications = Notification.objects.bulk_create(
        Notification(user=user, kind=kind, params=params, url=url) for user in recipients.values()
    )
    for notification in notifications:
        transaction.on_commit(partial(email_notification.enqueue, notification.pk))
    return notifications


def notification_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all, or those of ``ids``); how many were unread."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def notifications_resend(*, older_than: datetime.timedelta = datetime.timedelta(minutes=10)) -> int:
    """Queue again the e-mails of notifications not sent yet (the mail server was down);
    how many. Only those older than ``older_than``, so as not to race a fresh send."""
    pending = list(
        Notification.objects.filter(
            emailed_at__isnull=True, created_at__lt=timezone.now() - older_than
        ).values_list("pk", flat=True)[:500]
    )
    for pk in pending:
        email_notification.enqueue(pk)
    return len(pending)
