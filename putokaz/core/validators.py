"""Validators shared by the apps' forms and models."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_RE = re.compile(r"\+?[0-9][0-9 ()/-]{5,24}")


def validate_phone(value: str) -> None:
    """A phone number of digits, spaces and + - / ( ), e.g. +381 11 123 4567."""
    if value and not PHONE_RE.fullmatch(value.strip()):
        raise ValidationError(
            _("Enter a phone number of digits, spaces and + - / ( ), e.g. +381 11 123 4567."),
            code="phone",
        )
