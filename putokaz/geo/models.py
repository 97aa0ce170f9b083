"""Administrative districts and local self-government units of Serbia (reference data)."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def local_self_governments(self) -> "MunicipalityQuerySet":
        """Cities and municipalities, without the city municipalities inside cities."""
        return self.exclude(kind=Municipality.Kind.CITY_MUNICIPALITY)

    def in_city(self, city: "Municipality") -> "MunicipalityQuerySet":
        return self.filter(parent=city)


class Municipality(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("city")
        MUNICIPALITY = "municipality", _("municipality")
        CITY_MUNICIPALITY = "city_municipality", _("city municipality")

    code = models.CharField(
        _("code"),
        max_length=5,
        unique=True,
        help_text=_("Official code of the Statistical Office."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("district"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="city_municipalities",
        verbose_name=_("city"),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def served_with(self) -> list[int]:
        """Ids of the places whose services are this place's too: a city municipality and
        its city; a city and its city municipalities."""
        places = [self.pk]
        if self.parent_id:
            places.append(self.parent_id)
        if self.kind == Municipality.Kind.CITY:
            places.extend(self.city_municipalities.values_list("pk", flat=True))
        return places


def name_with_kind(place: Municipality) -> str:
    """Names alone are ambiguous (Vranje the city, Vranje the city municipality): say which."""
    if place.kind == Municipality.Kind.CITY:
        return gettext("%(name)s (city)") % {"name": place.name}
    if place.kind == Municipality.Kind.CITY_MUNICIPALITY and place.parent is not None:
        return gettext("%(name)s (city municipality, %(city)s)") % {
            "name": place.name,
            "city": place.parent.name,
        }
    return place.name
