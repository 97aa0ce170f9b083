"""The feedback survey: a personal link a participant uses once, anonymous answers that the
organiser sees only together."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from putokaz.accounts.models import User
from putokaz.audit.models import AccessLog
from putokaz.trainings.models import (
    Event,
    FeedbackRequest,
    FeedbackResponse,
    Registration,
    RegistrationEmail,
)
from putokaz.trainings.tests.factories import FeedbackResponseFactory, in_days, register

pytestmark = pytest.mark.django_db

RATINGS = {"content": "5", "trainers": "4", "organisation": "3", "usefulness": "5", "overall": "4"}


@pytest.fixture(autouse=True)
def _commit_each_request(committed: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each request commits its work (and so sends its e-mails) before it answers."""
    original = Client.request

    def request(self: Client, **kwargs: Any) -> Any:
        with committed():
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture
def ending(event: Event) -> Event:
    """The round table, on its last (and only) day today."""
    Event.objects.filter(pk=event.pk).update(starts_on=in_days(0), ends_on=in_days(0))
    event.refresh_from_db()
    return event


@pytest.fixture
def people(ending: Event) -> list[Registration]:
    return [
        register(ending, 1, full_name="Đorđe Marković", language="de"),
        register(ending, 2, full_name="Ana Ilić", language="sr-cyrl"),
        register(ending, 3, full_name="Zoran Petrović"),
    ]


def _send(client: Client, event: Event, **data: Any) -> Any:
    return client.post(
        reverse("trainings:feedback_send", args=[event.public_id]) + "?lang=en", data, follow=True
    )


def _link(registration: Registration) -> str:
    return FeedbackRequest.objects.get(registration=registration).get_absolute_url()


def test_the_organiser_sends_everyone_their_own_link_in_their_language(
    ending: Event, trainer: User, people: list[Registration], client_for: Any
) -> None:
    page = _send(client_for(trainer), ending)
    assert "The survey was sent to 3 participants." in page.text
    by_address = {message.to[0]: message for message in mail.outbox}
    assert len(by_address) == 3
    german = by_address[people[0].email]
    link = _link(people[0])
    assert f"{link}?lang=de" in german.body
    assert _link(people[1]) not in german.body  # each their own
    assert f"{_link(people[1])}?lang=sr-Cyrl" in by_address[people[1].email].body
    assert RegistrationEmail.objects.filter(kind=RegistrationEmail.Kind.FEEDBACK).count() == 3
    # Pressed again at once: nobody is written to twice.
    assert "Nobody was sent the survey" in _send(client_for(trainer), ending).text
    assert len(mail.outbox) == 3


def test_a_participant_answers_once_and_the_answer_has_no_name(
    ending: Event, people: list[Registration], anonymous: Client
) -> None:
    anonymous.get(reverse("trainings:registration_feedback", args=[people[0].public_id]))
    link = _link(people[0])
    form = anonymous.get(link)
    assert form.status_code == 200
    assert '<html lang="de">' in form.text  # the participant's language, without ?lang=
    assert 'type="radio"' in form.text and "<script" not in form.text.split("<main")[1]
    logged = AccessLog.objects.count()
    thanks = anonymous.post(
        link + "?lang=en", {**RATINGS, "most_useful": "Primeri iz prakse", "suggestions": ""}
    )
    assert "Thank you! Your feedback was received." in thanks.text
    response = FeedbackResponse.objects.get()
    assert (response.event, response.content, response.organisation, response.overall) == (
        ending,
        5,
        3,
        4,
    )
    assert (response.most_useful, response.language) == ("Primeri iz prakse", "en")
    assert response.submitted_on == timezone.localdate()
    # Nothing in the answer points to who gave it.
    relations = {f.name for f in FeedbackResponse._meta.get_fields() if f.is_relation}
    assert relations == {"event"}
    assert AccessLog.objects.count() == logged
    # The link works once.
    again = anonymous.post(link + "?lang=en", {**RATINGS, "overall": "1"})
    assert "Feedback was already given through this link" in again.text
    assert "Feedback was already given" in anonymous.get(link + "?lang=en").text
    assert FeedbackResponse.objects.count() == 1
    assert FeedbackRequest.objects.get(registration=people[0]).answered


def test_every_rating_is_needed_and_nothing_is_saved_without_them(
    ending: Event, people: list[Registration], anonymous: Client
) -> None:
    anonymous.get(reverse("trainings:registration_feedback", args=[people[2].public_id]))
    link = _link(people[2]) + "?lang=en"
    page = anonymous.post(link, {**RATINGS, "trainers": "", "overall": "6"})
    assert page.status_code == 400
    assert page.text.count("Choose a rating from 1 to 5.") >= 2
    assert 'value="5" id="id_content_4" required checked' in page.text  # kept
    assert not FeedbackResponse.objects.exists()
    assert not FeedbackRequest.objects.get(registration=people[2]).answered


def test_the_participant_page_offers_the_survey_while_it_is_open(
    ending: Event, people: list[Registration], anonymous: Client
) -> None:
    page = anonymous.get(people[2].get_participant_url() + "?lang=en").text
    assert "Give your feedback" in page
    response = anonymous.get(reverse("trainings:registration_feedback", args=[people[2].public_id]))
    assert response["Location"] == f"{_link(people[2])}?lang=sr-Latn"
    anonymous.post(response["Location"], RATINGS)
    assert "Give your feedback" not in anonymous.get(people[2].get_participant_url()).text


