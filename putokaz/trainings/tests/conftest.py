"""The trainings' personas beside the shared ones: a training centre and its trainer."""

from typing import Any

import pytest

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from putokaz.trainings.models import Event
from putokaz.trainings.tests.factories import EventFactory, SessionFactory


@pytest.fixture
def training_centre(db: Any) -> Organisation:
    return OrganisationFactory(name_sr_latn="Centar za obuke „Mreža”", kind=Organisation.Kind.CIVIL)


@pytest.fixture
def trainer(training_centre: Organisation) -> User:
    user = UserFactory(full_name="Bekim Berisha")
    MembershipFactory(user=user, organisation=training_centre, role=Role.TRAINER)
    return user


@pytest.fixture
def event(training_centre: Organisation, trainer: User) -> Event:
    """A published round table of the training centre, with one session, open to the public."""
    event = EventFactory(organiser=training_centre, created_by=trainer)
    SessionFactory(event=event, title_sr_latn="Uvodna reč i iskustva centara")
    return event


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Any:
    """``with committed(): …`` runs what waits for the commit (the e-mails) at its end, as the
    commit of a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
