from django import forms
from django.utils.translation import gettext_lazy as _

from putokaz.audit.models import AccessLogQuerySet, Action


class AccessLogFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("all actions")), *Action.choices]
    )
    actor = forms.CharField(label=_("Who (e-mail)"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filter(self, entries: AccessLogQuerySet) -> AccessLogQuerySet:
        data = self.cleaned_data
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("actor"):
            entries = entries.filter(actor_label__icontains=data["actor"].strip())
        if data.get("date_from"):
            entries = entries.filter(occurred_at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(occurred_at__date__lte=data["date_to"])
        return entries
