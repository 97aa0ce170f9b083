"""Organisers enter each participant's knowledge test scores, before and after the event."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from putokaz.accounts.models import Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog
from putokaz.core.concurrency import current_data, version_of
from putokaz.trainings.forms import EventForm
from putokaz.trainings.models import Event, KnowledgeScore, Registration
from putokaz.trainings.permissions import organising_organisations
from putokaz.trainings.tests.factories import register, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def tested(event: Event) -> Event:
    Event.objects.filter(pk=event.pk).update(test_max_score=20)
    event.refresh_from_db()
    return event


@pytest.fixture
def people(tested: Event) -> list[Registration]:
    return [
        register(tested, 1, full_name="Đorđe Marković"),
        register(tested, 2, full_name="Ana Ilić"),
        register(tested, 3, full_name="Zoran Petrović"),
    ]


def _list(event: Event) -> str:
    return reverse("trainings:scores", args=[event.public_id]) + "?lang=en"


def _save(registration: Registration) -> str:
    return reverse("trainings:score_save", args=[registration.public_id]) + "?lang=en"


def _post(registration: Registration, pre: Any, post: Any, version: str = "") -> dict[str, Any]:
    prefix = f"p{registration.pk}"
    return {f"{prefix}-pre_score": pre, f"{prefix}-post_score": post, f"{prefix}-version": version}


def test_the_organiser_enters_scores_and_sees_the_change(
    tested: Event, trainer: User, people: list[Registration], client_for: Any
) -> None:
    client = client_for(trainer)
    page = client.get(_list(tested))
    assert "Đorđe Marković" in page.text and "at most 20 points" in page.text
    assert "No participant has both scores yet" in page.text
    assert AccessLog.objects.filter(actor=trainer, purpose="test scores").exists()
    response = client.post(_save(people[0]), _post(people[0], "10", "15"))
    assert response.status_code == 302  # without JavaScript: back to the list, at the row
    assert response["Location"].endswith(f"#p-{people[0].public_id}")
    client.post(_save(people[1]), _post(people[1], "12", "11"))
    client.post(_save(people[2]), _post(people[2], "9", ""))  # left before the second test
    scores = {s.registration_id: (s.pre_score, s.post_score) for s in KnowledgeScore.objects.all()}
    assert scores == {people[0].pk: (10, 15), people[1].pk: (12, 11), people[2].pk: (9, None)}
    assert KnowledgeScore.objects.get(registration=people[0]).updated_by == trainer
    page = client.get(_list(tested)).text
    assert "+5</strong> (+25.0 %)" in page  # Đorđe: 5 of 20 points
    assert "-1</strong> (-5.0 %)" in page  # Ana
    # Both scores: Đorđe and Ana. Mean before (10 + 12) / 2, after (15 + 11) / 2, change 2.
    assert "both scores</dt><dd>2</dd>" in page
    assert "<dd>11.0 <small>55.0 %</small>" in page and "<dd>13.0 <small>65.0 %</small>" in page
    assert "<dd>+2.0 <small>points · +10.0 % of the maximum</small>" in page
    assert "Improved</dt><dd>1</dd>" in page and "Same</dt><dd>0</dd>" in page
    assert "Worse</dt><dd>1</dd>" in page


def test_the_event_page_shows_the_change_in_knowledge(
    tested: Event, trainer: User, people: list[Registration], client_for: Any
) -> None:
    score(people[0], 10, 16)
    score(people[1], 14, 14)
    page = client_for(trainer).get(tested.get_absolute_url() + "?lang=en").text
    assert "Change in knowledge" in page
    # (10 + 14) / 2 = 12.0 before, (16 + 14) / 2 = 15.0 after: +3.0 points, +15.0 % of 20
    assert "<dd>12.0 <small>60.0 %</small>" in page and "<dd>15.0 <small>75.0 %</small>" in page
    assert "<dd>+3.0 <small>points · +15.0 % of the maximum</small>" in page


def test_a_correction_keeps_the_history(
    tested: Event, trainer: User, people: list[Registration], client_for: Any
) -> None:
    client = client_for(trainer)
    client.post(_save(people[0]), _post(people[0], "10", "15"))
    first = KnowledgeScore.objects.get()
    client.post(_save(people[0]), _post(people[0], "10", "16", version_of(first)))
    assert KnowledgeScore.objects.get().post_score == 16
    assert [h.post_score for h in first.history.order_by("history_date")] == [15, 16]
    assert first.history.first().history_user == trainer


def test_with_htmx_the_row_and_the_event_figures_come_back(
    tested: Event, trainer: User, people: list[Registration], client_for: Any
) -> None:
    response = client_for(trainer).post(
        _save(people[1]), _post(people[1], "8", "14"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    text = response.text
    assert text.lstrip().startswith(f'<li id="p-{people[1].public_id}">')
    assert "Saved" in text and "+6</strong> (+30.0 %)" in text
    assert 'id="knowledge-change"' in text and 'hx-swap-oob="true"' in text
    assert "Zoran" not in text  # only the row


@pytest.mark.parametrize(
    ("pre", "post"), [("21", "5"), ("-1", "5"), ("5", "dvanaest"), ("5", "7.5")]
)
def test_a_score_outside_the_test_is_refused_and_nothing_saved(
    tested: Event,
    trainer: User,
    people: list[Registration],
    client_for: Any,
    pre: str,
    post: str,
) -> None:
    score(people[0], 3, 4)
    page = client_for(trainer).post(_save(people[0]), _post(people[0], pre, post))
    assert page.status_code == 200
    assert "A score is a whole number from 0 to 20." in page.text
    assert f'value="{pre}"' in page.text  # what was typed stays, to be corrected
    saved = KnowledgeScore.objects.get()
    assert (saved.pre_score, saved.post_score) == (3, 4)


def test_two_organisers_do_not_overwrite_each_other(
    tested: Event, trainer: User, people: list[Registration], client_for: Any
) -> None:
    colleague = UserFactory(full_name="Jelena Stojanović")
    MembershipFactory(user=colleague, organisation=tested.organiser, role=Role.ORG_ADMIN)
    # Both opened the list before either saved (version ""); the colleague saves first.
    client_for(colleague).post(_save(people[0]), _post(people[0], "11", "17"))
    page = client_for(trainer).post(_save(people[0]), _post(people[0], "10", "15"))
    assert "Someone else changed this record" in page.text
    assert 'value="17"' in page.text  # the list shows what the colleague saved
    saved = KnowledgeScore.objects.get()
    assert (saved.pre_score, saved.post_score, saved.updated_by) == (11, 17, colleague)


def test_only_confirmed_participants_get_scores(
    tested: Event, trainer: User, client_for: Any
) -> None:
    Event.objects.filter(pk=tested.pk).update(capacity=1)
    register(tested, 1)
    waiting = register(tested, 2)
    page = client_for(trainer).post(_save(waiting), _post(waiting, "5", "6"), follow=True)
    assert "Only confirmed participants have test scores." in page.text
    assert not KnowledgeScore.objects.exists()


def test_an_event_without_a_test_has_no_scores(
    event: Event, trainer: User, client_for: Any
) -> None:
    person = register(event, 1)
    client = client_for(trainer)
    assert "This event has no knowledge test." in client.get(_list(event)).text
    client.post(_save(person), _post(person, "5", "6"))
    assert not KnowledgeScore.objects.exists()


def test_the_list_costs_the_same_for_many_participants(
    tested: Event, trainer: User, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(1, 31):
        score(register(tested, n), n % 20, (n + 3) % 21)
    client = client_for(trainer)
    client.get(_list(tested))  # warm the session and the caches
    with django_assert_max_num_queries(14):
        assert client.get(_list(tested)).status_code == 200


@pytest.mark.parametrize("persona", ["case_worker", "org_admin", "outsider"])
def test_nobody_else_sees_or_enters_scores(
    persona: str, request: Any, tested: Event, people: list[Registration], client_for: Any
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(_list(tested)).status_code == 404
    assert client.post(_save(people[0]), _post(people[0], "5", "6")).status_code == 404
    assert not KnowledgeScore.objects.exists()


def test_the_anonymous_visitor_is_sent_to_sign_in(
    anonymous: Client, tested: Event, people: list[Registration]
) -> None:
    for response in (
        anonymous.get(_list(tested)),
        anonymous.post(_save(people[0]), _post(people[0], "5", "6")),
    ):
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert not KnowledgeScore.objects.exists()


def test_the_maximum_cannot_drop_below_a_score_already_entered(
    tested: Event, trainer: User, people: list[Registration]
) -> None:
    score(people[0], 18, 19)
    organisers = organising_organisations(trainer)

    def form(maximum: str) -> EventForm:
        data = current_data(EventForm(instance=tested, organisers=organisers))
        data["test_max_score"] = maximum
        return EventForm(data, instance=tested, organisers=organisers)

    with translation.override("en"):
        lower = form("15")
        assert not lower.is_valid()
        assert lower.errors["test_max_score"] == [
            "A participant already scored 19: the maximum cannot be lower."
        ]
        removed = form("")
        assert not removed.is_valid() and "keeps its test" in removed.errors["test_max_score"][0]
    assert form("19").is_valid()
