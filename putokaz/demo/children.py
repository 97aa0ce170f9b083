"""Demo unaccompanied and separated children at Zemun's Center for Social Welfare: one still
without a guardian past the limit, one whose asylum registration is late, one with the whole
best-interests procedure, so every alert and every page has something to show.

The demo loads in one transaction, so the rows are written directly, not through the
audited actions (which each want a transaction of their own), like the other demo data."""

import datetime

from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.cases import deadlines
from putokaz.cases.models import Case, CaseAssignment, CaseEvent, CaseType, Status, Urgency
from putokaz.people.models import Person, PersonHolder, Sex
from putokaz.protection.models import (
    AccompanyingAdult,
    ApprovalStatus,
    AsylumMilestone,
    BestInterestsAssessment,
    BestInterestsDetermination,
    ChildIdentification,
    FamilyTracing,
    GuardianAppointment,
    MilestoneKind,
    PanelMember,
    Placement,
    ProtectionEvent,
)

# (given name, family name, citizenship, age, hours since identification)
CHILDREN = [
    ("Ahmad", "Rahimi", "AF", 15, 30),
    ("Samir", "Haidari", "AF", 16, 24 * 20),
    ("Yasin", "Khalil", "SY", 14, 24 * 40),
]


def _person(organisation: Organisation, given: str, family: str, country: str, age: int) -> Person:
    today = timezone.localdate()
    person = Person.objects.create(
        organisation=organisation,
        given_name=given,
        family_name=family,
        sex=Sex.MALE,
        birth_date=today.replace(year=today.year - age, month=1, day=1),
        birth_date_estimated=True,
        citizenships=[country],
        languages=["fa" if country == "AF" else "ar"],
        needs_interpreter=True,
    )
    person.refresh_name_keys()
    PersonHolder.objects.get_or_create(
        person=person,
        organisation=organisation,
        defaults={"reason": PersonHolder.Reason.REGISTERED},
    )
    return person


def _case(
    csw: Organisation, worker: User, person: Person, serial: int, opened: datetime.datetime
) -> Case:
    case = Case.objects.create(
        number=Case.format_number(csw.pk, timezone.localdate(opened).year, 90_000 + serial),
        organisation=csw,
        person=person,
        case_type=CaseType.UNACCOMPANIED_CHILD,
        urgency=Urgency.IMMEDIATE,
        status=Status.INITIAL_ASSESSMENT,
        reason="Maloletnik bez pratnje, pronađen u blizini autobuske stanice.",
        opened_at=opened,
        opened_by=worker,
        first_step_due=deadlines.limit_for(Urgency.IMMEDIATE).due(opened),
        first_step_done_at=opened + datetime.timedelta(hours=3),
    )
    CaseAssignment.objects.create(case=case, user=worker, assigned_at=opened)
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.OPENED, actor=worker, at=opened, note=case.reason
    )
    return case


def _events(
    case: Case,
    actor: User,
    start: datetime.datetime,
    events: list[tuple[int, str, str]],
) -> None:
    """The child's history: (hours after ``start``, kind, note) each."""
    ProtectionEvent.objects.bulk_create(
        ProtectionEvent(
            case=case, kind=kind, actor=actor, at=start + datetime.timedelta(hours=hours), note=note
        )
        for hours, kind, note in events
    )


