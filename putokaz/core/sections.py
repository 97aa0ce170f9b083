"""Where apps built on people (cases, referrals, protection) add to the person and household pages.

The people app cannot import those apps (dependencies flow one way); each registers a
provider in its ``AppConfig.ready``. A provider gets the viewer and the record and
returns what that viewer may see, already scoped by its own access rules.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Section:
    """A block of a person's or a household's page, rendered from its own template."""

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

_sections: list[SectionProvider] = []
_timeline_sources: list[TimelineProvider] = []


def add_section(provider: SectionProvider) -> None:
    """``provider(user, record)`` returns a section for a Person or a Household, or None."""
    if provider not in _sections:
        _sections.append(provider)


def add_timeline_source(provider: TimelineProvider) -> None:
    """``provider(user, people)`` yields what happened to any of ``people`` that ``user`` may see."""
    if provider not in _timeline_sources:
        _timeline_sources.append(provider)


def sections_for(user: Any, record: Any) -> list[Section]:
    return [section for provider in _sections if (section := provider(user, record))]


def timeline(user: Any, people: list[Any]) -> list[TimelineEntry]:
    """Everything the sources report for ``people``, newest first."""
    entries = [entry for source in _timeline_sources for entry in source(user, people)]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
