"""The six languages of Putokaz: codes, their public spelling, and picking one for a visitor.

Django keeps language codes in lower case (``sr-latn``); users, URLs and the API
see the BCP 47 spelling (``sr-Latn``). Both are accepted in any case.
"""

from dataclasses import dataclass

from django.conf import settings
from django.conf.locale import LANG_INFO  # settings.py adds sr-cyrl and rom to this dict
from django.utils.translation.trans_real import parse_accept_lang_header

DEFAULT = "sr-latn"
CYRILLIC = "sr-cyrl"

# Internal (Django) code → public BCP 47 code.
_PUBLIC = {
    "sr-latn": "sr-Latn",
    "sr-cyrl": "sr-Cyrl",
    "rom": "rom",
    "sq": "sq",
    "de": "de",
    "en": "en",
}
# Browser language tags that mean one of ours. Plain "sr" is written in either
# script; the network's default script is Latin.
_ACCEPT_ALIASES = {
    "sr": "sr-latn",
    "sr-rs": "sr-latn",
    "sr-latn-rs": "sr-latn",
    "sr-cyrl-rs": "sr-cyrl",
    "sr-me": "sr-latn",
    "sh": "sr-latn",
    "rmy": "rom",
    "rmc": "rom",
    "rmn": "rom",
}


@dataclass(frozen=True)
class Language:
    code: str  # Django's code
    public_code: str  # BCP 47
    name_local: str  # the language's name in itself


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def all_languages() -> list[Language]:
    return [Language(code, public_code(code), LANG_INFO[code]["name_local"]) for code in codes()]


def public_code(code: str) -> str:
    return _PUBLIC.get(code, code)


def normalize(value: str | None) -> str | None:
    """Our language code for ``value`` (``SR-latn``, ``sr_Cyrl``, ``de-AT`` …), or None."""
    if not value:
        return None
    tag = value.strip().replace("_", "-").lower()
    known = codes()
    if tag in known:
        return tag
    if tag in _ACCEPT_ALIASES:
        return _ACCEPT_ALIASES[tag]
    if tag.startswith("sr-cyrl"):
        return CYRILLIC
    if tag.startswith("sr-latn"):
        return DEFAULT
    primary = tag.split("-", 1)[0]
    if primary in known:
        return primary
    return _ACCEPT_ALIASES.get(primary)


def from_accept_language(header: str) -> str | None:
    """The best of our languages for an Accept-Language header, or None."""
    for tag, _quality in parse_accept_lang_header(header):
        if tag == "*":
            continue
        code = normalize(tag)
        if code:
            return code
    return None
