"""The dashboard's choices: the period, and which municipality or organisation."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putokaz.core.fields import BLANK_LABEL
from putokaz.core.widgets import DateInput, LongSelect
from putokaz.reports.indicators import Period

EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


def default_period() -> Period:
    """The last twelve months, to today."""
    today = timezone.localdate()
    return Period(start=today - datetime.timedelta(days=365), end=today)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        default = default_period()
        kwargs.setdefault("initial", {"start": default.start, "end": default.end})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("start", "end"):
            day = data.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Choose a date from 2000 to 2100."))
        if self.errors:
            return data
        if data["start"] > data["end"]:
            self.add_error("end", _("The end of the period comes before its start."))
        return data

    def period(self) -> Period:
        """The period chosen, or the last twelve months when nothing (valid) was chosen."""
        if self.is_bound and self.is_valid():
            return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])
        return default_period()


class ScopeForm(forms.Form):
    """Which report to open: a municipality or an organisation from those the user may see."""

    municipality = forms.ChoiceField(label=_("Municipality"), required=False, widget=LongSelect())
    organisation = forms.ChoiceField(label=_("Organisation"), required=False, widget=LongSelect())

    def __init__(self, *args: Any, municipalities: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blank = [("", BLANK_LABEL)]
        municipality: Any = self.fields["municipality"]
        municipality.choices = blank + [(m.code, m.name) for m in municipalities]
        organisation: Any = self.fields["organisation"]
        organisation.choices = blank + [(str(o.pk), o.name) for o in organisations]
