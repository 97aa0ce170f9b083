"""The trainings' report: participants by municipality, kind of organisation, profession and
sex, the municipalities of a region reached, a line per event, CSV/XLSX downloads in the
access log — and each reader sees the events they may: all for analysts and system
administrators, their own organisation's for organisers, nothing for anyone else."""

import datetime
import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog, Action
from putokaz.directory.tests.factories import municipality
from putokaz.geo.models import District, Municipality
from putokaz.trainings import actions
from putokaz.trainings.models import Attendance, Event, Kind, Registration
from putokaz.trainings.reports import Criteria, reportable_events
from putokaz.trainings.reports import training_report as build_report
from putokaz.trainings.tests.factories import (
    EventFactory,
    FeedbackResponseFactory,
    SessionFactory,
    in_days,
    register,
    score,
)

pytestmark = pytest.mark.django_db

URL = reverse("trainings:report")
# The session and the user, their roles, the page's header; the form's choices; the events,
# the participants in one pass, the places and the districts; the knowledge test's scores
# and the feedback's averages.
QUERIES = 17
PERIOD = {"start": in_days(-30).isoformat(), "end": in_days(60).isoformat()}


def training_report(user: User, criteria: Criteria) -> Any:
    return build_report(reportable_events(user), criteria)


def _criteria(**fields: Any) -> Criteria:
    return Criteria(start=in_days(-30), end=in_days(60), **fields)


def municipality_in(name: str, city: str) -> Municipality:
    return Municipality.objects.get(name_sr_latn=name, parent__name_sr_latn=city)


def _belgrade() -> District:
    return District.objects.get(code="D00")


@pytest.fixture(autouse=True)
def _in_english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def analyst(csw: Organisation) -> User:
    user = UserFactory(full_name="Dragana Nikolić")
    MembershipFactory(user=user, organisation=csw, role=Role.ANALYST)
    return user


@pytest.fixture
def events(event: Event, trainer: User, outsider_org: Organisation, outsider: User) -> dict:
    """The training centre's round table (two sessions, 4 points, four places):

    1 Zemun, CSW, social worker, female — at both sessions, certificate
    2 Zemun, civil society, psychologist, male — at one session
    3 Novi Beograd, CSW, social worker, female — did not come
    4 Medijana (Niš), other public, lawyer, sex not given — did not come
    5 waits for a place; 6 waited and cancelled (neither is a participant)

    The outsider's workshop: one participant from Zemun, the same person as 1 (her address),
    who came. And a round table of last year, outside the period.
    """
    Event.objects.filter(pk=event.pk).update(
        cpd_points=4, capacity=4, protection_topics=["unaccompanied_children"]
    )
    event.refresh_from_db()
    SessionFactory(event=event, title_sr_latn="Druga sesija")
    zemun, novi_beograd = municipality("Zemun"), municipality("Novi Beograd")
    first = register(event, 1, place=zemun, sex="female")
    second = register(
        event,
        2,
        place=zemun,
        organisation_kind=Organisation.Kind.CIVIL,
        profession="psychologist",
        sex="male",
    )
    register(event, 3, place=novi_beograd, sex="female")
    register(
        event,
        4,
        place=municipality("Medijana"),
        organisation_kind=Organisation.Kind.PUBLIC,
        profession="lawyer",
        sex="",
    )
    waiting = register(event, 5)
    cancelled = register(event, 6)
    assert waiting.status == cancelled.status == Registration.Status.WAITING
    actions.registration_cancel(registration=cancelled)
    sessions = list(event.sessions.all())
    for session in sessions:
        Attendance.objects.create(session=session, registration=first, checked_by=trainer)
    Attendance.objects.create(session=sessions[0], registration=second, checked_by=trainer)
    actions.certificates_issue(event=event, acting_user=trainer)

    workshop = EventFactory(
        organiser=outsider_org, created_by=outsider, kind=Kind.WORKSHOP, starts_on=in_days(20)
    )
    SessionFactory(event=workshop)
    again = register(workshop, 1, place=zemun, sex="female")
    Attendance.objects.create(
        session=workshop.sessions.get(), registration=again, checked_by=outsider
    )
    old = EventFactory(organiser=event.organiser, starts_on=in_days(-400))
    SessionFactory(event=old)
    register(old, 7, place=zemun, source=Registration.Source.ORGANISER, acting_user=trainer)
    return {"round_table": event, "workshop": workshop, "old": old}


