"""Invented casework at national scale for ``benchmarks/casework.py``.

One Center for Social Welfare per municipality (Belgrade's city municipalities are
departments of their own), a few NGOs with services in the guide, case workers and
supervisors in proportion to each centre's caseload; people with common Serbian, Roma,
Albanian and refugees' names, some written in Cyrillic, some with the spelling of a
German residence permit; families living together; cases about a person or a household
at every stage of the workflow, with assignments, events, assessments, plans, notes and
tasks, some of them overdue.

Rows are written with ``bulk_create`` in large batches, with their primary keys chosen
here so that related rows can point at them before they are saved. Name keys are made
by the application's own :func:`putokaz.people.name_keys.name_keys`, so search finds
the people exactly as it finds registered ones; each organisation holding a person's file
gets their keys too (``OrganisationNameKey``), as registration and opening a case leave
them. Import this module after ``django.setup()``.
"""

import datetime
import itertools
import random
import sys
import time
import uuid
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from putokaz.accounts.models import Membership, Organisation, Role, User
from putokaz.cases import deadlines
from putokaz.cases.models import (
    SEALED_TYPES,
    Approval,
    Assessment,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseNote,
    CaseNumberSequence,
    CaseTask,
    CaseType,
    ClosureReason,
    DomainRating,
    Goal,
    LifeDomain,
    PlanAction,
    Rating,
    Status,
    Urgency,
)
from putokaz.core.transliteration import latin_to_cyrillic
from putokaz.directory.models import Service
from putokaz.geo.models import Municipality
from putokaz.people.jmbg import check_digit
from putokaz.people.models import (
    Household,
    HouseholdMember,
    MigrationProfile,
    OrganisationNameKey,
    OtherSpelling,
    Person,
    PersonHolder,
    PersonNameKey,
    Relationship,
    Sex,
)
from putokaz.people.name_keys import name_keys

SEED = 2026
BELGRADE = "RS110"

# The two cases whose pages the benchmark opens: one with a long record, one with a
# short one, both assigned to the benchmark's case worker in the biggest centre.
RICH_CASE = uuid.UUID("00000000-0000-4000-8000-000000002026")
SMALL_CASE = uuid.UUID("00000000-0000-4000-8000-000000002027")
CASE_WORKER = "case-worker@bench.putokaz.test"
SUPERVISOR = "supervisor@bench.putokaz.test"

# Cases per case worker, and case workers per supervisor.
CASES_PER_WORKER = 110
WORKERS_PER_SUPERVISOR = 12

# The biggest centres first; the rest follow in a fixed shuffled order. A centre's share of
# the cases falls with its rank as 1/rank^0.6: the biggest has about 5 %.
BIGGEST = [
    "Novi Sad", "Niš", "Novi Beograd", "Zemun", "Kragujevac", "Palilula", "Čukarica",
    "Voždovac", "Zvezdara", "Subotica", "Leskovac", "Pančevo", "Novi Pazar", "Kraljevo",
    "Čačak", "Smederevo", "Šabac", "Vranje",
]  # fmt: skip

