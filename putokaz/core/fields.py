"""Form fields shared by every app."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from putokaz.core import uploads

BLANK_LABEL = _("— choose —")


class ModelChoiceField(forms.ModelChoiceField):
    """A model choice whose empty option follows the reader's language.

    Django translates its default empty option once, when the form class is defined,
    so a form defined while another language was active shows that language to everyone.
    """

    def __init__(self, *args: Any, empty_label: Any = BLANK_LABEL, **kwargs: Any) -> None:
        super().__init__(*args, empty_label=empty_label, **kwargs)


class CheckedUploadMixin(forms.BaseForm):
    """A form whose ``file`` field takes only the documents ``uploads.check_upload`` accepts
    (by their content); after validation ``kind`` holds the kind it found."""

    kind: uploads.FileKind

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.widget.attrs["accept"] = uploads.accepted_extensions()
        field.help_text = _("PDF, JPEG, PNG, DOCX or ODT, at most %(limit)s MB.") % {
            "limit": settings.PUTOKAZ_MAX_UPLOAD_MB
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.kind = uploads.check_upload(upload)
        return upload
