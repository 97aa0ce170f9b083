"""Form fields for choosing places."""

from typing import Any

from django import forms

from putokaz.core.fields import ModelChoiceField
from putokaz.core.widgets import LongSelect
from putokaz.geo.models import Municipality, name_with_kind


class MunicipalityMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several municipalities, labelled so that Vranje the city and Vranje the city
    municipality can be told apart."""

    def label_from_instance(self, obj: Municipality) -> str:
        return name_with_kind(obj)


class MunicipalityChoiceField(ModelChoiceField):
    """One municipality, from a long list rendered cheaply, labelled like the multiple choice."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "queryset", Municipality.objects.select_related("parent").order_by("name")
        )
        kwargs.setdefault("widget", LongSelect)
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Municipality) -> str:
        return name_with_kind(obj)
