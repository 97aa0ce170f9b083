"""/api/v1/events/: the events an organiser manages, with their agenda, participants,
attendance and certificates — the same rules as the pages, every reading of participants in
the access log; nobody else learns an event exists."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog, Action
from putokaz.directory.tests.factories import municipality
from putokaz.trainings import actions
from putokaz.trainings.models import Attendance, Certificate, Event
from putokaz.trainings.tests.factories import EventFactory, SessionFactory, register

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"


def _url(event: Event, what: str = "") -> str:
    return f"{EVENTS}{event.public_id}/{what + '/' if what else ''}"


@pytest.fixture
def held(event: Event, trainer: User) -> Event:
    """The round table held: two sessions, three places; Ana came to both and has her
    certificate, Marko to the first, Vesna did not come, Dragan waits for a place."""
    Event.objects.filter(pk=event.pk).update(capacity=3, cpd_points=4)
    SessionFactory(event=event, title_sr_latn="Druga sesija")
    ana = register(event, 1, full_name="Ana Ilić", place=municipality("Zemun"), sex="female")
    marko = register(event, 2, full_name="Marko Lukić", place=municipality("Surčin"))
    register(event, 3, full_name="Vesna Tadić", place=municipality("Vračar"))
    register(event, 4, full_name="Dragan Kostić")
    first, second = event.sessions.all()
    for session in (first, second):
        Attendance.objects.create(session=session, registration=ana, checked_by=trainer)
    Attendance.objects.create(session=first, registration=marko, checked_by=trainer)
    actions.certificates_issue(event=event, acting_user=trainer)
    event.refresh_from_db()
    return event


def test_an_organiser_lists_the_events_they_manage_with_their_numbers(
    held: Event, trainer: User, api_for: Any, outsider_org: Organisation
) -> None:
    EventFactory(organiser=outsider_org)  # not theirs
    response = api_for(trainer).get(EVENTS)
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["id"] == str(held.public_id)
    assert (row["kind"], row["capacity"], row["confirmed"], row["waiting"]) == (
        "round_table",
        3,
        3,
        1,
    )


def test_the_event_comes_with_its_agenda(held: Event, trainer: User, api_for: Any) -> None:
    data = api_for(trainer).get(_url(held)).json()
    assert [s["title"] for s in data["sessions"]] == [
        "Uvodna reč i iskustva centara",
        "Druga sesija",
    ]
    assert data["cpd_points"] == 4 and data["place"] == held.venue


def test_the_participants_come_with_the_sessions_they_attended_and_their_certificate(
    held: Event, trainer: User, api_for: Any, django_assert_num_queries: Any
) -> None:
    client = api_for(trainer)
    first, second = held.sessions.all()
    # The token with its user, whether a system administrator (twice: the page's check and
    # the organiser's), the event, the access log's entry, the page of participants with
    # their certificates, their attendance.
    with django_assert_num_queries(7):
        response = client.get(_url(held, "participants"))
    assert response.status_code == 200
    rows = {row["full_name"]: row for row in response.json()["results"]}
    assert list(rows) == ["Ana Ilić", "Marko Lukić", "Vesna Tadić"]
    ana = rows["Ana Ilić"]
    assert ana["attended_sessions"] == [first.pk, second.pk]
    assert ana["municipality"] == {"code": "70157", "name": "Zemun"}
    assert ana["certificate"]["points"] == 4 and ana["certificate"]["valid"] is True
    code = Certificate.objects.get(registration__full_name="Ana Ilić").code
    assert ana["certificate"]["verification_url"].endswith(f"/certificates/{code}/")
    assert rows["Marko Lukić"]["attended_sessions"] == [first.pk]
    assert rows["Marko Lukić"]["certificate"] is None
    entry = AccessLog.objects.get(purpose="participant list (API)")
    assert (entry.actor, entry.action, entry.organisation_id) == (
        trainer,
        Action.VIEW,
        held.organiser_id,
    )
    waiting = client.get(_url(held, "participants"), {"status": "waiting"}).json()["results"]
    assert [row["full_name"] for row in waiting] == ["Dragan Kostić"]
    bad = client.get(_url(held, "participants"), {"status": "maybe"})
    assert bad.status_code == 400 and "status" in bad.json()


def test_the_participants_query_count_does_not_grow_with_them(
    held: Event, trainer: User, api_for: Any, django_assert_num_queries: Any
) -> None:
    Event.objects.filter(pk=held.pk).update(capacity=20)
    for n in range(10, 20):
        register(held, n)
    client = api_for(trainer)
    with django_assert_num_queries(7):
        assert len(client.get(_url(held, "participants")).json()["results"]) == 13


def test_attendance_and_certificates_are_listed_and_logged(
    held: Event, trainer: User, api_for: Any
) -> None:
    client = api_for(trainer)
    first, second = held.sessions.all()
    attendance = client.get(_url(held, "attendance")).json()["results"]
    assert [(row["session"], row["participant"]) for row in attendance] == [
        (first.pk, str(held.registrations.get(full_name="Ana Ilić").public_id)),
        (first.pk, str(held.registrations.get(full_name="Marko Lukić").public_id)),
        (second.pk, str(held.registrations.get(full_name="Ana Ilić").public_id)),
    ]
    certificates = client.get(_url(held, "certificates")).json()["results"]
    assert [(c["full_name"], c["points"], c["valid"]) for c in certificates] == [
        ("Ana Ilić", 4, True)
    ]
    assert set(
        AccessLog.objects.filter(actor=trainer, action=Action.VIEW).values_list(
            "purpose", flat=True
        )
    ) >= {"attendance (API)", "certificates (API)"}


def test_the_event_list_query_count_is_fixed(
    held: Event, trainer: User, api_for: Any, django_assert_num_queries: Any
) -> None:
    for _n in range(3):
        SessionFactory(event=EventFactory(organiser=held.organiser))
    client = api_for(trainer)
    # The token with its user, whether a system administrator (twice), the events with
    # their numbers.
    with django_assert_num_queries(4):
        assert len(client.get(EVENTS).json()["results"]) == 4


@pytest.mark.parametrize("what", ["", "participants", "attendance", "certificates"])
def test_the_outsider_learns_nothing_of_the_event(
    held: Event, outsider: User, api_for: Any, what: str
) -> None:
    client = api_for(outsider)
    assert client.get(EVENTS).json()["results"] == []
    assert client.get(_url(held, what)).status_code == 404


@pytest.mark.parametrize("what", ["", "participants", "attendance", "certificates"])
def test_the_anonymous_visitor_is_asked_to_sign_in(held: Event, what: str) -> None:
    client = APIClient()
    assert client.get(EVENTS).status_code == 401
    assert client.get(_url(held, what)).status_code == 401


def test_an_analyst_reads_the_reports_not_the_participants(
    held: Event, csw: Organisation, api_for: Any
) -> None:
    analyst = UserFactory()
    MembershipFactory(user=analyst, organisation=csw, role=Role.ANALYST)
    client = api_for(analyst)
    assert client.get(EVENTS).json()["results"] == []
    assert client.get(_url(held, "participants")).status_code == 404


def test_the_events_are_in_the_openapi_schema(api_for: Any, trainer: User) -> None:
    schema = APIClient().get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/events/",
        "/api/v1/events/{public_id}/",
        "/api/v1/events/{public_id}/participants/",
        "/api/v1/events/{public_id}/attendance/",
        "/api/v1/events/{public_id}/certificates/",
    ):
        assert "get" in paths[path], path
    participant = schema["components"]["schemas"]["Participant"]["properties"]
    assert {"attended_sessions", "certificate", "municipality"} <= set(participant)
