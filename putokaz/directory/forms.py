"""Forms of the guide: the public search, and editing an organisation's services."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from putokaz.core import languages
from putokaz.core.concurrency import VersionedModelForm
from putokaz.core.fields import ModelChoiceField
from putokaz.core.widgets import LongSelect
from putokaz.directory.models import (
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceQuerySet,
    TaxonomyTerm,
)
from putokaz.geo.forms import MunicipalityChoiceField, MunicipalityMultipleChoiceField
from putokaz.geo.models import Municipality, name_with_kind

# Languages a service may be delivered in that people ask for most; codes as in HSDS (BCP 47).
SPOKEN_LANGUAGES = [
    ("sr", _("Serbian")),
    ("rom", _("Romani")),
    ("sq", _("Albanian")),
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Farsi")),
    ("ps", _("Pashto")),
    ("ur", _("Urdu")),
    ("fr", _("French")),
]


class TermChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: TaxonomyTerm) -> str:
        return f"— {obj.name}" if obj.parent_id else obj.name


def municipality_choices() -> list[tuple[str, str]]:
    """Every municipality, by name, in the current language. The list is reference data that
    changes only with a release, so each process keeps it per language."""
    language = get_language() or "sr-latn"
    if language not in _MUNICIPALITY_CHOICES:
        _MUNICIPALITY_CHOICES[language] = [
            (place.code, name_with_kind(place))
            for place in Municipality.objects.select_related("parent").order_by("name")
        ]
    return [("", gettext("All municipalities")), *_MUNICIPALITY_CHOICES[language]]


_MUNICIPALITY_CHOICES: dict[str, list[tuple[str, str]]] = {}


class GuideSearchForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=200)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False, widget=LongSelect)
    domain = TermChoiceField(
        label=_("Area"),
        queryset=TaxonomyTerm.objects.filter(taxonomy__code="domains"),
        to_field_name="code",
        required=False,
        empty_label=_("All areas"),
        widget=LongSelect,
    )
    group = TermChoiceField(
        label=_("For"),
        queryset=TaxonomyTerm.objects.filter(taxonomy__code="target-groups"),
        to_field_name="code",
        required=False,
        empty_label=_("Everyone"),
        widget=LongSelect,
    )
    language = forms.ChoiceField(
        label=_("Language spoken"),
        choices=[("", _("Any language")), *SPOKEN_LANGUAGES],
        required=False,
    )
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    no_referral = forms.BooleanField(label=_("No referral needed"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices()  # type: ignore[attr-defined]

    def clean_municipality(self) -> Municipality | None:
        code = self.cleaned_data.get("municipality")
        return Municipality.objects.select_related("parent").get(code=code) if code else None

    def filter(self, services: ServiceQuerySet) -> ServiceQuerySet:
        """Apply the filters whose values are valid (``cleaned_data`` holds only those)."""
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        if data.get("q"):
            services = services.search(data["q"])
        if data.get("municipality"):
            services = services.in_municipality(data["municipality"])
        if data.get("domain"):
            services = services.in_domain(data["domain"])
        if data.get("group"):
            services = services.for_group(data["group"])
        if data.get("language"):
            services = services.speaking(data["language"])
        if data.get("free"):
            services = services.free()
        if data.get("no_referral"):
            services = services.without_referral()
        if data.get("open_now"):
            services = services.open_at(timezone.now())
        return services


# Editing the guide ------------------------------------------------------------

TRANSLATED_FIELDS = [
    "name",
    "description",
    "eligibility_description",
    "application_process",
    "fees_description",
]
OTHER_LANGUAGES = [("sr_cyrl", "sr-cyrl"), ("rom", "rom"), ("sq", "sq"), ("de", "de"), ("en", "en")]


class TranslatedFieldsMixin(forms.BaseForm):
    """A model form whose ``TRANSLATED`` fields are entered in Serbian Latin (shown first) and,
    optionally, in the other languages (shown folded, one group per language)."""

    TRANSLATED: list[str]

    def label_translated_fields(self, model: type[Any]) -> None:
        # The page groups the fields by language, so labels need no "[en]" suffix.
        for name in self.TRANSLATED:
            label = capfirst(getattr(model._meta.get_field(name), "verbose_name", name))
            for suffix in ["sr_latn", *(suffix for suffix, _code in OTHER_LANGUAGES)]:
                self.fields[f"{name}_{suffix}"].label = label

    def main_fields(self) -> list[forms.BoundField]:
        skipped = {
            f"{name}_{suffix}" for suffix, _code in OTHER_LANGUAGES for name in self.TRANSLATED
        }
        return [field for field in self.visible_fields() if field.name not in skipped]

    def translations(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The optional languages, each with its fields (shown folded in the page)."""
        names = {language.code: language.name_local for language in languages.all_languages()}
        return [
            (names[code], [self[f"{name}_{suffix}"] for name in self.TRANSLATED])
            for suffix, code in OTHER_LANGUAGES
        ]


