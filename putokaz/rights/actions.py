"""Writes to the rights and procedures articles: loading the shipped text."""

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from putokaz.directory.models import TaxonomyTerm
from putokaz.rights import shipped
from putokaz.rights.models import Article, DocumentToBring, LegalSource, Step


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    # Edited in Putokaz since the shipped text it holds: a newer shipped text was not loaded.
    kept_edits: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def notices(self) -> list[str]:
        return [f"Article added: {slug}" for slug in self.created] + [
            f"Article updated to the shipped text: {slug}" for slug in self.updated
        ]

    def warnings(self) -> list[str]:
        return [
            f"Article {slug} was edited here; its newer shipped text was not loaded "
            f"(`putokaz load-rights --replace {slug}` takes it; the edit stays in the history)"
            for slug in self.kept_edits
        ]


def articles_load_shipped(
    *,
    acting_user: Any = None,
    replace: Collection[str] = (),
    articles: list[shipped.ShippedArticle] | None = None,
) -> LoadReport:
    """Bring the database up to the shipped articles without losing an editor's edit.

    A missing article is added. One that still holds the shipped text it was given (its
    content digest unchanged) moves to a newer shipped version. One edited since is kept
    as it is, unless its slug is in ``replace``. Running it again changes nothing.
    """
    articles = shipped.read_all() if articles is None else articles
    report = LoadReport()
    with transaction.atomic(durable=True):
        terms = {term.code: term for term in TaxonomyTerm.objects.all()}
        existing = {
            article.slug: article
            for article in Article.objects.filter(slug__in=[a.slug for a in articles])
            .select_for_update(of=("self",))
            .prefetch_related("domains", "target_groups", "steps", "documents", "legal_sources")
        }
        for item in articles:
            article = existing.get(item.slug)
            if article is None:
                _write(Article(slug=item.slug), item, terms, acting_user)
                report.created.append(item.slug)
            elif item.slug in replace:
                _write(article, item, terms, acting_user)
                report.updated.append(item.slug)
            elif article.shipped_version is not None and item.version <= article.shipped_version:
                continue
            elif (
                article.shipped_version is None
                or article.content_digest() != article.shipped_digest
            ):
                report.kept_edits.append(item.slug)
            else:
                _write(article, item, terms, acting_user)
                report.updated.append(item.slug)
    return report


def _write(
    article: Article,
    item: shipped.ShippedArticle,
    terms: dict[str, TaxonomyTerm],
    acting_user: Any,
) -> None:
    missing = {*item.domains, *item.target_groups} - set(terms)
    if missing:
        raise shipped.ShippedContentError(f"{item.slug}: unknown taxonomy terms {sorted(missing)}")
    for language, texts in item.texts.items():
        for name, text in texts.items():
            setattr(article, f"{name}_{language}", text)
    for name in shipped.TEXT_FIELDS:
        setattr(article, f"{name}_sr_cyrl", "")  # derived from the Latin text when shown
    article.position = item.position
    article.reviewed_on = item.reviewed_on
    article.shipped_version = item.version
    _save(article, acting_user)
    article.domains.set([terms[code] for code in item.domains])
    article.target_groups.set([terms[code] for code in item.target_groups])
    old_rows: list[Any] = [
        *article.steps.all(),
        *article.documents.all(),
        *article.legal_sources.all(),
    ]
    for old in old_rows:  # one by one, so that each removal is in the history
        old._history_user = acting_user
        old.delete()
    for list_name, model in (("steps", Step), ("documents", DocumentToBring)):
        for position in range(len(item.lists["sr_latn"][list_name])):
            row: Any = model(article=article, position=position)
            for language in shipped.LANGUAGES:
                setattr(row, f"text_{language}", item.lists[language][list_name][position])
            _save(row, acting_user)
    for position, source in enumerate(item.sources):
        row = LegalSource(
            article=article, position=position, provisions=source.provisions, gazette=source.gazette
        )
        for language, name in source.name.items():
            setattr(row, f"name_{language}", name)
        _save(row, acting_user)
    # The digest is read back from the database, as the next load will compute it.
    fresh = Article.objects.prefetch_related(
        "domains", "target_groups", "steps", "documents", "legal_sources"
    ).get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(shipped_digest=fresh.content_digest())


def _save(row: Any, acting_user: Any) -> None:
    row._history_user = acting_user  # who made the change, for simple-history
    row.save()
