"""Forms of the crisis intake, its responses, closing, and the case opened from it. They
validate input; the actions apply the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from putokaz.core.concurrency import VersionedModelForm
from putokaz.core.widgets import DateTimeInput
from putokaz.crisis.actions import INTAKE_FIELDS
from putokaz.crisis.models import (
    Channel,
    CrisisIntervention,
    CrisisKind,
    Outcome,
    ResponseKind,
    Risk,
)
from putokaz.geo.forms import MunicipalityChoiceField

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _datetime(label: Any, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput(), input_formats=DATETIME_FORMATS, **kwargs
    )


class InterventionForm(VersionedModelForm):
    """The intake: when and how it came in, who is in crisis, where, what happened, the risks.

    The person found with the people search comes in the field ``person`` of the page (their
    public id); the view fetches them through the access layer."""

    received_at = _datetime(
        _("Received at"), help_text=_("When the call came in or the person arrived.")
    )
    channel = forms.ChoiceField(
        label=_("How it came in"), choices=Channel.choices, widget=forms.RadioSelect
    )
    municipality = MunicipalityChoiceField(label=_("Municipality"))
    kinds = forms.MultipleChoiceField(
        label=_("What happened"),
        choices=CrisisKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose what happened.")},
    )
    risks = forms.MultipleChoiceField(
        label=_("Immediate risks"),
        choices=Risk.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick each one that applies now."),
    )

    class Meta:
        model = CrisisIntervention
        fields = list(INTAKE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, person_chosen: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person_chosen = person_chosen or bool(self.instance.person_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.person_chosen and not str(data.get("contact_name") or "").strip():
            self.add_error("contact_name", _("Choose the person or write the name given."))
        return data


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was done"), choices=ResponseKind.choices)
    description = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 2}))
    done_at = _datetime(_("When"))
    done_by = forms.CharField(
        label=_("By whom"),
        max_length=200,
        required=False,
        help_text=_("The worker, or the service that acted (you, if left empty)."),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome to close the intervention.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class PersonChoiceForm(forms.Form):
    person = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class OpenCaseForm(forms.Form):
    for_household = forms.BooleanField(
        label=_("The case is about the person's household"), required=False
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class ListFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        choices=[("open", _("open")), ("closed", _("closed"))],
        required=False,
    )
