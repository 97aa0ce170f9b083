"""Load the shipped articles after ``migrate``: new installations get them, upgrades get
newer shipped texts, and an editor's edit is never overwritten (see ``actions.py``)."""

import logging
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from putokaz.directory.models import TaxonomyTerm
from putokaz.rights.actions import articles_load_shipped

logger = logging.getLogger(__name__)


def load_shipped_articles(
    sender: Any, *, using: str = DEFAULT_DB_ALIAS, plan: Any = None, **kwargs: Any
) -> None:
    if using != DEFAULT_DB_ALIAS:
        return
    if any(backwards for _migration, backwards in plan or []):
        return  # migrations were unapplied: the tables may not be as the models say
    if not TaxonomyTerm.objects.exists():
        return  # after `flush`: the reference data the articles link to is gone too
    if not _fully_migrated(using):
        return  # e.g. `migrate rights 0001`
    report = articles_load_shipped()
    for line in report.notices():
        logger.info(line)
    for line in report.warnings():
        logger.warning(line)


def _fully_migrated(using: str) -> bool:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    needed = [node for node in loader.graph.leaf_nodes() if node[0] in {"rights", "directory"}]
    return all(node in loader.applied_migrations for node in needed)
