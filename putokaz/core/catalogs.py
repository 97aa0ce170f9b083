"""UI message catalogues without GNU gettext: extract, update, compile and check them.

Strings are extracted with Babel from the Python code and, through Django's own
``templatize``, from the templates. Serbian Cyrillic is never translated by
hand: its catalogue is the Serbian Latin one transliterated. English is the
source language, so its catalogue repeats the source text.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation import template as django_template

from putokaz.core.transliteration import latin_to_cyrillic

ROOT = Path(settings.BASE_DIR)
LOCALE_DIR = ROOT / "locale"
DOMAIN = "django"
# Django language code → gettext locale directory.
LOCALES = {
    "sr-latn": "sr_Latn",
    "sr-cyrl": "sr_Cyrl",
    "rom": "rom",
    "sq": "sq",
    "de": "de",
    "en": "en",
}
DERIVED = {"sr_Cyrl": "sr_Latn"}  # filled by transliteration
SOURCE_LOCALE = "en"
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
    "gettext_noop": None,
}
PYTHON_SOURCES = ["putokaz", "config"]
TEMPLATE_SOURCES = ["templates", "putokaz"]
_SKIP_PARTS = {"tests", "migrations", "__pycache__"}


@dataclass(frozen=True)
class Problem:
    locale: str
    msgid: str
    reason: str


def _files(folders: list[str], suffixes: tuple[str, ...]) -> Iterator[Path]:
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            parts = path.relative_to(ROOT).parts
            if path.suffix in suffixes and not _SKIP_PARTS.intersection(parts):
                if suffixes != (".py",) and "templates" not in parts:
                    continue
                yield path


def extract_template() -> Catalog:
    """Every translatable UI string in the code and templates."""
    catalog = Catalog(project="Putokaz", charset="utf-8")
    sources: list[tuple[Path, bytes]] = [
        (p, p.read_bytes()) for p in _files(PYTHON_SOURCES, (".py",))
    ]
    for path in _files(TEMPLATE_SOURCES, (".html", ".txt")):
        code = django_template.templatize(path.read_text(encoding="utf-8"), origin=str(path))
        sources.append((path, code.encode("utf-8")))
    for path, content in sources:
        for lineno, message, comments, context in extract(
            "python", BytesIO(content), keywords=KEYWORDS, options={"encoding": "utf-8"}
        ):
            catalog.add(
                message,
                None,
                [(str(path.relative_to(ROOT)), lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(locale: str) -> Catalog:
    path = po_path(locale)
    if not path.exists():
        return Catalog(
            locale=None if locale == "rom" else locale, project="Putokaz", charset="utf-8"
        )
    with path.open("rb") as handle:
        return read_po(handle, locale=None if locale == "rom" else locale)


def _write_po(locale: str, catalog: Catalog) -> None:
    path = po_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.language_team = "Putokaz"
    catalog.last_translator = "Putokaz"
    catalog.fuzzy = False
    catalog.header_comment = "# Putokaz UI strings. Update with `putokaz translations --update`."
    buffer = BytesIO()
    write_po(
        buffer, catalog, width=100, sort_output=False, ignore_obsolete=True, include_lineno=False
    )
    text = buffer.getvalue().decode("utf-8")
    if catalog.locale is None:
        # Babel has no CLDR data for Romani: name the language and its two plural forms.
        text = text.replace(
            '"Language-Team: Putokaz\\n"\n',
            '"Language: rom\\n"\n"Language-Team: Putokaz\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n',
            1,
        )
    path.write_text(text, encoding="utf-8")


def _transliterated(message_string: object) -> str | tuple[str, ...]:
    if isinstance(message_string, (tuple, list)):
        return tuple(latin_to_cyrillic(s) for s in message_string)
    return latin_to_cyrillic(message_string) if isinstance(message_string, str) else ""


def update() -> None:
    """Add new strings to every catalogue, drop unused ones, refresh the derived ones."""
    template = extract_template()
    for locale in LOCALES.values():
        if locale in DERIVED:
            continue
        catalog = read_catalog(locale)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        if locale == SOURCE_LOCALE:
            for message in catalog:
                translated = (
                    message.string
                    if isinstance(message.string, (tuple, list))
                    else (message.string,)
                )
                if message.id and not all(translated):
                    message.string = message.id
        catalog.obsolete.clear()
        _write_po(locale, catalog)
    for derived, source_locale in DERIVED.items():
        source = read_catalog(source_locale)
        catalog = read_catalog(derived)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        for message in catalog:
            if not message.id:
                continue
            source_message = source.get(message.id, context=message.context)
            # An unreviewed (fuzzy) Latin text is not passed on to Cyrillic readers either.
            if source_message is None or source_message.fuzzy:
                message.string = ""
            else:
                message.string = _transliterated(source_message.string)
            message.flags.discard("fuzzy")
        catalog.obsolete.clear()
        _write_po(derived, catalog)


def compile_all() -> list[Path]:
    """Write the .mo file of every catalogue."""
    written = []
    for locale in LOCALES.values():
        catalog = read_catalog(locale)
        mo = po_path(locale).with_suffix(".mo")
        with mo.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(mo)
    return written


def compiled_up_to_date() -> bool:
    for locale in LOCALES.values():
        po = po_path(locale)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            return False
    return True


def problems() -> list[Problem]:
    """Strings that some language lacks, is unsure of (fuzzy), or breaks placeholders in."""
    template = extract_template()
    found: list[Problem] = []
    for locale in LOCALES.values():
        catalog = read_catalog(locale)
        for message in template:
            if not message.id:
                continue
            translated = catalog.get(message.id, context=message.context)
            value = translated.string if translated is not None else ""
            strings: tuple[str, ...] = (
                tuple(value) if isinstance(value, (tuple, list)) else (value or "",)
            )
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            if translated is None or not all(strings):
                found.append(Problem(locale, msgid, "missing"))
            elif translated.fuzzy:
                found.append(Problem(locale, msgid, "fuzzy"))
            elif any(_placeholders(s) != _placeholders(msgid) for s in strings):
                found.append(Problem(locale, msgid, "placeholders differ"))
    return found


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|\{\{\s*\w+\s*\}\}", text))
