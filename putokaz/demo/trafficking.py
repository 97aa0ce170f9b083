"""A demo trafficking case at Zemun's Center for Social Welfare: a foreign woman found in a
police raid on a warehouse, screened with the ILO indicators (a possible victim), referred to
the Centre for Protection of Victims of Trafficking and recognised as a presumed victim, with
a safety plan. Sealed, as every trafficking case: the demo case worker is named on it; the
supervisor and others see that a sealed case exists and may use break-glass.

Written directly, in the demo's one transaction, like the other demo data; the screening's
result comes from the same rule the screening page applies."""

import datetime

from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.cases import deadlines
from putokaz.cases.models import Case, CaseAssignment, CaseEvent, CaseType, Status, Urgency
from putokaz.people.models import Person, PersonHolder, Sex
from putokaz.trafficking import indicators
from putokaz.trafficking.models import SafetyPlanItem, Screening, StatusEvent, VictimStatus

# Deceived about the job and the wage, excessive hours without pay, documents taken and a debt
# to the recruiter: positive in three dimensions of the adult labour list.
TICKED = ["d_job", "d_wages", "e_hours", "e_salary", "documents_confiscated", "debt_bondage"]


def load(organisations: dict[str, Organisation], workers: dict[str, User]) -> None:
    """Add the demo trafficking case once."""
    csw = organisations["csw-zemun"]
    if Case.objects.filter(organisation=csw, case_type=CaseType.TRAFFICKING).exists():
        return
    worker = workers["case-worker@putokaz.test"]
    today = timezone.localdate()
    opened = timezone.now() - datetime.timedelta(days=20)
    person = Person.objects.create(
        organisation=csw,
        given_name="Olena",
        family_name="Kovalenko",
        sex=Sex.FEMALE,
        birth_date=datetime.date(today.year - 29, 4, 12),
        citizenships=["UA"],
        languages=["uk", "ru"],
        needs_interpreter=True,
    )
    person.refresh_name_keys()
    PersonHolder.objects.create(
        person=person, organisation=csw, reason=PersonHolder.Reason.REGISTERED
    )
    case = Case.objects.create(
        number=Case.format_number(csw.pk, timezone.localdate(opened).year, 95_001),
        organisation=csw,
        person=person,
        case_type=CaseType.TRAFFICKING,
        urgency=Urgency.IMMEDIATE,
        status=Status.DETAILED_ASSESSMENT,
        reason="Upućena iz policije posle racije u magacinu u Batajnici.",
        opened_at=opened,
        opened_by=worker,
        first_step_due=deadlines.limit_for(Urgency.IMMEDIATE).due(opened),
        first_step_done_at=opened + datetime.timedelta(hours=4),
    )
    CaseAssignment.objects.create(case=case, user=worker, assigned_at=opened)
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.OPENED, actor=worker, at=opened, note=case.reason
    )
    screened_on = timezone.localdate(opened) + datetime.timedelta(days=1)
    assessment = indicators.assess("adult_labour", TICKED, act=True)
    Screening.objects.create(
        case=case,
        indicator_set="adult_labour",
        indicators=sorted(TICKED),
        act=True,
        version=assessment.version,
        positive_dimensions=assessment.positive_dimensions,
        possible_victim=assessment.possible_victim,
        notes="Razgovor uz prevodioca za ukrajinski; pasoš kod poslodavca.",
        screened_on=screened_on,
        screened_by=worker,
    )
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.SCREENED, actor=worker, at=opened)
    for days, status, reference in (
        (1, VictimStatus.POSSIBLE, ""),
        (2, VictimStatus.REFERRED, "CSR-Z 551-12/26"),
        (6, VictimStatus.PRESUMED, "CZŽTLJ 17/26"),
    ):
        StatusEvent.objects.create(
            case=case,
            status=status,
            decided_on=timezone.localdate(opened) + datetime.timedelta(days=days),
            reference=reference,
            recorded_by=worker,
            recorded_at=opened + datetime.timedelta(days=days, hours=2),
        )
    SafetyPlanItem.objects.bulk_create(
        [
            SafetyPlanItem(
                case=case,
                risk="Posrednik zna gde je smeštena i ima njen broj telefona.",
                measure="Smeštaj u sigurnu kuću; nov broj telefona; policija obaveštena.",
                responsible="Jelena Petrović, CSR Zemun",
                review_on=today + datetime.timedelta(days=7),
                created_by=worker,
            ),
            SafetyPlanItem(
                case=case,
                risk="Bez ličnih dokumenata (pasoš zadržao poslodavac).",
                measure="Zahtev za putni list u ambasadi Ukrajine, uz pratnju.",
                responsible="Jelena Petrović, CSR Zemun",
                review_on=today + datetime.timedelta(days=14),
                created_by=worker,
            ),
        ]
    )
