"""The caseloads (mine, my team's, overdue, due this week) and their filters, for the
caseload pages and the API alike."""

import datetime
from typing import Any

from django.db.models import Min, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from putokaz.cases.models import Case, CaseQuerySet
from putokaz.people.models import HouseholdMember, Person

CASELOADS = {
    "mine": gettext_lazy("My cases"),
    "team": gettext_lazy("My team's cases"),
    "overdue": gettext_lazy("Overdue"),
    "week": gettext_lazy("Due this week"),
}


def caseload(user: Any, name: str) -> CaseQuerySet:
    """The cases of the caseload ``name`` that ``user`` may see (unknown names: their own)."""
    visible = Case.objects.visible_to(user)
    today = timezone.localdate()
    if name == "team":
        return visible.supervised_by(user).open()
    if name == "overdue":
        return visible.overdue()
    if name == "week":
        return visible.due_between(today, today + datetime.timedelta(days=6 - today.weekday()))
    return visible.assigned_to(user).open()


def search_cases(cases: CaseQuerySet, query: str) -> CaseQuerySet:
    """The ``cases`` with this number or about people whose names match ``query`` (about
    one of them, or about a household one of them now lives in)."""
    # The rule of Case.objects.about, as conditions the indexes on the case's person,
    # household and number serve each (no scan of every case and its household).
    people = Person.objects.search(query).values("pk")
    households = HouseholdMember.objects.current().filter(person__in=people)
    return cases.filter(
        Q(number=query.strip())
        | Q(person__in=people)
        | Q(household__in=households.values("household_id"))
    )


def filtered(cases: CaseQuerySet, data: dict[str, Any]) -> CaseQuerySet:
    """``cases`` narrowed by the cleaned data of a :class:`CaseloadFilterForm`."""
    if data.get("q"):
        cases = search_cases(cases, data["q"])
    for field in ("case_type", "urgency", "status"):
        if data.get(field):
            cases = cases.filter(**{field: data[field]})
    if place := data.get("municipality"):
        cases = cases.filter(Q(person__municipality=place) | Q(household__municipality=place))
    return cases


def with_subjects(cases: CaseQuerySet) -> CaseQuerySet:
    """Cases with what their lists show, in a fixed number of queries."""
    return (
        cases.select_related("person", "household", "organisation")
        .prefetch_related(
            Prefetch(
                "household__members", queryset=HouseholdMember.objects.select_related("person")
            )
        )
        .annotate(next_task_due=Min("tasks__due_on", filter=Q(tasks__done_at__isnull=True)))
    )
