"""What the cases app adds to person and household pages: their cases and the case timeline."""

from collections.abc import Iterable
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from putokaz.cases.models import Case, CaseEvent
from putokaz.core.sections import Section, TimelineEntry, add_section, add_timeline_source
from putokaz.people.models import Household, Person


def record_cases(user: Any, record: Person | Household) -> Section:
    """The cases about a person (or their households), or about a household, that ``user`` may
    open; and the sealed ones of the user's own organisation that they may not: of those,
    only that one exists, its number and where to ask for break-glass access."""
    visible = Case.objects.visible_to(user)
    readable = Q(pk__in=visible.values("pk"))
    shown = Case.objects.filter(
        readable | Q(pk__in=Case.objects.sealed_beyond(user, visible=visible).values("pk"))
    )
    about = shown.about([record]) if isinstance(record, Person) else shown.filter(household=record)
    cases = list(
        about.select_related("organisation", "person", "household").annotate(
            readable=ExpressionWrapper(readable, output_field=BooleanField())
        )
    )
    return Section(
        title=gettext_lazy("Cases"),
        template="cases/person_cases.html",
        context={
            "cases": [case for case in cases if case.readable],
            "sealed": [case for case in cases if not case.readable],
            "record": record,
            "is_person": isinstance(record, Person),
        },
    )


def case_events(user: Any, people: list[Any]) -> Iterable[TimelineEntry]:
    cases = Case.objects.visible_to(user).about(people).values("pk")
    events = (
        CaseEvent.objects.filter(case__in=cases)
        .select_related("case__organisation", "actor")
        .order_by("-at")[:200]
    )
    for event in events:
        yield TimelineEntry(
            when=event.at,
            what=_("Case %(number)s: %(event)s")
            % {"number": event.case.number, "event": event.describe()},
            who=event.actor.full_name if event.actor else "",
            organisation=str(event.case.organisation),
            url=event.case.get_absolute_url(),
        )


add_section("person", record_cases)
add_section("household", record_cases)
add_timeline_source(case_events)
