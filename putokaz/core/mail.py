"""Sending an e-mail exactly once from a task: claim the row, send, give it back on failure.

A task may run twice (two workers, a retry). The row that records the e-mail is claimed
with a conditional UPDATE of its "sent" stamp, so only one run sends; if the mail server
refuses, the stamp is cleared again and a later sweep sends it.
"""

import logging
from collections.abc import Callable

from django.db import models
from django.utils import timezone

logger = logging.getLogger(__name__)


def send_once(row: models.QuerySet, stamp: str, send: Callable[[], None]) -> bool:
    """Run ``send`` if ``row`` (a queryset of one row) has no ``stamp`` yet; whether it sent."""
    claimed = row.filter(**{f"{stamp}__isnull": True}).update(**{stamp: timezone.now()})
    if not claimed:
        return False
    try:
        send()
    except OSError:
        # The change that asked for the e-mail is saved whatever the mail server does.
        row.update(**{stamp: None})
        logger.exception("Could not send the e-mail of %s", row.model._meta.label)
        return False
    return True
