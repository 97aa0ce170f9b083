"""Forms for registering and editing people and households."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putokaz.core import locale_names
from putokaz.core.concurrency import VersionedModelForm
from putokaz.core.widgets import DateInput, LongSelect
from putokaz.geo.forms import MunicipalityChoiceField
from putokaz.people import jmbg
from putokaz.people.matching.stored import Spelling
from putokaz.people.models import (
    HouseholdMember,
    IdentityDocument,
    MigrationProfile,
    OtherSpelling,
    Person,
    Relationship,
)


def _not_in_the_future(day: datetime.date) -> datetime.date:
    if day > timezone.localdate():
        raise forms.ValidationError(_("This date cannot be in the future."))
    return day


def _country_field(label: Any, *, required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=lambda: [("", "—"), *locale_names.country_choices()],
        widget=LongSelect,
    )


class PersonForm(VersionedModelForm):
    citizenship = _country_field(_("Citizenship"))
    second_citizenship = _country_field(_("Second citizenship"))
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        choices=locale_names.language_choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # Longer than the 13 digits stored: people type the number with spaces or dashes.
    jmbg = forms.CharField(
        label=_("JMBG"),
        required=False,
        max_length=25,
        help_text=_("The 13-digit unique master citizen number, if the person has one."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    municipality = MunicipalityChoiceField(label=_("Municipality"), required=False)

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "parent_name",
            "sex",
            "birth_date",
            "birth_date_estimated",
            "birth_place",
            "jmbg",
            "languages",
            "needs_interpreter",
            "phone",
            "address",
            "municipality",
        ]
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        held = list(self.instance.citizenships or [])
        self.initial.setdefault("citizenship", held[0] if held else "")
        self.initial.setdefault("second_citizenship", held[1] if len(held) > 1 else "")
        # Fields in reading order: the two citizenships after the place of birth.
        order = list(self.fields)
        for name in ("citizenship", "second_citizenship"):
            order.remove(name)
        position = order.index("jmbg") + 1
        self.order_fields(
            [*order[:position], "citizenship", "second_citizenship", *order[position:]]
        )

    def clean_jmbg(self) -> str:
        return jmbg.normalize(self.cleaned_data.get("jmbg") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("citizenship"), cleaned.get("second_citizenship")
        self.instance.citizenships = [code for code in dict.fromkeys([first, second]) if code]
        return cleaned


SPELLINGS, DOCUMENTS = "spellings", "documents"  # the formsets' prefixes

OtherSpellingFormSet = forms.inlineformset_factory(
    Person,
    OtherSpelling,
    fields=["given_name", "family_name", "source"],
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)

DocumentFormSet = forms.inlineformset_factory(
    Person,
    IdentityDocument,
    fields=["kind", "status", "number", "issued_by", "valid_until", "note"],
    widgets={"valid_until": DateInput()},
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)


def typed_spellings(data: Any) -> list[Spelling]:
    """The other spellings as typed so far in the registration form (for the check for
    duplicates while it is filled in; nothing is validated or saved)."""
    try:
        rows = min(int(data.get(f"{SPELLINGS}-TOTAL_FORMS", 0)), 20)
    except (TypeError, ValueError):
        return []
    found = []
    for row in range(rows):
        given = str(data.get(f"{SPELLINGS}-{row}-given_name", "")).strip()
        family = str(data.get(f"{SPELLINGS}-{row}-family_name", "")).strip()
        if (given or family) and not data.get(f"{SPELLINGS}-{row}-DELETE"):
            found.append(Spelling(given, family))
    return found


def person_formsets(data: Any, person: Person) -> list[Any]:
    """The other spellings and the documents of ``person``, edited with their file."""
    return [
        OtherSpellingFormSet(data, instance=person, prefix=SPELLINGS),
        DocumentFormSet(data, instance=person, prefix=DOCUMENTS),
    ]


class MigrationProfileForm(VersionedModelForm):
    returned_from = _country_field(_("Returned from (country)"))
    nationality = _country_field(_("Nationality"))

    # The page shows the fields in two groups: for a returnee, and for a refugee or migrant.
    returnee_fields = (
        "returned_from",
        "returned_on",
        "return_type",
        "under_readmission",
        "years_abroad",
        "children_schooled_abroad",
        "received_at_airport",
    )
    refugee_fields = ("nationality", "arrived_on", "asylum_status")

    class Meta:
        model = MigrationProfile
        fields = [
            "kind",
            "returned_from",
            "returned_on",
            "return_type",
            "under_readmission",
            "years_abroad",
            "children_schooled_abroad",
            "received_at_airport",
            "nationality",
            "arrived_on",
            "asylum_status",
        ]
        widgets = {"returned_on": DateInput(), "arrived_on": DateInput()}


class HouseholdForm(forms.Form):
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    municipality = MunicipalityChoiceField(label=_("Municipality"), required=False)


class HouseholdMemberForm(forms.Form):
    """Add a person the user may see to a household."""

    person = forms.UUIDField(widget=forms.HiddenInput)
    relationship = forms.ChoiceField(
        label=_("Relationship to the reference person"),
        choices=[c for c in Relationship.choices if c[0] != Relationship.REFERENCE],
    )
    joined_on = forms.DateField(label=_("Member since"), widget=DateInput())

    def clean_joined_on(self) -> Any:
        return _not_in_the_future(self.cleaned_data["joined_on"])


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left the household on"), widget=DateInput())

    def __init__(self, *args: Any, member: HouseholdMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["left_on"].initial = timezone.localdate

    def clean_left_on(self) -> Any:
        # A member recorded as having left is a former member from then on, so not in advance.
        left_on = _not_in_the_future(self.cleaned_data["left_on"])
        if left_on < self.member.joined_on:
            raise forms.ValidationError(_("A member cannot leave before joining."))
        return left_on
