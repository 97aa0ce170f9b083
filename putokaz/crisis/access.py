"""Permission-checked fetches of crisis interventions: an organisation's case workers and
supervisors see its interventions, a system administrator every one; others get a 404."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from putokaz.audit.models import Action
from putokaz.audit.records import log_access
from putokaz.core.ids import parse_uuid
from putokaz.crisis.models import CrisisIntervention


def get_intervention_for_user(
    user: Any, public_id: UUID | str, *, request: HttpRequest | None = None
) -> CrisisIntervention:
    """The intervention if ``user`` may see it, else a 404 (outsiders learn nothing).

    With ``request`` the reading is recorded in the access log."""
    key = parse_uuid(public_id)
    intervention = (
        CrisisIntervention.objects.visible_to(user)
        .filter(public_id=key)
        .select_related(
            "organisation", "person", "municipality", "case", "recorded_by", "closed_by"
        )
        .first()
        if key is not None
        else None
    )
    if intervention is None:
        raise Http404(_("No such crisis intervention."))
    if request is not None:
        log_access(
            actor=user,
            action=Action.VIEW,
            obj=intervention,
            purpose="crisis intervention",
            request=request,
        )
    return intervention
