"""The public guide's search and filter form."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from putokaz.core.widgets import LongSelect
from putokaz.directory.models import ServiceQuerySet, TaxonomyTerm
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


class TermChoiceField(forms.ModelChoiceField):
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
        data: dict[str, Any] = self.cleaned_data
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
