"""Form fields shared by every app."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

BLANK_LABEL = _("— choose —")


class ModelChoiceField(forms.ModelChoiceField):
    """A model choice whose empty option follows the reader's language.

    Django translates its default empty option once, when the form class is defined,
    so a form defined while another language was active shows that language to everyone.
    """

    def __init__(self, *args: Any, empty_label: Any = BLANK_LABEL, **kwargs: Any) -> None:
        super().__init__(*args, empty_label=empty_label, **kwargs)
