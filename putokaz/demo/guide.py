"""Invented services of the demo organisations in Belgrade, for the public guide.

Texts are in Serbian Latin (Cyrillic follows by transliteration) and English; the
other languages fall back to Serbian until a translator adds them.
"""

import datetime
from dataclasses import dataclass, field

from putokaz.accounts.models import Organisation
from putokaz.directory.models import (
    Location,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    TaxonomyTerm,
)
from putokaz.geo.models import Municipality

WEEKDAYS = [1, 2, 3, 4, 5]


@dataclass
class DemoService:
    key: str
    name: tuple[str, str]
    description: tuple[str, str]
    domains: list[str]
    groups: list[str]
    documents: list[tuple[str, str]] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: ["sr"])
    referral_required: bool = False
    access: str = Service.Access.BOTH
    application: tuple[str, str] = ("", "")
    hours: tuple[str, str] = ("08:00", "15:00")


CSW_SERVICES = [
    DemoService(
        "intake",
        ("Prijem, procena i plan podrške", "Intake, assessment and support plan"),
        (
            "Voditelj slučaja sa Vama razgovara o tome šta je porodici potrebno, procenjuje rizike i sa Vama pravi plan podrške. Hitni slučajevi se primaju odmah.",
            "A case worker talks with you about what your family needs, assesses risks and makes a support plan with you. Urgent cases are seen at once.",
        ),
        ["sp-assessment"],
        ["returnees", "children-families", "roma", "refugees-migrants"],
        documents=[("Lični dokument, ako ga imate", "An identity document, if you have one")],
        languages=["sr", "rom"],
        application=(
            "Dođite u radno vreme ili pozovite telefonom. Dokumenta nisu uslov za prvi razgovor.",
            "Come during opening hours or call. You do not need documents for the first talk.",
        ),
    ),
    DemoService(
        "cash-assistance",
        ("Novčana socijalna pomoć", "Financial social assistance"),
        (
            "Mesečna novčana pomoć za pojedince i porodice bez dovoljno prihoda za osnovne životne potrebe.",
            "Monthly cash assistance for individuals and families without enough income for basic needs.",
        ),
        ["cash-benefits"],
        ["returnees", "children-families", "roma"],
        documents=[
            ("Lična karta", "Identity card"),
            ("Dokaz o prihodima članova domaćinstva", "Proof of income of household members"),
            (
                "Uverenje Nacionalne službe za zapošljavanje",
                "Certificate of the National Employment Service",
            ),
        ],
        application=(
            "Zahtev se podnosi centru za socijalni rad prema mestu prebivališta.",
            "Apply at the Center for Social Welfare where you are registered as resident.",
        ),
    ),
]

OTHER_SERVICES = {
    "health-zemun": [
        DemoService(
            "gp",
            ("Izabrani lekar i zdravstvena zaštita", "Choosing a doctor and health care"),
            (
                "Izbor lekara opšte prakse i pedijatra, vakcinacija dece i upućivanje specijalistima.",
                "Choosing a general practitioner and a paediatrician, vaccinating children and referral to specialists.",
            ),
            ["health"],
            ["returnees", "children-families"],
            documents=[
                ("Zdravstvena knjižica ili lična karta", "Health insurance card or identity card")
            ],
            hours=("07:00", "20:00"),
        )
    ],
    "employment": [
        DemoService(
            "unemployed-register",
            ("Prijava na evidenciju nezaposlenih", "Registering as unemployed"),
            (
                "Prijava na evidenciju nezaposlenih, savetovanje o zapošljavanju i obuke.",
                "Registering as unemployed, employment counselling and training.",
            ),
            ["employment"],
            ["returnees", "roma"],
            documents=[
                ("Lična karta", "Identity card"),
                (
                    "Diploma ili svedočanstvo, ako ga imate",
                    "Diploma or school certificate, if you have one",
                ),
            ],
            access=Service.Access.WALK_IN,
        )
    ],
    "ngo-roma": [
        DemoService(
            "legal-aid",
            ("Besplatna pravna pomoć za dokumenta", "Free legal aid with documents"),
            (
                "Pomoć pri upisu u matične knjige, dobijanju lične karte i prijavi prebivališta, i za osobe bez dokumenata.",
                "Help with entry in the civil registers, getting an identity card and registering residence, also for people without documents.",
            ),
            ["legal-aid", "documents"],
            ["returnees", "roma", "undocumented"],
            languages=["sr", "rom", "de"],
        ),
        DemoService(
            "school-support",
            ("Podrška deci povratnicima u školi", "School support for returnee children"),
            (
                "Časovi srpskog jezika, pomoć pri upisu u školu i priznavanju svedočanstava iz inostranstva.",
                "Serbian lessons, help with school enrolment and recognition of school certificates from abroad.",
            ),
            ["education", "integration"],
            ["returnees", "children-families", "roma"],
            languages=["sr", "rom", "de"],
            hours=("12:00", "18:00"),
        ),
    ],
}


