"""The immediate risk assessment at intake: a short checklist whose answers suggest the case's
urgency. Any red flag suggests 'immediate' (intervention within 24 hours); any concern
without a red flag suggests 'urgent'; none suggests 'regular'. The worker decides; a lower
urgency than the one suggested needs a reason, kept with the report.

The questions are common safety factors (danger now, injuries, the perpetrator's access,
no protective adult); the checklist is this application's own, not a published instrument.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from putokaz.cases.models import Urgency


@dataclass(frozen=True)
class Question:
    id: str
    text: str | Promise
    red_flag: bool


QUESTIONS: tuple[Question, ...] = (
    Question("in_danger", _("The child is in immediate danger now"), red_flag=True),
    Question("injuries", _("The child has injuries or needs medical care"), red_flag=True),
    Question(
        "perpetrator_access",
        _("The alleged perpetrator has access to the child now"),
        red_flag=True,
    ),
    Question(
        "no_protective_adult",
        _("No adult is able and willing to protect the child"),
        red_flag=True,
    ),
    Question("recent_sexual_abuse", _("Sexual abuse within the last 72 hours"), red_flag=True),
    Question("afraid_to_go_home", _("The child is afraid to go home"), red_flag=True),
    Question("earlier_reports", _("Earlier reports or signs of abuse or neglect"), red_flag=False),
    Question(
        "very_young_or_disabled",
        _("The child is under three years old or has a disability"),
        red_flag=False,
    ),
    Question(
        "caregiver_impaired",
        _("A caregiver's substance misuse or mental illness affects the care"),
        red_flag=False,
    ),
    Question("violence_at_home", _("Violence between the adults at home"), red_flag=False),
)

BY_ID = {question.id: question for question in QUESTIONS}

# From the most to the least urgent: how a lower choice than the suggested one is found.
ORDER = (Urgency.IMMEDIATE, Urgency.URGENT, Urgency.REGULAR)

RULE = (
    _("Any red flag: immediate (intervention within 24 hours)."),
    _("Any other concern: urgent (initial assessment within 72 hours)."),
    _("None: regular (within 5 working days)."),
    _("The worker decides; a lower urgency than the one suggested needs a reason."),
)


def suggest(answers: list[str]) -> str:
    """The urgency the ticked ``answers`` (question ids) suggest."""
    ticked = [BY_ID[answer] for answer in answers if answer in BY_ID]
    if any(question.red_flag for question in ticked):
        return Urgency.IMMEDIATE
    if ticked:
        return Urgency.URGENT
    return Urgency.REGULAR


def is_lower(chosen: str, suggested: str) -> bool:
    return ORDER.index(Urgency(chosen)) > ORDER.index(Urgency(suggested))


def red_flags(answers: list[str]) -> list[Question]:
    return [BY_ID[a] for a in answers if a in BY_ID and BY_ID[a].red_flag]
