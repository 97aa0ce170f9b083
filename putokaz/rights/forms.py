"""The reader's municipality, for the services that help with a procedure where they live."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from putokaz.core.widgets import LongSelect
from putokaz.directory.forms import municipality_choices
from putokaz.geo.models import Municipality


class MunicipalityForm(forms.Form):
    municipality = forms.ChoiceField(
        label=_("Your municipality"), required=False, widget=LongSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = municipality_choices()
        choices[0] = ("", gettext("Choose a municipality"))
        self.fields["municipality"].choices = choices  # type: ignore[attr-defined]

    def clean_municipality(self) -> Municipality | None:
        code = self.cleaned_data.get("municipality")
        return Municipality.objects.select_related("parent").get(code=code) if code else None

    def chosen(self) -> Municipality | None:
        """The municipality asked for, if the value is a real one (a stale link shows none)."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data["municipality"]