def test_the_survey_closes_after_the_set_days(
    ending: Event, trainer: User, people: list[Registration], anonymous: Client, client_for: Any
) -> None:
    anonymous.get(reverse("trainings:registration_feedback", args=[people[0].public_id]))
    last_day = timezone.localdate() - datetime.timedelta(days=4)
    Event.objects.filter(pk=ending.pk).update(starts_on=last_day, ends_on=last_day, feedback_days=3)
    page = anonymous.post(_link(people[0]) + "?lang=en", RATINGS)
    assert "The feedback survey of this event is closed." in page.text
    assert not FeedbackResponse.objects.exists()
    assert "is closed" in _send(client_for(trainer), ending).text
    assert not mail.outbox
    assert "Give your feedback" not in anonymous.get(people[0].get_participant_url()).text
    Event.objects.filter(pk=ending.pk).update(feedback_days=4)  # the last day of it: open
    anonymous.post(_link(people[0]) + "?lang=en", RATINGS)
    assert FeedbackResponse.objects.count() == 1


def test_the_survey_is_not_open_before_the_last_day(
    event: Event, trainer: User, client_for: Any, anonymous: Client
) -> None:
    person = register(event, 1)
    assert "opens on the event" in _send(client_for(trainer), event).text
    assert not mail.outbox
    link = anonymous.get(reverse("trainings:registration_feedback", args=[person.public_id]))
    page = anonymous.post(link["Location"].split("?")[0] + "?lang=en", RATINGS)
    assert "The survey opens on the event's last day" in page.text
    assert not FeedbackResponse.objects.exists()


def test_someone_who_answered_is_not_asked_again(
    ending: Event, trainer: User, people: list[Registration], anonymous: Client, client_for: Any
) -> None:
    anonymous.get(reverse("trainings:registration_feedback", args=[people[0].public_id]))
    anonymous.post(_link(people[0]), RATINGS)
    assert "sent to 2 participants" in _send(client_for(trainer), ending).text
    assert sorted(m.to[0] for m in mail.outbox) == sorted([people[1].email, people[2].email])


def test_the_organiser_resends_to_one_participant(
    ending: Event, trainer: User, people: list[Registration], client_for: Any
) -> None:
    page = _send(client_for(trainer), ending, registration=str(people[1].public_id))
    assert "sent to 1 participant." in page.text
    assert [m.to[0] for m in mail.outbox] == [people[1].email]


def test_the_organiser_sees_the_answers_together_without_names(
    ending: Event,
    trainer: User,
    people: list[Registration],
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    FeedbackResponseFactory(event=ending, content=5, overall=5, most_useful="Primeri iz prakse")
    FeedbackResponseFactory(event=ending, content=4, overall=3, suggestions="Više pauza")
    client = client_for(trainer)
    url = reverse("trainings:feedback", args=[ending.public_id]) + "?lang=en"
    page = client.get(url).text
    # Two answers could be told apart by those who gave them: only their number is shown.
    assert "2 participants have answered. The answers are shown once at least 3" in page
    assert "Primeri iz prakse" not in page
    FeedbackResponseFactory(event=ending, content=4, overall=4)
    with django_assert_max_num_queries(14):
        page = client.get(url).text
    assert "3 participants answered." in page
    assert "<strong>4.33</strong>" in page  # content: (5 + 4 + 4) / 3
    assert "<strong>4.00</strong>" in page  # overall: (5 + 3 + 4) / 3
    assert "2 (67 %)" in page and "1 (33 %)" in page
    assert "Primeri iz prakse" in page and "Više pauza" in page
    assert AccessLog.objects.filter(actor=trainer, purpose="feedback").exists()
    event_page = client.get(ending.get_absolute_url() + "?lang=en").text
    assert "<strong>4.33</strong>" in event_page


def test_a_waiting_participant_has_no_survey(
    ending: Event, anonymous: Client, trainer: User
) -> None:
    Event.objects.filter(pk=ending.pk).update(capacity=1)
    register(ending, 1)
    waiting = register(ending, 2)
    link = anonymous.get(reverse("trainings:registration_feedback", args=[waiting.public_id]))
    page = anonymous.post(link["Location"].split("?")[0] + "?lang=en", RATINGS)
    assert "closed" in page.text
    assert not FeedbackResponse.objects.exists()


def test_an_unknown_link_is_not_found(anonymous: Client) -> None:
    url = reverse("trainings:feedback_form", args=["00000000-0000-4000-8000-000000000000"])
    assert anonymous.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["case_worker", "org_admin", "outsider"])
def test_nobody_else_sees_the_feedback_or_sends_the_survey(
    persona: str, request: Any, ending: Event, people: list[Registration], client_for: Any
) -> None:
    FeedbackResponseFactory.create_batch(3, event=ending)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("trainings:feedback", args=[ending.public_id])).status_code == 404
    send = reverse("trainings:feedback_send", args=[ending.public_id])
    assert client.post(send).status_code == 404
    assert not mail.outbox


def test_the_anonymous_visitor_is_sent_to_sign_in(
    anonymous: Client, ending: Event, people: list[Registration]
) -> None:
    for response in (
        anonymous.get(reverse("trainings:feedback", args=[ending.public_id])),
        anonymous.post(reverse("trainings:feedback_send", args=[ending.public_id])),
    ):
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert not mail.outbox