def _lines(breakdown: Any) -> dict[str, tuple[int, int]]:
    return {line.label: (line.confirmed, line.attended) for line in breakdown.lines}


def test_the_report_counts_participants_by_municipality_kind_profession_and_sex(
    events: dict, analyst: User
) -> None:
    report = training_report(analyst, _criteria())
    totals = report.totals
    assert (totals.events, totals.confirmed, totals.attended, totals.waiting) == (2, 5, 3, 1)
    assert (totals.people, totals.certificates, totals.points, totals.municipalities) == (
        4,
        1,
        4,
        3,
    )
    assert _lines(report.by_municipality) == {
        "Zemun": (3, 3),
        "Novi Beograd": (1, 0),
        "Medijana": (1, 0),
    }
    assert _lines(report.by_organisation_kind) == {
        "Center for Social Welfare": (3, 2),
        "other public institution": (1, 0),
        "civil-society organisation": (1, 1),
    }
    assert _lines(report.by_profession) == {
        "social worker": (3, 2),
        "psychologist": (1, 1),
        "lawyer": (1, 0),
    }
    assert _lines(report.by_sex) == {"female": (3, 2), "male": (1, 1), "not given": (1, 0)}
    # Bars: the largest line fills the width; its share of all the participants beside it.
    zemun, confirmed_bar, attended_bar, share = report.by_municipality.bars()[0]
    assert zemun.label.startswith("Zemun")
    assert (confirmed_bar, attended_bar, share) == (100, 100, 60)
    round_table, workshop = report.events
    assert round_table.event == events["round_table"]
    assert (
        round_table.confirmed,
        round_table.waiting,
        round_table.attended,
        round_table.certificates,
        len(round_table.municipalities),
    ) == (4, 1, 2, 1, 3)
    assert (workshop.confirmed, workshop.attended, len(workshop.municipalities)) == (1, 1, 1)


def test_the_coverage_of_a_region_says_which_municipalities_were_reached(
    events: dict, analyst: User
) -> None:
    report = training_report(analyst, _criteria(region=_belgrade()))
    coverage = report.coverage
    assert coverage is not None
    assert (coverage.reached, coverage.total, coverage.attended, coverage.city_only) == (
        2,
        17,
        1,
        0,
    )
    reached = {place.name: place.confirmed for place in coverage.places if place.reached}
    assert reached == {"Novi Beograd": 1, "Zemun": 3}
    assert "Surčin" in {place.name for place in coverage.not_reached()}
    assert "Beograd" not in {place.name for place in coverage.places}  # the city is its 17
    # The region keeps the participants who work in it: Medijana (Niš) is left out.
    assert report.totals.confirmed == 4
    assert "Medijana" not in _lines(report.by_municipality)


def test_without_a_region_coverage_is_given_per_district(events: dict, analyst: User) -> None:
    report = training_report(analyst, _criteria())
    assert report.coverage is None
    assert [(c.region.code, c.reached, c.total) for c in report.districts] == [
        ("D00", 2, 17),
        ("D20", 1, 11),  # Niš by its five city municipalities, and six others
    ]


def test_a_participant_who_gave_only_the_city_is_counted_apart(event: Event, analyst: User) -> None:
    register(event, 1, place=municipality("Beograd"))
    coverage = training_report(analyst, _criteria(region=_belgrade())).coverage
    assert coverage is not None
    assert (coverage.reached, coverage.city_only) == (0, 1)


def test_places_of_the_same_name_are_told_apart(event: Event, analyst: User) -> None:
    belgrade, nis = (
        municipality_in("Palilula", "Beograd"),
        municipality_in("Palilula", "Niš"),
    )
    register(event, 1, place=belgrade)
    register(event, 2, place=nis)
    register(event, 3, place=municipality("Zemun"))
    assert set(_lines(training_report(analyst, _criteria()).by_municipality)) == {
        "Palilula (city municipality, Beograd)",
        "Palilula (city municipality, Niš)",
        "Zemun",
    }


