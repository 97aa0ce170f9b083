"""Demo events of capacity building: the training centre's round table on guardianship of
unaccompanied children with 51 professionals from all 17 Belgrade municipalities, Zemun
CSW's workshop on identifying victims of trafficking (with the knowledge test and the
feedback survey), an online conference with municipalities across Serbia, and an upcoming
training open for registration.

Participants are invented professionals with addresses under ``.test``; their attendance
and certificates are written directly (no e-mails are queued). The same seed always gives
the same people and codes, and loading twice changes nothing.
"""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify

from putokaz.accounts.models import Organisation, User
from putokaz.geo.models import Municipality
from putokaz.trainings.models import (
    CODE_ALPHABET,
    Attendance,
    Certificate,
    Event,
    FeedbackResponse,
    Kind,
    KnowledgeScore,
    ProtectionTopic,
    Registration,
    Session,
    normalise_code,
)

SEED = 7

FIRST = {
    "female": [
        "Jelena", "Milica", "Ana", "Marija", "Ivana", "Jovana", "Dragana", "Snežana",
        "Tamara", "Vesna", "Gordana", "Sanja", "Biljana", "Maja", "Nataša",
        "Aleksandra", "Svetlana", "Danijela", "Mirjana", "Elvira", "Sabina", "Jasmina",
    ],
    "male": [
        "Marko", "Nikola", "Dragan", "Zoran", "Milan", "Stefan", "Ivan", "Bojan",
        "Dejan", "Goran", "Nenad", "Vladimir", "Bekim", "Ljubomir",
    ],
}  # fmt: skip
LAST = [
    "Petrović", "Jovanović", "Nikolić", "Marković", "Đorđević", "Stojanović", "Ilić",
    "Stanković", "Pavlović", "Milošević", "Todorović", "Lukić", "Ristić", "Kostić",
    "Šćepanović", "Janković", "Bajramović", "Berisha", "Radovanović", "Živković", "Tadić",
    "Simić", "Mitić", "Ćirić",
]  # fmt: skip
# (profession, kind of organisation, organisation's name with {m} for the municipality)
WORKPLACES = [
    ("social_worker", Organisation.Kind.CSW, "Gradski centar za socijalni rad, odeljenje {m}"),
    ("social_worker", Organisation.Kind.CSW, "Gradski centar za socijalni rad, odeljenje {m}"),
    ("psychologist", Organisation.Kind.CSW, "Gradski centar za socijalni rad, odeljenje {m}"),
    ("lawyer", Organisation.Kind.CSW, "Gradski centar za socijalni rad, odeljenje {m}"),
    ("pedagogue", Organisation.Kind.CSW, "Gradski centar za socijalni rad, odeljenje {m}"),
    ("health", Organisation.Kind.PUBLIC, "Dom zdravlja {m}"),
    ("teacher", Organisation.Kind.PUBLIC, "Osnovna škola, {m}"),
    ("police", Organisation.Kind.PUBLIC, "Policijska stanica {m}"),
    ("manager", Organisation.Kind.PUBLIC, "Gradska opština {m}"),
    ("mediator", Organisation.Kind.CIVIL, "Udruženje Romkinja „Bibija”"),
    ("social_worker", Organisation.Kind.CIVIL, "Udruženje za pomoć deci „Sigurna kuća”"),
    ("lawyer", Organisation.Kind.INTERNATIONAL, "Međunarodna organizacija za migracije"),
]
# Towns across Serbia for the national conference (names that are not ambiguous).
OTHER_PLACES = [
    "Medijana", "Novi Sad", "Kragujevac", "Subotica", "Šabac", "Pirot", "Kraljevo",
    "Leskovac", "Sombor", "Bujanovac",
]  # fmt: skip


@dataclass
class Plan:
    key: str
    kind: str
    title: dict[str, str]
    description: dict[str, str]
    organiser: str
    partners: list[str]
    days_from_today: int
    length_days: int
    sessions: list[tuple[str, int, int, str]]  # title, day, start hour, trainers
    capacity: int
    participants: int
    belgrade_only: bool
    topics: list[str]
    audiences: list[str]
    cpd_points: int = 0
    accreditation: str = ""
    venue: str = ""
    place: str = ""  # the venue's municipality
    online_url: str = ""
    funding_project: str = ""
    donor: str = ""
    test_max_score: int | None = None
    feedback: int = 0
    attendance: float = 0.9  # the chance a participant is at a session
    public_registration: bool = False
    registration_closes_in: int | None = None  # days from today


