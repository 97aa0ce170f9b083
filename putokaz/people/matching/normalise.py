"""Names as duplicate detection compares them: one Latin spelling for every script,
keyboard and host country's transliteration, and a coarser phonetic key.

A returnee's name reaches Putokaz as Ђорђевић, Đorđević, Djordjevic, Dordevic, or,
from German papers, Dschordschewitsch; an Albanian one as Krasniqi or Krasnići; a
Romani one as Ljatif or Latif, Hasan or Asan. :func:`canonical` builds on the search
folding of :mod:`putokaz.core.folding` (Cyrillic to Latin, no diacritics, đ and dj as
d) and first reads the spellings of German (sch, tsch, dsch, tz, w), English (sh, ch,
y), Albanian (ç, q, xh, gj, dh, zh, ë), Polish and Hungarian (cz, sz) documents as the
Serbian sound they stand for, so that all of the above fold to the same words.
:func:`phonetic` merges what is still written differently for the same sound (c/s/z
for German z and s, v/f, lj/l, nj/n, a silent h, ij before a vowel) and is the key of
candidate blocks and one signal of the score.
"""

import re
import unicodedata

from putokaz.core.folding import fold
from putokaz.core.transliteration import cyrillic_to_latin

# Host-country spellings of one Serbian sound, read left to right, longest first.
_HOST_SPELLINGS = {
    # dž and đ: German dsch, English dzh/dj, Albanian xh and gj, Serbian without diacritics.
    "dsch": "d", "dzh": "d", "dsh": "d", "dž": "d", "dz": "d", "xh": "d", "gj": "d",
    "dj": "d", "đ": "d", "ð": "d",
    # č and ć: German tsch, French tch, English ch, Polish cz, Albanian ç and q, Romani čh.
    "tsch": "c", "tch": "c", "tsh": "c", "čh": "c", "ćh": "c", "ch": "c", "cz": "c",
    "ç": "c", "q": "c",
    # š and ž: German sch, English and Albanian sh and zh, Polish and Hungarian sz.
    "sch": "s", "sh": "s", "sz": "s", "zh": "z",
    # c (ts): German tz, English ts.
    "tz": "c", "ts": "c",
    # Letters Serbian has no use for: German w, ph, ck, ß, ue/oe for ü/ö; Albanian dh, th.
    "w": "v", "ph": "f", "th": "t", "dh": "d", "kh": "h", "gh": "g", "ck": "k",
    "qu": "kv", "x": "ks", "ß": "s", "ue": "u", "oe": "o",
}  # fmt: skip
_HOST_PATTERN = re.compile(
    "|".join(sorted((re.escape(spelling) for spelling in _HOST_SPELLINGS), key=len, reverse=True))
)
# y is j before a vowel (Yovanovic), i elsewhere (German and Albanian y).
_Y_CONSONANT = re.compile(r"y(?=[aeiouäöüë])")
_DOUBLED = re.compile(r"([a-z])\1+")

_PHONETIC_SPELLINGS = {"lj": "l", "nj": "n", "h": "", "z": "s", "c": "s", "f": "v"}
_PHONETIC_PATTERN = re.compile(r"i?j(?=[aeiou])|lj|nj|[hzcf]")


def _host_spelling(match: re.Match[str]) -> str:
    # "qu" is read before "q" (longest first): only a q alone is Albanian ć.
    return _HOST_SPELLINGS[match.group(0)]


def canonical(text: str) -> str:
    """The name's words in one Latin spelling, without diacritics, lower case, separated by
    one space: Đorđević, Ђорђевић, Djordjevic and Dschordschewitsch are all ``dordevic``."""
    if not text:
        return ""
    latin = cyrillic_to_latin(unicodedata.normalize("NFC", text)).lower()
    result = fold(_host_spellings(latin))
    # Folding makes new Latin letters of others (ŵ → w, ý → y), and reading a spelling
    # can meet the next one (t + ß): read again until nothing changes.
    while (again := fold(_host_spellings(result))) != result:
        result = again
    return result


def _host_spellings(text: str) -> str:
    text = _Y_CONSONANT.sub("j", text).replace("y", "i")
    return _DOUBLED.sub(r"\1", _HOST_PATTERN.sub(_host_spelling, text))


def words(text: str) -> list[str]:
    """The canonical words of a name; a double family name (Jovanović-Petrović,
    Jovanović Petrović) gives two."""
    return canonical(text).split()


def _phonetic_spelling(match: re.Match[str]) -> str:
    text = match.group(0)
    if text.endswith("j") and text != "lj" and text != "nj":
        # ij before a vowel is i (Marija, Maria), j alone stays (Jovan, Maja).
        return "i" if text == "ij" else "j"
    return _PHONETIC_SPELLINGS[text]


def phonetic(word: str) -> str:
    """A coarser key of one canonical word: sounds written differently across languages
    merged (German z and s for c and z, lj and l, a silent h), doubled letters once."""
    return _DOUBLED.sub(r"\1", _PHONETIC_PATTERN.sub(_phonetic_spelling, word))


def phonetic_name(text: str) -> str:
    """The phonetic keys of a name's words, separated by one space."""
    return " ".join(phonetic(word) for word in words(text))
