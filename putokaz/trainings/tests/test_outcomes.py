"""The figures of what events achieved, checked against numbers worked out by hand."""

from decimal import Decimal
from typing import Any

import pytest

from putokaz.trainings.models import Event, Registration
from putokaz.trainings.outcomes import (
    KnowledgeChange,
    feedback_summary,
    knowledge_change,
    score_change,
)
from putokaz.trainings.tests.factories import (
    EventFactory,
    FeedbackResponseFactory,
    SessionFactory,
    register,
    score,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tested(event: Event) -> Event:
    """The round table with a test of 20 points and six participants, four with both scores."""
    Event.objects.filter(pk=event.pk).update(test_max_score=20)
    event.refresh_from_db()
    for n, (pre, post) in enumerate([(10, 15), (12, 12), (8, 14), (16, 14), (9, None)], 1):
        score(register(event, n), pre, post)
    register(event, 6)  # took no test
    return event


def test_knowledge_change_counts_only_those_with_both_scores(
    tested: Event, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        change = knowledge_change(tested.registrations.all())
    # pre 10+12+8+16 = 46 / 4 = 11.5; post 15+12+14+14 = 55 / 4 = 13.75; change 9 / 4 = 2.25
    assert change == KnowledgeChange(
        participants=4,
        mean_pre=Decimal("11.5"),
        mean_post=Decimal("13.8"),
        mean_change=Decimal("2.3"),
        mean_pre_percent=Decimal("57.5"),
        mean_post_percent=Decimal("68.8"),
        mean_change_percent=Decimal("11.3"),
        improved=2,
        same=1,
        worse=1,
    )


def test_knowledge_change_over_events_with_tests_of_different_length(
    tested: Event, trainer: Any
) -> None:
    other = EventFactory(organiser=tested.organiser, created_by=trainer, test_max_score=10)
    SessionFactory(event=other)
    score(register(other, 1), 5, 8)
    untested = EventFactory(organiser=tested.organiser, created_by=trainer)
    SessionFactory(event=untested)
    score(register(untested, 1), 1, 2)  # an event without a test does not count
    change = knowledge_change(Registration.objects.all())
    assert change.participants == 5
    # points: pre 51 / 5, post 63 / 5; percent: pre (50+60+40+80+50) / 5, post (75+60+70+70+80) / 5
    assert (change.mean_pre, change.mean_post, change.mean_change) == (
        Decimal("10.2"),
        Decimal("12.6"),
        Decimal("2.4"),
    )
    assert (change.mean_pre_percent, change.mean_post_percent, change.mean_change_percent) == (
        Decimal("56.0"),
        Decimal("71.0"),
        Decimal("15.0"),
    )
    assert (change.improved, change.same, change.worse) == (3, 1, 1)


def test_knowledge_change_with_nobody_tested_is_empty(event: Event) -> None:
    register(event, 1)
    assert knowledge_change(event.registrations.all()) == KnowledgeChange()


def test_score_change_of_one_participant() -> None:
    change = score_change(8, 14, 20)
    assert change is not None and (change.points, change.percent) == (6, Decimal("30.0"))
    worse = score_change(16, 14, 30)
    assert worse is not None and (worse.points, worse.percent) == (-2, Decimal("-6.7"))
    assert score_change(8, None, 20) is None


def test_feedback_summary_averages_distributions_and_comments(
    event: Event, django_assert_num_queries: Any
) -> None:
    FeedbackResponseFactory(event=event, content=5, overall=5, most_useful="Primeri iz prakse")
    FeedbackResponseFactory(event=event, content=4, overall=3, suggestions="Više vremena")
    FeedbackResponseFactory(event=event, content=4, overall=4)
    FeedbackResponseFactory(content=1, overall=1)  # another event's
    with django_assert_num_queries(2):
        summary = feedback_summary(Event.objects.filter(pk=event.pk))
    assert summary.responses == 3 and summary.shown
    by_question = {q.question: q for q in summary.questions}
    assert list(by_question) == ["content", "trainers", "organisation", "usefulness", "overall"]
    content = by_question["content"]
    assert (content.count, content.average) == (3, Decimal("4.33"))  # 13 / 3
    assert content.distribution == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    assert content.bars()[:2] == [(5, 1, 33), (4, 2, 67)]
    assert by_question["overall"].average == Decimal("4.00")
    assert by_question["trainers"].distribution[4] == 3
    assert sorted((c.most_useful, c.suggestions) for c in summary.comments) == [
        ("", "Više vremena"),
        ("Primeri iz prakse", ""),
    ]


def test_feedback_summary_without_answers(event: Event) -> None:
    summary = feedback_summary(Event.objects.filter(pk=event.pk))
    assert summary.responses == 0 and not summary.shown
    assert [q.average for q in summary.questions] == [None] * 5
    assert summary.comments == []
