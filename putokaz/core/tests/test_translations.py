"""Every UI string is translated into all six languages, and Cyrillic follows Latin."""

from django.utils import translation

from putokaz.core import catalogs
from putokaz.core.transliteration import latin_to_cyrillic


def test_every_ui_string_is_translated_in_every_language() -> None:
    problems = catalogs.problems()
    assert problems == [], "\n".join(f"{p.locale}: {p.reason}: {p.msgid}" for p in problems[:40])


def test_cyrillic_catalogue_is_the_latin_one_transliterated() -> None:
    latin = catalogs.read_catalog("sr_Latn")
    cyrillic = catalogs.read_catalog("sr_Cyrl")
    for message in cyrillic:
        if message.id and isinstance(message.string, str):
            source = latin.get(message.id, context=message.context)
            assert message.string == latin_to_cyrillic(source.string), message.id


def test_compiled_catalogues_serve_each_language() -> None:
    catalogs.compile_all()
    seen = {}
    for code in ["sr-latn", "sr-cyrl", "rom", "sq", "de", "en"]:
        with translation.override(code):
            seen[code] = translation.gettext("Sign in")
    assert seen["en"] == "Sign in"
    assert len(set(seen.values())) == 6, seen
    assert seen["sr-cyrl"] == latin_to_cyrillic(seen["sr-latn"])


def test_django_own_messages_are_cyrillic_in_serbian_cyrillic() -> None:
    with translation.override("sr-cyrl"):
        assert translation.gettext("This field is required.") == "Ово поље се мора попунити."
