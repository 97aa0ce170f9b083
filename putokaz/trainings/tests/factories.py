"""Events with their agenda, and participants from the municipalities of Belgrade."""

import datetime
from typing import Any

import factory
from django.utils import timezone

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from putokaz.directory.tests.factories import municipality
from putokaz.geo.models import Municipality
from putokaz.trainings import actions
from putokaz.trainings.models import (
    Attendance,
    Event,
    FeedbackResponse,
    Kind,
    KnowledgeScore,
    Registration,
    Session,
)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = Kind.ROUND_TABLE
    title_sr_latn = factory.Sequence(lambda n: f"Okrugli sto o zaštiti dece bez pratnje {n}")
    description_sr_latn = "Razmena iskustava centara za socijalni rad i udruženja."
    organiser = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    starts_on = factory.LazyFunction(lambda: in_days(14))
    ends_on = factory.LazyAttribute(lambda event: event.starts_on)
    venue = "Dom omladine Beograda, Makedonska 22"
    municipality = factory.LazyFunction(lambda: municipality("Stari grad"))
    capacity = 50
    public_registration = True
    publication = Event.Publication.PUBLISHED


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title_sr_latn = factory.Sequence(lambda n: f"Sesija {n}")
    starts_at = factory.LazyAttribute(
        lambda session: timezone.make_aware(
            datetime.datetime.combine(session.event.starts_on, datetime.time(10))
        )
    )
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=2))
    trainers = "Ana Marković (CSR Zemun)"


def belgrade_municipalities() -> list[Municipality]:
    """Belgrade's 17 city municipalities, in code order."""
    return list(Municipality.objects.filter(parent__code="RS110").order_by("code"))


def register(
    event: Event,
    n: int = 0,
    *,
    place: Municipality | None = None,
    source: str = Registration.Source.PUBLIC,
    acting_user: User | None = None,
    organisation: Organisation | None = None,
    **fields: Any,
) -> Registration:
    """Register participant number ``n`` as the public page does (unless told otherwise)."""
    values: dict[str, Any] = {
        "full_name": f"Učesnik Đorđević {n}",
        "email": f"ucesnik{n}@example.rs",
        "organisation_name": "Centar za socijalni rad",
        "organisation_kind": Organisation.Kind.CSW,
        "municipality": place or municipality("Zemun"),
        "profession": "social_worker",
        "sex": "female" if n % 2 else "male",
        "language": "sr-latn",
        **fields,
    }
    return actions.registration_create(
        event=event, source=source, acting_user=acting_user, organisation=organisation, **values
    )


def score(registration: Registration, pre: int | None, post: int | None) -> KnowledgeScore:
    """Record a participant's test scores as an organiser entered them."""
    return KnowledgeScore.objects.create(
        registration=registration,
        pre_score=pre,
        post_score=post,
        updated_by=registration.event.created_by,
    )


class FeedbackResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackResponse

    event = factory.SubFactory(EventFactory)
    content = 4
    trainers = 4
    organisation = 4
    usefulness = 4
    overall = 4
    language = "sr-latn"


def held_training(trainer: User) -> Event:
    """A round table held by a training centre where ``trainer`` trains: two sessions, three
    participants from Belgrade (one at both sessions, with her certificate; one at the first;
    one who did not come)."""
    centre = OrganisationFactory(kind=Organisation.Kind.CIVIL)
    MembershipFactory(user=trainer, organisation=centre, role=Role.TRAINER)
    event = EventFactory(organiser=centre, created_by=trainer, cpd_points=4)
    first: Any = SessionFactory(event=event)
    second = SessionFactory(
        event=event, starts_at=first.ends_at, ends_at=first.ends_at + datetime.timedelta(hours=1)
    )
    places = belgrade_municipalities()
    both, one, _absent = (register(event, n, place=places[n]) for n in range(3))
    for session in (first, second):
        Attendance.objects.create(session=session, registration=both, checked_by=trainer)
    Attendance.objects.create(session=first, registration=one, checked_by=trainer)
    actions.certificates_issue(event=event, acting_user=trainer)
    return event
