"""Forms of a child's protection; they validate input, the actions apply the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from putokaz.accounts.models import Organisation, User
from putokaz.cases.models import Case
from putokaz.core.concurrency import VersionedModelForm
from putokaz.core.fields import ModelChoiceField
from putokaz.core.widgets import DateInput, DateTimeInput, LongSelect
from putokaz.protection.actions import IDENTIFICATION_FIELDS
from putokaz.protection.models import (
    AsylumMilestone,
    BestInterestsAssessment,
    ChildIdentification,
    FamilyTracing,
    MilestoneKind,
    PlacementKind,
    Separation,
)

# An assessed age above this is a typing error, not an assessment of a child.
MAX_ASSESSED_AGE = 30
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _datetime(label: Any, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeInput(), input_formats=DATETIME_FORMATS, **kwargs
    )


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


class IdentificationForm(VersionedModelForm):
    # The definitions of both stand above the form; no empty choice for a required answer.
    separation = forms.ChoiceField(
        label=_("The child is"), choices=Separation.choices, widget=forms.RadioSelect
    )
    identified_at = _datetime(
        _("Identified on"),
        help_text=_("When the child came to the attention of the authorities or of the network."),
    )
    age_assessed_on = _date(_("Age assessed on"), required=False)

    class Meta:
        model = ChildIdentification
        fields = list(IDENTIFICATION_FIELDS)
        widgets = {"circumstances": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        age = data.get("assessed_age")
        if age is not None and age > MAX_ASSESSED_AGE:
            self.add_error("assessed_age", _("Give the assessed age in years."))
        return data


class AdultForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    stated_relationship = forms.CharField(
        label=_("Relationship to the child (as stated)"), max_length=100, required=False
    )
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    suspected = forms.BooleanField(
        label=_("Suspected in the case"),
        required=False,
        help_text=_("Suspected of smuggling, trafficking, exploiting or harming the child."),
    )
    note = forms.CharField(label=_("Note"), max_length=250, required=False)


class GuardianForm(forms.Form):
    guardian_user = ModelChoiceField(
        label=_("A professional of the Center for Social Welfare"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Or leave this empty and name another suitable person below."),
    )
    guardian_name = forms.CharField(
        label=_("Another suitable person: name"), max_length=200, required=False
    )
    guardian_contact = forms.CharField(
        label=_("Guardian's contact"), max_length=200, required=False
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = _date(_("Decision date"))
    appointed_at = _datetime(_("Appointed on"), help_text=_("When the decision took effect."))
    no_conflict_confirmed = forms.BooleanField(
        label=_("I checked: the guardian has no conflict of interest with the child"),
        required=False,
    )
    conflict_note = forms.CharField(
        label=_("How the conflict of interest was checked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The professionals of the case's Center for Social Welfare.
        self.fields["guardian_user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                is_active=True,
                memberships__organisation=case.organisation,
                memberships__ended_at__isnull=True,
            )
            .distinct()
            .order_by("full_name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("guardian_user") is not None and data.get("guardian_name", "").strip():
            self.add_error(
                "guardian_name",
                _("Choose a professional or name another person, not both."),
            )
        elif data.get("guardian_user") is None and not data.get("guardian_name", "").strip():
            self.add_error("guardian_user", _("Choose a professional or give the guardian's name."))
        return data


class GuardianEndForm(forms.Form):
    ended_on = _date(_("Ended on"))
    reason = forms.CharField(label=_("Why it ended"), max_length=250)


class PlacementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of placement"), choices=PlacementKind.choices)
    facility = forms.CharField(
        label=_("Facility or family"),
        max_length=250,
        help_text=_("The centre, institution or foster family."),
    )
    facility_organisation = ModelChoiceField(
        label=_("Organisation running the facility"),
        queryset=Organisation.objects.active().order_by("name"),
        required=False,
        widget=LongSelect,
        help_text=_("If it is in Putokaz: its staff may then not be the child's guardian."),
    )
    starts_on = _date(_("From"))
    ends_on = _date(_("To"), required=False)
    note = forms.CharField(label=_("Note"), max_length=250, required=False)


class PlacementEndForm(forms.Form):
    ends_on = _date(_("Ended on"))


class AssessmentForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("Assessment"),
        choices=BestInterestsAssessment.Kind.choices,
        widget=forms.RadioSelect,
    )
    assessed_on = _date(_("Date"))

    class Meta:
        model = BestInterestsAssessment
        fields = ["kind", "assessed_on", "child_views", "findings", "recommendation"]
        widgets = {
            "child_views": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 4}),
            "recommendation": forms.Textarea(attrs={"rows": 3}),
        }


class DecideForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DeterminationForm(forms.Form):
    panel_on = _date(_("Panel met on"))
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    reasons = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    review_on = _date(_("Review on"))


class PanelMemberForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organisation = ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.active().order_by("name"),
        required=False,
        widget=LongSelect,
    )
    role = forms.CharField(label=_("Role on the panel"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("full_name", "").strip()) != (data.get("organisation") is not None):
            raise forms.ValidationError(_("Give each member's name and organisation."))
        return data


PanelFormSet = forms.formset_factory(PanelMemberForm, extra=5, max_num=12)


class TracingForm(forms.ModelForm):
    requested_on = _date(_("Requested on"))

    class Meta:
        model = FamilyTracing
        fields = ["requested_on", "requested_from", "sought"]


class TracingUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FamilyTracing.Status.choices)
    result = forms.CharField(
        label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    result_on = _date(_("Result on"), required=False)


class MilestoneForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Step"), choices=MilestoneKind.choices)
    happened_at = _datetime(_("When"))

    class Meta:
        model = AsylumMilestone
        fields = ["kind", "happened_at", "guardian_present", "note"]
