"""PDF documents typeset with Typst: a template, its data as JSON, and only the fonts Typst bundles.

Typst installs from PyPI alone and embeds the fonts it uses. Its Libertinus Serif has the
letters of every language of Putokaz — Serbian Latin (č ć đ š ž) and Cyrillic (ђ ј љ њ ћ џ),
Romani, Albanian (ë ç) and German (ä ö ü ß) — so system fonts are ignored and a document
looks the same on every server. A template reads its values from ``sys.inputs.data`` (JSON)
and sets them as text: nothing typed into Putokaz is ever read as Typst markup. It takes its
font from ``sys.inputs.font``.
"""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import typst
from django.utils import translation

FONT = "Libertinus Serif"
# Typst's hyphenation and quotation marks by language (Romani has none of its own there).
_TYPST_LANGUAGE = {"sr-latn": "sr", "sr-cyrl": "sr", "rom": "en", "sq": "sq", "de": "de"}


def typst_language(language: str | None = None) -> str:
    """Typst's ``lang`` for ``language`` (default: the active one)."""
    return _TYPST_LANGUAGE.get(language or translation.get_language() or "", "en")


def _inputs(data: Mapping[str, Any]) -> dict[str, str]:
    return {"data": json.dumps(data, ensure_ascii=False), "font": FONT}


def render_pdf(template: Path, data: Mapping[str, Any], *, tagged: bool = True) -> bytes:
    """``template`` typeset with ``data``, as a PDF with its fonts embedded.

    ``tagged`` adds the structure that screen readers use (headings, tables, reading order);
    it makes a long document several times larger and slower to typeset.
    """
    return bytes(
        typst.compile(
            str(template), sys_inputs=_inputs(data), ignore_system_fonts=True, pdf_tags=tagged
        )
    )


def render_png(template: Path, data: Mapping[str, Any], *, ppi: float = 96) -> list[bytes]:
    """The same document as PNG images, one a page (for previews and for looking at it)."""
    pages = typst.compile(
        str(template), sys_inputs=_inputs(data), ignore_system_fonts=True, format="png", ppi=ppi
    )
    return [bytes(page) for page in pages] if isinstance(pages, list) else [bytes(pages)]
