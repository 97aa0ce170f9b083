"""A small known network for the reports' tests: every number of it is counted by hand in
the docstring of :func:`known_network`, and the tests compare the reports with those."""

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

import factory
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.accounts.tests.factories import OrganisationFactory, UserFactory
from putokaz.cases.models import SEALED_TYPES, Assessment, Case, CaseType, DomainRating, Status
from putokaz.cases.tests.factories import CaseFactory
from putokaz.geo.models import Municipality
from putokaz.people.models import Household, HouseholdMember, Person, Relationship
from putokaz.people.tests.factories import PersonFactory
from putokaz.protection.models import (
    AgeOutcome,
    ChildIdentification,
    GuardianAppointment,
    Separation,
)
from putokaz.referrals.models import Referral
from putokaz.reports.indicators import Period
from putokaz.trafficking.models import Screening, StatusEvent
from putokaz.trainings.models import Attendance, Registration
from putokaz.trainings.tests.factories import EventFactory, SessionFactory

PERIOD = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def at(day: str, hour: int = 9) -> datetime.datetime:
    """An aware moment in Belgrade time: ``at("2026-02-10")``."""
    date = datetime.date.fromisoformat(day)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour)))


class ReferralFactory(factory.django.DjangoModelFactory):
    """A referral as it stands after its steps; the dates and status set by the test."""

    class Meta:
        model = Referral

    case = factory.SubFactory(CaseFactory)
    person = factory.SelfAttribute("case.person")
    from_organisation = factory.SelfAttribute("case.organisation")
    referred_by = factory.SubFactory(UserFactory)
    to_organisation = factory.SubFactory(OrganisationFactory)
    reason = "Pravna pomoć."
    urgency = "regular"
    consent_by = "self"
    consent_name = "Saglasnost"
    consent_on = datetime.date(2026, 1, 1)
    consent_method = "verbal"
    consent_witness = "Svedok"
    sent_at = factory.LazyFunction(timezone.now)
    acknowledge_due = factory.LazyAttribute(lambda r: r.sent_at + datetime.timedelta(days=2))
    complete_due = factory.LazyAttribute(lambda r: r.sent_at + datetime.timedelta(days=30))


def assess(case: Case, day: str, by: User, **ratings: str) -> Assessment:
    assessment = Assessment.objects.create(
        case=case, kind="review", assessed_on=datetime.date.fromisoformat(day), assessed_by=by
    )
    DomainRating.objects.bulk_create(
        DomainRating(assessment=assessment, domain=domain, rating=rating)
        for domain, rating in ratings.items()
    )
    return assessment


@dataclass
class KnownNetwork:
    zemun: Municipality
    elsewhere: Municipality
    org: Organisation
    other: Organisation
    people: list[Person] = field(default_factory=list)
    cases: dict[str, Case] = field(default_factory=dict)