PLANS = [
    Plan(
        key="round-table-guardianship",
        kind=Kind.ROUND_TABLE,
        title={
            "sr_latn": "Deca bez pratnje: starateljstvo u praksi",
            "en": "Unaccompanied children: guardianship in practice",
            "de": "Unbegleitete Kinder: Vormundschaft in der Praxis",
        },
        description={
            "sr_latn": (
                "Okrugli sto centara za socijalni rad i udruženja o privremenom starateljstvu "
                "nad decom bez pratnje: imenovanje staratelja, najbolji interes deteta, "
                "saradnja sa azilnim centrima i policijom."
            ),
            "en": (
                "A round table of Centers for Social Welfare and civil-society organisations "
                "on temporary guardianship of unaccompanied children: appointing a guardian, "
                "the child's best interests, working with asylum centres and the police."
            ),
        },
        organiser="ngo-training",
        partners=["csw-zemun", "intl"],
        days_from_today=-24,
        length_days=1,
        sessions=[
            ("Uvodna reč i iskustva centara za socijalni rad", 0, 10, "Ana Marković (CSR Zemun)"),
            ("Starateljstvo u praksi: slučajevi i dileme", 0, 12, "Bekim Berisha (Mreža)"),
        ],
        capacity=60,
        participants=51,
        belgrade_only=True,
        topics=[ProtectionTopic.UNACCOMPANIED_CHILDREN, ProtectionTopic.GUARDIANSHIP],
        audiences=["csw", "civil", "guardians"],
        venue="Dom omladine Beograda, Makedonska 22",
        place="Stari grad",
        funding_project="Zaštita dece u pokretu",
        donor="UNICEF Srbija",
        feedback=34,
        attendance=0.93,
    ),
    Plan(
        key="workshop-trafficking",
        kind=Kind.WORKSHOP,
        title={
            "sr_latn": "Prepoznavanje žrtava trgovine ljudima",
            "en": "Identifying victims of human trafficking",
            "de": "Opfer von Menschenhandel erkennen",
        },
        description={
            "sr_latn": (
                "Dvodnevna radionica o indikatorima trgovine ljudima, razgovoru sa mogućom "
                "žrtvom i upućivanju Centru za zaštitu žrtava trgovine ljudima."
            ),
            "en": (
                "A two-day workshop on the indicators of trafficking, talking with a possible "
                "victim and referring to the Centre for Protection of Victims of Trafficking."
            ),
        },
        organiser="csw-zemun",
        partners=["ngo-training"],
        days_from_today=-10,
        length_days=2,
        sessions=[
            ("Indikatori trgovine ljudima (MOR)", 0, 9, "Vesna Tadić (Centar za zaštitu žrtava)"),
            ("Razgovor sa mogućom žrtvom", 0, 13, "Vesna Tadić"),
            ("Upućivanje i bezbednosni plan", 1, 9, "Dragan Kostić (PU Zemun)"),
            ("Studije slučaja", 1, 13, "Ana Marković (CSR Zemun)"),
        ],
        capacity=24,
        participants=26,  # two wait for a place
        belgrade_only=True,
        topics=[ProtectionTopic.TRAFFICKING],
        audiences=["csw", "police", "health"],
        cpd_points=8,
        accreditation="Republički zavod za socijalnu zaštitu, br. 110-00-245/2026",
        venue="Centar za socijalni rad Zemun, Glavna 9",
        place="Zemun",
        test_max_score=20,
        feedback=17,
        attendance=0.85,
    ),
    Plan(
        key="conference-returnees",
        kind=Kind.ONLINE_CONFERENCE,
        title={
            "sr_latn": "Reintegracija povratnika: iskustva lokalnih samouprava",
            "en": "Reintegrating returnees: what local governments learnt",
        },
        description={
            "sr_latn": "Onlajn konferencija o prijemu i podršci porodicama povratnika.",
            "en": "An online conference on receiving and supporting returnee families.",
        },
        organiser="ngo-training",
        partners=["city-secretariat"],
        days_from_today=-45,
        length_days=1,
        sessions=[("Konferencija", 0, 10, "Panel lokalnih samouprava")],
        capacity=120,
        participants=38,
        belgrade_only=False,
        topics=[ProtectionTopic.RETURNEES],
        audiences=["csw", "local", "civil"],
        online_url="https://meet.jit.si/putokaz-demo-reintegracija",
        attendance=0.8,
    ),
    Plan(
        key="training-crisis",
        kind=Kind.TRAINING,
        title={
            "sr_latn": "Krizna intervencija i podrška porodicama",
            "en": "Crisis intervention and support for families",
        },
        description={
            "sr_latn": "Akreditovana obuka za stručne radnike centara i udruženja.",
            "en": "An accredited training for professionals of centres and NGOs.",
        },
        organiser="ngo-training",
        partners=[],
        days_from_today=18,
        length_days=1,
        sessions=[
            ("Krizna intervencija: osnove", 0, 10, "Bekim Berisha"),
            ("Vežbe", 0, 13, "Bekim Berisha"),
        ],
        capacity=30,
        participants=14,
        belgrade_only=True,
        topics=[ProtectionTopic.CRISIS],
        audiences=["csw", "civil"],
        cpd_points=6,
        accreditation="Republički zavod za socijalnu zaštitu, br. 110-00-301/2026",
        venue="Centar za obuke „Mreža”, Kneza Miloša 10",
        place="Savski venac",
        public_registration=True,
        registration_closes_in=16,
    ),
]


