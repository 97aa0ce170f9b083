"""What the cases app adds to person and household pages: their cases and the case timeline."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from putokaz.cases.models import Case, CaseEvent
from putokaz.core.sections import Section, TimelineEntry, add_section, add_timeline_source
from putokaz.people.models import Household, Person


def record_cases(user: Any, record: Person | Household) -> Section:
    """The cases about a person (or their households), or about a household, that ``user`` may open."""
    visible = Case.objects.visible_to(user)
    about = (
        visible.about([record]) if isinstance(record, Person) else visible.filter(household=record)
    )
    cases = about.select_related("organisation", "person", "household")
    return Section(
        title=gettext_lazy("Cases"),
        template="cases/person_cases.html",
        context={"cases": list(cases), "record": record, "is_person": isinstance(record, Person)},
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
