"""Form fields for choosing places."""

from django import forms

from putokaz.geo.models import Municipality, name_with_kind


class MunicipalityMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several municipalities, labelled so that Vranje the city and Vranje the city
    municipality can be told apart."""

    def label_from_instance(self, obj: Municipality) -> str:
        return name_with_kind(obj)