def _code(rng: random.Random) -> str:
    return normalise_code("".join(rng.choice(CODE_ALPHABET) for _index in range(12)))


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _places(plan: Plan, belgrade: list[Municipality], others: list[Municipality]) -> list:
    """Where each participant works: every Belgrade municipality in turn (so a round table
    of 51 reaches all 17), or, for a national event, Belgrade and towns across Serbia."""
    if plan.belgrade_only:
        return [belgrade[n % len(belgrade)] for n in range(plan.participants)]
    pool = belgrade[:6] + others
    return [pool[n % len(pool)] for n in range(plan.participants)]


def _event(plan: Plan, organisations: dict[str, Organisation], creator: User) -> Event:
    today = timezone.localdate()
    starts = today + datetime.timedelta(days=plan.days_from_today)
    event = Event.objects.create(
        kind=plan.kind,
        **{f"title_{lang}": text for lang, text in plan.title.items()},
        **{f"description_{lang}": text for lang, text in plan.description.items()},
        protection_topics=[str(t) for t in plan.topics],
        audiences=plan.audiences,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=plan.length_days - 1),
        venue=plan.venue,
        municipality=Municipality.objects.get(name_sr_latn=plan.place) if plan.place else None,
        online_url=plan.online_url,
        organiser=organisations[plan.organiser],
        funding_project=plan.funding_project,
        donor=plan.donor,
        capacity=plan.capacity,
        publication=Event.Publication.PUBLISHED,
        cpd_points=plan.cpd_points,
        accreditation=plan.accreditation,
        test_max_score=plan.test_max_score,
        created_by=creator,
        public_registration=plan.public_registration,
        registration_closes_on=today + datetime.timedelta(days=plan.registration_closes_in)
        if plan.registration_closes_in is not None
        else None,
    )
    event.partners.set([organisations[key] for key in plan.partners])
    for title, day, hour, trainers in plan.sessions:
        start = _at(starts + datetime.timedelta(days=day), hour)
        Session.objects.create(
            event=event,
            title_sr_latn=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3 if hour < 12 else 2),
            trainers=trainers,
        )
    return event


