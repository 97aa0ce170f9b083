"""PDF documents typeset with Typst: a template, its data as JSON, and only the fonts Typst bundles.

Typst installs from PyPI alone and embeds the fonts it uses. Its Libertinus Serif has the
letters of every language of Putokaz — Serbian Latin (č ć đ š ž) and Cyrillic (ђ ј љ њ ћ џ),
Romani, Albanian (ë ç) and German (ä ö ü ß) — so system fonts are ignored and a document
looks the same on every server. A template reads its values from ``sys.inputs.data`` (JSON)
and sets them as text: nothing typed into Putokaz is ever read as Typst markup. It takes its
font from ``sys.inputs.font``.

Each document is typeset by a Python child process of its own (some 30 ms to start). Typst
keeps everything it computed in a process-wide cache that the Python package never empties
(typst-py issue #104), so in the web process every document would stay in memory for good,
some 350 MB for a city's printed guide; the child's memory goes when it exits.
"""

import json
import struct
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

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
    return _typeset(template, data, {"pdf_tags": tagged})[0]


def render_png(template: Path, data: Mapping[str, Any], *, ppi: float = 96) -> list[bytes]:
    """The same document as PNG images, one a page (for previews and for looking at it)."""
    return _typeset(template, data, {"format": "png", "ppi": ppi})


class TypesetError(RuntimeError):
    """Typst refused the template (a bug in it), or the child process failed."""


# The child reads one request as JSON and writes each output file (the PDF, or a PNG a page)
# with its length in front. It imports nothing but Typst.
_CHILD = """
import json, struct, sys, typst
request = json.loads(sys.stdin.buffer.read())
result = typst.compile(request["template"], sys_inputs=request["inputs"],
                       ignore_system_fonts=True, **request["options"])
for part in result if isinstance(result, list) else [result]:
    sys.stdout.buffer.write(struct.pack(">Q", len(part)) + bytes(part))
"""
_TIMEOUT_SECONDS = 300


def _typeset(template: Path, data: Mapping[str, Any], options: dict[str, Any]) -> list[bytes]:
    request = {"template": str(template), "inputs": _inputs(data), "options": options}
    done = subprocess.run(  # noqa: S603 - our own interpreter and program, data on stdin
        [sys.executable, "-I", "-c", _CHILD],
        input=json.dumps(request, ensure_ascii=False).encode(),
        capture_output=True,
        timeout=_TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise TypesetError(done.stderr.decode(errors="replace").strip())
    parts, position = [], 0
    while position < len(done.stdout):
        (size,) = struct.unpack_from(">Q", done.stdout, position)
        parts.append(done.stdout[position + 8 : position + 8 + size])
        position += 8 + size
    return parts
