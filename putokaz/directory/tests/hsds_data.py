"""A small directory with everything HSDS can carry, for the file export and import tests."""

import datetime
from dataclasses import dataclass

from putokaz.accounts.models import Organisation
from putokaz.accounts.tests.factories import OrganisationFactory
from putokaz.directory.models import RequiredDocument, Service
from putokaz.directory.tests.factories import (
    LocationFactory,
    ScheduleFactory,
    ServiceFactory,
    ServiceLanguageFactory,
    term,
)
from putokaz.geo.models import Municipality


@dataclass
class Guide:
    legal_aid: Service  # published, with everything
    health: Service  # published, another organisation, little filled in
    draft: Service  # not published
    hidden: Service  # published by an inactive organisation


def place(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def make_guide() -> Guide:
    ngo = OrganisationFactory(
        name_sr_latn="Udruženje „Novi početak”",
        name_en="New Beginning Association",
        short_name_sr_latn="Novi početak",
        email="kontakt@novipocetak.test",
        website="https://нови-почетак.срб/",
        kind=Organisation.Kind.CIVIL,
    )
    health_centre = OrganisationFactory(
        name_sr_latn="Dom zdravlja Niš", kind=Organisation.Kind.PUBLIC
    )
    legal_aid = ServiceFactory(
        organisation=ngo,
        name_sr_latn="Besplatna pravna pomoć za dokumenta",
        name_en="Free legal aid with documents",
        alternate_name_sr_latn="Pravna pomoć",
        description_sr_latn="Pomoć pri upisu u matične knjige i dobijanju lične karte.",
        description_en="Help with civil registration and identity cards.",
        application_process_sr_latn="Dođite bez zakazivanja.",
        eligibility_description_sr_latn="Povratnici po readmisiji i njihove porodice.",
        interpretation_services_sr_latn="Tumač za romski jezik.",
        fees_description_sr_latn="Overa kod notara se plaća posebno.",
        is_free=False,
        email="pomoc@novipocetak.test",
        url="https://novipocetak.test/pomoc",
        minimum_age=18,
        maximum_age=99,
        verified_on=datetime.date(2026, 11, 2),
        status=Service.Status.ACTIVE,
    )
    legal_aid.domains.set([term("legal-aid")])
    legal_aid.target_groups.set([term("returnees")])
    # Vranje the city and Vranje its city municipality: one name, two places.
    legal_aid.service_areas.set([place("70157"), place("79057"), place("70432")])
    ScheduleFactory(service=legal_aid, weekday=1, opens_at=datetime.time(8))
    ScheduleFactory(
        service=legal_aid,
        weekday=2,
        opens_at=datetime.time(8),
        closes_at=datetime.time(12),
        notes_sr_latn="Pre podne",
    )
    ScheduleFactory(
        service=legal_aid, weekday=2, opens_at=datetime.time(13), closes_at=datetime.time(16)
    )
    ServiceLanguageFactory(service=legal_aid, code="rom")
    ServiceLanguageFactory(service=legal_aid, code="de", note="Samo utorkom")
    RequiredDocument.objects.create(
        service=legal_aid, document_sr_latn="Lična karta", document_en="Identity card", position=0
    )
    RequiredDocument.objects.create(
        service=legal_aid, document_sr_latn="Izvod iz matične knjige rođenih", position=1
    )
    legal_aid.phones.create(number="+381 64 000 0000", kind="cell", description_sr_latn="Viber")
    vranje = LocationFactory(
        organisation=ngo,
        name_sr_latn="Kancelarija Vranje",
        address="Kralja Stefana Prvovenčanog 12",
        postal_code="17000",
        municipality=place("70432"),
        latitude="42.551400",
        longitude="21.900300",
        accessibility_sr_latn="Rampa na ulazu",
        transportation_sr_latn="Autobus 1",
    )
    vranje.phones.create(number="+381 17 123 456", extension=12)
    palilula = LocationFactory(  # Palilula in Niš: Belgrade has a Palilula too
        organisation=ngo,
        name_sr_latn="Kancelarija Palilula",
        address="Vizantijski bulevar 4",
        postal_code="18000",
        municipality=Municipality.objects.get(name_sr_latn="Palilula", parent__name_sr_latn="Niš"),
    )
    legal_aid.service_at_locations.create(location=vranje, description_sr_latn="Prizemlje")
    legal_aid.service_at_locations.create(location=palilula)

    health = ServiceFactory(
        organisation=health_centre, name_sr_latn="Izabrani lekar", status="temporarily closed"
    )
    health.service_areas.set([place("79022")])
    draft = ServiceFactory(
        organisation=ngo, name_sr_latn="Nacrt usluge", publication=Service.Publication.DRAFT
    )
    hidden = ServiceFactory(
        organisation=OrganisationFactory(is_active=False), name_sr_latn="Ugašena usluga"
    )
    return Guide(legal_aid=legal_aid, health=health, draft=draft, hidden=hidden)