MALE = {
    "serbian": [
        "Marko", "Nikola", "Dragan", "Zoran", "Milan", "Stefan", "Dejan", "Goran", "Miloš",
        "Đorđe", "Aleksandar", "Nenad", "Dušan", "Vladimir", "Ivan", "Srđan", "Bojan",
        "Miroslav", "Slobodan", "Predrag", "Luka", "Lazar", "Vuk", "Filip", "Uroš", "Nemanja",
        "Petar", "Jovan", "Branko", "Dragoljub", "Živorad", "Radovan", "Saša", "Željko",
        "Vladan", "Ljubomir", "Mladen", "Žarko", "Čedomir", "Siniša",
    ],
    "roma": [
        "Bajram", "Ramiz", "Sead", "Elvis", "Muharem", "Dževat", "Senad", "Ivica", "Šaban",
        "Redžep", "Fikret", "Bekim", "Sabahudin", "Mehmed", "Ismet", "Safet", "Nedžad",
        "Kemal", "Ljatif", "Sejdo", "Zijad", "Demir", "Rasim", "Fadil", "Ramadan", "Jašar",
        "Osman", "Selim", "Šefket", "Dragan",
    ],
    "albanian": [
        "Arben", "Blerim", "Driton", "Fatmir", "Ilir", "Valon", "Besnik", "Agron", "Artan",
        "Bujar", "Burim", "Dardan", "Enver", "Fitim", "Gëzim", "Kushtrim", "Shkëlzen", "Visar",
        "Xhevdet", "Lulzim",
    ],
    "migrant": [
        "Ahmad", "Mohammad", "Omar", "Ali", "Hamid", "Karim", "Yusuf", "Mustafa", "Hassan",
        "Hussein", "Abdullah", "Farid", "Javad", "Reza", "Samir", "Tariq", "Bilal", "Imran",
        "Zaid", "Khalid",
    ],
}  # fmt: skip
FEMALE = {
    "serbian": [
        "Jelena", "Milica", "Ana", "Snežana", "Dragana", "Marija", "Ivana", "Jovana",
        "Gordana", "Tatjana", "Vesna", "Ljiljana", "Danijela", "Jasmina", "Nataša", "Biljana",
        "Mirjana", "Sanja", "Teodora", "Katarina", "Sofija", "Anđela", "Tijana", "Nevena",
        "Milena", "Dušica", "Zorica", "Slađana", "Radmila", "Ružica", "Živana", "Olivera",
        "Svetlana", "Nada", "Branka",
    ],
    "roma": [
        "Elvira", "Sabina", "Ljatifa", "Fatima", "Mirsada", "Zumreta", "Senada", "Đulija",
        "Ramiza", "Fikreta", "Samanta", "Dženifer", "Emina", "Ajša", "Sanela", "Šerifa",
        "Hajrija", "Mejrema", "Ljubica", "Suzana", "Nermina", "Azra", "Selvija", "Ruždija",
    ],
    "albanian": [
        "Drita", "Valbona", "Fatmire", "Besa", "Arta", "Mimoza", "Lindita", "Blerta", "Vjosa",
        "Shqipe", "Teuta", "Ardita", "Fjolla", "Kaltrina", "Donika", "Merita", "Qëndresa",
        "Gentiana",
    ],
    "migrant": [
        "Fatima", "Maryam", "Zahra", "Amina", "Leila", "Nadia", "Sara", "Aisha", "Hoda",
        "Soraya", "Parisa", "Yasmin", "Rana", "Nour", "Farah",
    ],
}  # fmt: skip
# Family names in order of frequency (drawn with Zipf-like weights).
FAMILY = {
    "serbian": [
        "Jovanović", "Petrović", "Nikolić", "Marković", "Đorđević", "Stojanović", "Ilić",
        "Stanković", "Pavlović", "Milošević", "Popović", "Đokić", "Janković", "Todorović",
        "Živković", "Savić", "Kostić", "Gajić", "Ristić", "Mitrović", "Lazić", "Marinković",
        "Radovanović", "Simić", "Obradović", "Kovačević", "Tomić", "Stefanović", "Vasić",
        "Milovanović", "Đurić", "Babić", "Lukić", "Jović", "Mladenović", "Nedeljković",
        "Vuković", "Milić", "Aleksić", "Živanović", "Petković", "Cvetković", "Filipović",
        "Ćirić", "Knežević", "Radosavljević", "Zdravković", "Rakić", "Milenković", "Božić",
        "Mihajlović", "Krstić", "Veljković", "Šarić", "Grujić", "Maksimović", "Perić",
        "Antić", "Čolić", "Ljubisavljević",
    ],
    "roma": [
        "Bajramović", "Jašarević", "Demirović", "Salijević", "Mustafić", "Alijević",
        "Osmanović", "Šaćirović", "Ramić", "Memedović", "Sulejmanović", "Ibraimović",
        "Rustemović", "Kurtić", "Sejdić", "Redžepović", "Ajdini", "Jusufović", "Asanović",
        "Selimović", "Durmišević", "Hasanović", "Ferizović", "Šaipović", "Nuhić",
        "Ismailović", "Mehmedović", "Bekirović", "Aliti", "Stanković", "Nikolić", "Mitrović",
    ],
    "albanian": [
        "Krasniqi", "Berisha", "Gashi", "Hoxha", "Shala", "Morina", "Bytyqi", "Kastrati",
        "Rexhepi", "Hasani", "Ahmeti", "Aliu", "Ismaili", "Sadiku", "Jashari", "Selimi",
        "Halili", "Mustafa", "Zeqiri", "Salihu", "Bajrami", "Demiri", "Osmani", "Mehmeti",
        "Ramadani",
    ],
    "migrant": [
        "Rahimi", "Karimi", "Hosseini", "Al Ali", "Haidari", "Ahmadi", "Noori", "Sultani",
        "Mohammadi", "Hamidi", "Al Hassan", "Khan", "Hussaini", "Sadiqi", "Azizi", "Qaderi",
        "Al Ahmad", "Yousufzai",
    ],
}  # fmt: skip
# Registers have a long tail of family names: after the common ones above come names
# made of common stems, so that no name is much more than 4 % of a community (the most
# common Serbian one, Jovanović, is about 1.5 % of Serbia's people).
STEMS = {
    "serbian": [
        "Adam", "Aleksandr", "Anđel", "Arsen", "Avram", "Bogdan", "Bojan", "Borisavlj",
        "Brank", "Cvetan", "Damjan", "Dimitrij", "Dobrosavlj", "Dragutin", "Dugalj", "Đurđ",
        "Gavril", "Gligorij", "Grubač", "Ignjat", "Ivanč", "Jakovlj", "Jerem", "Jevt",
        "Jokić", "Kocić", "Krstaj", "Lalić", "Lazar", "Lukač", "Maksim", "Matej",
        "Mihail", "Milutin", "Mirk", "Mladen", "Nedeljk", "Nenad", "Novak", "Obrad",
        "Pantel", "Pavlič", "Per", "Pešić", "Radak", "Radivoj", "Rajk", "Ranđel", "Rist",
        "Sav", "Simeun", "Sreten", "Stamenk", "Stanoj", "Stevan", "Stojk", "Šćep", "Tadij",
        "Teodor", "Tihomir", "Trifun", "Uroš", "Vasilj", "Velimir", "Veselin", "Vidoj",
        "Vladisavlj", "Vojin", "Vukaš", "Zarij", "Zlatan", "Zorić", "Živoj", "Žark",
        "Andrej", "Blagoj", "Božid", "Čed", "Dan", "Dragoslav", "Dušan", "Filip", "Gojk",
        "Isaj", "Jaćim", "Jovič", "Kosan", "Laz", "Ljubin", "Marjan", "Milan", "Milorad",
        "Miodrag", "Momčil", "Nestor", "Ninković", "Ognjan", "Paun", "Petronij", "Prodan",
        "Radoman", "Radul", "Rakoč", "Selak", "Sibin", "Slavk", "Spasoj", "Srećk", "Stošić",
        "Todos", "Trajk", "Uglješ", "Vas", "Vićent", "Vlajk", "Vučen", "Zdravk", "Zvezdan",
    ],
    "roma": [
        "Ahmet", "Asan", "Bajram", "Ćazim", "Dalip", "Ejup", "Feriz", "Hajdar", "Ibraim",
        "Idriz", "Iljaz", "Jakup", "Kadir", "Kurt", "Memet", "Nazif", "Rašid", "Ramadan",
        "Sabit", "Salij", "Šerif", "Tahir", "Zećir", "Zulfij", "Bekir", "Dževdet", "Emin",
        "Fazl", "Hamid", "Ismet", "Jašar", "Kemal", "Ljatif", "Mehmed", "Nedžip", "Osman",
        "Ramiz", "Redžep", "Sejd", "Sulejman", "Šaban", "Usein", "Velij", "Zejnul",
    ],
    "albanian": [
        "Adem", "Alim", "Avdiu", "Bekteš", "Bislim", "Dauti", "Elez", "Fazli", "Gjon", "Hajdar",
        "Haxhi", "Ibish", "Idrizi", "Isuf", "Jakup", "Kadir", "Latif", "Limani", "Memet",
        "Murat", "Nuhi", "Qerim", "Rama", "Rexha", "Sejdi", "Shaqir", "Sylej", "Tahir", "Veseli",
        "Xhemajl", "Ymer", "Zeqir",
    ],
    "migrant": [
        "Ahmadza", "Jafar", "Sharif", "Reza", "Amir", "Naser", "Safar", "Yousef", "Mansour",
        "Habib", "Rasul", "Nazar", "Hakim", "Akbar", "Jalal", "Kazem", "Samad", "Wardak",
        "Popal", "Stanekza", "Barakza", "Faiz", "Ghafour", "Hamdan", "Issa", "Jaber",
    ],
}  # fmt: skip


