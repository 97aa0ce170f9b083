"""The shipped articles: complete in every language, loaded by migrate, never over an edit."""

import dataclasses
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from putokaz.rights import shipped
from putokaz.rights.actions import articles_load_shipped
from putokaz.rights.models import Article, LegalSource, Step

pytestmark = pytest.mark.django_db
SHIPPED = shipped.read_all()
LANGUAGES = ["sr_latn", "en", "de", "sq", "rom"]
CYRILLIC_LETTERS = set("абвгдђежзијклљмнњопрстћуфхцчџш")


def test_thirteen_procedures_and_more_are_shipped() -> None:
    slugs = {article.slug for article in SHIPPED}
    assert {
        "prijava-prebivalista",
        "licna-karta",
        "upis-rodjenja",
        "naknadni-upis-rodjenja",
        "zdravstveno-osiguranje",
        "upis-u-skolu",
        "priznavanje-skolske-isprave",
        "podrska-u-ucenju-srpskog",
        "prijava-nsz",
        "novcana-socijalna-pomoc",
        "decji-dodatak",
        "azil-i-deca-bez-pratnje",
        "zrtve-trgovine-ljudima",
        "centar-za-socijalni-rad-u-krizi",
    } <= slugs


@pytest.mark.parametrize("item", SHIPPED, ids=lambda item: item.slug)
def test_every_shipped_article_is_there_in_all_six_languages(item: shipped.ShippedArticle) -> None:
    article = Article.objects.get(slug=item.slug)  # loaded after migrate
    assert article.is_published
    assert article.shipped_version == item.version
    steps = list(article.steps.all())
    sources = list(article.legal_sources.all())
    assert steps and sources and article.documents.exists()
    assert article.domains.exists(), "its services are found through its areas"
    for language in LANGUAGES:
        for field in ("title", "summary", "audience", "deadlines", "fees"):
            assert getattr(article, f"{field}_{language}"), (language, field)
        assert all(getattr(step, f"text_{language}") for step in steps), language
        assert all(getattr(source, f"name_{language}") for source in sources), language
    with translation.override("sr-cyrl"):
        assert set(article.title.lower()) & CYRILLIC_LETTERS
        assert not set(article.title.lower()) & set("abcčćdđefghijklmnoprsštuvzž")
        assert set(sources[0].name.lower()) & CYRILLIC_LETTERS


def test_legal_sources_cite_numbers_only_as_plain_numbers() -> None:
    """Article and gazette numbers are cited bare (16, 25/2019); the page adds the words."""
    for source in LegalSource.objects.all():
        assert all(part.strip().isdigit() for part in source.provisions.split(",") if part)
        assert all(
            number.strip().replace("/", "").isdigit()
            for number in source.gazette.split(",")
            if number
        )


def test_loading_the_shipped_articles_again_changes_nothing() -> None:
    before = {a.slug: (a.updated_at, a.shipped_digest) for a in Article.objects.all()}
    history = Article.history.count() + Step.history.count()
    report = articles_load_shipped()
    assert (report.created, report.updated, report.kept_edits) == ([], [], [])
    assert {a.slug: (a.updated_at, a.shipped_digest) for a in Article.objects.all()} == before
    assert Article.history.count() + Step.history.count() == history


def test_a_newer_shipped_text_updates_an_article_nobody_edited() -> None:
    item = next(a for a in SHIPPED if a.slug == "licna-karta")
    texts = {**item.texts, "en": {**item.texts["en"], "title": "Identity card (new text)"}}
    newer = dataclasses.replace(item, version=item.version + 1, texts=texts)
    report = articles_load_shipped(articles=[newer])
    assert report.updated == ["licna-karta"]
    article = Article.objects.get(slug="licna-karta")
    assert article.title_en == "Identity card (new text)"
    assert article.shipped_version == item.version + 1
    assert articles_load_shipped(articles=[newer]).updated == []


