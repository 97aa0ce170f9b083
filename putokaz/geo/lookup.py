"""Find the municipality a file means: by the Statistical Office's code, or by its name in
Latin or Cyrillic, with or without diacritics, in any letter case."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from putokaz.core.folding import fold
from putokaz.geo.models import Municipality, name_with_kind


class MunicipalityIndex:
    """Every municipality, read once, by code and by folded name."""

    def __init__(self) -> None:
        places = list(Municipality.objects.select_related("parent", "district"))
        self.by_code = {place.code: place for place in places}
        self.by_name: dict[str, list[Municipality]] = {}
        for place in places:
            names = {fold(place.name_sr_latn or ""), fold(place.name_sr_cyrl or "")}  # type: ignore[attr-defined]
            for name in names - {""}:
                self.by_name.setdefault(name, []).append(place)

    def candidates(self, value: str) -> list[Municipality]:
        """The places ``value`` may mean: one for a code, one or more for a name."""
        if place := self.by_code.get(value.strip()):
            return [place]
        return list(self.by_name.get(fold(value), []))

    def find(self, value: str) -> Municipality:
        """The one place ``value`` names; :class:`ValidationError` if none or several."""
        found = self.candidates(value)
        if not found:
            raise ValidationError(
                _("No municipality has the code or name %(value)s."), params={"value": value}
            )
        if len(found) > 1:
            raise ValidationError(
                _("%(value)s names several places: write the code of one (%(places)s)."),
                params={"value": value, "places": Places(found)},
            )
        return found[0]


class Places:
    """Codes and names of places, written out in the language active when shown."""

    def __init__(self, places: list[Municipality]) -> None:
        self.places = places

    def __str__(self) -> str:
        return ", ".join(f"{place.code} {name_with_kind(place)}" for place in self.places)
