"""Translatable content fields: django-modeltranslation plus the Cyrillic fallback.

Register content models with :func:`register` instead of modeltranslation's
decorator. In Serbian Cyrillic, a field with no Cyrillic text shows the Serbian
Latin text transliterated, rather than Latin letters.
"""

from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import get_language
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import TranslationOptions, translator

from putokaz.core import languages
from putokaz.core.languages import CYRILLIC
from putokaz.core.transliteration import cyrillic_to_latin, latin_to_cyrillic


class CyrillicFallbackDescriptor(TranslationFieldDescriptor):
    def __get__(self, instance: Any, owner: Any) -> Any:
        if instance is None:
            return self
        if get_language() == CYRILLIC:
            own = getattr(instance, f"{self.field.name}_sr_cyrl", None)
            if not own:
                latin = getattr(instance, f"{self.field.name}_sr_latn", None)
                if isinstance(latin, str) and latin:
                    return latin_to_cyrillic(latin)
        return super().__get__(instance, owner)


def register(model: type[models.Model], *field_names: str) -> None:
    """Make ``field_names`` of ``model`` translatable into every language of the UI."""
    options = type(
        f"{model.__name__}TranslationOptions", (TranslationOptions,), {"fields": field_names}
    )
    translator.register(model, options)
    for name in field_names:
        descriptor = model.__dict__[name]
        if isinstance(descriptor, TranslationFieldDescriptor):
            descriptor.__class__ = CyrillicFallbackDescriptor


def in_script(text: str, language: str | None = None) -> str:
    """Text typed in Serbian Latin, shown in the script of ``language`` (default: current)."""
    return latin_to_cyrillic(text) if (language or get_language()) == CYRILLIC else text


def set_in_language(
    instance: models.Model, name: str, value: Any, language: str, creating: bool
) -> bool:
    """Make the translatable field ``name`` read ``value`` in ``language`` (an import's
    text); whether that changed the instance.

    Text the field already shows in ``language`` (its own or, untranslated, the Serbian it
    falls back to) is left as it is, so a file written from Putokaz reads back unchanged.
    Serbian Cyrillic is kept as Latin, and as Cyrillic only where it does not transliterate
    back the same. A new record written in another language gets the text as its Serbian
    text too, which every page falls back to, until someone translates it.
    """
    text = str(value or "").strip()
    fields = [f"{name}_{code.replace('-', '_')}" for code in languages.codes()]
    before = [getattr(instance, field) for field in fields]
    with translation.override(language):
        shown = getattr(instance, name) or ""
    if shown == text and not creating:
        return False
    latin = f"{name}_{languages.DEFAULT.replace('-', '_')}"
    own = f"{name}_{language.replace('-', '_')}"
    if language == languages.DEFAULT:
        setattr(instance, latin, text)
    elif language == CYRILLIC:
        as_latin = cyrillic_to_latin(text)
        setattr(instance, latin, as_latin)
        setattr(instance, own, None if latin_to_cyrillic(as_latin) == text else text)
    else:
        setattr(instance, own, text or None)
        if creating and not getattr(instance, latin):
            setattr(instance, latin, text)
    return [getattr(instance, field) for field in fields] != before
