"""Checking participants in at a session, from a phone, with and without JavaScript."""

from typing import Any

import pytest
from django.urls import reverse

from putokaz.accounts.models import User
from putokaz.audit.models import AccessLog
from putokaz.trainings.models import Attendance, Event, Registration
from putokaz.trainings.tests.factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(event: Event) -> list[Registration]:
    return [
        register(event, 1, full_name="Đorđe Marković"),
        register(event, 2, full_name="Ana Ilić"),
        register(event, 3, full_name="Zoran Petrović"),
    ]


def test_the_organiser_checks_people_in_and_out(
    event: Event, trainer: User, people: list[Registration], client_for: Any
) -> None:
    session = event.sessions.get()
    client = client_for(trainer)
    page = client.get(reverse("trainings:check_in", args=[session.pk]) + "?lang=en")
    assert "0 of 3 present" in page.text
    assert "Đorđe Marković" in page.text
    assert AccessLog.objects.filter(actor=trainer, purpose="check-in list").exists()
    mark = reverse("trainings:check_in_mark", args=[session.pk, people[0].public_id])
    response = client.post(mark + "?lang=en", {"present": "1"})
    assert response.status_code == 302  # without JavaScript: back to the list, at the row
    assert response["Location"].endswith(f"#p-{people[0].public_id}")
    client.post(mark, {"present": "1"})  # twice is still once
    attendance = Attendance.objects.get()
    assert (attendance.registration, attendance.checked_by) == (people[0], trainer)
    assert (
        "1 of 3 present"
        in client.get(reverse("trainings:check_in", args=[session.pk]) + "?lang=en").text
    )
    client.post(mark, {"present": "0"})
    assert not Attendance.objects.exists()


def test_with_htmx_the_row_and_the_count_come_back(
    event: Event, trainer: User, people: list[Registration], client_for: Any
) -> None:
    session = event.sessions.get()
    response = client_for(trainer).post(
        reverse("trainings:check_in_mark", args=[session.pk, people[1].public_id]) + "?lang=en",
        {"present": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    text = response.text
    assert text.lstrip().startswith(f'<li id="p-{people[1].public_id}" class="present">')
    assert "Present — undo" in text
    assert 'id="present-count"' in text and 'hx-swap-oob="true"' in text
    assert "1 of 3 present" in text
    assert "Zoran" not in text  # only the row


def test_the_list_finds_a_name_in_either_script(
    event: Event, trainer: User, people: list[Registration], client_for: Any
) -> None:
    session = event.sessions.get()
    page = client_for(trainer).get(reverse("trainings:check_in", args=[session.pk]), {"q": "ђорђе"})
    assert "Đorđe Marković" in page.text
    assert "Ana Ilić" not in page.text


def test_only_confirmed_participants_are_checked_in(
    event: Event, trainer: User, client_for: Any
) -> None:
    Event.objects.filter(pk=event.pk).update(capacity=1)
    register(event, 1)
    waiting = register(event, 2)
    session = event.sessions.get()
    client_for(trainer).post(
        reverse("trainings:check_in_mark", args=[session.pk, waiting.public_id]), {"present": "1"}
    )
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("persona", ["case_worker", "org_admin", "outsider"])
def test_nobody_else_takes_attendance(
    persona: str, request: Any, event: Event, people: list[Registration], client_for: Any
) -> None:
    session = event.sessions.get()
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("trainings:check_in", args=[session.pk])).status_code == 404
    mark = reverse("trainings:check_in_mark", args=[session.pk, people[0].public_id])
    assert client.post(mark, {"present": "1"}).status_code == 404
    assert not Attendance.objects.exists()
