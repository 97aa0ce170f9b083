"""Who made a change, for the change history, when no request says it."""

from typing import Any

from django.db import models


def authored[M: models.Model](instance: M, user: Any, reason: str = "") -> M:
    """Name the author (and the reason) of the history row ``instance``'s next save writes.

    django-simple-history takes the author from the request; an import has none.
    """
    instance._history_user = user  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason[:100]  # type: ignore[attr-defined]
    return instance
