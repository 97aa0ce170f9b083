"""What an HSDS import will do, record by record, and its report.

:func:`putokaz.directory.hsds_import.prepare` makes an :class:`ImportPlan` without saving
anything; :func:`putokaz.directory.actions.services_import` saves one that has no errors.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext, ngettext

from putokaz.accounts.models import Organisation
from putokaz.directory.hsds_tables import Finding, Row
from putokaz.directory.models import (
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
)
from putokaz.geo.models import Municipality


class OnConflict(StrEnum):
    """What to do with a service changed here after the file's version of it."""

    REFUSE = "refuse"  # an error: nothing is imported
    SKIP = "skip"  # leave it as it is here, import the rest
    OVERWRITE = "overwrite"  # the file's version replaces it


@dataclass
class LocationPlan:
    row: Row
    location: Location
    creating: bool
    changed: bool
    skipped: bool = False
    from_file: bool = True  # else one of ours a service of the file is linked to, untouched
    phones_given: bool = True  # the file lists its phones: those it does not list go


@dataclass
class ServicePlan:
    """One service of the file: the row to save (new, or ours with the file's changes) and
    everything that comes with it."""

    row: Row
    service: Service
    creating: bool
    changed: bool
    modified: datetime.datetime | None
    areas: list[Municipality] = field(default_factory=list)
    domains: list[TaxonomyTerm] = field(default_factory=list)
    target_groups: list[TaxonomyTerm] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    languages: list[ServiceLanguage] = field(default_factory=list)
    documents: list[RequiredDocument] = field(default_factory=list)
    links: list[ServiceAtLocation] = field(default_factory=list)
    skipped: bool = False
    phones_given: bool = True  # the file lists its phones: those it does not list go
    # The service's updated_at when the plan was made: the save checks nobody changed it since.
    seen_at: datetime.datetime | None = None


@dataclass
class ImportPlan:
    language: str
    publish: bool = False
    services: list[ServicePlan] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)  # to create
    locations: list[LocationPlan] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)
    notices: list[Finding] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def to_save(self) -> list[ServicePlan]:
        return [plan for plan in self.services if plan.changed and not plan.skipped]

    def count(self, what: str) -> int:
        return sum(1 for plan in self.services if _outcome(plan) == what)


def _outcome(plan: ServicePlan) -> str:
    if plan.skipped:
        return "skipped"
    if not plan.changed:
        return "unchanged"
    return "created" if plan.creating else "updated"


# The report


def report(findings: Iterable[Finding]) -> list[str]:
    """Findings as lines of text in the active language."""
    lines = []
    for finding in findings:
        where = f"{finding.where}: " if finding.where else ""
        if not finding.table:
            lines.append(f"{where}{finding.message}")
        elif finding.column:
            lines.append(
                where
                + gettext("%(object)s %(id)s, %(field)s: %(message)s")
                % {
                    "object": finding.table,
                    "id": finding.id or "?",
                    "field": finding.column,
                    "message": finding.message,
                }
            )
        else:
            lines.append(
                where
                + gettext("%(object)s %(id)s: %(message)s")
                % {"object": finding.table, "id": finding.id or "?", "message": finding.message}
            )
    return lines


def summary_of_errors(errors: list[Finding]) -> str:
    return ngettext(
        "%(count)d error: nothing was imported.",
        "%(count)d errors: nothing was imported.",
        len(errors),
    ) % {"count": len(errors)}