def test_an_editors_edit_is_kept_when_a_newer_text_is_shipped() -> None:
    article = Article.objects.get(slug="decji-dodatak")
    article.title_sr_latn = "Dečji dodatak (izmenio urednik)"
    article.save()
    item = next(a for a in SHIPPED if a.slug == "decji-dodatak")
    newer = dataclasses.replace(item, version=item.version + 1)
    report = articles_load_shipped(articles=[newer])
    assert report.kept_edits == ["decji-dodatak"]
    assert "--replace decji-dodatak" in report.warnings()[0]
    article.refresh_from_db()
    assert article.title_sr_latn == "Dečji dodatak (izmenio urednik)"
    assert article.shipped_version == item.version


def test_an_edited_step_counts_as_an_edit_too() -> None:
    step = Step.objects.filter(article__slug="prijava-nsz").first()
    step.text_de = "Ein anderer Schritt."
    step.save()
    item = next(a for a in SHIPPED if a.slug == "prijava-nsz")
    report = articles_load_shipped(articles=[dataclasses.replace(item, version=item.version + 1)])
    assert report.kept_edits == ["prijava-nsz"]


def test_replacing_takes_the_shipped_text_and_the_edit_stays_in_the_history() -> None:
    article = Article.objects.get(slug="decji-dodatak")
    article.title_sr_latn = "Izmenjen naslov"
    article.save()
    report = articles_load_shipped(replace=["decji-dodatak"])
    assert report.updated == ["decji-dodatak"]
    article.refresh_from_db()
    assert article.title_sr_latn == "Dečji dodatak"
    assert "Izmenjen naslov" in {row.title_sr_latn for row in article.history.all()}
    assert articles_load_shipped().kept_edits == []  # the digest is the shipped text's again


def test_a_missing_article_is_added_again_and_an_unpublished_one_stays_unpublished() -> None:
    Article.objects.get(slug="prijava-nsz").delete()
    Article.objects.filter(slug="licna-karta").update(is_published=False)
    report = articles_load_shipped()
    assert report.created == ["prijava-nsz"]
    assert report.kept_edits == []  # publishing is not in a newer version, so nothing to take
    assert not Article.objects.get(slug="licna-karta").is_published


def test_an_article_written_here_under_a_shipped_name_is_not_overwritten() -> None:
    Article.objects.get(slug="prijava-nsz").delete()
    Article.objects.create(
        slug="prijava-nsz",
        title_sr_latn="Naš tekst",
        summary_sr_latn="…",
        audience_sr_latn="…",
        reviewed_on="2026-12-01",
    )
    report = articles_load_shipped()
    assert report.kept_edits == ["prijava-nsz"]
    assert Article.objects.get(slug="prijava-nsz").title_sr_latn == "Naš tekst"


def test_the_command_says_it_is_up_to_date_and_refuses_unknown_names() -> None:
    out = io.StringIO()
    call_command("load_rights", stdout=out)
    assert "up to date" in out.getvalue()
    with pytest.raises(CommandError, match="nema-takvog"):
        call_command("load_rights", replace=["nema-takvog"])


def test_a_file_missing_a_language_is_refused(tmp_path: Path) -> None:
    source = shipped.DATA_DIR / "licna-karta.toml"
    broken = source.read_text(encoding="utf-8").split("[rom]")[0]
    (tmp_path / "licna-karta.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(shipped.ShippedContentError, match=r"\[rom\] table is missing"):
        shipped.read_all(tmp_path)


def test_a_file_with_steps_missing_in_one_language_is_refused(tmp_path: Path) -> None:
    text = (shipped.DATA_DIR / "licna-karta.toml").read_text(encoding="utf-8")
    start = text.index("[de]")
    german = text[start:]
    first_step = german.index("steps = [\n") + len("steps = [\n")
    end_of_step = german.index("\n", first_step) + 1
    (tmp_path / "licna-karta.toml").write_text(
        text[:start] + german[:first_step] + german[end_of_step:], encoding="utf-8"
    )
    with pytest.raises(shipped.ShippedContentError, match="steps differ in number"):
        shipped.read_all(tmp_path)
