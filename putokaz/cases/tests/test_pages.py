"""Case pages: who sees them, caseloads, search, the case page and its forms."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from putokaz.audit.models import AccessLog
from putokaz.cases import actions, caseloads
from putokaz.cases.models import Case, CaseNote, DomainRating, LifeDomain, Status
from putokaz.cases.tests.factories import CaseFactory, TaskFactory, pdf_upload
from putokaz.people.tests.factories import PersonFactory, household_of


@pytest.fixture
def case(csw: Organisation, case_worker: User) -> Case:
    person = PersonFactory(organisation=csw, given_name="Dragan", family_name="Đorđević")
    return actions.case_open(
        subject=person,
        organisation=csw,
        case_type="returnee",
        urgency="regular",
        reason="Povratak po readmisiji.",
        acting_user=case_worker,
    )


@pytest.mark.parametrize("persona", ["case_worker", "supervisor", "system_admin"])
def test_assigned_worker_supervisor_and_system_admin_open_the_case(
    case: Case, persona: str, request: Any, client_for: Any
) -> None:
    user = request.getfixturevalue(persona)
    response = client_for(user).get(case.get_absolute_url())
    assert response.status_code == 200
    assert case.number in response.text
    assert AccessLog.objects.filter(actor=user, action="view", object_id=str(case.pk)).exists()


@pytest.mark.parametrize("persona", ["org_admin", "ngo_worker", "outsider"])
def test_nobody_else_learns_the_case_exists(
    case: Case, persona: str, request: Any, client_for: Any
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(case.get_absolute_url()).status_code == 404
    post = client.post(
        reverse("cases:case_move", args=[case.public_id]),
        {"target": "initial_assessment", "expected_status": "intake"},
    )
    assert post.status_code == 404
    case.refresh_from_db()
    assert case.status == Status.INTAKE


def test_an_unassigned_colleague_does_not_see_the_case(
    case: Case, csw: Organisation, client_for: Any
) -> None:
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=csw, role=Role.CASE_WORKER)
    assert client_for(colleague).get(case.get_absolute_url()).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(case: Case, anonymous: Client) -> None:
    for url in (case.get_absolute_url(), reverse("cases:caseload"), reverse("cases:find")):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert "/sign-in/" in response["Location"]


def test_case_worker_moves_the_case_on_from_its_page(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = client_for(case_worker)
    response = client.post(
        reverse("cases:case_move", args=[case.public_id]) + "?lang=en",
        {"target": "initial_assessment", "expected_status": "intake"},
        follow=True,
    )
    assert "The case moved on." in response.text
    case.refresh_from_db()
    assert case.status == Status.INITIAL_ASSESSMENT


def test_a_stale_move_is_refused_with_a_message(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = client_for(case_worker)
    url = reverse("cases:case_move", args=[case.public_id]) + "?lang=en"
    client.post(url, {"target": "initial_assessment", "expected_status": "intake"})
    response = client.post(
        url, {"target": "initial_assessment", "expected_status": "intake"}, follow=True
    )
    assert "moved this case meanwhile" in response.text


def test_opening_a_case_from_the_person_page(
    csw: Organisation, case_worker: User, client_for: Any
) -> None:
    person = PersonFactory(organisation=csw)
    client = client_for(case_worker)
    page = client.get(person.get_absolute_url())
    open_url = reverse("cases:case_open_for_person", args=[person.public_id])
    assert open_url in page.text
    response = client.post(
        open_url, {"case_type": "crisis", "urgency": "immediate", "reason": "Bez smeštaja."}
    )
    case = Case.objects.get(person=person)
    assert response["Location"] == case.get_absolute_url()
    assert case.first_step_due - case.opened_at == datetime.timedelta(hours=24)
    assert case.number in client.get(person.get_absolute_url()).text


def test_a_case_without_a_type_is_not_opened(
    csw: Organisation, case_worker: User, client_for: Any
) -> None:
    person = PersonFactory(organisation=csw)
    response = client_for(case_worker).post(
        reverse("cases:case_open_for_person", args=[person.public_id]) + "?lang=en",
        {"urgency": "regular", "reason": "x"},
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Case.objects.exists()


def test_recording_an_assessment_rates_every_area_of_life(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = client_for(case_worker)
    url = reverse("cases:assessment_new", args=[case.public_id])
    data: dict[str, str] = {"kind": "initial", "assessed_on": "2026-11-20", "summary": ""}
    for domain in LifeDomain.values:
        data[f"{domain}-rating"] = "no_need"
    incomplete = {k: v for k, v in data.items() if k != "housing-rating"}
    assert client.post(url, incomplete).status_code == 200
    assert not DomainRating.objects.exists()
    data["housing-rating"] = "urgent"
    data["housing-notes"] = "Žive u kontejneru."
    client.post(url, data)
    data.update({"kind": "review", "assessed_on": "2026-11-22", "housing-rating": "partly_met"})
    client.post(url, data)
    page = client.get(case.get_absolute_url() + "?lang=en").text
    # Housing went from urgent to partly met: both columns are on the page.
    assert "Žive u kontejneru." in page
    assert page.index("urgent") < page.index("partly met")


def test_confidential_notes_stay_within_the_organisation(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client_for(case_worker).post(
        reverse("cases:note_add", args=[case.public_id]),
        {"text": "Tajna beleška o nasilju u porodici.", "confidential": "on"},
    )
    client_for(case_worker).post(
        reverse("cases:note_add", args=[case.public_id]), {"text": "Dogovoren sastanak."}
    )
    assert CaseNote.objects.filter(confidential=True).count() == 1
    assert "Tajna beleška" in client_for(case_worker).get(case.get_absolute_url()).text
    other_admin = UserFactory(is_staff=True, is_superuser=True)
    MembershipFactory(user=other_admin, organisation=OrganisationFactory(), role=Role.SYSTEM_ADMIN)
    page = client_for(other_admin).get(case.get_absolute_url()).text
    assert "Dogovoren sastanak." in page
    assert "Tajna beleška" not in page


def test_tasks_are_added_and_done(case: Case, case_worker: User, client_for: Any) -> None:
    client = client_for(case_worker)
    client.post(
        reverse("cases:task_add", args=[case.public_id]),
        {"title": "Zakazati lekara", "due_on": "2026-12-01", "assigned_to": case_worker.pk},
    )
    task = case.tasks.get()
    client.post(reverse("cases:task_done", args=[case.public_id, task.pk]))
    task.refresh_from_db()
    assert task.done_by == case_worker


def test_plan_goals_and_actions_name_the_responsible_organisation(
    case: Case, case_worker: User, partner_ngo: Organisation, client_for: Any
) -> None:
    client = client_for(case_worker)
    client.post(
        reverse("cases:goal_add", args=[case.public_id]),
        {"domain": "documents", "description": "Lična karta za sve članove"},
    )
    goal = case.goals.get()
    client.post(
        reverse("cases:plan_action_add", args=[case.public_id]),
        {"goal": goal.pk, "description": "Pratnja u MUP", "organisation": partner_ngo.pk},
    )
    page = client.get(case.get_absolute_url()).text
    assert "Pratnja u MUP" in page
    assert "Novi početak" in page


def test_my_caseload_lists_my_open_cases_only(
    csw: Organisation, case_worker: User, client_for: Any
) -> None:
    mine = CaseFactory(organisation=csw, workers=[case_worker])
    CaseFactory(organisation=csw)  # not assigned to me
    closed = CaseFactory(organisation=csw, workers=[case_worker], status=Status.CLOSED)
    page = client_for(case_worker).get(reverse("cases:caseload") + "?lang=en").text
    assert mine.number in page
    assert closed.number not in page
    assert "1 case" in page


def test_team_caseload_is_the_supervisors_organisation(
    csw: Organisation, supervisor: User, outsider_org: Organisation, client_for: Any
) -> None:
    ours = CaseFactory(organisation=csw)
    theirs = CaseFactory(organisation=outsider_org)
    page = client_for(supervisor).get(reverse("cases:caseload") + "?view=team").text
    assert ours.number in page
    assert theirs.number not in page


def test_overdue_and_due_this_week(csw: Organisation, supervisor: User, client_for: Any) -> None:
    now = timezone.now()
    late_first_step = CaseFactory(
        organisation=csw, first_step_due=now - datetime.timedelta(hours=1)
    )
    late_review = CaseFactory(
        organisation=csw,
        first_step_done_at=now,
        next_review_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    with_late_task = CaseFactory(organisation=csw, first_step_done_at=now)
    TaskFactory(case=with_late_task, due_on=timezone.localdate() - datetime.timedelta(days=2))
    on_time = CaseFactory(organisation=csw, first_step_due=now + datetime.timedelta(days=30))
    client = client_for(supervisor)
    overdue = client.get(reverse("cases:caseload") + "?view=overdue&lang=en").text
    for case in (late_first_step, late_review, with_late_task):
        assert case.number in overdue
    assert on_time.number not in overdue
    assert "overdue" in overdue


def test_due_this_week_follows_local_days_for_the_first_step(
    csw: Organisation, supervisor: User
) -> None:
    # Monday 14 December 2026 to Sunday the 20th, in Belgrade's time (UTC+1 in winter).
    belgrade = ZoneInfo("Europe/Belgrade")
    monday, sunday = datetime.date(2026, 12, 14), datetime.date(2026, 12, 20)
    due = {
        "sunday before, 23:59": datetime.datetime(2026, 12, 13, 23, 59, tzinfo=belgrade),
        "monday, 00:00": datetime.datetime(2026, 12, 14, 0, 0, tzinfo=belgrade),
        "sunday, 23:59": datetime.datetime(2026, 12, 20, 23, 59, tzinfo=belgrade),
        "monday after, 00:00": datetime.datetime(2026, 12, 21, 0, 0, tzinfo=belgrade),
    }
    numbers = {
        label: CaseFactory(organisation=csw, first_step_due=at).number for label, at in due.items()
    }
    CaseFactory(
        organisation=csw, first_step_due=due["monday, 00:00"], first_step_done_at=timezone.now()
    )
    found = {c.number for c in Case.objects.visible_to(supervisor).due_between(monday, sunday)}
    assert found == {numbers["monday, 00:00"], numbers["sunday, 23:59"]}


def test_caseload_pages_in_deadline_order(csw: Organisation, supervisor: User) -> None:
    now = timezone.now()
    numbers = [
        CaseFactory(organisation=csw, first_step_due=now + datetime.timedelta(days=days)).number
        for days in (3, 1, 5, 2, 4)
    ]
    in_order = [numbers[i] for i in (1, 3, 0, 4, 2)]
    team = caseloads.caseload(supervisor, "team")

    def page(number: Any) -> tuple[int, int, list[str]]:
        found = caseloads.page_of(team, number, size=2)
        return found.number, found.paginator.count, [c.number for c in found]

    assert page(None) == (1, 5, in_order[:2])
    assert page("2") == (2, 5, in_order[2:4])
    assert page(3) == (3, 5, in_order[4:])
    # As Paginator.get_page: not a number, the first page; past the end or below 1, the last.
    assert page("x") == page("2.5") == (1, 5, in_order[:2])
    assert page("9") == page("0") == page("-1") == (3, 5, in_order[4:])
    assert caseloads.page_of(team, 3, size=2).has_previous()
    assert not caseloads.page_of(team, 3, size=2).has_next()
    empty = caseloads.page_of(team.filter(case_type="crisis"), "4", size=2)
    assert (empty.number, empty.paginator.count, list(empty)) == (1, 0, [])


def test_caseload_filters(csw: Organisation, supervisor: User, client_for: Any) -> None:
    crisis = CaseFactory(organisation=csw, case_type="crisis")
    returnee = CaseFactory(organisation=csw, case_type="returnee")
    page = (
        client_for(supervisor).get(reverse("cases:caseload") + "?view=team&case_type=crisis").text
    )
    assert crisis.number in page
    assert returnee.number not in page


def test_caseload_query_count_does_not_grow_with_cases(
    csw: Organisation, supervisor: User, client_for: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(supervisor)
    url = reverse("cases:caseload") + "?view=team"
    CaseFactory(organisation=csw)
    client.get(url)
    for _ in range(5):
        CaseFactory(organisation=csw)
        CaseFactory(
            organisation=csw,
            person=None,
            household=household_of(
                PersonFactory(organisation=csw), (PersonFactory(organisation=csw), "child")
            ),
        )
    with django_assert_num_queries(QUERIES_CASELOAD):
        client.get(url)


# The page's case ids in deadline order with the caseload's size, then those cases with their
# people (caseloads.page_of).
QUERIES_CASELOAD = 13


def test_case_page_query_count_is_pinned(
    case: Case, case_worker: User, client_for: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(case_worker)
    for text in ("a", "b", "c"):
        actions.note_add(case=case, text=text, confidential=False, acting_user=case_worker)
        actions.task_add(
            case=case,
            title=text,
            due_on=timezone.localdate(),
            assigned_to=case_worker,
            acting_user=case_worker,
        )
        goal = actions.goal_add(
            case=case, domain="health", description=text, acting_user=case_worker
        )
        actions.plan_action_add(
            goal=goal,
            description=text,
            organisation=case.organisation,
            service=None,
            due_on=None,
            acting_user=case_worker,
        )
        upload = pdf_upload()
        actions.attachment_add(
            case=case,
            title=text,
            upload=upload,
            kind=actions.uploads.check_upload(upload),
            confidential=False,
            acting_user=case_worker,
        )
    with django_assert_num_queries(QUERIES_CASE_PAGE):
        client.get(case.get_absolute_url())


QUERIES_CASE_PAGE = 29


def test_find_by_name_in_either_script_jmbg_or_case_number(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = client_for(case_worker)
    for query in ("Ђорђевић", "djordjevic dragan", "dord"):
        page = client.get(reverse("cases:find"), {"q": query}).text
        assert "Dragan Đorđević" in page, query
        assert case.number in page
    response = client.get(reverse("cases:find"), {"q": case.number})
    assert response["Location"] == case.get_absolute_url()


def test_find_shows_only_what_the_user_may_see(case: Case, outsider: User, client_for: Any) -> None:
    page = client_for(outsider).get(reverse("cases:find"), {"q": "Đorđević"}).text
    assert "Dragan" not in page
    response = client_for(outsider).get(reverse("cases:find"), {"q": case.number})
    assert response.status_code == 200


def test_household_timeline_shows_its_cases(
    csw: Organisation, case_worker: User, client_for: Any
) -> None:
    household = household_of(
        PersonFactory(organisation=csw), (PersonFactory(organisation=csw), "child")
    )
    case = actions.case_open(
        subject=household,
        organisation=csw,
        case_type="returnee",
        urgency="regular",
        reason="",
        acting_user=case_worker,
    )
    page = client_for(case_worker).get(household.get_absolute_url() + "?lang=en").text
    assert f"Case {case.number}: opened" in page
