"""Invented households, people and cases for the demo: returnee and migrant families at every
stage of casework, some of them overdue.

Names are common Serbian, Roma and Albanian ones, with the spellings German documents
use; refugees' names as Serbian authorities transcribe them. The same seed always gives
the same families, so loading twice changes nothing.
"""

import datetime
import itertools
import random
from dataclasses import dataclass

from django.test.utils import override_settings
from django.utils import timezone

from putokaz.accounts.models import Organisation, User
from putokaz.cases import deadlines
from putokaz.cases.models import (
    Assessment,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseNote,
    CaseNumberSequence,
    CaseTask,
    CaseType,
    DomainRating,
    Goal,
    LifeDomain,
    PlanAction,
    Rating,
    Status,
    Urgency,
)
from putokaz.geo.models import Municipality
from putokaz.people.duplicates import possible_duplicates
from putokaz.people.jmbg import check_digit
from putokaz.people.matching.stored import person_fields
from putokaz.people.models import (
    Household,
    HouseholdMember,
    IdentityDocument,
    MigrationProfile,
    OtherSpelling,
    Person,
    PersonHolder,
    PossibleDuplicate,
    Relationship,
    Sex,
)

HOUSEHOLDS = 200
SEED = 2026

MALE = {
    "serbian": [
        "Marko",
        "Nikola",
        "Dragan",
        "Zoran",
        "Milan",
        "Stefan",
        "Dejan",
        "Goran",
        "Miloš",
        "Đorđe",
    ],
    "roma": [
        "Bajram",
        "Ramiz",
        "Sead",
        "Elvis",
        "Muharem",
        "Dževat",
        "Senad",
        "Ivica",
        "Šaban",
        "Redžep",
    ],
    "albanian": ["Arben", "Blerim", "Driton", "Fatmir", "Ilir", "Valon", "Besnik", "Agron"],
    "migrant": ["Ahmad", "Mohammad", "Omar", "Ali", "Hamid", "Karim", "Yusuf", "Mustafa"],
}
FEMALE = {
    "serbian": [
        "Jelena",
        "Milica",
        "Ana",
        "Snežana",
        "Dragana",
        "Marija",
        "Ivana",
        "Jovana",
        "Gordana",
    ],
    "roma": [
        "Elvira",
        "Sabina",
        "Ljatifa",
        "Fatima",
        "Mirsada",
        "Zumreta",
        "Senada",
        "Đulija",
        "Ramiza",
    ],
    "albanian": ["Drita", "Valbona", "Fatmire", "Besa", "Arta", "Mimoza", "Lindita"],
    "migrant": ["Fatima", "Maryam", "Zahra", "Amina", "Leila", "Nadia", "Sara"],
}
FAMILY = {
    "serbian": [
        "Petrović",
        "Jovanović",
        "Nikolić",
        "Đorđević",
        "Stojanović",
        "Marković",
        "Ilić",
        "Živković",
    ],
    "roma": [
        "Bajramović",
        "Jašarević",
        "Demirović",
        "Salijević",
        "Mustafić",
        "Alijević",
        "Osmanović",
        "Šaćirović",
    ],
    "albanian": ["Krasniqi", "Berisha", "Gashi", "Hoxha", "Shala", "Morina"],
    "migrant": ["Rahimi", "Karimi", "Hosseini", "Al Ali", "Haidari", "Ahmadi", "Noori"],
}
COUNTRY_OF_ORIGIN = {"migrant": ["AF", "SY", "IQ", "PK", "IR"]}
RETURNED_FROM = ["DE", "DE", "DE", "AT", "SE", "FR", "BE", "CH"]
# German documents drop the diacritics; đ becomes "dj".
GERMAN_SPELLING = str.maketrans(
    {"č": "c", "ć": "c", "š": "s", "ž": "z", "Č": "C", "Ć": "C", "Š": "S", "Ž": "Z"}
)


def german_spelling(name: str) -> str:
    return (
        name.replace("đ", "dj")
        .replace("Đ", "Dj")
        .replace("dž", "dz")
        .replace("Dž", "Dz")
        .translate(GERMAN_SPELLING)
    )


@dataclass
class Workers:
    organisation: Organisation
    lead: User | None


def _jmbg(rng: random.Random, birth: datetime.date, female: bool) -> str:
    region = rng.choice(["71", "72", "73", "80", "91"])
    serial = rng.randint(500, 999) if female else rng.randint(0, 499)
    first = f"{birth.day:02d}{birth.month:02d}{birth.year % 1000:03d}{region}{serial:03d}"
    return first + str(check_digit(first))