def known_network(org: Organisation, worker: User) -> KnownNetwork:
    """Organisation ``org`` (covering Zemun) and another one, ``other``, from 1 January to
    30 June 2026 (``PERIOD``):

    ===  ===========  ==========================  =================  ============  =====
    case type         subject                     opened / closed    first step    where
    ===  ===========  ==========================  =================  ============  =====
    c1   returnee     p1 F born 2020 (6-17)       2025-12-01 / –     –             Zemun
    c2   returnee     p2 M born 1990 (18-59)      2026-02-10 / 05-01 regular, in time Zemun
    c3   general      p3 F born 1950 (60+)        2026-03-01 / –     urgent, late  Zemun
    c4   refugee      p4 M no birth date          2025-06-01 / 2025-12-15  –       Novi Beograd
    c5   returnee     household h1 (Zemun):       2026-04-01 / –     immediate, not taken Zemun
                      m1 F born 2022 (0-5), p2 (also c2), m3 left 2025, m4 joined after
    c6   general      p6 F born 2000 (18-59), case of ``other``  2026-01-15 / –  regular, not taken Zemun
    c7   returnee     p7 M born 2010 (6-17)       2026-06-30 / –     regular, due after the end Zemun
    ===  ===========  ==========================  =================  ============  =====

    Served in the period: all but c4. Referrals (sent at): r1 org→other 02-01 acknowledged
    after 10 h, completed after 10 days, need met; r2 org→other 03-01 acknowledged after
    30 h, declined; r3 org→other 04-01 waiting; r4 org→other 2025-12-01 (before the
    period); r5 other→org 05-01 acknowledged after 2 h, in progress.

    Assessments: c1 2025-12-05 documents urgent, housing unmet; 2026-05-01 documents met,
    housing unmet; 2026-08-01 (after the period) documents no need. c2 2026-02-15
    documents unmet, income urgent. c3 2026-03-05 health partly met; 2026-06-01 health
    urgent.
    """
    zemun = Municipality.objects.get(name_sr_latn="Zemun")
    elsewhere = Municipality.objects.get(name_sr_latn="Novi Beograd")
    org.municipalities.add(zemun)
    other = OrganisationFactory(name_sr_latn="Udruženje Druga strana")
    net = KnownNetwork(zemun=zemun, elsewhere=elsewhere, org=org, other=other)

    def person(sex: str, born: str | None, where: Municipality = zemun, **kw: Any) -> Person:
        p = PersonFactory(
            organisation=kw.pop("organisation", org),
            sex=sex,
            birth_date=datetime.date.fromisoformat(born) if born else None,
            municipality=where,
            **kw,
        )
        net.people.append(p)
        return p

    def case(
        name: str, subject: Person | Household, case_type: str, opened: str, **kw: Any
    ) -> Case:
        values: dict[str, Any] = {
            "organisation": kw.pop("organisation", org),
            "case_type": case_type,
            "opened_at": at(opened),
            "first_step_due": at(opened) + datetime.timedelta(days=7),
            "first_step_done_at": at(opened) + datetime.timedelta(days=1),
        }
        if isinstance(subject, Person):
            values["person"] = subject
        else:
            values["person"] = None
            values["household"] = subject
        values.update(kw)
        if values.get("closed_at"):
            values["status"] = Status.CLOSED
        net.cases[name] = cast(Case, CaseFactory(**values))
        return net.cases[name]

    p1 = person("female", "2020-03-01", given_name="Ljubica", family_name="Prvulović")
    p2 = person("male", "1990-01-01", given_name="Zoran", family_name="Drugić")
    p3 = person("female", "1950-01-01")
    p4 = person("male", None, where=elsewhere)
    m1 = person("female", "2022-01-10")
    m3 = person("male", "1980-01-01")
    m4 = person("female", "1995-01-01")
    p6 = person("female", "2000-05-05", organisation=other)
    p7 = person("male", "2010-01-01")
    household = Household.objects.create(organisation=org, municipality=zemun)
    for member, joined, left in (
        (p2, "2020-01-01", None),
        (m1, "2022-01-10", None),
        (m3, "2020-01-01", "2025-10-01"),
        (m4, "2026-08-01", None),
    ):
        HouseholdMember.objects.create(
            household=household,
            person=member,
            relationship=Relationship.REFERENCE if member is p2 else Relationship.OTHER,
            joined_on=datetime.date.fromisoformat(joined),
            left_on=datetime.date.fromisoformat(left) if left else None,
        )

    c1 = case("c1", p1, "returnee", "2025-12-01")
    c2 = case(
        "c2",
        p2,
        "returnee",
        "2026-02-10",
        closed_at=at("2026-05-01"),
        urgency="regular",
        first_step_due=at("2026-02-17"),
        first_step_done_at=at("2026-02-12"),
    )
    c3 = case(
        "c3",
        p3,
        "general",
        "2026-03-01",
        urgency="urgent",
        first_step_due=at("2026-03-04"),
        first_step_done_at=at("2026-03-10"),
    )
    case("c4", p4, "refugee_migrant", "2025-06-01", closed_at=at("2025-12-15"))
    case(
        "c5",
        household,
        "returnee",
        "2026-04-01",
        urgency="immediate",
        first_step_due=at("2026-04-02"),
        first_step_done_at=None,
    )
    case(
        "c6",
        p6,
        "general",
        "2026-01-15",
        organisation=other,
        urgency="regular",
        first_step_due=at("2026-01-22"),
        first_step_done_at=None,
    )
    case(
        "c7",
        p7,
        "returnee",
        "2026-06-30",
        urgency="regular",
        first_step_due=at("2026-07-07"),
        first_step_done_at=None,
    )

    def refer(case: Case, to: Organisation, sent: datetime.datetime, **kw: Any) -> Referral:
        return ReferralFactory(
            case=case, to_organisation=to, referred_by=worker, sent_at=sent, **kw
        )

    hours = datetime.timedelta(hours=1)
    refer(
        c1,
        other,
        at("2026-02-01", 8),
        acknowledged_at=at("2026-02-01", 8) + 10 * hours,
        decided_at=at("2026-02-02"),
        completed_at=at("2026-02-11", 8),
        status="completed",
        outcome="met",
    )
    refer(
        c2,
        other,
        at("2026-03-01", 0),
        acknowledged_at=at("2026-03-01", 0) + 30 * hours,
        decided_at=at("2026-03-03"),
        status="declined",
    )
    refer(c3, other, at("2026-04-01"), status="sent")
    refer(c1, other, at("2025-12-01"), status="sent")
    refer(
        net.cases["c6"],
        org,
        at("2026-05-01", 8),
        acknowledged_at=at("2026-05-01", 10),
        status="in_progress",
    )

    assess(c1, "2025-12-05", worker, documents="urgent", housing="unmet")
    assess(c1, "2026-05-01", worker, documents="met", housing="unmet")
    assess(c1, "2026-08-01", worker, documents="no_need")
    assess(c2, "2026-02-15", worker, documents="unmet", income="urgent")
    assess(c3, "2026-03-05", worker, health="partly_met")
    assess(c3, "2026-06-01", worker, health="urgent")
    return net


