"""The reference list of Serbia's districts and municipalities is loaded by `migrate`."""

import pytest

from putokaz.core.transliteration import latin_to_cyrillic
from putokaz.geo.models import District, Municipality

pytestmark = pytest.mark.django_db


def test_all_local_self_government_units_are_loaded() -> None:
    units = Municipality.objects.local_self_governments()
    assert units.count() == 145
    assert units.filter(kind=Municipality.Kind.CITY).count() == 28
    assert District.objects.count() == 25


def test_belgrade_has_its_seventeen_city_municipalities() -> None:
    belgrade = Municipality.objects.get(kind=Municipality.Kind.CITY, name_sr_latn="Beograd")
    names = set(Municipality.objects.in_city(belgrade).values_list("name_sr_latn", flat=True))
    assert len(names) == 17
    assert {"Zemun", "Novi Beograd", "Surčin", "Čukarica", "Savski venac", "Stari grad"} <= names


def test_every_municipality_has_an_official_code_and_a_district() -> None:
    for municipality in Municipality.objects.select_related("district"):
        assert municipality.code and municipality.district_id
    codes = list(Municipality.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))


def test_cyrillic_names_agree_with_the_latin_names() -> None:
    for municipality in Municipality.objects.all():
        assert municipality.name_sr_cyrl == latin_to_cyrillic(municipality.name_sr_latn), (
            municipality.code
        )


def test_names_follow_the_language() -> None:
    from django.utils import translation  # noqa: PLC0415

    zemun = Municipality.objects.get(name_sr_latn="Zemun")
    with translation.override("sr-cyrl"):
        assert str(zemun) == "Земун"
    with translation.override("de"):
        assert str(zemun) == "Zemun"
