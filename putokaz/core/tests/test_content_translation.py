import pytest
from django.utils import translation

from putokaz.accounts.tests.factories import OrganisationFactory


@pytest.mark.django_db
def test_cyrillic_falls_back_to_transliterated_latin() -> None:
    organisation = OrganisationFactory(name_sr_latn="Centar za socijalni rad Čukarica")
    with translation.override("sr-cyrl"):
        assert organisation.name == "Центар за социјални рад Чукарица"


@pytest.mark.django_db
def test_entered_cyrillic_text_wins_over_transliteration() -> None:
    organisation = OrganisationFactory(
        name_sr_latn="Dom zdravlja", name_sr_cyrl="Дом здравља „Земун”"
    )
    with translation.override("sr-cyrl"):
        assert organisation.name == "Дом здравља „Земун”"


@pytest.mark.django_db
def test_other_languages_fall_back_to_serbian_latin_until_translated() -> None:
    organisation = OrganisationFactory(
        name_sr_latn="Dom zdravlja Zemun", name_en="Zemun Health Centre"
    )
    with translation.override("en"):
        assert organisation.name == "Zemun Health Centre"
    with translation.override("de"):
        assert organisation.name == "Dom zdravlja Zemun"