@dataclass
class KnownSpecialised:
    zemun: Municipality
    elsewhere: Municipality
    org: Organisation
    other: Organisation
    people: list[Person] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)


def known_specialised(org: Organisation, worker: User) -> KnownSpecialised:
    """Children, trafficking and trainings of organisation ``org`` (covering Zemun) and of
    another one, ``other`` (in Novi Beograd), in ``PERIOD`` (1 January – 30 June 2026).

    Children (unaccompanied unless said; identified at; first guardian appointed after):

    ===  =====================================  ================  ==========================
    k1   M born 2010-05-01 (15: 14–15)          2026-02-01 10:00  6 h (in time)
    k2   M no date of birth, assessed 16        2026-03-01 10:00  30 h (late; another later)
    k3   F born 2014-01-01 (12: under 14),      2026-04-10 08:00  20 h (in time)
         separated
    k4   M born 2009-06-01 (16: 16–17)          2026-05-01 10:00  none (limit passed)
    k5   M no date of birth, no assessed age    2026-06-30 12:00  none (due 1 July 12:00:
                                                                  within it at the end)
    k6   assessed an adult                      2026-03-01        (not counted)
    k7   M born 2010-01-01                      2025-12-20        (before the period)
    k8   F born 2011-01-01, ``other``'s, Novi   2026-02-01        2 h (the network's only)
         Beograd
    ===  =====================================  ================  ==========================

    Trafficking (screened on: result; status decided on):

    ===  ====================  ===============================  ===========================
    t1   F born 1990 (18–59)   02-01 possible, 02-10 not        referred 02-05, presumed
                                                                03-01, identified 05-01
    t2   F born 2009 (17 at    03-01 not possible               –
         the end: 6–17)
    t3   M born 1985 (18–59)   2025-12-01 possible (before)     referred 01-10, not
                                                                identified 04-01
    t4   F born 2000 (18–59)   04-01 possible                   referred 04-02, presumed
                                                                2026-07-05 (after)
    t5   M born 1970, ``other``'s, Novi Beograd: 02-15 possible (the network's only)
    ===  ====================  ===============================  ===========================

    Trainings (participants confirmed, where they work, attended):

    - e1 by ``org``, 2026-03-10: Zemun female attended, Zemun male attended, Novi Beograd
      female did not come; a Zemun male on the waiting list.
    - e2 by ``other``, 2026-05-01: Zemun male attended, Zemun female did not come.
    - e3 by ``org``, 2026-08-01 (after the period): a Zemun female.
    """
    zemun = Municipality.objects.get(name_sr_latn="Zemun")
    elsewhere = Municipality.objects.get(name_sr_latn="Novi Beograd")
    org.municipalities.add(zemun)
    other = OrganisationFactory(name_sr_latn="Udruženje Druga strana")
    net = KnownSpecialised(zemun=zemun, elsewhere=elsewhere, org=org, other=other)
    hour = datetime.timedelta(hours=1)

    def case(case_type: str, sex: str, born: str | None, *, mine: bool = True) -> Case:
        subject = PersonFactory(
            organisation=org if mine else other,
            sex=sex,
            birth_date=datetime.date.fromisoformat(born) if born else None,
            municipality=zemun if mine else elsewhere,
        )
        net.people.append(subject)
        made = cast(
            Case,
            CaseFactory(
                organisation=org if mine else other,
                person=subject,
                case_type=case_type,
                opened_at=at("2025-12-01"),
                sealed=case_type in SEALED_TYPES,
            ),
        )
        net.cases.append(made)
        return made

    def child(
        sex: str,
        born: str | None,
        identified: datetime.datetime,
        appointed: list[datetime.timedelta],
        *,
        mine: bool = True,
        **fields: Any,
    ) -> None:
        made = case(CaseType.UNACCOMPANIED_CHILD, sex, born, mine=mine)
        ChildIdentification.objects.create(
            case=made,
            separation=fields.pop("separation", Separation.UNACCOMPANIED),
            identified_at=identified,
            found_where="Autobuska stanica",
            found_by="Granična policija",
            age_outcome=fields.pop("age_outcome", AgeOutcome.MINOR),
            recorded_by=worker,
            **fields,
        )
        for n, after in enumerate(appointed):
            GuardianAppointment.objects.create(
                case=made,
                guardian_name=f"Staratelj {made.pk}-{n}",
                decision_number=f"551-{made.pk}-{n}",
                decision_date=(identified + after).date(),
                appointed_at=identified + after,
                no_conflict_confirmed=True,
                appointed_by=worker,
                ended_on=None if n == len(appointed) - 1 else (identified + after).date(),
            )

    child("male", "2010-05-01", at("2026-02-01", 10), [6 * hour])
    child("male", None, at("2026-03-01", 10), [30 * hour, 300 * hour], assessed_age=16)
    child(
        "female",
        "2014-01-01",
        at("2026-04-10", 8),
        [20 * hour],
        separation=Separation.SEPARATED,
    )
    child("male", "2009-06-01", at("2026-05-01", 10), [])
    child("male", None, at("2026-06-30", 12), [])
    child("male", None, at("2026-03-01"), [], age_outcome=AgeOutcome.ADULT, assessed_age=25)
    child("male", "2010-01-01", at("2025-12-20"), [2 * hour])
    child("female", "2011-01-01", at("2026-02-01"), [2 * hour], mine=False)

    def victim(
        sex: str,
        born: str,
        screened: list[tuple[str, bool]],
        statuses: list[tuple[str, str]],
        *,
        mine: bool = True,
    ) -> None:
        made = case(CaseType.TRAFFICKING, sex, born, mine=mine)
        for day, possible in screened:
            Screening.objects.create(
                case=made,
                indicator_set="adult_labour",
                version="test",
                possible_victim=possible,
                screened_on=datetime.date.fromisoformat(day),
                screened_by=worker,
            )
        for status, day in statuses:
            StatusEvent.objects.create(
                case=made,
                status=status,
                decided_on=datetime.date.fromisoformat(day),
                recorded_by=worker,
            )

    victim(
        "female",
        "1990-01-01",
        [("2026-02-01", True), ("2026-02-10", False)],
        [
            ("possible", "2026-02-01"),
            ("referred", "2026-02-05"),
            ("presumed", "2026-03-01"),
            ("identified", "2026-05-01"),
        ],
    )
    victim("female", "2009-01-01", [("2026-03-01", False)], [])
    victim(
        "male",
        "1985-01-01",
        [("2025-12-01", True)],
        [("possible", "2025-12-01"), ("referred", "2026-01-10"), ("not_identified", "2026-04-01")],
    )
    victim(
        "female",
        "2000-01-01",
        [("2026-04-01", True)],
        [("possible", "2026-04-01"), ("referred", "2026-04-02"), ("presumed", "2026-07-05")],
    )
    victim("male", "1970-01-01", [("2026-02-15", True)], [("possible", "2026-02-15")], mine=False)

    def event(organiser: Organisation, day: str, people: list[tuple[str, str, bool]]) -> None:
        starts = datetime.date.fromisoformat(day)
        made = EventFactory(organiser=organiser, created_by=worker, starts_on=starts)
        session = SessionFactory(event=made)
        for n, (sex, where, came) in enumerate(people):
            waiting = where.endswith("waiting")
            registration = Registration.objects.create(
                event=made,
                full_name=f"Učesnik {n}",
                email=f"ucesnik{made.pk}-{n}@example.rs",
                organisation_name="Centar za socijalni rad",
                organisation_kind=Organisation.Kind.CSW,
                municipality=elsewhere if where.startswith("elsewhere") else zemun,
                profession="social_worker",
                sex=sex,
                status=Registration.Status.WAITING if waiting else Registration.Status.CONFIRMED,
                source=Registration.Source.ORGANISER,
                consent_at=timezone.now(),
            )
            if came:
                Attendance.objects.create(
                    session=session, registration=registration, checked_by=worker
                )

    event(
        org,
        "2026-03-10",
        [
            ("female", "zemun", True),
            ("male", "zemun", True),
            ("female", "elsewhere", False),
            ("male", "zemun waiting", False),
        ],
    )
    event(other, "2026-05-01", [("male", "zemun", True), ("female", "zemun", False)])
    event(org, "2026-08-01", [("female", "zemun", False)])
    return net
