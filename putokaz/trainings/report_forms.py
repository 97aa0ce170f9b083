"""The choices of the trainings' report: the period, and optionally an organiser, a kind of
event, a topic and a region."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation
from putokaz.core.fields import ModelChoiceField
from putokaz.core.widgets import DateInput
from putokaz.geo.models import District
from putokaz.trainings.models import EventQuerySet, Kind
from putokaz.trainings.reports import Criteria, topic_choices

EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


class OrganisationChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return str(obj)


def this_year() -> Criteria:
    """The report shown before anything is chosen: this calendar year's events."""
    today = timezone.localdate()
    return Criteria(start=datetime.date(today.year, 1, 1), end=datetime.date(today.year, 12, 31))


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())
    organiser = OrganisationChoiceField(
        label=_("Organiser"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("all"),
    )
    kind = forms.ChoiceField(label=_("Kind of event"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    region = ModelChoiceField(
        label=_("Region"),
        queryset=District.objects.order_by("code"),
        required=False,
        empty_label=_("all"),
    )

    def __init__(self, *args: Any, readable: EventQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organiser: Any = self.fields["organiser"]
        # The organisers of the events the reader may read (their own organisations' for
        # an organiser).
        organiser.queryset = Organisation.objects.filter(
            pk__in=readable.values("organiser")
        ).order_by("name_sr_latn")
        kind: Any = self.fields["kind"]
        kind.choices = [("", _("all")), *Kind.choices]
        topic: Any = self.fields["topic"]
        topic.choices = [("", _("all")), *topic_choices()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("start", "end"):
            day = data.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Choose a date from 2000 to 2100."))
        if not self.errors and data["start"] > data["end"]:
            self.add_error("end", _("The end of the period comes before its start."))
        return data

    def criteria(self) -> Criteria:
        """What was chosen (the form must be valid)."""
        data = self.cleaned_data
        return Criteria(
            start=data["start"],
            end=data["end"],
            organiser=data["organiser"],
            kind=data["kind"],
            topic=data["topic"],
            region=data["region"],
        )
