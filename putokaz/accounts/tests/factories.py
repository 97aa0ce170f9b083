from typing import Any

import factory

from putokaz.accounts.models import Membership, Organisation, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@putokaz.test")
    full_name = factory.Iterator(
        [
            "Milica Stojanović",
            "Драган Илић",
            "Ljubica Nikolić",
            "Amela Berisha",
            "Ђорђе Марковић",
            "Nenad Džajić",
        ]
    )
    language = "sr-latn"

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or "correct-horse-battery")
        if create:
            self.save(update_fields=["password"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_sr_latn = factory.Sequence(lambda n: f"Organizacija {n}")
    kind = Organisation.Kind.CIVIL


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASE_WORKER