def test_the_filters_choose_the_events(events: dict, analyst: User) -> None:
    workshops = training_report(analyst, _criteria(kind=Kind.WORKSHOP))
    assert [line.event for line in workshops.events] == [events["workshop"]]
    children = training_report(analyst, _criteria(topic="topic:unaccompanied_children"))
    assert [line.event for line in children.events] == [events["round_table"]]
    by_organiser = training_report(analyst, _criteria(organiser=events["workshop"].organiser))
    assert by_organiser.totals.confirmed == 1
    last_year = Criteria(start=in_days(-430), end=in_days(-370))
    assert [line.event for line in training_report(analyst, last_year).events] == [events["old"]]


def test_the_report_gives_the_knowledge_change_and_the_feedback_averages(
    events: dict, analyst: User, client_for: Any
) -> None:
    round_table, workshop = events["round_table"], events["workshop"]
    Event.objects.filter(pk=round_table.pk).update(test_max_score=20)
    first, second, third = round_table.registrations.confirmed().order_by("email")[:3]
    score(first, 10, 16)
    score(second, 12, 12)
    score(third, 8, None)  # left before the second test: not counted
    for overall in (5, 4, 3):
        FeedbackResponseFactory(event=round_table, overall=overall)
    FeedbackResponseFactory(event=workshop, overall=1)

    report = training_report(analyst, _criteria())
    knowledge = report.knowledge
    assert (knowledge.participants, knowledge.improved, knowledge.same, knowledge.worse) == (
        2,
        1,
        1,
        0,
    )
    assert (knowledge.mean_pre, knowledge.mean_post, knowledge.mean_change) == (
        Decimal("11.0"),
        Decimal("14.0"),
        Decimal("3.0"),
    )
    assert (knowledge.mean_pre_percent, knowledge.mean_post_percent) == (
        Decimal("55.0"),
        Decimal("70.0"),
    )
    overall = {q.question: q for q in report.feedback.questions}["overall"]
    assert (report.feedback.responses, overall.average) == (4, Decimal("3.25"))
    assert overall.distribution == {1: 1, 2: 0, 3: 1, 4: 1, 5: 1}
    # The organiser of the round table reads its own answers only.
    mine = training_report(events["round_table"].created_by, _criteria()).feedback
    assert {q.question: q.average for q in mine.questions}["overall"] == Decimal("4.00")

    page = client_for(analyst).get(URL, {**PERIOD, "lang": "en"}).text
    assert "2 participants took the test before and after." in page
    assert "+15.0 points of percent" in page and "4 participants answered the survey." in page
    csv = client_for(analyst).get(URL, {**PERIOD, "format": "csv", "lang": "en"})
    text = csv.content.decode("utf-8-sig")
    assert "Change,3.0,15.0" in text and "Overall,4,3.25,1,1,1,0,1" in text


def test_feedback_of_fewer_than_three_is_only_counted(
    events: dict, analyst: User, client_for: Any
) -> None:
    FeedbackResponseFactory.create_batch(2, event=events["round_table"])
    page = client_for(analyst).get(URL, {**PERIOD, "lang": "en"}).text
    assert "2 participants answered the survey; the answers are shown from three on" in page
    csv = client_for(analyst).get(URL, {**PERIOD, "format": "csv", "lang": "en"})
    assert "Feedback" not in csv.content.decode("utf-8-sig")


def test_organisers_see_only_their_own_organisations_events(
    events: dict, trainer: User, outsider: User, system_admin: User
) -> None:
    assert [line.event for line in training_report(trainer, _criteria()).events] == [
        events["round_table"]
    ]
    assert [line.event for line in training_report(outsider, _criteria()).events] == [
        events["workshop"]
    ]
    assert training_report(system_admin, _criteria()).totals.confirmed == 5


