"""Demo crisis interventions at Zemun's Center for Social Welfare: a returnee family that
arrived from Germany last night without shelter, still without a response past the 24 hours
(first in the crisis intake, overdue); and a woman the police brought after violence at home,
given emergency accommodation within two hours and closed as referred.

Written directly, in the demo's one transaction, like the other demo data; the due times
come from the same setting the intake applies."""

import datetime

from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.crisis.actions import response_limit
from putokaz.crisis.models import CrisisIntervention, CrisisResponse, Outcome
from putokaz.geo.models import Municipality


def load(organisations: dict[str, Organisation], workers: dict[str, User]) -> None:
    """Add the demo interventions once."""
    csw = organisations["csw-zemun"]
    if CrisisIntervention.objects.filter(organisation=csw).exists():
        return
    worker = workers["case-worker@putokaz.test"]
    zemun = Municipality.objects.get(name_sr_latn="Zemun")
    now = timezone.now()
    limit = response_limit()

    received = now - datetime.timedelta(hours=27)
    CrisisIntervention.objects.create(
        organisation=csw,
        received_at=received,
        channel="organisation",
        contact_name="Bajram Krasniqi",
        contact_phone="+381 63 555 0142",
        is_family=True,
        people_count=6,
        municipality=zemun,
        location="Autobuska stanica Zemun",
        kinds=["returnee_no_shelter"],
        description=(
            "Porodica vraćena iz Nemačke sinoć, četvoro dece, najmlađe ima dve godine. "
            "Javio aerodromski punkt za readmisiju; nemaju gde da prenoće."
        ),
        risks=["children", "no_shelter", "weather"],
        response_due=limit.due(received),
        recorded_by=worker,
    )

    received = now - datetime.timedelta(days=2, hours=5)
    answered = CrisisIntervention.objects.create(
        organisation=csw,
        received_at=received,
        channel="police",
        contact_name="Milica J.",
        municipality=zemun,
        location="Batajnica",
        kinds=["domestic_violence"],
        description="Policija dovela ženu posle nasilja u porodici; ne želi da bude evidentirana.",
        risks=["violence"],
        response_due=limit.due(received),
        first_response_at=received + datetime.timedelta(hours=2),
        recorded_by=worker,
    )
    CrisisResponse.objects.create(
        intervention=answered,
        kind="accommodation",
        description="Smeštaj u sigurnu kuću za žene žrtve nasilja.",
        done_at=received + datetime.timedelta(hours=2),
        done_by=worker.full_name,
        recorded_by=worker,
    )
    CrisisResponse.objects.create(
        intervention=answered,
        kind="counselling",
        description="Razgovor sa dežurnim psihologom.",
        done_at=received + datetime.timedelta(hours=3),
        done_by="Dežurni psiholog CSR Zemun",
        recorded_by=worker,
    )
    answered.outcome = Outcome.REFERRED
    answered.outcome_note = "Upućena savetovalištu za žene; ostaje u sigurnoj kući."
    answered.closed_at = received + datetime.timedelta(days=1)
    answered.closed_by = worker
    answered.save()