class _Generator:
    def __init__(
        self, places: list[Municipality], teams: list[Workers], today: datetime.date
    ) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 - invented demo data, not secrets
        self.places = places
        self.teams = teams
        self.today = today
        self.now = timezone.now()
        self.serials: dict[tuple[int, int], int] = {}
        self.taken: set[str] = set()

    def person(
        self, organisation: Organisation, origin: str, family_name: str, *, female: bool, age: int
    ) -> Person:
        rng = self.rng
        birth = self.today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        names = (FEMALE if female else MALE)[origin]
        given = rng.choice([n for n in names if n not in self.taken] or names)
        self.taken.add(given)
        person = Person.objects.create(
            organisation=organisation,
            given_name=given,
            family_name=family_name,
            parent_name=rng.choice(MALE[origin]) if age >= 14 else "",
            sex=Sex.FEMALE if female else Sex.MALE,
            birth_date=birth,
            birth_date_estimated=origin == "migrant" and rng.random() < 0.3,
            birth_place=rng.choice(
                ["Beograd", "Niš", "Vranje", "Leskovac", "Kraljevo", "Dortmund", "Essen"]
            )
            if origin != "migrant"
            else "",
            jmbg=_jmbg(rng, birth, female) if origin != "migrant" and rng.random() < 0.75 else "",
            citizenships=[rng.choice(COUNTRY_OF_ORIGIN["migrant"])]
            if origin == "migrant"
            else ["RS"],
            languages=self._languages(origin),
            needs_interpreter=origin in {"migrant", "albanian"} and rng.random() < 0.7,
            phone=f"+381 6{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            if age >= 18
            else "",
            municipality=rng.choice(self.places),
        )
        if origin in {"serbian", "roma"} and german_spelling(person.full_name) != person.full_name:
            OtherSpelling.objects.create(
                person=person,
                given_name=german_spelling(given),
                family_name=german_spelling(family_name),
                source="Aufenthaltstitel (DE)",
            )
        person.refresh_name_keys()
        PersonHolder.objects.create(
            person=person, organisation=organisation, reason=PersonHolder.Reason.REGISTERED
        )
        self.documents(person, origin, age)
        return person

    def _languages(self, origin: str) -> list[str]:
        return {
            "serbian": ["sr", "de"],
            "roma": ["rom", "sr", "de"],
            "albanian": ["sq", "de"],
            "migrant": [self.rng.choice(["fa", "fa-AF", "ar", "ps", "ur"]), "en"],
        }[origin]

    def documents(self, person: Person, origin: str, age: int) -> None:
        rng = self.rng
        kinds = [
            IdentityDocument.Kind.BIRTH_CERTIFICATE,
            IdentityDocument.Kind.HEALTH_INSURANCE_CARD,
        ]
        if age >= 16:
            kinds.append(IdentityDocument.Kind.ID_CARD)
        if origin == "migrant":
            kinds = [IdentityDocument.Kind.ASYLUM_ID]
        statuses = list(IdentityDocument.Status.values)
        for kind in kinds:
            IdentityDocument.objects.create(
                person=person, kind=kind, status=rng.choices(statuses, weights=[5, 3, 1, 2])[0]
            )

    def household(self, index: int) -> None:
        rng = self.rng
        team = self.teams[index % len(self.teams)]
        origin = rng.choices(["roma", "serbian", "albanian", "migrant"], weights=[5, 3, 1, 2])[0]
        family_name = rng.choice(FAMILY[origin])
        self.taken = set()  # no two members of one household share a given name
        reference = self.person(
            team.organisation,
            origin,
            family_name,
            female=rng.random() < 0.4,
            age=rng.randint(24, 55),
        )
        household = Household.objects.create(
            organisation=team.organisation,
            address=f"{rng.choice(['Cara Dušana', 'Ugrinovačka', 'Batajnički drum', 'Prvomajska'])} {rng.randint(1, 200)}",
            municipality=reference.municipality,
        )
        joined = self.today - datetime.timedelta(days=rng.randint(30, 900))
        HouseholdMember.objects.create(
            household=household,
            person=reference,
            relationship=Relationship.REFERENCE,
            joined_on=joined,
        )
        if rng.random() < 0.75:
            spouse = self.person(
                team.organisation,
                origin,
                family_name,
                female=reference.sex == Sex.MALE,
                age=rng.randint(22, 55),
            )
            HouseholdMember.objects.create(
                household=household,
                person=spouse,
                relationship=Relationship.SPOUSE,
                joined_on=joined,
            )
        for _ in range(rng.choice([0, 1, 2, 2, 3, 3, 4, 5])):
            child = self.person(
                team.organisation,
                origin,
                family_name,
                female=rng.random() < 0.5,
                age=rng.randint(0, 17),
            )
            HouseholdMember.objects.create(
                household=household, person=child, relationship=Relationship.CHILD, joined_on=joined
            )
        self.migration(reference, origin)
        if rng.random() < 0.8:
            self.case(household, team, origin)

    def migration(self, person: Person, origin: str) -> None:
        rng = self.rng
        if origin == "migrant":
            MigrationProfile.objects.create(
                person=person,
                kind=MigrationProfile.Kind.REFUGEE_MIGRANT,
                nationality=person.citizenships[0],
                arrived_on=self.today - datetime.timedelta(days=rng.randint(20, 700)),
                asylum_status=rng.choice(MigrationProfile.AsylumStatus.values),
            )
        elif origin in {"roma", "albanian"} or rng.random() < 0.5:
            MigrationProfile.objects.create(
                person=person,
                kind=MigrationProfile.Kind.RETURNEE,
                returned_from=rng.choice(RETURNED_FROM),
                returned_on=self.today - datetime.timedelta(days=rng.randint(5, 800)),
                return_type=rng.choice(MigrationProfile.ReturnType.values),
                under_readmission=rng.random() < 0.7,
                years_abroad=rng.randint(1, 25),
                children_schooled_abroad=rng.random() < 0.6,
                received_at_airport=rng.random() < 0.5,
            )

    def _number(self, organisation: Organisation, year: int) -> str:
        key = (organisation.pk, year)
        self.serials[key] = self.serials.get(key, 0) + 1
        return Case.format_number(organisation.pk, year, self.serials[key])

    def case(self, household: Household, team: Workers, origin: str) -> None:
        rng = self.rng
        status = rng.choices(Status.values, weights=[2, 2, 1, 2, 4, 2, 2])[0]
        urgency = rng.choices(Urgency.values, weights=[1, 2, 5])[0]
        opened = self.now - datetime.timedelta(days=rng.randint(0, 300), hours=rng.randint(0, 23))
        if status == Status.INTAKE:
            # Some new cases, some left in intake past their deadline.
            opened = self.now - datetime.timedelta(
                days=rng.choice([0, 1, 2, 9, 15]), hours=rng.randint(0, 12)
            )
        case_type = (
            CaseType.REFUGEE_MIGRANT
            if origin == "migrant"
            else rng.choice(
                [
                    CaseType.RETURNEE,
                    CaseType.RETURNEE,
                    CaseType.GENERAL,
                    CaseType.CHILD_PROTECTION,
                    CaseType.CRISIS,
                ]
            )
        )
        due = deadlines.limit_for(urgency).due(opened)
        case = Case.objects.create(
            number=self._number(team.organisation, timezone.localdate(opened).year),
            organisation=team.organisation,
            household=household,
            case_type=case_type,
            urgency=urgency,
            status=status,
            reason=rng.choice(
                [
                    "Porodica vraćena po sporazumu o readmisiji, bez dokumenata i smeštaja.",
                    "Deca nisu upisana u školu po povratku.",
                    "Potrebna pomoć oko zdravstvenog osiguranja i ličnih karata.",
                    "Prijava škole: dete ne dolazi na nastavu.",
                    "Porodica bez prihoda, zahtev za novčanu socijalnu pomoć.",
                ]
            ),
            opened_at=opened,
            opened_by=team.lead,
            first_step_due=due,
            first_step_done_at=None
            if status == Status.INTAKE
            else min(due, opened + datetime.timedelta(hours=20)),
            next_review_on=(self.today + datetime.timedelta(days=rng.randint(-15, 150)))
            if status in {Status.IMPLEMENTATION, Status.REVIEW}
            else None,
            closed_at=opened + datetime.timedelta(days=rng.randint(30, 200))
            if status == Status.CLOSED
            else None,
            closure_reason="goals_met" if status == Status.CLOSED else "",
        )
        if team.lead is not None:
            CaseAssignment.objects.create(case=case, user=team.lead, assigned_at=opened)
            CaseEvent.objects.create(
                case=case, kind=CaseEvent.Kind.OPENED, actor=team.lead, at=opened, note=case.reason
            )
            path = list(Status.values)
            steps = list(itertools.pairwise(path[: path.index(status) + 1]))
            # The moves are spread over the time since the case was opened.
            gap = (self.now - opened) / (len(steps) + 1)
            at = opened
            for before, after in steps:
                at += gap
                CaseEvent.objects.create(
                    case=case,
                    kind=CaseEvent.Kind.MOVED,
                    from_status=before,
                    to_status=after,
                    actor=team.lead,
                    at=at,
                )
            self.record(case, team.lead, status)

    def record(self, case: Case, worker: User, status: str) -> None:
        rng = self.rng
        order = list(Status.values)
        if order.index(status) >= order.index(Status.INITIAL_ASSESSMENT):
            for kind in ["initial", "review"][: 1 + (status in {Status.REVIEW, Status.CLOSED})]:
                assessment = Assessment.objects.create(
                    case=case,
                    kind=kind,
                    assessed_on=timezone.localdate(case.opened_at)
                    + datetime.timedelta(days=3 if kind == "initial" else 120),
                    assessed_by=worker,
                )
                DomainRating.objects.bulk_create(
                    DomainRating(
                        assessment=assessment,
                        domain=domain,
                        rating=rng.choices(
                            Rating.values,
                            weights=[3, 2, 2, 3, 1] if kind == "initial" else [3, 4, 2, 1, 0],
                        )[0],
                    )
                    for domain in LifeDomain.values
                )
        if order.index(status) >= order.index(Status.PLAN):
            goal = Goal.objects.create(
                case=case,
                domain=LifeDomain.DOCUMENTS,
                description="Lična dokumenta za sve članove porodice",
            )
            PlanAction.objects.create(
                goal=goal,
                description="Zakazati termin u policijskoj upravi i pratiti porodicu",
                organisation=case.organisation,
                due_on=timezone.localdate(case.opened_at) + datetime.timedelta(days=30),
                status=PlanAction.Status.DONE
                if status == Status.CLOSED
                else PlanAction.Status.IN_PROGRESS,
            )
        CaseNote.objects.create(
            case=case,
            author=worker,
            organisation=case.organisation,
            text="Obavljen razgovor sa porodicom u prostorijama centra.",
        )
        if case.is_open:
            CaseTask.objects.create(
                case=case,
                title="Kućna poseta",
                due_on=self.today + datetime.timedelta(days=rng.randint(-4, 25)),
                assigned_to=worker,
                created_by=worker,
            )


