"""Forms of the intake of a report (with the child, found or registered) and of the records
on its case: protective measures, notifications and their responses, follow-up contacts."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putokaz.abuse import risk
from putokaz.abuse.models import (
    AbuseForm,
    AgencyNotification,
    FollowUp,
    PerpetratorRelation,
    ProtectiveMeasure,
    ReceivedHow,
    ReporterKind,
)
from putokaz.cases.models import Urgency
from putokaz.core.widgets import DateInput, DateTimeInput
from putokaz.geo.forms import MunicipalityChoiceField
from putokaz.people.models import Person


def _not_in_the_future[T: (datetime.date, datetime.datetime)](value: T) -> T:
    now = timezone.now() if isinstance(value, datetime.datetime) else timezone.localdate()
    if value > now:
        raise forms.ValidationError(_("This date cannot be in the future."))
    return value


class ReportForm(forms.Form):
    reporter_kind = forms.ChoiceField(
        label=_("Who reported"), choices=[("", "—"), *ReporterKind.choices]
    )
    reporter_name = forms.CharField(
        label=_("Reporter's name"),
        required=False,
        max_length=200,
        help_text=_("Left empty and not kept when the report is anonymous."),
    )
    reporter_contact = forms.CharField(
        label=_("Reporter's phone or address"), required=False, max_length=200
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    received_how = forms.ChoiceField(
        label=_("How"), choices=ReceivedHow.choices, widget=forms.RadioSelect
    )
    abuse_forms = forms.MultipleChoiceField(
        label=_("What was reported"),
        choices=AbuseForm.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("The report in the reporter's words"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    address = forms.CharField(label=_("Where (address)"), required=False, max_length=300)
    municipality = MunicipalityChoiceField(label=_("Municipality"), required=False)
    perpetrator_relation = forms.ChoiceField(
        label=_("Alleged perpetrator"),
        required=False,
        choices=[("", "—"), *PerpetratorRelation.choices],
    )
    risk_answers = forms.MultipleChoiceField(
        label=_("Immediate risk assessment"),
        required=False,
        choices=[(q.id, q.text) for q in risk.QUESTIONS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick what is true now, as far as is known."),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, widget=forms.RadioSelect
    )
    urgency_reason = forms.CharField(
        label=_("Why the urgency is lower than suggested"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_received_at(self) -> datetime.datetime:
        return _not_in_the_future(self.cleaned_data["received_at"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reporter_kind") == ReporterKind.ANONYMOUS:
            cleaned["reporter_name"] = ""
            cleaned["reporter_contact"] = ""
        urgency = cleaned.get("urgency")
        if urgency:
            suggested = risk.suggest(cleaned.get("risk_answers") or [])
            if risk.is_lower(urgency, suggested) and not cleaned.get("urgency_reason", "").strip():
                self.add_error(
                    "urgency_reason",
                    _("The answers suggest %(suggested)s: say why the urgency is lower.")
                    % {"suggested": Urgency(suggested).label},
                )
        return cleaned


class ChildForm(forms.ModelForm):
    """A child not registered yet: the least that identifies them. The rest of the file is
    filled in on the person's page later."""

    class Meta:
        model = Person
        fields = ["given_name", "family_name", "sex", "birth_date", "birth_date_estimated"]
        widgets = {"birth_date": DateInput()}
        labels = {"birth_date": _("Date of birth (approximate if not known)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = True
        self.initial.setdefault("birth_date_estimated", True)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Measure"), choices=[("", "—"), *ProtectiveMeasure.Kind.choices]
    )
    taken_on = forms.DateField(label=_("Date"), widget=DateInput())
    taken_by = forms.CharField(label=_("Who"), max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_taken_on(self) -> datetime.date:
        return _not_in_the_future(self.cleaned_data["taken_on"])


class NotificationForm(forms.Form):
    agency = forms.ChoiceField(
        label=_("Notified"), choices=[("", "—"), *AgencyNotification.Agency.choices]
    )
    addressee = forms.CharField(
        label=_("Whom"),
        max_length=200,
        help_text=_("The station, clinic or school, and the person."),
    )
    sent_on = forms.DateField(label=_("When"), widget=DateInput())
    reference = forms.CharField(label=_("Reference number"), required=False, max_length=100)

    def clean_sent_on(self) -> datetime.date:
        return _not_in_the_future(self.cleaned_data["sent_on"])


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("Response"), widget=forms.Textarea(attrs={"rows": 2}))
    response_on = forms.DateField(label=_("Date of the response"), widget=DateInput())
    reference = forms.CharField(label=_("Reference number"), required=False, max_length=100)
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_response_on(self) -> datetime.date:
        return _not_in_the_future(self.cleaned_data["response_on"])


class FollowUpForm(forms.Form):
    kind = forms.ChoiceField(label=_("Contact"), choices=[("", "—"), *FollowUp.Kind.choices])
    contact_on = forms.DateField(label=_("Date"), widget=DateInput())
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_contact_on(self) -> datetime.date:
        return _not_in_the_future(self.cleaned_data["contact_on"])
