"""Reading generated PDFs back in tests: their text, and which letters an embedded font sets.

Text extraction alone cannot tell a letter from a blank box: the PDF maps a glyph to its
character even where the font had no glyph for it and Typst fell back to another. So
:func:`letters_not_in_font` looks at the embedded fonts' own character maps.
"""

import io
import re
from collections.abc import Iterator
from typing import Any

import pypdf

from putokaz.core.pdf import FONT


def pdf_text(pdf: bytes) -> str:
    """The text of every page, as a reader's copy-and-paste would give it."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _fonts(resources: Any) -> Iterator[Any]:
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        yield from _fonts(xobject.get_object().get("/Resources"))


def _embedded(font: Any) -> bool:
    for descendant in font.get("/DescendantFonts") or [font]:
        descriptor = descendant.get_object().get("/FontDescriptor")
        if descriptor is not None and any(
            key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
        ):
            return True
    return False


_HEX = r"<([0-9A-Fa-f]+)>"


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be")


def _mapped_characters(font: Any) -> set[str]:
    to_unicode = font.get("/ToUnicode")
    if to_unicode is None:
        return set()
    cmap = to_unicode.get_object().get_data().decode("latin-1")
    characters: set[str] = set()
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for _glyph, unicode in re.findall(rf"{_HEX}\s*{_HEX}", block):
            characters.update(_utf16(unicode))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for first, last, start in re.findall(rf"{_HEX}\s*{_HEX}\s*{_HEX}", block):
            base = ord(_utf16(start)[-1])
            characters.update(chr(base + i) for i in range(int(last, 16) - int(first, 16) + 1))
    return characters


def letters_in_font(pdf: bytes, font: str = FONT) -> set[str]:
    """Every character that an embedded ``font`` (any of its styles) sets in the PDF."""
    wanted = font.replace(" ", "")
    letters: set[str] = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for each in _fonts(page.get("/Resources")):
            if wanted in str(each.get("/BaseFont", "")) and _embedded(each):
                letters |= _mapped_characters(each)
    return letters


def letters_not_in_font(pdf: bytes, letters: str, font: str = FONT) -> set[str]:
    """The letters of ``letters`` that the PDF does not set in the embedded ``font``: missing,
    or drawn from a fallback font (an empty set means every one is really there)."""
    return set(letters.replace(" ", "")) - letters_in_font(pdf, font)
