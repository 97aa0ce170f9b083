"""The one helper that writes the access log. Every view and export of a record calls it."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from putokaz.audit.models import AccessLog, Action
from putokaz.core.client import client_ip


def log_access(
    *,
    actor: Any,
    action: Action | str,
    obj: models.Model,
    organisation: Any = None,
    purpose: str = "",
    request: HttpRequest | None = None,
) -> AccessLog:
    """Record that ``actor`` performed ``action`` on ``obj``.

    The record's organisation is ``organisation`` or, when the object knows it,
    ``obj.audit_organisation_id``; its administrators can read the entry.
    """
    organisation_id = (
        organisation.pk if organisation is not None else getattr(obj, "audit_organisation_id", None)
    )
    signed_in = actor is not None and actor.is_authenticated
    return AccessLog.objects.create(
        actor=actor if signed_in else None,
        actor_label=actor.email if signed_in else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        organisation_id=organisation_id,
        purpose=purpose[:500],
        ip_address=client_ip(request) if request is not None else None,
        path=request.get_full_path()[:500] if request is not None else "",
    )