class ServiceForm(TranslatedFieldsMixin, VersionedModelForm):
    """A service's own fields; Serbian Latin is required, the other languages optional."""

    TRANSLATED = TRANSLATED_FIELDS
    CHOICE_FIELDS = ("locations", "domains", "target_groups")
    service_areas = MunicipalityMultipleChoiceField(
        label=_("For people living in"),
        queryset=Municipality.objects.select_related("parent").order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )

    spoken = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Service
        fields = [
            *(f"{name}_sr_latn" for name in TRANSLATED_FIELDS),
            "status",
            "is_free",
            "referral_required",
            "access",
            "minimum_age",
            "maximum_age",
            "url",
            "email",
            "domains",
            "target_groups",
            "service_areas",
            "locations",
            *(
                f"{name}_{suffix}"
                for suffix, _code in OTHER_LANGUAGES
                for name in TRANSLATED_FIELDS
            ),
        ]
        widgets = {
            "domains": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "locations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_sr_latn"].required = True
        self.fields["description_sr_latn"].required = True
        self.label_translated_fields(Service)
        choices = {
            name: cast(forms.ModelMultipleChoiceField, self.fields[name])
            for name in self.CHOICE_FIELDS
        }
        choices["locations"].queryset = organisation.locations.all()
        choices["domains"].queryset = TaxonomyTerm.objects.filter(taxonomy__code="domains")
        choices["target_groups"].queryset = TaxonomyTerm.objects.filter(
            taxonomy__code="target-groups"
        )
        if self.instance.pk and not self.is_bound:
            self.initial["spoken"] = list(self.instance.languages.values_list("code", flat=True))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("is_free") and not data.get("fees_description_sr_latn"):
            self.add_error("fees_description_sr_latn", _("Say what the service costs."))
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The maximum age is below the minimum age."))
        return data


LOCATION_TRANSLATED_FIELDS = ["name", "description", "transportation", "accessibility"]
# Serbia (with Kosovo and Metohija) lies within these: a point outside is a typing mistake,
# most often latitude and longitude swapped.
SERBIA_LATITUDE = (41.8, 46.2)
SERBIA_LONGITUDE = (18.8, 23.1)


class LocationForm(TranslatedFieldsMixin, VersionedModelForm):
    """A place where the organisation delivers services: address, position, how to get there."""

    TRANSLATED = LOCATION_TRANSLATED_FIELDS
    municipality = MunicipalityChoiceField(label=_("Municipality"))

    class Meta:
        model = Location
        fields = [
            *(f"{name}_sr_latn" for name in LOCATION_TRANSLATED_FIELDS),
            "address",
            "postal_code",
            "municipality",
            "latitude",
            "longitude",
            *(
                f"{name}_{suffix}"
                for suffix, _code in OTHER_LANGUAGES
                for name in LOCATION_TRANSLATED_FIELDS
            ),
        ]
        localized_fields = ["latitude", "longitude"]  # 44,8125 and 44.8125 both read
        help_texts = {
            "latitude": _("For the map, in decimal degrees, e.g. 44.8125 (north)."),
            "longitude": _("For the map, in decimal degrees, e.g. 20.4612 (east)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name_sr_latn"].required = True
        self.label_translated_fields(Location)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            if missing not in self.errors:
                self.add_error(missing, _("Give both the latitude and the longitude, or neither."))
        elif latitude is not None and longitude is not None:
            inside = (
                SERBIA_LATITUDE[0] <= latitude <= SERBIA_LATITUDE[1]
                and SERBIA_LONGITUDE[0] <= longitude <= SERBIA_LONGITUDE[1]
            )
            if not inside:
                self.add_error(
                    "latitude",
                    _(
                        "This point is outside Serbia. Check the numbers, and that latitude "
                        "and longitude are not swapped."
                    ),
                )
        return data


WEEK_MINUTES = 7 * 1440


class BaseScheduleFormSet(forms.BaseInlineFormSet):
    """Opening hours of a week; hours may run past midnight (22:00–06:00) and 00:00–00:00
    is a whole day. No two rows may cover the same minute."""

    def clean(self) -> None:
        super().clean()
        seen: list[tuple[int, int]] = []
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            day, opens, closes = (
                form.cleaned_data.get(k) for k in ("weekday", "opens_at", "closes_at")
            )
            if day is None or opens is None or closes is None or form.errors:
                continue
            start, end = Schedule(weekday=day, opens_at=opens, closes_at=closes).minutes_of_week()
            for other_start, other_end in seen:
                # Compare on a circular week: Sunday night runs into Monday morning.
                if any(
                    start + shift < other_end and other_start < end + shift
                    for shift in (-WEEK_MINUTES, 0, WEEK_MINUTES)
                ):
                    raise forms.ValidationError(_("These hours overlap other opening hours."))
            seen.append((start, end))


ScheduleFormSet = forms.inlineformset_factory(
    Service,
    Schedule,
    formset=BaseScheduleFormSet,
    fields=["weekday", "opens_at", "closes_at"],
    widgets={
        "opens_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        "closes_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    },
    extra=2,
    can_delete=True,
)
DocumentFormSet = forms.inlineformset_factory(
    Service, RequiredDocument, fields=["document_sr_latn", "document_en"], extra=2, can_delete=True
)
PhoneFormSet = forms.inlineformset_factory(
    Service,
    Phone,
    fk_name="service",
    fields=["number", "kind", "description_sr_latn"],
    extra=1,
    can_delete=True,
)
LocationPhoneFormSet = forms.inlineformset_factory(
    Location,
    Phone,
    fk_name="location",
    fields=["number", "kind", "description_sr_latn"],
    extra=1,
    can_delete=True,
)
