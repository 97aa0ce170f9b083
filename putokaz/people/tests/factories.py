import datetime
from typing import Any

import factory

from putokaz.accounts.tests.factories import OrganisationFactory
from putokaz.people.models import (
    Household,
    HouseholdMember,
    IdentityDocument,
    OtherSpelling,
    Person,
    PersonHolder,
    Relationship,
    refresh_organisation_name_keys,
)


def jmbg_for(birth_date: datetime.date, region: str = "71", serial: int = 0) -> str:
    """A valid JMBG, its check digit computed by the published rule (not by the module under test):
    11 - (7(a+g) + 6(b+h) + 5(c+i) + 4(d+j) + 3(e+k) + 2(f+l)) mod 11, and 0 when that exceeds 9."""
    first = f"{birth_date:%d%m}{birth_date.year % 1000:03d}{region}{serial:03d}"
    a, b, c, d, e, f, g, h, i, j, k, l = (int(digit) for digit in first)  # noqa: E741
    check = (
        11
        - (7 * (a + g) + 6 * (b + h) + 5 * (c + i) + 4 * (d + j) + 3 * (e + k) + 2 * (f + l)) % 11
    )
    return first + str(0 if check > 9 else check)


class PersonFactory(factory.django.DjangoModelFactory):
    """A person as registration leaves them: held by their organisation, findable by name."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    given_name = factory.Iterator(["Milan", "Jasmina", "Ђорђе", "Senad", "Ana"])
    family_name = factory.Iterator(["Petrović", "Berisha", "Марковић", "Ramić", "Kovač"])
    birth_date = datetime.date(1988, 5, 17)

    @factory.post_generation
    def registered(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            PersonHolder.objects.create(
                person=self, organisation=self.organisation, reason=PersonHolder.Reason.REGISTERED
            )
            self.refresh_name_keys()


class OtherSpellingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OtherSpelling

    person = factory.SubFactory(PersonFactory)
    given_name = "Milan"
    family_name = "Petrowitsch"
    source = "Aufenthaltstitel"


class IdentityDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IdentityDocument

    person = factory.SubFactory(PersonFactory)
    kind = IdentityDocument.Kind.ID_CARD
    status = IdentityDocument.Status.MISSING


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    organisation = factory.SubFactory(OrganisationFactory)
    address = "Cara Dušana 12"


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    """A member as joining leaves them: found by the organisations with a case about the
    household."""

    class Meta:
        model = HouseholdMember
        skip_postgeneration_save = True

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(PersonFactory)
    relationship = Relationship.CHILD
    joined_on = datetime.date(2024, 3, 1)

    @factory.post_generation
    def joined(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            refresh_organisation_name_keys([self.person_id])


def household_of(reference: Person, *others: tuple[Person, str], **fields: Any) -> Household:
    """A household registered by the reference person's organisation, with its members."""
    household = HouseholdFactory(organisation=reference.organisation, **fields)
    HouseholdMemberFactory(
        household=household, person=reference, relationship=Relationship.REFERENCE
    )
    for person, relationship in others:
        HouseholdMemberFactory(household=household, person=person, relationship=relationship)
    return household
