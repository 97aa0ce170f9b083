"""What events achieved, as numbers: the change in knowledge (pre- and post-test scores) and
the participants' feedback. Used by the event's page and by the network's reports.

Both take querysets already scoped by the caller's permissions and return plain frozen
dataclasses, so that a page, a CSV export or a chart reads the same figures.

``knowledge_change(registrations) -> KnowledgeChange``
    Over the registrations that have BOTH scores (a participant who missed one of the
    tests is left out, not counted as zero): ``participants``; ``mean_pre``,
    ``mean_post`` and ``mean_change`` in points; ``mean_pre_percent``,
    ``mean_post_percent`` and ``mean_change_percent`` as percentages of each event's
    maximum score (so events with tests of different length can be put together);
    ``improved``, ``same`` and ``worse`` (how many scored higher, equal, lower after).
    Means are None when nobody has both scores. Registrations of events without a test
    are ignored. One query.

``score_change(pre, post, maximum) -> ScoreChange | None``
    One participant's change in points and in percent of the maximum; None unless both
    scores are in.

``feedback_summary(events) -> FeedbackSummary``
    Over every answer to the feedback survey of ``events`` (a queryset of events):
    ``responses`` (how many answered); ``questions``, one :class:`QuestionSummary` per
    :class:`~putokaz.trainings.models.FeedbackQuestion` in its order, with ``average``
    (None with no answers), ``count`` and ``distribution`` (rating 1–5 → how many gave
    it, every rating present); ``comments``, the non-empty free answers as
    :class:`FeedbackComment` (``event_id``, ``most_useful``, ``suggestions``), without
    names — they have none. Two queries.

``MIN_FEEDBACK_RESPONSES``
    Below this many answers an event's page shows only how many answered: with two
    answers, a participant could tell the other's.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.functional import Promise

from putokaz.trainings.models import (
    RATINGS,
    Event,
    FeedbackQuestion,
    FeedbackResponse,
    KnowledgeScore,
    Registration,
)

MIN_FEEDBACK_RESPONSES = 3


def _round(value: float | Decimal | None, places: int = 1) -> Decimal | None:
    if value is None:
        return None
    step = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ScoreChange:
    points: int
    percent: Decimal  # of the test's maximum score, one decimal


def score_change(pre: int | None, post: int | None, maximum: int | None) -> ScoreChange | None:
    """The change from ``pre`` to ``post`` in points and in percent of ``maximum``."""
    if pre is None or post is None or not maximum:
        return None
    points = post - pre
    return ScoreChange(points=points, percent=_round(Decimal(points) * 100 / maximum))  # type: ignore[arg-type]


@dataclass(frozen=True)
class KnowledgeChange:
    participants: int = 0
    mean_pre: Decimal | None = None
    mean_post: Decimal | None = None
    mean_change: Decimal | None = None
    mean_pre_percent: Decimal | None = None
    mean_post_percent: Decimal | None = None
    mean_change_percent: Decimal | None = None
    improved: int = 0
    same: int = 0
    worse: int = 0


def knowledge_change(registrations: QuerySet[Registration]) -> KnowledgeChange:
    """The change in knowledge of ``registrations`` that have both scores (see the module)."""
    # Filtered on NULL above: every value is an int.
    rows = cast(
        list[tuple[int, int, int]],
        list(
            KnowledgeScore.objects.filter(
                registration__in=registrations,
                pre_score__isnull=False,
                post_score__isnull=False,
                registration__event__test_max_score__isnull=False,
            ).values_list("pre_score", "post_score", "registration__event__test_max_score")
        ),
    )
    if not rows:
        return KnowledgeChange()
    n = len(rows)
    zero = Decimal(0)
    pre = sum((Decimal(r[0]) for r in rows), zero) / n
    post = sum((Decimal(r[1]) for r in rows), zero) / n
    pre_percent = sum((Decimal(r[0]) * 100 / r[2] for r in rows), zero) / n
    post_percent = sum((Decimal(r[1]) * 100 / r[2] for r in rows), zero) / n
    return KnowledgeChange(
        participants=n,
        mean_pre=_round(pre),
        mean_post=_round(post),
        mean_change=_round(post - pre),
        mean_pre_percent=_round(pre_percent),
        mean_post_percent=_round(post_percent),
        mean_change_percent=_round(post_percent - pre_percent),
        improved=sum(1 for r in rows if r[1] > r[0]),
        same=sum(1 for r in rows if r[1] == r[0]),
        worse=sum(1 for r in rows if r[1] < r[0]),
    )


@dataclass(frozen=True)
class QuestionSummary:
    question: str
    label: str | Promise
    count: int
    average: Decimal | None
    distribution: Mapping[int, int] = field(default_factory=dict)

    def bars(self) -> list[tuple[int, int, int]]:
        """(rating, how many, percent of the answers) from 5 down to 1, for a bar chart."""
        return [
            (rating, self.distribution.get(rating, 0), self.percent(rating))
            for rating in reversed(RATINGS)
        ]

    def percent(self, rating: int) -> int:
        if not self.count:
            return 0
        return round(self.distribution.get(rating, 0) * 100 / self.count)


@dataclass(frozen=True)
class FeedbackComment:
    event_id: int
    most_useful: str
    suggestions: str


@dataclass(frozen=True)
class FeedbackSummary:
    responses: int = 0
    questions: list[QuestionSummary] = field(default_factory=list)
    comments: list[FeedbackComment] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        """Enough answers to show them without telling whose they are."""
        return self.responses >= MIN_FEEDBACK_RESPONSES


def feedback_summary(events: QuerySet[Event]) -> FeedbackSummary:
    """Averages, distributions and comments of the feedback to ``events`` (see the module)."""
    answers = FeedbackResponse.objects.filter(event__in=events)
    aggregates: dict[str, Any] = {"responses": Count("pk")}
    for question in FeedbackQuestion.values:
        aggregates[f"{question}_avg"] = Avg(question)
        for rating in RATINGS:
            aggregates[f"{question}_{rating}"] = Count("pk", filter=Q(**{question: rating}))
    totals = answers.aggregate(**aggregates)
    responses = totals["responses"] or 0
    if not responses:
        return FeedbackSummary(
            questions=[
                QuestionSummary(q.value, q.label, 0, None, dict.fromkeys(RATINGS, 0))
                for q in FeedbackQuestion
            ]
        )
    questions = [
        QuestionSummary(
            question=q.value,
            label=q.label,
            count=responses,
            average=_round(totals[f"{q.value}_avg"], 2),
            distribution={rating: totals[f"{q.value}_{rating}"] for rating in RATINGS},
        )
        for q in FeedbackQuestion
    ]
    comments = [
        FeedbackComment(event_id=event_id, most_useful=useful, suggestions=better)
        for event_id, useful, better in answers.exclude(most_useful="", suggestions="")
        .order_by("event_id", "submitted_on", "most_useful", "suggestions")
        .values_list("event_id", "most_useful", "suggestions")
    ]
    return FeedbackSummary(responses=responses, questions=questions, comments=comments)
