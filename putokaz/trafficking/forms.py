"""Forms of the screening, the identification status and the safety plan."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from putokaz.core.widgets import DateInput
from putokaz.trafficking import indicators
from putokaz.trafficking.models import VictimStatus


class ScreeningForm(forms.Form):
    """The indicators of one list, a box each, grouped by dimension on the page."""

    screened_on = forms.DateField(label=_("Date of the screening"), widget=DateInput())
    act = forms.BooleanField(
        label=_("The person was recruited, transported, transferred, harboured or received"),
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, indicator_set: indicators.IndicatorSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator_set = indicator_set
        self.groups: list[tuple[indicators.Dimension, list[tuple[str, Any]]]] = []
        for dimension in indicator_set.dimensions:
            name = f"dimension_{dimension.id}"
            self.fields[name] = forms.MultipleChoiceField(
                label=dimension.name,
                required=False,
                choices=[(i.id, i.text) for i in dimension.indicators],
                widget=forms.CheckboxSelectMultiple,
            )
            levels = {i.id: i.level for i in dimension.indicators}
            self.groups.append((dimension, [(name, levels)]))

    def dimension_fields(self) -> list[tuple[indicators.Dimension, Any, list[tuple[Any, str]]]]:
        """Per dimension: its field and each checkbox with the indicator's level."""
        out = []
        for dimension, [(name, levels)] in self.groups:
            field = self[name]
            boxes = [(box, levels[str(box.data["value"])]) for box in field]
            out.append((dimension, field, boxes))
        return out

    def ticked(self) -> list[str]:
        return [
            value
            for dimension in self.indicator_set.dimensions
            for value in self.cleaned_data.get(f"dimension_{dimension.id}", [])
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    decided_on = forms.DateField(label=_("Date of the decision or referral"), widget=DateInput())
    reference = forms.CharField(label=_("Reference number"), required=False, max_length=100)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, moves: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["status"]
        # No step chosen for the worker: recording a status is a decision, not a default.
        field.choices = [
            ("", _("Choose the next step")),
            *((m, VictimStatus(m).label) for m in moves),
        ]


class SafetyItemForm(forms.Form):
    risk = forms.CharField(label=_("Risk"), widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label=_("Measure"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label=_("Responsible"), max_length=200)
    review_on = forms.DateField(label=_("Review date"), widget=DateInput())
