"""Detect concurrent edits: a form carries the version it was loaded with, the write checks it.

A record's version is its ``updated_at`` stamp. If someone else saved the record
after the form was opened, the write is refused and nothing is overwritten.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. Your changes were not "
                "saved: the form now shows the current version."
            ),
            code="concurrent_edit",
        )


def version_of(instance: models.Model) -> str:
    stamp = getattr(instance, "updated_at", None)
    return stamp.isoformat() if stamp else ""


def check_version(locked: models.Model, expected: str) -> None:
    """Raise :class:`ConcurrentEditError` unless ``locked`` (a row fetched FOR UPDATE) is unchanged."""
    if version_of(locked) != expected:
        raise ConcurrentEditError()


class VersionedModelForm(forms.ModelForm):
    """A model form with a hidden ``version`` field holding the instance's version."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = version_of(self.instance)


def form_with_current_version(
    form_class: type[VersionedModelForm],
    instance: models.Model,
    error: ValidationError,
    **kwargs: Any,
) -> VersionedModelForm:
    """The form filled with the record as it is now, carrying ``error``: after a refused
    save the person sees the other edit and can redo theirs on top of it."""
    form = form_class(
        data=current_data(form_class(instance=instance, **kwargs)), instance=instance, **kwargs
    )
    form.is_valid()
    form.add_error(None, error)
    return form


def current_data(form: forms.BaseForm) -> QueryDict:
    """The data an unbound ``form`` would post unchanged: its initial values, as submitted."""
    data = QueryDict(mutable=True)
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            data.setlist(key, [str(item) for item in value])
        else:
            data[key] = "" if value is None else str(value)
    return data
