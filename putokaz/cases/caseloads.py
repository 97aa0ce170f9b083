"""The caseloads (mine, my team's, overdue, due this week) and their filters, for the
caseload pages and the API alike.

The queries are written so that the indexes lead on SQLite and PostgreSQL alike with a
million people and hundreds of thousands of cases (``benchmarks/casework.py``): sets are
"pk IN (…)" of an indexed subquery, and alternatives a UNION of them, rather than a
correlated EXISTS or an OR of subqueries, which both databases can only test case by case.
"""

import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy

from putokaz.cases.models import (
    Case,
    CaseAssignment,
    CaseQuerySet,
    CaseTask,
    visible_case_organisations,
)
from putokaz.people.models import HouseholdMember, person_ids_matching, person_matches

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
    # The cases of CaseQuerySet.assigned_to, as "pk IN (the user's assignments)".
    return visible.filter(pk__in=_assignments(user)).open()


def _assignments(user: Any) -> QuerySet[CaseAssignment, Any]:
    return CaseAssignment.objects.filter(user=user, ended_at__isnull=True).values("case_id")


def search_cases(cases: CaseQuerySet, query: str, *, user: Any = None) -> CaseQuerySet:
    """The ``cases`` with this number or about people whose names match ``query`` (about
    one of them, or about a household one of them now lives in), collected from the name
    index: for searching everything the user may see.

    ``user``: the one searching, whose visible cases ``cases`` are among; the names are
    then looked up among the keys of their cases' organisations only (an organisation
    has the keys of everyone its cases are about: ``refresh_organisation_name_keys``), with
    the same result."""
    organisations = None
    if user is not None:
        if not user.is_authenticated or not user.is_active:
            return cases.none()
        organisations = visible_case_organisations(user)
    # The rule of Case.objects.about, as one index-led set per alternative.
    people = person_ids_matching(query, organisations)
    households = HouseholdMember.objects.current().filter(person__in=people)
    about = (
        Case.objects.filter(number=query.strip())
        .values("pk")
        .order_by()
        .union(
            Case.objects.filter(person__in=people).values("pk").order_by(),
            Case.objects.filter(household__in=households.values("household_id"))
            .values("pk")
            .order_by(),
        )
    )
    return cases.filter(pk__in=about)


def matching(query: str) -> Q:
    """The same rule as :func:`search_cases`, tested case by case: for a system
    administrator's caseload, which an index has already narrowed to their cases
    (collecting everyone named Jovanović in the country first would take longer)."""
    members = HouseholdMember.objects.current().filter(household_id=OuterRef("household_id"))
    return (
        Q(number=query.strip())
        | person_matches(query, OuterRef("person_id"))
        | Q(Exists(members.filter(person_matches(query, OuterRef("person_id")))))
    )


def filtered(cases: CaseQuerySet, data: dict[str, Any], *, user: Any = None) -> CaseQuerySet:
    """``cases`` narrowed by the cleaned data of a :class:`CaseloadFilterForm`; ``user``:
    the one whose caseload ``cases`` is (see :func:`search_cases`)."""
    if data.get("q"):
        if user is None or visible_case_organisations(user) is None:
            cases = cases.filter(matching(data["q"]))
        else:
            # From the names of the user's organisations' people: a few hundred Jovanovićs
            # of a centre, sooner collected than a team's thousands of cases tested.
            cases = search_cases(cases, data["q"], user=user)
    for field in ("case_type", "urgency", "status"):
        if data.get(field):
            cases = cases.filter(**{field: data[field]})
    if place := data.get("municipality"):
        cases = cases.filter(Q(person__municipality=place) | Q(household__municipality=place))
    return cases


def with_subjects(cases: CaseQuerySet) -> CaseQuerySet:
    """Cases with what their lists show, in a fixed number of queries."""
    open_tasks = CaseTask.objects.filter(case=OuterRef("pk"), done_at__isnull=True)
    return (
        cases.select_related("person", "household", "organisation")
        .prefetch_related(
            Prefetch(
                "household__members", queryset=HouseholdMember.objects.select_related("person")
            )
        )
        # The earliest open task's date, read from the index on (case, done_at, due_on) for
        # the rows shown only: an aggregate would group every case of the list (and count).
        .annotate(next_task_due=Subquery(open_tasks.order_by("due_on").values("due_on")[:1]))
    )


def page_of(cases: CaseQuerySet, number: Any, *, size: int) -> Page[Case]:
    """Page ``number`` of ``cases`` in the order of their deadlines, with what lists show
    (a number that is no page gives the first page, one past the end the last, as
    :meth:`Paginator.get_page` does).

    The order is read from the cases alone, then only the page's cases are fetched with
    their people: sorting a whole caseload with its people joined takes longer than the
    page (a centre's supervisor sees thousands of open cases). The page's ids come with
    the size of the whole caseload (a window count), so that a caseload whose cases are
    tested one by one (overdue, due this week, by name) is tested once, not once more to
    be counted.
    """
    # By an expression equal to the (never empty) column, not the column: for the overdue
    # and this week's cases, where no index leads to the user's cases, both databases would
    # otherwise walk the whole index on first_step_due, fetching case after case, to find
    # the few that are late; sorting the cases found is several times faster.
    deadline = Coalesce("first_step_due", "first_step_due")
    ordered = (
        cases.order_by(deadline, "pk")
        .annotate(total=Window(Count("pk")))
        .values_list("pk", "total")
    )
    wanted = _page_number(number)
    rows = list(ordered[(wanted - 1) * size : wanted * size]) if wanted else []
    current = wanted or 0
    if not rows and current != 1:
        current = max(1, -(-cases.count() // size))  # the last page
        rows = list(ordered[(current - 1) * size : current * size])
    # Counted by the window: the paginator needs only the number.
    paginator: Paginator[Any] = Paginator(range(rows[0][1] if rows else 0), size)
    ids = [pk for pk, _ in rows]
    shown = {case.pk: case for case in with_subjects(cases.filter(pk__in=ids))}
    # A case gone from the caseload between the two queries is left out.
    return Page([shown[pk] for pk in ids if pk in shown], current, paginator)


def _page_number(number: Any) -> int | None:
    """The page asked for: 1 when ``number`` is none, None for the last (below 1)."""
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        return 1
    return wanted if wanted >= 1 else None
