"""Likely matches for a person about to be registered (the simple version: the duplicate
detection of a later release scores spelling variants and birth dates)."""

from typing import Any

from django.db.models import Q

from putokaz.people.models import Person


def likely_matches(user: Any, data: dict[str, Any], *, limit: int) -> list[Person]:
    """People ``user`` may see with the same JMBG, or with the same names (any script,
    any order) and, when a date of birth is given, a birth year at most one year off."""
    visible = Person.objects.visible_to(user)
    by_number = Q(jmbg=data["jmbg"]) if data.get("jmbg") else Q(pk__in=[])
    names = f"{data.get('given_name', '')} {data.get('family_name', '')}"
    by_name = visible.search(names)
    if birth_date := data.get("birth_date"):
        by_name = by_name.filter(
            Q(birth_date__isnull=True)
            | Q(birth_date__year__range=(birth_date.year - 1, birth_date.year + 1))
        )
    matches = visible.filter(by_number | Q(pk__in=by_name.values("pk")))
    return list(matches.select_related("organisation")[:limit])