def _participants(
    event: Event, plan: Plan, places: list[Municipality], rng: random.Random
) -> list[Registration]:
    registered = timezone.now() - datetime.timedelta(days=max(5, 20 - plan.days_from_today))
    rows = []
    taken: set[str] = set()
    for n, place in enumerate(places):
        sex = "female" if rng.random() < 0.74 else "male"
        if rng.random() < 0.05:
            sex = ""  # did not say
        first = rng.choice(FIRST[sex or "female"])
        last = rng.choice(LAST)
        profession, kind, workplace = rng.choice(WORKPLACES)
        status = Registration.Status.CONFIRMED if n < plan.capacity else Registration.Status.WAITING
        # The same name is the same professional at another event (the report counts the
        # different people); twice at one event, a namesake.
        email = f"{slugify(first)}.{slugify(last)}@primer.test"
        if email in taken:
            email = f"{slugify(first)}.{slugify(last)}.{n}@primer.test"
        taken.add(email)
        rows.append(
            Registration(
                event=event,
                full_name=f"{first} {last}",
                email=email,
                organisation_name=workplace.format(m=place.name_sr_latn),  # type: ignore[attr-defined]
                organisation_kind=kind,
                municipality=place,
                profession=profession,
                sex=sex,
                language="sr-latn" if rng.random() < 0.8 else "sr-cyrl",
                status=status,
                source=Registration.Source.PUBLIC
                if rng.random() < 0.6
                else Registration.Source.ORGANISATION,
                consent_at=registered,
                created_at=registered + datetime.timedelta(minutes=n),
            )
        )
    return Registration.objects.bulk_create(rows)


def _held(
    event: Event, plan: Plan, registrations: list[Registration], rng: random.Random, by: User
) -> None:
    """Attendance, certificates, the knowledge test and the feedback of a past event."""
    sessions = list(event.sessions.all())
    confirmed = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    attendance = []
    attended: dict[int, int] = {}
    for registration in confirmed:
        came = rng.random() < 0.96  # a few registered and never came
        for session in sessions:
            if came and rng.random() < plan.attendance:
                attendance.append(
                    Attendance(
                        session=session,
                        registration=registration,
                        checked_at=session.starts_at,
                        checked_by=by,
                    )
                )
                attended[registration.pk] = attended.get(registration.pk, 0) + 1
    Attendance.objects.bulk_create(attendance)
    issued_at = _at(event.ends_on, 17)
    Certificate.objects.bulk_create(
        Certificate(
            registration=registration,
            code=_code(rng),
            points=event.cpd_points,
            issued_at=issued_at,
            issued_by=by,
        )
        for registration in confirmed
        if event.earns_certificate(attended.get(registration.pk, 0), len(sessions))
    )
    if plan.test_max_score:
        scores = []
        for registration in confirmed:
            if not attended.get(registration.pk):
                continue
            pre = rng.randint(6, 14)
            post = (
                None if rng.random() < 0.1 else min(plan.test_max_score, pre + rng.randint(-1, 7))
            )
            scores.append(
                KnowledgeScore(
                    registration=registration, pre_score=pre, post_score=post, updated_by=by
                )
            )
        KnowledgeScore.objects.bulk_create(scores)
    FeedbackResponse.objects.bulk_create(
        FeedbackResponse(
            event=event,
            content=rng.choice([4, 4, 5, 5, 5, 3]),
            trainers=rng.choice([4, 5, 5, 5]),
            organisation=rng.choice([3, 4, 4, 5]),
            usefulness=rng.choice([3, 4, 5, 5]),
            overall=rng.choice([4, 4, 5, 5]),
            most_useful=rng.choice(["", "", "Primeri iz prakse.", "Razmena sa kolegama."]),
            suggestions=rng.choice(["", "", "Više vremena za diskusiju."]),
            language="sr-latn",
            submitted_on=event.ends_on + datetime.timedelta(days=rng.randint(0, 5)),
        )
        for _n in range(plan.feedback)
    )


def load(organisations: dict[str, Organisation], users: dict[str, User]) -> None:
    """Add the demo events once."""
    centre = organisations["ngo-training"]
    if Event.objects.filter(organiser=centre).exists():
        return
    rng = random.Random(SEED)  # noqa: S311 - invented demo data, not secrets
    belgrade = list(Municipality.objects.filter(parent__name_sr_latn="Beograd").order_by("code"))
    others = list(Municipality.objects.filter(name_sr_latn__in=OTHER_PLACES).order_by("code"))
    creators = {
        "ngo-training": users["trainer@putokaz.test"],
        "csw-zemun": users["org-admin@putokaz.test"],
    }
    today = timezone.localdate()
    for plan in PLANS:
        creator = creators[plan.organiser]
        event = _event(plan, organisations, creator)
        registrations = _participants(event, plan, _places(plan, belgrade, others), rng)
        if event.ends_on < today:
            _held(event, plan, registrations, rng, creator)
