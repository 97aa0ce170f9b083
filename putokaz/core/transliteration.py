"""Serbian Latin ⇄ Cyrillic transliteration (Vuk's alphabet ⇄ Gaj's alphabet).

Latin → Cyrillic reads the digraphs lj, nj and dž as one letter, except across
the prefixes nad-/pod- (nadživeti, podžupan) and in a few loanwords where n+j
meet (konjunkcija, injekcija). Web addresses, e-mail addresses, HTML tags,
entities and format placeholders (%(name)s, {name}) are left untouched, so the
module can transliterate message catalogues and rich text as well as names.
"""

import re
import unicodedata

_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip
_LAT_TO_CYR = {lat: cyr for cyr, lat in _CYR_TO_LAT.items()}
_DIGRAPHS = ("lj", "nj", "dž")

# Words in which n+j, l+j or d+ž are two letters, not one.
_SPLIT_DIGRAPH = re.compile(
    r"(?<![^\W\d_])(nad|pod)(ž)|(?<![^\W\d_])(ko|i|va)(n)(j)(?=(unk|ug|ekc|ek|ezi))",
    re.IGNORECASE,
)
_PROTECTED = re.compile(
    r"(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+|<[^>]*>|&#?\w+;|%\(\w+\)[sdif]|%[sdif]|\{\w*\}"
    # A word with a letter Serbian Latin does not have (Krasniqi, Gëzim, Wagner, Müller,
    # XLSX) is a foreign word: it stays as written rather than come out half Cyrillic.
    r"|[^\W\d_]*[^\W\d_abcčćdđefghijklmnoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ\u2063][^\W\d_]*)"
)
_LATIN_TOKEN = re.compile(r"lj|nj|dž|[abcčćdđefghijklmnoprsštuvzž]", re.IGNORECASE)
_CYRILLIC_LETTER = re.compile("[" + "".join(_CYR_TO_LAT) + "".join(_CYR_TO_LAT).upper() + "]")
_SPLIT_MARK = "\u2063"  # invisible separator, used only inside this module


def _match_case(source: str, target: str, *, next_char: str = "", prev_char: str = "") -> str:
    """Give ``target`` the case of ``source`` (a letter or a digraph)."""
    if source.islower():
        return target
    if len(source) > 1 and source.isupper():
        return target.upper()
    if len(target) > 1:
        # A single upper-case Cyrillic letter: Љ → "LJ" inside a word written in capitals.
        neighbours_upper = (next_char.isalpha() and next_char.isupper()) or (
            prev_char.isalpha() and prev_char.isupper() and not next_char.isalpha()
        )
        return target.upper() if neighbours_upper else target.capitalize()
    return target.upper()


def _split_by_protected(text: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in _PROTECTED.finditer(text):
        parts.append((text[position : match.start()], False))
        parts.append((match.group(0), True))
        position = match.end()
    parts.append((text[position:], False))
    return parts


def _latin_chunk_to_cyrillic(chunk: str) -> str:
    chunk = _SPLIT_DIGRAPH.sub(
        lambda m: (
            f"{m.group(1)}{_SPLIT_MARK}{m.group(2)}"
            if m.group(1)
            else f"{m.group(3)}{m.group(4)}{_SPLIT_MARK}{m.group(5)}"
        ),
        chunk,
    )

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        return _match_case(token, _LAT_TO_CYR[token.lower()])

    return _LATIN_TOKEN.sub(replace, chunk).replace(_SPLIT_MARK, "")


# Unicode's one-character digraphs, written out as two letters.
_LIGATURES = str.maketrans(
    {
        "Ǆ": "DŽ",
        "ǅ": "Dž",
        "ǆ": "dž",
        "Ǉ": "LJ",
        "ǈ": "Lj",
        "ǉ": "lj",
        "Ǌ": "NJ",
        "ǋ": "Nj",
        "ǌ": "nj",
    }
)


def latin_to_cyrillic(text: str) -> str:
    """Transliterate Serbian Latin text to Serbian Cyrillic."""
    if not text:
        return text
    # Composed letters (ž, not z + combining caron) and no ligatures, whatever the keyboard sent.
    text = unicodedata.normalize("NFC", text).translate(_LIGATURES)
    return "".join(
        part if protected else _latin_chunk_to_cyrillic(part)
        for part, protected in _split_by_protected(text)
    )


def cyrillic_to_latin(text: str) -> str:
    """Transliterate Serbian Cyrillic text to Serbian Latin (Љ → Lj, or LJ in capitals)."""
    if not text:
        return text
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for index, char in enumerate(text):
        latin = _CYR_TO_LAT.get(char.lower())
        if latin is None:
            out.append(char)
            continue
        next_char = text[index + 1] if index + 1 < len(text) else ""
        prev_char = text[index - 1] if index else ""
        out.append(_match_case(char, latin, next_char=next_char, prev_char=prev_char))
    return "".join(out)


def is_cyrillic(text: str) -> bool:
    """True when the text holds Serbian Cyrillic letters."""
    return bool(_CYRILLIC_LETTER.search(text or ""))