def load(
    organisations: dict[str, Organisation],
    places: list[Municipality],
    workers: dict[str, User],
    *,
    households: int = HOUSEHOLDS,
) -> None:
    """Add the demo families once; a database that has them already is left alone.

    Invented rows get no change history (it starts with the first edit in the demo):
    writing it would double the time the demo takes to start.
    """
    if Person.objects.filter(organisation__in=organisations.values()).exists():
        return
    teams = [
        Workers(organisations["csw-zemun"], workers["case-worker@putokaz.test"]),
        Workers(organisations["csw-zemun"], workers["case-worker@putokaz.test"]),
        Workers(organisations["csw-zemun"], workers["case-worker@putokaz.test"]),
        Workers(organisations["ngo-roma"], workers["ngo-worker@putokaz.test"]),
        Workers(organisations["csw-novi-beograd"], None),
    ]
    generator = _Generator(places, teams, timezone.localdate())
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        for index in range(households):
            generator.household(index)
    for (organisation_id, year), last in generator.serials.items():
        CaseNumberSequence.objects.update_or_create(
            organisation_id=organisation_id, year=year, defaults={"last": last}
        )
    _possible_duplicate(organisations["csw-zemun"], workers["case-worker@putokaz.test"])


def _possible_duplicate(organisation: Organisation, worker: User) -> None:
    """One person registered twice at Zemun, the second time from German papers, for the
    supervisor's review of duplicates."""
    first = (
        Person.objects.filter(organisation=organisation, birth_date__day__lte=12)
        .exclude(jmbg="")
        .order_by("pk")
        .first()
    )
    if first is None or first.birth_date is None:
        return
    born = first.birth_date
    # Day and month swapped, as German papers often have them.
    swapped = born.replace(month=born.day, day=born.month)
    second = Person.objects.create(
        organisation=organisation,
        given_name=german_spelling(first.given_name),
        family_name=german_spelling(first.family_name),
        sex=first.sex,
        birth_date=swapped,
        created_by=worker,
    )
    second.refresh_name_keys()
    PersonHolder.objects.create(
        person=second, organisation=organisation, reason=PersonHolder.Reason.REGISTERED
    )
    found = possible_duplicates(worker, person_fields(second), exclude=second)
    for other, value in found.pairs():
        PossibleDuplicate.objects.get_or_create(
            person=second,
            other_id=other,
            defaults={
                "score": value,
                "source": PossibleDuplicate.Source.REGISTRATION,
                "found_by": worker,
            },
        )