def _set_texts(obj: object, field_name: str, texts: tuple[str, str]) -> None:
    setattr(obj, f"{field_name}_sr_latn", texts[0])
    setattr(obj, f"{field_name}_en", texts[1])


def _hours(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def _service(
    organisation: Organisation, spec: DemoService, location: Location, areas: list[Municipality]
) -> None:
    name = f"{spec.name[0]} (demo)"
    service = Service.objects.filter(
        organisation=organisation, name_sr_latn=name
    ).first() or Service(organisation=organisation)
    _set_texts(service, "name", (name, f"{spec.name[1]} (demo)"))
    _set_texts(service, "description", spec.description)
    _set_texts(service, "application_process", spec.application)
    service.publication = Service.Publication.PUBLISHED
    service.referral_required = spec.referral_required
    service.access = spec.access
    service.verified_on = datetime.date(2026, 11, 2)
    service.save()
    terms = {t.code: t for t in TaxonomyTerm.objects.filter(code__in=spec.domains + spec.groups)}
    service.domains.set([terms[c] for c in spec.domains])
    service.target_groups.set([terms[c] for c in spec.groups])
    service.service_areas.set(areas)
    ServiceAtLocation.objects.get_or_create(service=service, location=location)
    for position, texts in enumerate(spec.documents):
        document, _created = RequiredDocument.objects.get_or_create(
            service=service, position=position, defaults={"document": texts[0]}
        )
        _set_texts(document, "document", texts)
        document.save()
    for code in spec.languages:
        ServiceLanguage.objects.get_or_create(service=service, code=code)
    for weekday in WEEKDAYS:
        Schedule.objects.get_or_create(
            service=service,
            weekday=weekday,
            opens_at=_hours(spec.hours[0]),
            closes_at=_hours(spec.hours[1]),
        )


def _location(organisation: Organisation, municipality: Municipality, number: int) -> Location:
    location, _created = Location.objects.get_or_create(
        organisation=organisation,
        municipality=municipality,
        defaults={"name_sr_latn": organisation.name, "address": f"Glavna ulica {number}"},
    )
    if not location.phones.exists():
        Phone.objects.create(location=location, number=f"+381 11 {3000000 + number * 101}")
    return location


def load(organisations: dict[str, Organisation], city_municipalities: list[Municipality]) -> None:
    for number, municipality in enumerate(city_municipalities, start=1):
        key = "csw-" + municipality.name.lower().replace(" ", "-")
        organisation = organisations[key]
        location = _location(organisation, municipality, number)
        for spec in CSW_SERVICES:
            _service(organisation, spec, location, [municipality])
    by_name = {m.name: m for m in city_municipalities}
    for key, specs in OTHER_SERVICES.items():
        organisation = organisations[key]
        covered = list(organisation.municipalities.all()) or city_municipalities
        home = covered[0] if key != "employment" else by_name["Stari grad"]
        location = _location(organisation, home, 40 + len(key))
        for spec in specs:
            _service(organisation, spec, location, covered)
