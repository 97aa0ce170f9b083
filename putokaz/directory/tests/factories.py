import datetime

import factory

from putokaz.accounts.tests.factories import OrganisationFactory
from putokaz.directory.models import Location, Schedule, Service, ServiceLanguage, TaxonomyTerm
from putokaz.geo.models import Municipality


def term(code: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(code=code)


def municipality(name: str) -> Municipality:
    return Municipality.objects.get(name_sr_latn=name)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    name_sr_latn = factory.Sequence(lambda n: f"Usluga {n}")
    description_sr_latn = "Opis usluge."
    publication = Service.Publication.PUBLISHED


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name_sr_latn = factory.Sequence(lambda n: f"Kancelarija {n}")
    address = "Glavna 1"
    municipality = factory.LazyFunction(lambda: municipality("Zemun"))


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    weekday = 1
    opens_at = datetime.time(8)
    closes_at = datetime.time(15)


class ServiceLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLanguage

    service = factory.SubFactory(ServiceFactory)
    code = "rom"
