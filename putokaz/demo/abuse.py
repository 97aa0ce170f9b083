"""A demo report of child abuse at Zemun's Center for Social Welfare: a school reports bruises
on a ten-year-old boy; the risk checklist has red flags, so the case is immediate (due 24
hours after the call). Sealed, as every child-protection case: the demo case worker who took
the report is named on it; the supervisor and others see that a sealed case exists and may
use break-glass. A medical examination and a safety plan with the mother, the police and the
school notified (the police answered), one home visit.

Written directly, in the demo's one transaction, like the other demo data; the suggested
urgency comes from the same rule the intake page applies."""

import datetime

from django.utils import timezone

from putokaz.abuse import risk
from putokaz.abuse.models import AbuseReport, AgencyNotification, FollowUp, ProtectiveMeasure
from putokaz.accounts.models import Organisation, User
from putokaz.cases import deadlines
from putokaz.cases.models import Case, CaseAssignment, CaseEvent, CaseType, Status, Urgency
from putokaz.geo.models import Municipality
from putokaz.people.models import Person, PersonHolder, Sex

ANSWERS = ["injuries", "perpetrator_access", "afraid_to_go_home", "violence_at_home"]


def load(organisations: dict[str, Organisation], workers: dict[str, User]) -> None:
    """Add the demo report once."""
    csw = organisations["csw-zemun"]
    if AbuseReport.objects.filter(case__organisation=csw).exists():
        return
    worker = workers["case-worker@putokaz.test"]
    today = timezone.localdate()
    received = timezone.now() - datetime.timedelta(days=3, hours=2)
    person = Person.objects.create(
        organisation=csw,
        given_name="Luka",
        family_name="Stanković",
        sex=Sex.MALE,
        birth_date=datetime.date(today.year - 10, 1, 1),
        birth_date_estimated=True,
    )
    person.refresh_name_keys()
    PersonHolder.objects.create(
        person=person, organisation=csw, reason=PersonHolder.Reason.REGISTERED
    )
    description = (
        "Učiteljica je primetila modrice na rukama i leđima; dečak kaže da ga otac udara "
        "kad pije i da ne sme kući."
    )
    case = Case.objects.create(
        number=Case.format_number(csw.pk, timezone.localdate(received).year, 96_001),
        organisation=csw,
        person=person,
        case_type=CaseType.CHILD_PROTECTION,
        urgency=Urgency.IMMEDIATE,
        status=Status.INITIAL_ASSESSMENT,
        reason=description,
        opened_at=received + datetime.timedelta(minutes=20),
        opened_by=worker,
        first_step_due=deadlines.limit_for(Urgency.IMMEDIATE).due(received),
        first_step_done_at=received + datetime.timedelta(hours=5),
    )
    CaseAssignment.objects.create(case=case, user=worker, assigned_at=case.opened_at)
    for kind, at in (
        (CaseEvent.Kind.OPENED, case.opened_at),
        (CaseEvent.Kind.ABUSE_REPORTED, case.opened_at),
    ):
        CaseEvent.objects.create(case=case, kind=kind, actor=worker, at=at)
    AbuseReport.objects.create(
        case=case,
        reporter_kind="school",
        reporter_name="Snežana Todorović, učiteljica, OŠ „Gornja varoš”",
        reporter_contact="011 261 0000",
        received_at=received,
        received_how="phone",
        abuse_forms=["physical", "domestic_violence"],
        description=description,
        address="Zemun, Gornja varoš",
        municipality=Municipality.objects.filter(name_sr_latn="Zemun").first(),
        perpetrator_relation="parent",
        risk_answers=ANSWERS,
        suggested_urgency=risk.suggest(ANSWERS),
        received_by=worker,
    )
    day = timezone.localdate(received)
    ProtectiveMeasure.objects.bulk_create(
        [
            ProtectiveMeasure(
                case=case,
                kind="medical",
                taken_on=day,
                taken_by="Dom zdravlja Zemun, pedijatrija",
                note="Nalaz: hematomi različite starosti.",
                recorded_by=worker,
            ),
            ProtectiveMeasure(
                case=case,
                kind="safety_plan",
                taken_on=day,
                taken_by="Jelena Petrović i majka",
                note="Dečak i majka kod bake; otac ne prilazi.",
                recorded_by=worker,
            ),
        ]
    )
    AgencyNotification.objects.bulk_create(
        [
            AgencyNotification(
                case=case,
                agency="police",
                addressee="PS Zemun, dežurni",
                sent_on=day,
                reference="KU 431/26",
                response="Izrečena hitna mera udaljenja oca na 48 sati.",
                response_on=day + datetime.timedelta(days=1),
                recorded_by=worker,
            ),
            AgencyNotification(
                case=case,
                agency="school",
                addressee="OŠ „Gornja varoš”, pedagog",
                sent_on=day,
                recorded_by=worker,
            ),
        ]
    )
    FollowUp.objects.create(
        case=case,
        kind="home_visit",
        contact_on=day + datetime.timedelta(days=2),
        outcome="Kod bake; dečak ide u školu, majka sarađuje.",
        recorded_by=worker,
    )
