"""Fold text for search and matching: one spelling for every script and keyboard.

"Đorđević", "Djordjevic", "Dordevic" and "Ђорђевић" all fold to "dordevic";
"šalter" and "salter" to "salter". Both the stored text and the query are folded
the same way, so a search matches whatever script or diacritics were typed.
"""

import re
import unicodedata

from putokaz.core.transliteration import cyrillic_to_latin

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, Latin script, no diacritics, đ and dj as d; words separated by one space."""
    if not text:
        return ""
    text = cyrillic_to_latin(unicodedata.normalize("NFC", text)).lower()
    # "ð" (Icelandic eth) is often typed for đ, which it resembles.
    text = text.replace("đ", "d").replace("ð", "d").replace("dj", "d")
    text = "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )
    text = text.replace("ß", "ss").replace("ë", "e")
    return " ".join(_WORD.findall(text))


def search_terms(query: str) -> list[str]:
    """The folded words of a query, each of which must match."""
    return [term for term in fold(query).split(" ") if term]
