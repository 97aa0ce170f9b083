import datetime

import factory
from django.utils import timezone

from putokaz.accounts.tests.factories import UserFactory
from putokaz.cases.models import CaseType
from putokaz.cases.tests.factories import CaseFactory
from putokaz.protection.models import (
    AccompanyingAdult,
    AgeMethod,
    AgeOutcome,
    ChildIdentification,
    GuardianAppointment,
    Placement,
    PlacementKind,
    Separation,
)


class ChildCaseFactory(CaseFactory):
    """A case of an unaccompanied child; ``ChildCaseFactory(workers=[user])`` assigns workers."""

    case_type = CaseType.UNACCOMPANIED_CHILD


class IdentificationFactory(factory.django.DjangoModelFactory):
    """A child found by the border police two hours ago, assessed a child with the benefit
    of the doubt."""

    class Meta:
        model = ChildIdentification

    case = factory.SubFactory(ChildCaseFactory)
    separation = Separation.UNACCOMPANIED
    identified_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
    found_where = "Autobuska stanica Beograd"
    found_by = "Granična policija"
    age_method = AgeMethod.INTERVIEW
    age_outcome = AgeOutcome.UNDETERMINED
    assessed_age = 15
    benefit_of_doubt = True
    recorded_by = factory.SubFactory(UserFactory)


class AdultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccompanyingAdult

    identification = factory.SubFactory(IdentificationFactory)
    full_name = "Ahmad Karimi"
    stated_relationship = "ujak"
    suspected = False


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A guardian appointed an hour after the child's identification."""

    class Meta:
        model = GuardianAppointment

    case = factory.SubFactory(ChildCaseFactory)
    guardian_name = factory.Sequence(lambda n: f"Staratelj {n}")
    decision_number = factory.Sequence(lambda n: f"551-{n}/2026")
    decision_date = factory.LazyFunction(timezone.localdate)
    appointed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    no_conflict_confirmed = True
    appointed_by = factory.SubFactory(UserFactory)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    case = factory.SubFactory(ChildCaseFactory)
    kind = PlacementKind.RECEPTION_CENTRE
    facility = "Centar za azil Krnjača"
    starts_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SubFactory(UserFactory)
