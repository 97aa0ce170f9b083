"""Forms for opening and working on cases, and for filtering caseloads."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from putokaz.accounts.models import Organisation, User
from putokaz.cases.models import (
    Assessment,
    Case,
    CaseAssignment,
    CaseType,
    ClosureReason,
    Goal,
    LifeDomain,
    Rating,
    Status,
    Urgency,
)
from putokaz.core.concurrency import VersionedModelForm
from putokaz.core.fields import CheckedUploadMixin, ModelChoiceField
from putokaz.core.widgets import DateInput, LongSelect
from putokaz.directory.models import Service
from putokaz.geo.forms import MunicipalityChoiceField
from putokaz.people.models import CASE_ROLES


class CaseOpenForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Type of case"), choices=CaseType.choices)
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.REGULAR,
        widget=forms.RadioSelect,
        help_text=_("The deadline of the first step follows from the urgency."),
    )
    reason = forms.CharField(
        label=_("Reason for opening"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CaseEditForm(VersionedModelForm):
    class Meta:
        model = Case
        fields = ["case_type", "urgency", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}


class MoveForm(forms.Form):
    target = forms.ChoiceField(choices=Status.choices)
    expected_status = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ClosureRequestForm(forms.Form):
    closure_reason = forms.ChoiceField(label=_("Reason for closing"), choices=ClosureReason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteOnlyForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why is the case reopened?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    user = ModelChoiceField(label=_("Worker"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=CaseAssignment.Role.choices)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = (
            User.objects.filter(
                memberships__organisation=case.organisation,
                memberships__role__in=CASE_ROLES,
                memberships__ended_at__isnull=True,
                is_active=True,
            )
            .distinct()
            .order_by("full_name")
        )
        field.label_from_instance = lambda user: user.full_name or user.email


class AssessmentForm(forms.Form):
    """One rating and notes per life domain, all on one page."""

    kind = forms.ChoiceField(label=_("Assessment"), choices=Assessment.Kind.choices)
    assessed_on = forms.DateField(label=_("Date"), widget=DateInput())
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain, label in LifeDomain.choices:
            self.fields[f"{domain}-rating"] = forms.ChoiceField(
                label=label, choices=Rating.choices, widget=forms.RadioSelect
            )
            self.fields[f"{domain}-notes"] = forms.CharField(
                label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def domains(self) -> list[tuple[Any, Any]]:
        return [(self[f"{domain}-rating"], self[f"{domain}-notes"]) for domain in LifeDomain.values]

    def ratings(self) -> dict[str, tuple[str, str]]:
        return {
            domain: (self.cleaned_data[f"{domain}-rating"], self.cleaned_data[f"{domain}-notes"])
            for domain in LifeDomain.values
        }


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("Only your organisation sees a confidential note, even after a referral."),
    )


class AttachmentForm(CheckedUploadMixin, forms.Form):
    title = forms.CharField(
        label=_("What is it?"),
        max_length=200,
        help_text=_("For example: decision on social assistance, signed consent, medical report."),
    )
    file = forms.FileField(label=_("File"))
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("Only your organisation sees a confidential document, even after a referral."),
    )


class PlanStatusForm(forms.Form):
    """The new status of a goal or an action of the plan."""

    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["status"]
        field.choices = choices


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=250)
    due_on = forms.DateField(label=_("Due"), widget=DateInput())
    assigned_to = ModelChoiceField(
        label=_("Assigned to"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["assigned_to"]
        field.queryset = User.objects.filter(
            case_assignments__case=case, case_assignments__ended_at__isnull=True
        ).order_by("full_name")
        field.label_from_instance = lambda user: user.full_name or user.email


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Life domain"), choices=LifeDomain.choices)
    description = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}))


class PlanActionForm(forms.Form):
    """An action for one of the case's goals; services offered where the family lives."""

    goal = ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none())
    description = forms.CharField(
        label=pgettext_lazy("plan", "Action"), widget=forms.Textarea(attrs={"rows": 2})
    )
    organisation = ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.active().order_by("name"),
        widget=LongSelect,
    )
    service: "forms.ModelChoiceField[Service]" = ModelChoiceField(
        label=_("Service from the guide"),
        queryset=Service.objects.none(),
        required=False,
        widget=LongSelect,
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goal_field: Any = self.fields["goal"]
        goal_field.queryset = Goal.objects.filter(case=case)
        services = Service.objects.published()
        place = case.subject.municipality
        if place is not None:
            services = services.in_municipality(place)
        service_field: Any = self.fields["service"]
        service_field.queryset = services.order_by("name")


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or case number"), required=False, max_length=100)
    case_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *CaseType.choices]
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("Any urgency")), *Urgency.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open")), *Status.choices],
    )
    municipality = MunicipalityChoiceField(
        label=_("Municipality"), required=False, empty_label=_("All municipalities")
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to open this case?"),
        help_text=_(
            "Your reason goes into the case history and the access log, and the supervisors "
            "are told."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SealForm(forms.Form):
    note = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReaderForm(AssignForm):
    """A worker of the organisation to name on a sealed case."""

    role = None  # type: ignore[assignment]
