"""Names of countries and spoken languages in the reader's language, from the CLDR (Babel).

Codes are stored (ISO 3166-1 alpha-2 for countries, BCP 47 for languages) and the
names follow the interface language. The CLDR has no Romani locale; Romani pages
show the Serbian Latin names, the language Roma in Serbia read at school.
"""

import functools
import unicodedata
from collections.abc import Callable

from babel import Locale
from django.utils.translation import get_language

# Interface language → CLDR locale.
_CLDR = {"sr-latn": "sr_Latn", "sr-cyrl": "sr_Cyrl", "rom": "sr_Latn", "sq": "sq", "de": "de"}
# Not offered: groupings and codes that are not countries; Serbia does not recognise
# Kosovo's independence and records people from Kosovo and Metohija under Serbia.
_NOT_COUNTRIES = {
    "AC",
    "CP",
    "CQ",
    "DG",
    "EA",
    "EU",
    "EZ",
    "IC",
    "QO",
    "TA",
    "UN",
    "XA",
    "XB",
    "XK",
    "ZZ",
}

# Alphabetical order where it is not the order of Unicode code points: Serbian puts
# č and ć after c and the Cyrillic ђ, ј, љ, њ, ћ, џ (encoded after я) among the others;
# Albanian has ç, dh, ë, gj ... as letters. Elsewhere diacritics do not count (Ö as O).
_ALPHABETS = {
    "sr_Latn": "a b c č ć d dž đ e f g h i j k l lj m n nj o p q r s š t u v w x y z ž",
    "sr_Cyrl": "а б в г д ђ е ж з и ј к л љ м н њ о п р с т ћ у ф х ц ч џ ш",
    "sq": "a b c ç d dh e ë f g gj h i j k l ll m n nj o p q r rr s sh t th u v x xh y z zh",
}
# Above every code point, so that a letter of the alphabet sorts after spaces and digits.
_LETTER_RANK = 0x110000

# Languages that people served by the network speak, most frequent first in Serbia.
SPOKEN_LANGUAGES = (
    "sr", "rom", "sq", "de", "en", "ar", "fa", "fa-AF", "ps", "ur", "ku", "tr", "fr", "ru",
    "uk", "bn", "so", "ti", "hu", "ro", "mk", "bs", "hr", "it", "es",
)  # fmt: skip


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(_CLDR.get(language, "en"))


def _current() -> Locale:
    return _locale(get_language() or "en")


def country_name(code: str) -> str:
    return str(_current().territories.get(code.upper(), code))


@functools.cache
def country_codes() -> list[str]:
    return sorted(
        code
        for code in _locale("en").territories
        if isinstance(code, str) and len(code) == 2 and code.isalpha()
        if code not in _NOT_COUNTRIES
    )


def country_choices() -> list[tuple[str, str]]:
    """Every country, in the alphabetical order of its name in the interface language."""
    return list(_sorted_countries(str(_current())))


@functools.cache
def _sorted_countries(locale_name: str) -> tuple[tuple[str, str], ...]:
    # Sorted once per locale: every form with a country field asks (an import, for each row).
    key = _collation_key(locale_name)
    names = Locale.parse(locale_name).territories
    return tuple(
        sorted(
            ((code, str(names.get(code, code))) for code in country_codes()),
            key=lambda choice: key(choice[1]),
        )
    )


def language_name(code: str) -> str:
    names = _current().languages
    return str(names.get(code.replace("-", "_"), names.get(code.split("-")[0], code)))


def language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in SPOKEN_LANGUAGES]


def alphabetical_key() -> Callable[[str], tuple[tuple[int, ...], str]]:
    """A sort key for names in the alphabetical order of the interface language."""
    return _collation_key(str(_current()))


@functools.cache
def _collation_key(locale: str) -> Callable[[str], tuple[tuple[int, ...], str]]:
    """A sort key for names in ``locale``: letters ranked in its alphabet, then by code point."""
    letters = _ALPHABETS.get(locale, "").split()
    rank = {letter: _LETTER_RANK + position for position, letter in enumerate(letters)}
    longest = max((len(letter) for letter in letters), default=1)

    def key(name: str) -> tuple[tuple[int, ...], str]:
        text = unicodedata.normalize("NFC", name.casefold())
        ranks: list[int] = []
        position = 0
        while position < len(text):
            for size in range(longest, 0, -1):
                letter = text[position : position + size]
                if len(letter) == size and letter in rank:
                    ranks.append(rank[letter])
                    position += size
                    break
            else:
                base = _without_diacritics(text[position])
                ranks.append(rank.get(base, ord(base[0]) if base else 0))
                position += 1
        return tuple(ranks), text

    return key


def _without_diacritics(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
