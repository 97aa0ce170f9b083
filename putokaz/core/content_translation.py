"""Translatable content fields: django-modeltranslation plus the Cyrillic fallback.

Register content models with :func:`register` instead of modeltranslation's
decorator. In Serbian Cyrillic, a field with no Cyrillic text shows the Serbian
Latin text transliterated, rather than Latin letters.
"""

from typing import Any

from django.db import models
from django.utils.translation import get_language
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import TranslationOptions, translator

from putokaz.core.languages import CYRILLIC
from putokaz.core.transliteration import latin_to_cyrillic


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
