"""Forms for sending a referral and for the steps of its lifecycle."""

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from putokaz.accounts.models import Organisation, User
from putokaz.cases.models import (
    Assessment,
    Case,
    CaseAttachment,
    CaseNote,
    Goal,
    LifeDomain,
    Urgency,
)
from putokaz.core import uploads
from putokaz.core.fields import ModelChoiceField
from putokaz.core.widgets import DateInput, DateTimeInput, LongSelect
from putokaz.directory.models import Service
from putokaz.referrals.models import (
    ConsentBy,
    ConsentMethod,
    Outcome,
    Section,
    Status,
    consent_problems,
)

FAMILY = "family"
# The period of the statistics lies within these (beyond them dates cannot be added to).
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


class ReferralForm(forms.Form):
    """A referral from ``case``: where to, why, and the consent with what it shares."""

    subject = forms.ChoiceField(label=_("Who is referred"))
    to_service: "forms.ModelChoiceField[Service]" = ModelChoiceField(
        label=_("Service from the guide"),
        queryset=Service.objects.none(),
        required=False,
        widget=LongSelect,
        help_text=_("Services offered where the family lives come first."),
    )
    to_organisation: "forms.ModelChoiceField[Organisation]" = ModelChoiceField(
        label=_("Or an organisation, when no service fits"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=LongSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the referral"), widget=forms.Textarea(attrs={"rows": 3})
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs it addresses"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ticked: the needs the latest assessment found unmet or urgent."),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        initial=Urgency.REGULAR,
        widget=forms.RadioSelect,
    )
    consent_by = forms.ChoiceField(label=_("Consent given by"), choices=ConsentBy.choices)
    consent_name = forms.CharField(label=_("Name of who consented"), max_length=200)
    consent_on = forms.DateField(label=_("Consent given on"), widget=DateInput())
    consent_method = forms.ChoiceField(
        label=_("How consent was given"), choices=ConsentMethod.choices, widget=forms.RadioSelect
    )
    consent_witness = forms.CharField(
        label=_("Witness of a verbal consent"), max_length=200, required=False
    )
    consent_form = forms.FileField(
        label=_("Signed consent form"),
        required=False,
        help_text=_("PDF, JPEG, PNG, DOCX or ODT."),
    )
    shared_sections = forms.MultipleChoiceField(
        label=_("The consent shares"),
        choices=Section.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The receiving organisation sees only what is ticked here, and the reason."),
    )
    shared_notes = forms.ModelMultipleChoiceField(
        label=_("Notes to share"),
        queryset=CaseNote.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shared_documents = forms.ModelMultipleChoiceField(
        label=_("Documents to share"),
        queryset=CaseAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    FIELDSETS = (
        (
            _("Where to and why"),
            ("subject", "to_service", "to_organisation", "reason", "needs", "urgency"),
        ),
        (
            _("Consent"),
            (
                "consent_by",
                "consent_name",
                "consent_on",
                "consent_method",
                "consent_witness",
                "consent_form",
            ),
        ),
        (_("What the consent shares"), ("shared_sections", "shared_notes", "shared_documents")),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        subject_field: Any = self.fields["subject"]
        if case.household_id:
            members = list(case.household.current_members())  # type: ignore[union-attr]
            subject_field.choices = [(FAMILY, _("the whole family"))] + [
                (str(m.person.public_id), m.person.full_name) for m in members
            ]
            subject_field.initial = FAMILY
        else:
            subject_field.choices = [(str(case.person.public_id), case.person.full_name)]  # type: ignore[union-attr]
            subject_field.initial = str(case.person.public_id)  # type: ignore[union-attr]
        services = Service.objects.published().exclude(organisation=case.organisation)
        place = case.subject.municipality
        if place is not None:
            services = services.in_municipality(place)
        service_field: Any = self.fields["to_service"]
        service_field.queryset = services.select_related("organisation").order_by("name")
        service_field.label_from_instance = lambda s: f"{s.name} — {s.organisation}"
        organisation_field: Any = self.fields["to_organisation"]
        organisation_field.queryset = (
            Organisation.objects.active().exclude(pk=case.organisation_id).order_by("name")
        )
        notes: Any = self.fields["shared_notes"]
        notes.queryset = CaseNote.objects.filter(case=case, confidential=False)
        notes.label_from_instance = lambda n: f"{timezone.localdate(n.created_at)}: {n.text[:120]}"
        documents: Any = self.fields["shared_documents"]
        documents.queryset = CaseAttachment.objects.filter(
            case=case, confidential=False, removed_at__isnull=True
        )
        documents.label_from_instance = lambda d: f"{d.title} ({d.original_name})"
        self.fields["consent_form"].widget.attrs["accept"] = uploads.accepted_extensions()
        self.fields["consent_form"].help_text = _(
            "PDF, JPEG, PNG, DOCX or ODT, at most %(limit)s MB."
        ) % {"limit": settings.PUTOKAZ_MAX_UPLOAD_MB}
        if not self.is_bound:
            self.initial.setdefault("consent_on", timezone.localdate())
            self.initial.setdefault("shared_sections", [Section.IDENTITY, Section.CONTACT])
            self.initial.setdefault("needs", _unmet_needs(case))
            self.initial.setdefault("urgency", case.urgency)

    def fieldsets(self) -> list[tuple[Any, list[Any]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean_consent_form(self) -> Any:
        upload = self.cleaned_data.get("consent_form")
        self.consent_form_kind = uploads.check_upload(upload) if upload else None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        service = data.get("to_service")
        organisation = data.get("to_organisation")
        if service is None and organisation is None:
            self.add_error("to_service", _("Choose a service, or an organisation."))
        elif (
            service is not None
            and organisation is not None
            and service.organisation_id != organisation.pk
        ):
            self.add_error("to_organisation", _("The service belongs to another organisation."))
        elif service is not None:
            data["to_organisation"] = service.organisation
        problems = consent_problems(
            method=data.get("consent_method", ""),
            witness=data.get("consent_witness", ""),
            has_form=bool(data.get("consent_form")),
            given_on=data.get("consent_on"),
        )
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data

    def referred(self) -> Any:
        """The person or the household chosen."""
        chosen = self.cleaned_data["subject"]
        if chosen == FAMILY:
            return self.case.household
        if self.case.person_id:
            return self.case.person
        for member in self.case.household.current_members():  # type: ignore[union-attr]
            if str(member.person.public_id) == chosen:
                return member.person
        raise forms.ValidationError(_("Choose who is referred."))


def _unmet_needs(case: Case) -> list[str]:
    latest = Assessment.objects.filter(case=case).order_by("-assessed_on", "-pk").first()
    if latest is None:
        return []
    return [r.domain for r in latest.ratings.all() if r.rating in ("unmet", "urgent")]


class MoveForm(forms.Form):
    target = forms.ChoiceField(choices=Status.choices)
    expected_status = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "—"), *Outcome.choices], required=False
    )


class EndForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InboxFilterForm(forms.Form):
    view = forms.ChoiceField(
        choices=[
            ("new", _("new")),
            ("late", _("awaiting acknowledgement past its time")),
            ("active", _("in progress")),
            ("all", _("all received")),
            ("sent", _("sent by me")),
        ],
        required=False,
    )


class StatisticsForm(forms.Form):
    organisation = ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = organisations

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("start", "end"):
            day = data.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("Choose a date from 2000 to 2100."))
        if self.errors:
            return data
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end of the period comes before its start."))
        return data


class ConferenceForm(forms.Form):
    """The record of a case conference; what was discussed, one box per area of life."""

    held_at = forms.DateTimeField(
        label=_("Held on"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    place = forms.CharField(label=_("Place or online meeting"), max_length=200, required=False)
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain, label in LifeDomain.choices:
            self.fields[f"discussed-{domain}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        if not self.is_bound:
            self.initial.setdefault(
                "held_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean_held_at(self) -> Any:
        held_at = self.cleaned_data["held_at"]
        if held_at > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError(_("Record a conference once it has been held."))
        return held_at

    def record_fields(self) -> list[Any]:
        return [self[name] for name in ("held_at", "place")]

    def discussion_fields(self) -> list[Any]:
        return [self[f"discussed-{domain}"] for domain in LifeDomain.values]

    def discussion(self) -> dict[str, str]:
        return {
            domain: text
            for domain in LifeDomain.values
            if (text := self.cleaned_data[f"discussed-{domain}"].strip())
        }


class ParticipantForm(forms.Form):
    organisation: "forms.ModelChoiceField[Organisation]" = ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.active().order_by("name"),
        widget=LongSelect,
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail of their Putokaz account"), required=False)
    role = forms.CharField(label=_("Role in the meeting"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.user = None
        email = data.get("email")
        organisation = data.get("organisation")
        if email and organisation is not None:
            self.user = (
                User.objects.filter(
                    email__iexact=email,
                    is_active=True,
                    memberships__organisation=organisation,
                    memberships__ended_at__isnull=True,
                )
                .distinct()
                .first()
            )
            if self.user is None:
                self.add_error(
                    "email", _("Nobody with this e-mail address works at this organisation.")
                )
        if organisation is not None and not email and not data.get("name", "").strip():
            self.add_error("name", _("Give the participant's name or Putokaz e-mail."))
        return data


class FollowUpForm(forms.Form):
    goal = ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none())
    description = forms.CharField(
        label=pgettext_lazy("plan", "Action"), widget=forms.Textarea(attrs={"rows": 2})
    )
    organisation: "forms.ModelChoiceField[Organisation]" = ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.active().order_by("name"),
        widget=LongSelect,
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goal: Any = self.fields["goal"]
        goal.queryset = Goal.objects.filter(case=case)


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=4, max_num=40)
FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=3, max_num=40)