def load(organisations: dict[str, Organisation], workers: dict[str, User]) -> None:
    """Add the demo children once."""
    csw, ngo = organisations["csw-zemun"], organisations["ngo-roma"]
    if ChildIdentification.objects.filter(case__organisation=csw).exists():
        return
    worker, supervisor = workers["case-worker@putokaz.test"], workers["supervisor@putokaz.test"]
    guardian = workers["org-admin@putokaz.test"]
    now = timezone.now()
    cases = []
    for serial, (given, family, country, age, hours) in enumerate(CHILDREN, start=1):
        identified_at = now - datetime.timedelta(hours=hours)
        case = _case(csw, worker, _person(csw, given, family, country, age), serial, identified_at)
        ChildIdentification.objects.create(
            case=case,
            separation="separated" if family == "Khalil" else "unaccompanied",
            identified_at=identified_at,
            found_where="Park kod Autobuske stanice Beograd",
            found_by="Terenski tim udruženja, uz graničnu policiju",
            age_method="interview",
            age_outcome="undetermined",
            assessed_age=age,
            age_assessed_on=timezone.localdate(identified_at),
            benefit_of_doubt=True,
            recorded_by=worker,
        )
        ProtectionEvent.objects.create(
            case=case, kind=ProtectionEvent.Kind.IDENTIFIED, actor=worker, at=identified_at
        )
        cases.append((case, identified_at))

    # The second child: a suspected companion, a reception centre, a guardian after 5 hours,
    # the asylum registration late.
    case, identified_at = cases[1]
    AccompanyingAdult.objects.create(
        identification=case.child_identification,
        full_name="Karim Nazari",
        stated_relationship="saputnik",
        suspected=True,
        note="Moguć krijumčar, prijavljeno policiji.",
    )
    Placement.objects.create(
        case=case,
        kind="reception_centre",
        facility="Centar za azil Krnjača",
        starts_on=timezone.localdate(identified_at),
        recorded_by=worker,
    )
    GuardianAppointment.objects.create(
        case=case,
        guardian_user=guardian,
        guardian_name=guardian.full_name,
        guardian_contact="011 316 0000",
        decision_number="551-214/2026",
        decision_date=timezone.localdate(identified_at),
        appointed_at=identified_at + datetime.timedelta(hours=5),
        no_conflict_confirmed=True,
        conflict_note="Razgovor sa starateljkom; nema veze sa centrom za azil.",
        appointed_by=worker,
    )
    for offset, kind in ((1, "intention"), (2, "reporting")):
        AsylumMilestone.objects.create(
            case=case,
            kind=kind,
            happened_at=identified_at + datetime.timedelta(days=offset),
            guardian_present=True,
            recorded_by=worker,
        )
    _events(
        case,
        worker,
        identified_at,
        [
            (1, ProtectionEvent.Kind.ADULT_ADDED, "Karim Nazari"),
            (2, ProtectionEvent.Kind.PLACED, "Centar za azil Krnjača"),
            (5, ProtectionEvent.Kind.GUARDIAN_APPOINTED, guardian.full_name),
            (24, ProtectionEvent.Kind.MILESTONE, MilestoneKind.INTENTION),
            (48, ProtectionEvent.Kind.MILESTONE, MilestoneKind.REPORTING),
        ],
    )

    # The third child: separated, with his uncle; the whole best-interests procedure.
    case, identified_at = cases[2]
    start = timezone.localdate(identified_at)
    AccompanyingAdult.objects.create(
        identification=case.child_identification,
        full_name="Omar Khalil",
        stated_relationship="ujak",
        contact="+381 64 555 1234",
    )
    Placement.objects.create(
        case=case,
        kind="children_institution",
        facility="Zavod za vaspitanje dece i omladine Beograd",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=20),
        recorded_by=worker,
    )
    Placement.objects.create(
        case=case,
        kind="foster_family",
        facility="Hraniteljska porodica Janković",
        starts_on=start + datetime.timedelta(days=21),
        recorded_by=worker,
    )
    GuardianAppointment.objects.create(
        case=case,
        guardian_user=guardian,
        guardian_name=guardian.full_name,
        decision_number="551-120/2026",
        decision_date=start,
        appointed_at=identified_at + datetime.timedelta(hours=20),
        no_conflict_confirmed=True,
        appointed_by=worker,
    )
    BestInterestsAssessment.objects.create(
        case=case,
        kind="comprehensive",
        assessed_on=timezone.localdate() - datetime.timedelta(days=12),
        child_views="Želi da ide u školu i da ostane blizu ujaka.",
        findings="Ujak ima boravak u Srbiji; roditelji u Alepu, kontakt preko Crvenog krsta.",
        recommendation="Hraniteljska porodica u Zemunu, redovni kontakti sa ujakom.",
        status=ApprovalStatus.APPROVED,
        assessed_by=worker,
        decided_by=supervisor,
        decided_at=now - datetime.timedelta(days=10),
        decision_note="Saglasan.",
    )
    determination = BestInterestsDetermination.objects.create(
        case=case,
        panel_on=timezone.localdate() - datetime.timedelta(days=7),
        decision="Dete ostaje u hraniteljskoj porodici; pokreće se traženje roditelja.",
        reasons="Želja deteta i blizina ujaka.",
        review_on=timezone.localdate() + datetime.timedelta(days=83),
        recorded_by=worker,
    )
    for name, organisation, role in (
        ("Jelena Petrović", csw, "voditeljka slučaja"),
        ("Марко Јовановић", csw, "supervizor"),
        ("Sabina Ramić", ngo, "predstavnica udruženja"),
    ):
        PanelMember.objects.create(
            determination=determination, full_name=name, organisation=organisation, role=role
        )
    FamilyTracing.objects.create(
        case=case,
        requested_on=timezone.localdate() - datetime.timedelta(days=30),
        requested_from="Crveni krst Srbije (Obnavljanje porodičnih veza)",
        sought="Roditelji, Alep",
        status=FamilyTracing.Status.IN_PROGRESS,
        recorded_by=worker,
    )
    for days, kind in (
        (1, "intention"),
        (2, "reporting"),
        (10, "registration"),
        (20, "application"),
        (35, "interview"),
    ):
        AsylumMilestone.objects.create(
            case=case,
            kind=kind,
            happened_at=identified_at + datetime.timedelta(days=days),
            guardian_present=True,
            recorded_by=worker,
        )
    _events(
        case,
        worker,
        identified_at,
        [
            (1, ProtectionEvent.Kind.ADULT_ADDED, "Omar Khalil"),
            (2, ProtectionEvent.Kind.PLACED, "Zavod za vaspitanje dece i omladine Beograd"),
            (20, ProtectionEvent.Kind.GUARDIAN_APPOINTED, guardian.full_name),
            (24 * 10, ProtectionEvent.Kind.TRACING_REQUESTED, "Crveni krst Srbije"),
            (24 * 21, ProtectionEvent.Kind.PLACED, "Hraniteljska porodica Janković"),
            (24 * 28, ProtectionEvent.Kind.BIA_SUBMITTED, "comprehensive"),
            (24 * 30, ProtectionEvent.Kind.BIA_APPROVED, "Saglasan."),
            (24 * 33, ProtectionEvent.Kind.BID_RECORDED, ""),
        ],
    )