def test_the_page_shows_the_figures_and_charts_with_the_numbers_as_text(
    events: dict, analyst: User, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(analyst)
    client.get(URL, {"lang": "en"})  # the language remembered, the installation read
    with django_assert_max_num_queries(QUERIES + 2):  # the region chosen, and its places
        page = client.get(URL, {**PERIOD, "region": _belgrade().pk, "lang": "en"})
    assert page.status_code == 200
    text = page.text
    assert "2 of 17" in text and "municipalities have participants" in text
    assert "Municipalities reached: Grad Beograd" in text
    assert '<svg class="bar"' in text and "75 %" in text  # Zemun: 3 of the 4
    assert "Učesnik" not in text and "example.rs" not in text  # nobody's name or address


def test_the_query_count_does_not_grow_with_the_participants(
    events: dict, analyst: User, client_for: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(analyst)
    client.get(URL)  # the installation read once
    with django_assert_num_queries(QUERIES):
        client.get(URL, PERIOD)
    for n in range(10, 20):
        register(events["workshop"], n, place=municipality("Surčin"))
    with django_assert_num_queries(QUERIES):
        client.get(URL, PERIOD)


def test_a_download_is_a_csv_of_the_same_figures_and_is_logged(
    events: dict, trainer: User, client_for: Any
) -> None:
    client = client_for(trainer)
    response = client.get(URL, {**PERIOD, "region": _belgrade().pk, "format": "csv", "lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Participants (confirmed),3" in text
    assert (
        "Participants by municipality\r\nMunicipality,Participants (confirmed),Attended a session\r\nZemun,2,2\r\n"
        in text
    )
    assert "Zemun,yes,2,2" in text and "Surčin,no,0,0" in text
    entry = AccessLog.objects.get(action=Action.EXPORT)
    assert entry.actor == trainer
    assert entry.organisation_id == events["round_table"].organiser_id
    assert entry.purpose.startswith("training report (") and "region D00" in entry.purpose


def test_a_download_as_xlsx_has_a_sheet_per_table(
    events: dict, analyst: User, client_for: Any
) -> None:
    response = client_for(analyst).get(URL, {**PERIOD, "format": "xlsx", "lang": "en"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Summary",
        "Events",
        "Participants by municipality",
        "Participants by kind of organis",
        "Participants by profession",
        "Participants by sex",
        "Coverage by district",
    ]
    rows = list(book["Participants by sex"].values)
    assert rows == [
        ("Sex", "Participants (confirmed)", "Attended a session"),
        ("female", 3, 2),
        ("male", 1, 1),
        ("not given", 1, 0),
    ]
    entry = AccessLog.objects.get(action=Action.EXPORT)
    assert entry.organisation_id == analyst.memberships.get().organisation_id


def test_bad_dates_get_an_error_and_neither_figures_nor_a_download(
    events: dict, analyst: User, client_for: Any
) -> None:
    page = client_for(analyst).get(
        URL, {"start": "2026-05-01", "end": "2026-04-01", "format": "csv", "lang": "en"}
    )
    assert page.status_code == 400
    assert "The end of the period comes before its start." in page.text
    assert "Municipalities reached" not in page.text
    assert not AccessLog.objects.filter(action=Action.EXPORT).exists()


def test_the_outsider_reads_only_their_own_events_on_the_page(
    events: dict, outsider: User, client_for: Any
) -> None:
    page = client_for(outsider).get(URL, {**PERIOD, "lang": "en"})
    assert page.status_code == 200
    assert events["workshop"].title in page.text
    assert events["round_table"].title not in page.text
    # Nor may they choose another organiser's events.
    other = client_for(outsider).get(
        URL, {**PERIOD, "organiser": events["round_table"].organiser_id, "lang": "en"}
    )
    assert other.status_code == 400


def test_workers_without_a_trainers_role_and_anonymous_visitors_get_no_report(
    events: dict, case_worker: User, client_for: Any, anonymous: Client
) -> None:
    assert client_for(case_worker).get(URL).status_code == 403
    response = anonymous.get(URL)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert anonymous.get(URL, {**PERIOD, "format": "csv"}).status_code == 302


def test_the_report_is_linked_from_the_trainings_page_for_those_who_read_it(
    analyst: User, case_worker: User, client_for: Any
) -> None:
    assert URL in client_for(analyst).get(reverse("trainings:event_list")).text
    assert URL not in client_for(case_worker).get(reverse("trainings:event_list")).text


def test_the_period_defaults_to_this_year(analyst: User, client_for: Any) -> None:
    page = client_for(analyst).get(URL, {"lang": "en"})
    year = datetime.date.today().year  # noqa: DTZ011 - the year is the same in Belgrade
    assert f'value="{year}-01-01"' in page.text and f'value="{year}-12-31"' in page.text
