"""Validators shared by the apps' forms and models."""

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PHONE_RE = re.compile(r"\+?[0-9][0-9 ()/-]{5,24}")


def validate_phone(value: str) -> None:
    """A phone number of digits, spaces and + - / ( ), e.g. +381 11 123 4567."""
    if value and not PHONE_RE.fullmatch(value.strip()):
        raise ValidationError(
            _("Enter a phone number of digits, spaces and + - / ( ), e.g. +381 11 123 4567."),
            code="phone",
        )


def refuse_future(moment: datetime.date | datetime.datetime, message: Any = None) -> None:
    """Refuse a date after today, or a moment after now (``message`` or the usual one)."""
    now: datetime.date | datetime.datetime = (
        timezone.now() if isinstance(moment, datetime.datetime) else timezone.localdate()
    )
    if moment > now:
        raise ValidationError(message or _("This date cannot be in the future."))