def family_names(origin: str) -> list[str]:
    """The common family names of a community, then the long tail made of its stems."""
    if origin in {"serbian", "roma"}:
        tail = [
            s if s.endswith("ić") else s + ("ević" if s[-1] in "jčćšžđ" else "ović")
            for s in STEMS[origin]
        ]
    elif origin == "albanian":
        tail = [s if s[-1] in "aeiu" else s + "i" for s in STEMS[origin]]
    else:
        tail = [s + "i" for s in STEMS[origin]]
    return list(dict.fromkeys(FAMILY[origin] + tail))


ORIGINS = ["roma", "serbian", "albanian", "migrant"]
ORIGIN_WEIGHTS = [40, 40, 8, 12]
# Share of each origin whose names were entered in Cyrillic.
CYRILLIC = {"serbian": 0.25, "roma": 0.1, "albanian": 0.0, "migrant": 0.05}
CITIZENSHIP = {"migrant": ["AF", "SY", "IQ", "PK", "IR"]}
LANGUAGES = {
    "serbian": ["sr", "de"],
    "roma": ["rom", "sr", "de"],
    "albanian": ["sq", "sr"],
    "migrant": ["fa", "en"],
}
RETURNED_FROM = ["DE", "DE", "DE", "AT", "SE", "FR", "BE", "CH"]
STREETS = ["Cara Dušana", "Ugrinovačka", "Batajnički drum", "Prvomajska", "Nemanjina", "Karađorđeva"]  # fmt: skip
GERMAN = str.maketrans({"č": "c", "ć": "c", "š": "s", "ž": "z", "Č": "C", "Ć": "C", "Š": "S", "Ž": "Z"})  # fmt: skip

# Status mix of a multi-year national register: half the cases closed.
STATUS_WEIGHTS = {
    Status.INTAKE: 4,
    Status.INITIAL_ASSESSMENT: 8,
    Status.DETAILED_ASSESSMENT: 4,
    Status.PLAN: 8,
    Status.IMPLEMENTATION: 18,
    Status.REVIEW: 8,
    Status.CLOSED: 50,
}
PATH = list(Status.values)
REASONS = [
    "Porodica vraćena po sporazumu o readmisiji, bez dokumenata i smeštaja.",
    "Deca nisu upisana u školu po povratku.",
    "Potrebna pomoć oko zdravstvenog osiguranja i ličnih karata.",
    "Prijava škole: dete ne dolazi na nastavu.",
    "Porodica bez prihoda, zahtev za novčanu socijalnu pomoć.",
    "Maloletnik bez pratnje, smešten u prihvatni centar.",
    "Prijava nasilja u porodici, procena bezbednosti deteta.",
]
NOTES = [
    "Obavljen razgovor sa porodicom u prostorijama centra.",
    "Kućna poseta: porodica živi u jednoj prostoriji, bez grejanja.",
    "Telefonom dogovoren termin u domu zdravlja.",
    "Škola potvrdila da dete redovno dolazi na nastavu.",
    "Predata dokumentacija za novčanu socijalnu pomoć.",
]
TASKS = ["Kućna poseta", "Pozvati školu", "Zakazati termin u MUP-u", "Proveriti zahtev za NSP"]
GOALS = {
    LifeDomain.DOCUMENTS: "Lična dokumenta za sve članove porodice",
    LifeDomain.HOUSING: "Stabilan smeštaj do zime",
    LifeDomain.INCOME: "Redovan prihod: NSP i prijava na NSZ",
    LifeDomain.HEALTH: "Zdravstveno osiguranje i izabrani lekar",
    LifeDomain.EDUCATION: "Deca upisana i redovno u školi",
    LifeDomain.INCLUSION: "Kurs srpskog jezika",
}
ACTIONS = [
    "Zakazati termin u policijskoj upravi i pratiti porodicu",
    "Pratiti porodicu pri upisu u školu",
    "Predati zahtev za novčanu socijalnu pomoć",
    "Uputiti na pravnu pomoć",
]


