"""The articles shipped with the code: one TOML file per article in ``data/articles``.

A file holds the article in Serbian Latin, English, German, Albanian and Romani (Serbian
Cyrillic is derived from the Latin text when shown). Its ``version`` goes up whenever the
shipped text changes, which is how ``articles_load_shipped`` knows there is something new.
"""

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data" / "articles"
# Languages written in the files (model field suffixes); sr_cyrl is derived from sr_latn.
LANGUAGES = ("sr_latn", "en", "de", "sq", "rom")
TEXT_FIELDS = ("title", "summary", "audience", "deadlines", "fees")
LIST_FIELDS = ("steps", "documents")
_TOP_KEYS = {"slug", "version", "position", "reviewed_on", "domains", "target_groups", "sources"}


class ShippedContentError(ValueError):
    """A shipped article file is malformed: a bug in the release, caught by the tests."""


@dataclass(frozen=True)
class ShippedSource:
    name: dict[str, str]  # per language
    provisions: str
    gazette: str


@dataclass(frozen=True)
class ShippedArticle:
    slug: str
    version: int
    position: int
    reviewed_on: datetime.date
    domains: tuple[str, ...]
    target_groups: tuple[str, ...]
    texts: dict[str, dict[str, str]]  # language → field → text
    lists: dict[str, dict[str, list[str]]]  # language → "steps"/"documents" → items
    sources: tuple[ShippedSource, ...]


def read(path: Path) -> ShippedArticle:
    """One article file, checked: every language has every field and as many list items."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    where = path.name
    unknown = set(data) - _TOP_KEYS - set(LANGUAGES)
    if unknown:
        raise ShippedContentError(f"{where}: unknown keys {sorted(unknown)}")
    if data.get("slug") != path.stem:
        raise ShippedContentError(f"{where}: slug must be the file's name ({path.stem})")
    if not isinstance(data.get("version"), int) or data["version"] < 1:
        raise ShippedContentError(f"{where}: version must be a whole number from 1")
    if not isinstance(data.get("reviewed_on"), datetime.date):
        raise ShippedContentError(f"{where}: reviewed_on must be a date (2026-12-07)")
    texts: dict[str, dict[str, str]] = {}
    lists: dict[str, dict[str, list[str]]] = {}
    for language in LANGUAGES:
        part = data.get(language)
        if not isinstance(part, dict):
            raise ShippedContentError(f"{where}: the [{language}] table is missing")
        texts[language] = {
            field: _text(part, field, f"{where} [{language}]") for field in TEXT_FIELDS
        }
        lists[language] = {
            field: _items(part, field, f"{where} [{language}]") for field in LIST_FIELDS
        }
    for field in LIST_FIELDS:
        counts = {language: len(lists[language][field]) for language in LANGUAGES}
        if len(set(counts.values())) != 1:
            raise ShippedContentError(f"{where}: {field} differ in number: {counts}")
    sources = tuple(_source(item, where) for item in data.get("sources", []))
    if not sources:
        raise ShippedContentError(f"{where}: at least one legal source is needed")
    return ShippedArticle(
        slug=data["slug"],
        version=data["version"],
        position=int(data.get("position", 0)),
        reviewed_on=data["reviewed_on"],
        domains=tuple(data.get("domains", [])),
        target_groups=tuple(data.get("target_groups", [])),
        texts=texts,
        lists=lists,
        sources=sources,
    )


def read_all(directory: Path = DATA_DIR) -> list[ShippedArticle]:
    return [read(path) for path in sorted(directory.glob("*.toml"))]


def _text(part: dict[str, Any], field: str, where: str) -> str:
    value = part.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ShippedContentError(f"{where}: {field} is missing or empty")
    return value.strip()


def _items(part: dict[str, Any], field: str, where: str) -> list[str]:
    value = part.get(field)
    if not isinstance(value, list) or not value:
        raise ShippedContentError(f"{where}: {field} must be a non-empty list")
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise ShippedContentError(f"{where}: {field} holds an empty or non-text item")
    return [item.strip() for item in value]


def _source(item: dict[str, Any], where: str) -> ShippedSource:
    names = item.get("name")
    if not isinstance(names, dict) or any(not names.get(language) for language in LANGUAGES):
        raise ShippedContentError(f"{where}: a legal source needs its name in every language")
    return ShippedSource(
        name={language: names[language].strip() for language in LANGUAGES},
        provisions=str(item.get("provisions", "")).strip(),
        gazette=str(item.get("gazette", "")).strip(),
    )
