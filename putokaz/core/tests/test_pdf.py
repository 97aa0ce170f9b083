"""Typesetting with Typst in a child process: every letter of the six languages in the
embedded font, PNG pages for looking at a document, and a clear error for a broken template."""

from pathlib import Path

import pytest

from putokaz.core.pdf import TypesetError, render_pdf, render_png
from putokaz.core.tests.pdf import letters_not_in_font, page_count, pdf_text

LETTERS = "č ć đ š ž Č Ć Đ Š Ž Ђ Љ Њ Ћ Џ ђ ј љ њ ћ џ ë ç Ë Ç ä ö ü ß Ä Ö Ü"


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "pages.typ"
    path.write_text(
        "#let d = json(bytes(sys.inputs.data))\n"
        "#set text(font: sys.inputs.font)\n"
        "#for page in d.pages [#page #pagebreak(weak: true)]\n"
    )
    return path


def test_the_pdf_has_every_letter_in_the_embedded_font(template: Path) -> None:
    pdf = render_pdf(template, {"pages": [LETTERS, "#not markup* _either_"]})
    assert page_count(pdf) == 2
    text = pdf_text(pdf)
    assert LETTERS in text
    assert "#not markup* _either_" in text  # data is set as text, never read as markup
    assert letters_not_in_font(pdf, LETTERS) == set()


def test_a_letter_the_font_lacks_is_found_missing(template: Path) -> None:
    pdf = render_pdf(template, {"pages": ["ж ज"]})
    assert letters_not_in_font(pdf, "жज") == {"ज"}


def test_png_pages(template: Path) -> None:
    pages = render_png(template, {"pages": ["Ђ", "ë", "ß"]}, ppi=20)
    assert len(pages) == 3
    assert all(page.startswith(b"\x89PNG") for page in pages)


def test_a_broken_template_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.typ"
    broken.write_text("#let d = \n")
    with pytest.raises(TypesetError, match="expected expression"):
        render_pdf(broken, {})
