"""Crisis interventions as the intake records them, through the audited action."""

import datetime
from typing import Any

from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.crisis import actions
from putokaz.crisis.models import CrisisIntervention, CrisisResponse
from putokaz.geo.models import Municipality
from putokaz.people.models import Person


def zemun() -> Municipality:
    return Municipality.objects.get(name_sr_latn="Zemun")


def intake(**overrides: Any) -> dict[str, Any]:
    """What a duty worker types for a call about a family evicted tonight."""
    return {
        "received_at": timezone.now() - datetime.timedelta(hours=1),
        "channel": "phone",
        "contact_name": "Sanja Nikolić",
        "contact_phone": "+381 64 123 4567",
        "is_family": True,
        "people_count": 4,
        "municipality": zemun(),
        "location": "Ugrinovačka 12",
        "kinds": ["eviction"],
        "description": "Porodica iseljena iz stana večeras, dvoje male dece, nemaju gde da spavaju.",
        "risks": ["no_shelter", "children"],
        **overrides,
    }


def intervention(
    organisation: Organisation,
    worker: User,
    *,
    person: Person | None = None,
    hours_ago: float = 1,
    **overrides: Any,
) -> CrisisIntervention:
    data = intake(received_at=timezone.now() - datetime.timedelta(hours=hours_ago), **overrides)
    return actions.intervention_record(
        organisation=organisation, data=data, person=person, acting_user=worker
    )


def respond(
    intervention: CrisisIntervention,
    worker: User,
    *,
    hours_after: float = 2,
    kind: str = "accommodation",
) -> CrisisResponse:
    return actions.response_add(
        intervention=intervention,
        kind=kind,
        description="Smeštaj u prihvatilište za noć.",
        done_at=intervention.received_at + datetime.timedelta(hours=hours_after),
        done_by=worker.full_name,
        acting_user=worker,
    )