def german_spelling(name: str) -> str:
    """The name as a German document writes it: no diacritics, đ as dj."""
    return (
        name.replace("đ", "dj")
        .replace("Đ", "Dj")
        .replace("dž", "dz")
        .replace("Dž", "Dz")
        .translate(GERMAN)
    )


def zipf(count: int, exponent: float) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


@dataclass
class Summary:
    """What was generated, and how long each part took."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, model: type[models.Model], count: int) -> None:
        name = model._meta.label
        self.rows[name] = self.rows.get(name, 0) + count

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass
class Centre:
    organisation: Organisation
    municipality: Municipality
    workers: list[int]
    supervisors: list[int]


class _Writer:
    """Collects rows per model and writes them in batches, in dependency order."""

    ORDER: Sequence[type[models.Model]] = (
        Person,
        OtherSpelling,
        PersonNameKey,
        OrganisationNameKey,
        PersonHolder,
        MigrationProfile,
        Household,
        HouseholdMember,
        Case,
        CaseAssignment,
        CaseEvent,
        Assessment,
        DomainRating,
        Goal,
        PlanAction,
        CaseNote,
        CaseTask,
    )

    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        self.pending: dict[type[models.Model], list[models.Model]] = {m: [] for m in self.ORDER}

    def add(self, row: models.Model) -> None:
        self.pending[type(row)].append(row)

    def flush(self) -> None:
        with transaction.atomic():
            for model in self.ORDER:
                rows = self.pending[model]
                if rows:
                    model.objects.bulk_create(rows, batch_size=2000)  # type: ignore[attr-defined]
                    self.summary.add(model, len(rows))
                    rows.clear()


class Generator:
    """Writes the whole data set; ``persons`` and ``cases`` set its size."""

    def __init__(self, persons: int, cases: int, *, log: Callable[[str], None] = print) -> None:
        self.persons = persons
        self.cases = cases
        self.log = log
        self.rng = random.Random(SEED)
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.summary = Summary()
        self.writer = _Writer(self.summary)
        self.serials: dict[tuple[int, int], int] = {}
        self.families = {o: family_names(o) for o in ORIGINS}
        self.weights = {o: zipf(len(self.families[o]), 0.5) for o in ORIGINS}
        self.limits = {u: deadlines.limit_for(u) for u in Urgency.values}
        # Compact records of what pass 1 made, for pass 2 (cases).
        self.person_centre = array("H")  # index: person pk - 1
        self.person_keys: list[tuple[str, ...]] = []  # index: person pk - 1 (interned)
        self.person_origin = bytearray()
        self.households: list[tuple[int, int, int, int]] = []  # pk, centre, first person, size
        self.case_holders: set[tuple[int, int]] = set()  # (person, organisation), reason "case"
        self.next_pk: dict[type[models.Model], int] = dict.fromkeys(
            (Person, Household, Case, Assessment, Goal), 1
        )

    def pk(self, model: type[models.Model]) -> int:
        value = self.next_pk[model]
        self.next_pk[model] = value + 1
        return value

    def timed(self, name: str, step: Callable[[], None]) -> None:
        started = time.perf_counter()
        step()
        self.summary.seconds[name] = time.perf_counter() - started
        self.log(f"  {name}: {self.summary.seconds[name]:.1f} s")

    def run(self) -> Summary:
        self.timed("organisations, staff and services", self.organisations)
        self.timed("people and households", self.people)
        self.timed("cases and their records", self.all_cases)
        self.timed("benchmark cases", self.benchmark_cases)
        self.timed("sequences", self.finish)
        return self.summary

    # Organisations, staff, services

    def organisations(self) -> None:
        rng = self.rng
        # Belgrade's centre works in a department per city municipality.
        places = list(
            Municipality.objects.filter(
                kind__in=[Municipality.Kind.CITY, Municipality.Kind.MUNICIPALITY]
            )
            .exclude(code=BELGRADE)
            .order_by("code")
        ) + list(Municipality.objects.filter(parent__code=BELGRADE).order_by("code"))
        first = {name: i for i, name in enumerate(BIGGEST)}
        rng.shuffle(places)
        places.sort(key=lambda m: first.get(m.name_sr_latn or m.name, len(first)))  # type: ignore[attr-defined]
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Centar za socijalni rad {m.name_sr_latn}",  # type: ignore[attr-defined]
                name_sr_latn=f"Centar za socijalni rad {m.name_sr_latn}",  # type: ignore[attr-defined]
                name_sr_cyrl=f"Центар за социјални рад {m.name_sr_cyrl}",  # type: ignore[attr-defined]
                short_name=f"CSR {m.name_sr_latn}"[:60],  # type: ignore[attr-defined]
                kind=Organisation.Kind.CSW,
            )
            for m in places
        )
        Organisation.municipalities.through.objects.bulk_create(
            Organisation.municipalities.through(organisation_id=o.pk, municipality_id=m.pk)
            for o, m in zip(organisations, places, strict=True)
        )
        shares = zipf(len(places), 0.6)
        total = sum(shares)
        self.centre_weights = [s / total for s in shares]
        users: list[User] = []
        roles: list[tuple[int, str]] = []  # (centre index, role) per user
        for index, share in enumerate(self.centre_weights):
            workers = max(2, round(self.cases * share / CASES_PER_WORKER))
            supervisors = max(1, round(workers / WORKERS_PER_SUPERVISOR))
            for role, count in ((Role.CASE_WORKER, workers), (Role.SUPERVISOR, supervisors)):
                for number in range(count):
                    email = (
                        f"{role.replace('_', '-')}-{number + 1}@csr-{index + 1}.bench.putokaz.test"
                    )
                    if index == 0 and number == 0:
                        email = CASE_WORKER if role == Role.CASE_WORKER else SUPERVISOR
                    users.append(
                        User(
                            email=email,
                            full_name=self.staff_name(),
                            password="!benchmark",  # noqa: S106 - unusable: nobody signs in with it
                            language="sr-latn",
                        )
                    )
                    roles.append((index, role))
        User.objects.bulk_create(users, batch_size=2000)
        self.centres = [Centre(o, m, [], []) for o, m in zip(organisations, places, strict=True)]
        memberships = []
        for user, (index, role) in zip(users, roles, strict=True):
            centre = self.centres[index]
            (centre.workers if role == Role.CASE_WORKER else centre.supervisors).append(user.pk)
            memberships.append(
                Membership(user_id=user.pk, organisation=centre.organisation, role=role)
            )
        Membership.objects.bulk_create(memberships, batch_size=2000)
        self.summary.add(Organisation, len(organisations))
        self.summary.add(User, len(users))
        self.summary.add(Membership, len(memberships))
        self.ngos = Organisation.objects.bulk_create(
            Organisation(
                name=f"Udruženje {name}",
                name_sr_latn=f"Udruženje {name}",
                kind=Organisation.Kind.CIVIL,
            )
            for name in [
                "Novi početak", "Romski centar", "Praxis", "Atina", "Sigurna kuća", "Ternipe",
                "Putokaz za mlade", "Pravna pomoć", "Žene na delu", "Deca prva", "Most",
                "Drugi korak", "Romska nada", "Azil info", "Zajedno", "Novi dom", "Solidarnost",
                "Krov", "Škola za sve", "Zdravlje za sve",
            ]
        )  # fmt: skip
        self.summary.add(Organisation, len(self.ngos))
        services = []
        areas = []
        for centre in self.centres:
            for number, owner in enumerate(
                [centre.organisation, *rng.sample(self.ngos, 3)], start=1
            ):
                service = Service(
                    organisation=owner,
                    name=f"{rng.choice(ACTIONS)} ({centre.municipality.name_sr_latn} {number})",  # type: ignore[attr-defined]
                    description="Podrška porodicama povratnika i izbeglica.",
                    publication=Service.Publication.PUBLISHED,
                )
                service.name_sr_latn = service.name  # type: ignore[attr-defined]
                service.description_sr_latn = service.description  # type: ignore[attr-defined]
                service.search_text = service.build_search_text()
                services.append(service)
                areas.append(
                    Service.service_areas.through(
                        service_id=service.pk, municipality_id=centre.municipality.pk
                    )
                )
        Service.objects.bulk_create(services)
        Service.service_areas.through.objects.bulk_create(areas)
        self.summary.add(Service, len(services))

    def staff_name(self) -> str:
        rng = self.rng
        female = rng.random() < 0.7  # social work is mostly women's work in Serbia
        given = rng.choice((FEMALE if female else MALE)["serbian"])
        return f"{given} {rng.choices(self.families['serbian'], self.weights['serbian'])[0]}"

    # People and households

    def people(self) -> None:
        rng = self.rng
        started = time.perf_counter()
        report = 100_000
        centres = range(len(self.centres))
        while self.next_pk[Person] <= self.persons:
            centre = rng.choices(centres, self.centre_weights)[0]
            origin = rng.choices(ORIGINS, ORIGIN_WEIGHTS)[0]
            # Many Roma families have Serbian family names.
            names = "serbian" if origin == "roma" and rng.random() < 0.35 else origin
            family = rng.choices(self.families[names], self.weights[names])[0]
            left = self.persons - self.next_pk[Person] + 1
            if rng.random() < 0.26 and left >= 2:
                self.household(centre, origin, family, min(left, rng.choice(HOUSEHOLD_SIZES)))
            else:
                child = origin == "migrant" and rng.random() < 0.15  # unaccompanied children
                self.person(
                    centre,
                    origin,
                    family,
                    female=rng.random() < 0.45,
                    age=rng.randint(14, 17) if child else rng.randint(18, 80),
                )
            if sum(len(rows) for rows in self.writer.pending.values()) >= 50_000:
                self.writer.flush()
                done = self.next_pk[Person] - 1
                if done >= report:
                    self.log(f"    {done:,} people ({time.perf_counter() - started:.0f} s)")
                    report += 100_000
        self.writer.flush()

    def person(self, centre: int, origin: str, family: str, *, female: bool, age: int) -> int:
        rng = self.rng
        pk = self.pk(Person)
        place = self.centres[centre]
        birth = self.today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        given = rng.choice((FEMALE if female else MALE)[origin])
        parent = rng.choice(MALE[origin]) if age >= 14 and origin != "migrant" else ""
        cyrillic = rng.random() < CYRILLIC[origin]
        written = (
            [latin_to_cyrillic(n) for n in (given, family, parent)]
            if cyrillic
            else [given, family, parent]
        )
        person = Person(
            pk=pk,
            organisation_id=place.organisation.pk,
            given_name=written[0],
            family_name=written[1],
            parent_name=written[2],
            sex=Sex.FEMALE if female else Sex.MALE,
            birth_date=birth,
            birth_date_estimated=origin == "migrant" and rng.random() < 0.3,
            jmbg=self.jmbg(birth, female) if origin != "migrant" and rng.random() < 0.75 else "",
            citizenships=[rng.choice(CITIZENSHIP["migrant"])] if origin == "migrant" else ["RS"],
            languages=LANGUAGES[origin],
            needs_interpreter=origin in {"migrant", "albanian"} and rng.random() < 0.6,
            address=f"{rng.choice(STREETS)} {rng.randint(1, 200)}",
            municipality_id=place.municipality.pk,
        )
        spellings = [person.full_name, person.parent_name]
        if origin in {"serbian", "roma"} and rng.random() < 0.5:
            other = german_spelling(f"{given} {family}")
            if other != f"{given} {family}" or cyrillic:
                spelling = OtherSpelling(
                    person_id=pk,
                    given_name=german_spelling(given),
                    family_name=german_spelling(family),
                    source="Aufenthaltstitel (DE)",
                )
                self.writer.add(spelling)
                spellings.append(spelling.full_name)
        self.writer.add(person)
        keys = tuple(sys.intern(key) for key in sorted(name_keys(n for n in spellings if n)))
        for key in keys:
            self.writer.add(PersonNameKey(person_id=pk, key=key))
        self.hold(pk, place.organisation.pk, PersonHolder.Reason.REGISTERED, keys)
        self.person_keys.append(keys)
        if age >= 18 and origin != "serbian" and rng.random() < 0.5:
            self.migration(pk, origin)
        self.person_centre.append(centre)
        self.person_origin.append(ORIGINS.index(origin))
        return pk

    def hold(self, person: int, organisation: int, reason: str, keys: Sequence[str]) -> None:
        """``organisation`` holds the person's file, and has their name keys."""
        self.writer.add(PersonHolder(person_id=person, organisation_id=organisation, reason=reason))
        for key in keys:
            self.writer.add(
                OrganisationNameKey(organisation_id=organisation, key=key, person_id=person)
            )

    def household(self, centre: int, origin: str, family: str, size: int) -> None:
        rng = self.rng
        pk = self.pk(Household)
        first = self.next_pk[Person]
        place = self.centres[centre]
        joined = self.today - datetime.timedelta(days=rng.randint(30, 2000))
        self.writer.add(
            Household(
                pk=pk,
                organisation_id=place.organisation.pk,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 200)}",
                municipality_id=place.municipality.pk,
            )
        )
        female = rng.random() < 0.4
        members = [
            (
                self.person(centre, origin, family, female=female, age=rng.randint(22, 60)),
                Relationship.REFERENCE,
            )
        ]
        if rng.random() < 0.8:
            spouse = self.person(centre, origin, family, female=not female, age=rng.randint(20, 60))
            members.append((spouse, Relationship.SPOUSE))
        while len(members) < size:
            child = self.person(
                centre, origin, family, female=rng.random() < 0.5, age=rng.randint(0, 17)
            )
            members.append((child, Relationship.CHILD))
        for person, relationship in members:
            self.writer.add(
                HouseholdMember(
                    household_id=pk, person_id=person, relationship=relationship, joined_on=joined
                )
            )
        self.households.append((pk, centre, first, len(members)))

    def migration(self, person: int, origin: str) -> None:
        rng = self.rng
        if origin == "migrant":
            profile = MigrationProfile(
                person_id=person,
                kind=MigrationProfile.Kind.REFUGEE_MIGRANT,
                nationality=rng.choice(CITIZENSHIP["migrant"]),
                arrived_on=self.today - datetime.timedelta(days=rng.randint(20, 1500)),
                asylum_status=rng.choice(MigrationProfile.AsylumStatus.values),
            )
        else:
            profile = MigrationProfile(
                person_id=person,
                kind=MigrationProfile.Kind.RETURNEE,
                returned_from=rng.choice(RETURNED_FROM),
                returned_on=self.today - datetime.timedelta(days=rng.randint(5, 2500)),
                return_type=rng.choice(MigrationProfile.ReturnType.values),
                under_readmission=rng.random() < 0.7,
                years_abroad=rng.randint(1, 25),
                children_schooled_abroad=rng.random() < 0.6,
                received_at_airport=rng.random() < 0.5,
            )
        self.writer.add(profile)

    def jmbg(self, birth: datetime.date, female: bool) -> str:
        region = self.rng.choice(["71", "72", "73", "80", "85", "91", "93"])
        serial = self.rng.randint(500, 999) if female else self.rng.randint(0, 499)
        first = f"{birth.day:02d}{birth.month:02d}{birth.year % 1000:03d}{region}{serial:03d}"
        return first + str(check_digit(first))

    # Cases

    def all_cases(self) -> None:
        rng = self.rng
        started = time.perf_counter()
        for_households = min(len(self.households), round(self.cases * 0.45))
        subjects: list[tuple[str, int]] = [
            ("household", index)
            for index in rng.sample(range(len(self.households)), for_households)
        ]
        people = rng.sample(range(1, self.persons + 1), self.cases - for_households)
        subjects += [("person", pk) for pk in people]
        rng.shuffle(subjects)
        for count, (kind, key) in enumerate(subjects, start=1):
            if kind == "household":
                pk, centre, first, size = self.households[key]
                origin = ORIGINS[self.person_origin[first - 1]]
                self.case(centre, origin, household=pk, people=range(first, first + size))
            else:
                centre = self.person_centre[key - 1]
                origin = ORIGINS[self.person_origin[key - 1]]
                self.case(centre, origin, person=key, people=range(key, key + 1))
            if count % 5000 == 0 or count == len(subjects):
                self.writer.flush()
                if count % 50_000 == 0 or count == len(subjects):
                    self.log(f"    {count:,} cases ({time.perf_counter() - started:.0f} s)")

    def case(
        self,
        centre: int,
        origin: str,
        *,
        person: int | None = None,
        household: int | None = None,
        people: range,
        status: str | None = None,
        public_id: uuid.UUID | None = None,
        worker: int | None = None,
        support: int | None = None,
        record: dict[str, int] | None = None,
    ) -> Case:
        rng = self.rng
        if rng.random() < 0.1 and public_id is None:  # moved: a case at another centre
            centre = rng.choices(range(len(self.centres)), self.centre_weights)[0]
        place = self.centres[centre]
        organisation = place.organisation.pk
        status = status or rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
        urgency = rng.choices(Urgency.values, weights=[1, 3, 12])[0]
        if status == Status.INTAKE:
            # New cases, and some left in intake past their deadline.
            opened = self.now - datetime.timedelta(hours=rng.randint(1, 24 * 20))
        elif status == Status.CLOSED:
            opened = self.now - datetime.timedelta(
                days=rng.randint(60, 1800), hours=rng.randint(0, 23)
            )
        else:
            opened = self.now - datetime.timedelta(
                days=rng.randint(10, 700), hours=rng.randint(0, 23)
            )
        due = self.limits[urgency].due(opened)
        if public_id is not None:  # the benchmark's own: not sealed from the supervisor
            case_type = CaseType.RETURNEE
        elif origin == "migrant":
            case_type = rng.choice(
                [CaseType.REFUGEE_MIGRANT, CaseType.REFUGEE_MIGRANT, CaseType.UNACCOMPANIED_CHILD]
            )
        else:
            case_type = rng.choice(
                [
                    CaseType.RETURNEE,
                    CaseType.RETURNEE,
                    CaseType.GENERAL,
                    CaseType.CHILD_PROTECTION,
                    CaseType.CRISIS,
                ]
            )
        year = timezone.localdate(opened).year
        serial = self.serials[(organisation, year)] = self.serials.get((organisation, year), 0) + 1
        lead = worker or rng.choice(place.workers)
        closed = status == Status.CLOSED
        awaiting = ""
        if status == Status.PLAN and rng.random() < 0.3:
            awaiting = Approval.PLAN
        elif status == Status.REVIEW and rng.random() < 0.15:
            awaiting = Approval.CLOSURE
        case = Case(
            pk=self.pk(Case),
            public_id=public_id or uuid.UUID(int=rng.getrandbits(128), version=4),
            number=Case.format_number(organisation, year, serial),
            organisation_id=organisation,
            person_id=person,
            household_id=household,
            case_type=case_type,
            urgency=urgency,
            status=status,
            reason=rng.choice(REASONS),
            opened_at=opened,
            opened_by_id=lead,
            first_step_due=due,
            first_step_done_at=None
            if status == Status.INTAKE
            else min(due, opened + datetime.timedelta(hours=rng.randint(2, 60))),
            next_review_on=self.today + datetime.timedelta(days=rng.randint(-40, 180))
            if status in {Status.IMPLEMENTATION, Status.REVIEW}
            else None,
            awaiting=awaiting,
            closure_reason=rng.choice(ClosureReason.values)
            if closed or awaiting == Approval.CLOSURE
            else "",
            closed_at=opened + datetime.timedelta(days=rng.randint(30, 50)) if closed else None,
            # As Case.save seals them (bulk_create does not call it).
            sealed=case_type in SEALED_TYPES,
        )
        self.writer.add(case)
        self.writer.add(CaseAssignment(case_id=case.pk, user_id=lead, assigned_at=opened))
        if support is None and rng.random() < 0.15 and len(place.workers) > 1:
            support = rng.choice([w for w in place.workers if w != lead])
        if support is not None:
            self.writer.add(
                CaseAssignment(
                    case_id=case.pk,
                    user_id=support,
                    role=CaseAssignment.Role.SUPPORT,
                    assigned_at=opened,
                )
            )
        if centre != self.person_centre[people[0] - 1]:
            for member in people:
                if (member, organisation) not in self.case_holders:
                    self.case_holders.add((member, organisation))
                    self.hold(
                        member,
                        organisation,
                        PersonHolder.Reason.CASE,
                        self.person_keys[member - 1],
                    )
        self.events(case, lead)
        self.record(case, lead, place, **(record or {}))
        return case

    def events(self, case: Case, actor: int) -> None:
        self.writer.add(
            CaseEvent(
                case_id=case.pk,
                kind=CaseEvent.Kind.OPENED,
                actor_id=actor,
                at=case.opened_at,
                note=case.reason,
            )
        )
        steps = list(itertools.pairwise(PATH[: PATH.index(case.status) + 1]))
        end = case.closed_at or self.now
        gap = (end - case.opened_at) / (len(steps) + 1)
        at = case.opened_at
        for before, after in steps:
            at += gap
            kind = CaseEvent.Kind.CLOSED if after == Status.CLOSED else CaseEvent.Kind.MOVED
            self.writer.add(
                CaseEvent(
                    case_id=case.pk,
                    kind=kind,
                    from_status=before,
                    to_status=after,
                    actor_id=actor,
                    at=at,
                )
            )
        if case.awaiting:
            self.writer.add(
                CaseEvent(
                    case_id=case.pk, kind=CaseEvent.Kind.APPROVAL_REQUESTED, actor_id=actor, at=at
                )
            )

    def record(
        self,
        case: Case,
        worker: int,
        centre: Centre,
        *,
        assessments: int | None = None,
        goals: int | None = None,
        notes: int | None = None,
        tasks: int | None = None,
    ) -> None:
        rng = self.rng
        stage = PATH.index(case.status)
        opened = timezone.localdate(case.opened_at)
        if assessments is None:
            assessments = 0
            if stage >= PATH.index(Status.INITIAL_ASSESSMENT) and rng.random() < 0.7:
                assessments = 1 + (
                    case.status in {Status.REVIEW, Status.CLOSED} and rng.random() < 0.5
                )
        for number in range(assessments):
            kind = "initial" if number == 0 else "review"
            assessment = Assessment(
                pk=self.pk(Assessment),
                case_id=case.pk,
                kind=kind,
                assessed_on=min(self.today, opened + datetime.timedelta(days=3 + 90 * number)),
                assessed_by_id=worker,
            )
            self.writer.add(assessment)
            for domain in LifeDomain.values:
                self.writer.add(
                    DomainRating(
                        assessment_id=assessment.pk,
                        domain=domain,
                        rating=rng.choices(
                            Rating.values,
                            weights=[3, 2, 2, 3, 1] if kind == "initial" else [3, 4, 2, 1, 0],
                        )[0],
                    )
                )
        if goals is None:
            goals = rng.randint(1, 3) if stage >= PATH.index(Status.PLAN) else 0
        for domain in rng.sample(list(GOALS), goals):
            goal = Goal(
                pk=self.pk(Goal),
                case_id=case.pk,
                domain=domain,
                description=GOALS[domain],
                status=Goal.Status.ACHIEVED if case.status == Status.CLOSED else Goal.Status.OPEN,
            )
            self.writer.add(goal)
            for number in range(rng.randint(1, 2) if assessments < 3 else 3):
                self.writer.add(
                    PlanAction(
                        goal_id=goal.pk,
                        description=rng.choice(ACTIONS),
                        organisation=centre.organisation if number == 0 else rng.choice(self.ngos),
                        due_on=opened + datetime.timedelta(days=30 * (number + 1)),
                        status=PlanAction.Status.DONE
                        if case.status == Status.CLOSED
                        else rng.choice(
                            [
                                PlanAction.Status.PLANNED,
                                PlanAction.Status.IN_PROGRESS,
                                PlanAction.Status.DONE,
                            ]
                        ),
                    )
                )
        for _ in range(rng.choice([0, 1, 1, 2, 3]) if notes is None else notes):
            self.writer.add(
                CaseNote(
                    case_id=case.pk,
                    author_id=worker,
                    organisation_id=case.organisation_id,
                    text=rng.choice(NOTES),
                    confidential=rng.random() < 0.1,
                )
            )
        if tasks is None:
            tasks = rng.choice([0, 1, 1, 2]) if case.is_open else rng.choice([0, 1])
        for _ in range(tasks):
            due_on = self.today + datetime.timedelta(days=rng.randint(-20, 40))
            done = not case.is_open or rng.random() < 0.3
            if not case.is_open:
                due_on = timezone.localdate(case.closed_at) - datetime.timedelta(
                    days=rng.randint(1, 20)
                )  # type: ignore[arg-type]
            self.writer.add(
                CaseTask(
                    case_id=case.pk,
                    title=rng.choice(TASKS),
                    due_on=due_on,
                    assigned_to_id=worker,
                    created_by_id=worker,
                    done_at=timezone.make_aware(
                        datetime.datetime.combine(due_on, datetime.time(12))
                    )
                    if done
                    else None,
                    done_by_id=worker if done else None,
                )
            )

    def benchmark_cases(self) -> None:
        """Two cases of the benchmark's case worker, in the biggest centre, about a family of
        six: one with a long record, one with one item of each kind."""
        centre = self.centres[0]
        for public_id, size, record in (
            (RICH_CASE, 6, {"assessments": 3, "goals": 4, "notes": 12, "tasks": 8}),
            (SMALL_CASE, 2, {"assessments": 1, "goals": 1, "notes": 1, "tasks": 1}),
        ):
            first = self.next_pk[Person]
            self.household(0, "roma", "Bajramović", size)
            household = self.households[-1][0]
            self.case(
                0,
                "roma",
                household=household,
                people=range(first, first + size),
                status=Status.IMPLEMENTATION,
                public_id=public_id,
                worker=centre.workers[0],
                support=centre.workers[1],
                record=record,
            )
        self.writer.flush()

    def finish(self) -> None:
        CaseNumberSequence.objects.bulk_create(
            CaseNumberSequence(organisation_id=organisation, year=year, last=last)
            for (organisation, year), last in self.serials.items()
        )
        # Rows were given their primary keys here: move PostgreSQL's sequences past them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.next_pk)):
                cursor.execute(statement)


HOUSEHOLD_SIZES = [2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 8]


def generate(persons: int, cases: int, *, log: Callable[[str], None] = print) -> Summary:
    """Write ``persons`` people and ``cases`` cases (with everything around them)."""
    return Generator(persons, cases, log=log).run()
