"""Where apps built on top (cases, referrals, protection) add to the pages of apps below them.

A page of the people or cases app cannot import the apps above it (dependencies flow one
way); each of those registers a provider for a kind of page (``"person"``, ``"household"``,
``"case"``) in its ``AppConfig.ready``. A provider gets the viewer and the record and
returns what that viewer may see, already scoped by its own access rules.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Section:
    """A block of a page, rendered from its own template."""

    title: str | Promise
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    what: str | Promise
    who: str
    organisation: str
    url: str = ""


SectionProvider = Callable[[Any, Any], Section | None]
TimelineProvider = Callable[[Any, list[Any]], Iterable[TimelineEntry]]

_sections: dict[str, list[SectionProvider]] = {}
_timeline_sources: list[TimelineProvider] = []


def add_section(page: str, provider: SectionProvider) -> None:
    """``provider(user, record)`` returns a section for the ``page``'s record, or None."""
    providers = _sections.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def add_timeline_source(provider: TimelineProvider) -> None:
    """``provider(user, people)`` yields what happened to any of ``people`` that ``user`` may see."""
    if provider not in _timeline_sources:
        _timeline_sources.append(provider)


def sections_for(page: str, user: Any, record: Any) -> list[Section]:
    return [section for provider in _sections.get(page, []) if (section := provider(user, record))]


def timeline(user: Any, people: list[Any]) -> list[TimelineEntry]:
    """Everything the sources report for ``people``, newest first."""
    entries = [entry for source in _timeline_sources for entry in source(user, people)]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
