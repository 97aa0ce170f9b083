"""The intake of a report of child abuse or neglect and its case's records: who may take and
see them, what is kept (no name of an anonymous reporter), the risk assessment suggesting the
urgency and the due time, refusals that save nothing, the sealed case and break-glass."""

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from putokaz.abuse.models import AbuseReport, AgencyNotification, FollowUp, ProtectiveMeasure
from putokaz.abuse.tests.factories import abuse_report
from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog, Action
from putokaz.cases.models import Case, CaseAssignment, CaseEvent, CaseType
from putokaz.people.models import Person
from putokaz.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NEW = reverse("abuse:report_new")


@pytest.fixture
def colleague(csw: Organisation) -> User:
    user = UserFactory(full_name="Dragana Nikolić")
    MembershipFactory(user=user, organisation=csw, role=Role.CASE_WORKER)
    return user


@pytest.fixture
def report(csw: Organisation, case_worker: User) -> AbuseReport:
    return abuse_report(csw, case_worker)


def _english(client: Client) -> Client:
    client.get("/?lang=en")
    return client


def _url(name: str, case: Case, *args: Any) -> str:
    return reverse(f"abuse:{name}", args=[case.public_id, *args])


def _intake(**changes: Any) -> dict[str, Any]:
    """The intake form as a worker fills it for a child not registered yet."""
    data: dict[str, Any] = {
        "child-given_name": "Stefan",
        "child-family_name": "Jovanović",
        "child-sex": "male",
        "child-birth_date": "2019-03-01",
        "child-birth_date_estimated": "on",
        "reporter_kind": "anonymous",
        "reporter_name": "Komšinica sa trećeg sprata",
        "reporter_contact": "064 111 2222",
        "received_at": (timezone.localtime() - datetime.timedelta(minutes=30)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "received_how": "phone",
        "abuse_forms": ["physical", "domestic_violence"],
        "description": "Čuje se vika i plač deteta svake noći, dete ima modrice.",
        "address": "Glavna 12",
        "perpetrator_relation": "parent",
        "risk_answers": ["injuries", "perpetrator_access"],
        "urgency": "immediate",
    }
    data.update(changes)
    return data


def test_case_workers_find_the_intake_in_the_navigation(case_worker: User, client_for: Any) -> None:
    page = _english(client_for(case_worker)).get(reverse("accounts:home"))
    assert NEW in page.text
    form = client_for(case_worker).get(NEW)
    assert form.status_code == 200


def test_outsiders_and_anonymous_visitors_cannot_take_a_report(
    outsider: User, org_admin: User, client_for: Any, anonymous: Client
) -> None:
    assert client_for(outsider).get(NEW).status_code == 403
    assert client_for(org_admin).get(NEW).status_code == 403  # no casework role
    response = anonymous.get(NEW)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client_for(outsider).post(NEW, _intake()).status_code == 403
    assert not AbuseReport.objects.exists()


def test_an_anonymous_report_opens_a_sealed_case_and_keeps_no_name(
    csw: Organisation, case_worker: User, client_for: Any
) -> None:
    client = _english(client_for(case_worker))
    response = client.post(NEW, _intake())

    report = AbuseReport.objects.get()
    case = report.case
    assert response.status_code == 302
    assert response["Location"] == _url("overview", case)
    assert report.reporter_kind == "anonymous"
    assert report.reporter_name == ""
    assert report.reporter_contact == ""
    assert "Komšinica" not in str(list(AbuseReport.history.values()))
    assert case.case_type == CaseType.CHILD_PROTECTION
    assert case.sealed
    assert case.organisation == csw
    assert case.urgency == "immediate"
    assert case.person == Person.objects.get(given_name="Stefan", birth_date_estimated=True)
    # The receiving worker is named on it as its manager.
    assert CaseAssignment.objects.get(case=case).user == case_worker
    assert case.events.filter(kind=CaseEvent.Kind.ABUSE_REPORTED, actor=case_worker).exists()
    assert AccessLog.objects.filter(
        actor=case_worker, action=Action.CREATE, object_id=str(report.pk)
    ).exists()
    page = client.get(response["Location"])
    assert "Komšinica" not in page.text
    assert "Anonymous" in page.text
    assert "Physical abuse, witnessing domestic violence" in page.text
    assert AccessLog.objects.filter(
        actor=case_worker, action=Action.VIEW, object_id=str(report.pk)
    ).exists()


def test_red_flags_suggest_immediate_and_the_24_hour_due_time_is_shown(
    case_worker: User, client_for: Any
) -> None:
    client = _english(client_for(case_worker))
    suggested = client.post(NEW, _intake(urgency="", suggest="1"))
    assert suggested.status_code == 200
    assert "The answers suggest: immediate (intervention within 24 hours)." in suggested.text
    assert re.search(r'name="urgency" value="immediate"[^>]*checked', suggested.text)
    assert "Any red flag: immediate (intervention within 24 hours)." in suggested.text
    assert not AbuseReport.objects.exists()  # suggesting saves nothing

    received = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(hours=2)
    response = client.post(NEW, _intake(received_at=received.strftime("%Y-%m-%dT%H:%M")))
    case = AbuseReport.objects.get().case
    # The 24 hours run from when the report was received, not from when it was typed in.
    assert case.first_step_due == received + datetime.timedelta(hours=24)
    with translation.override("en"):
        due = date_format(timezone.localtime(case.first_step_due), "SHORT_DATETIME_FORMAT")
    page = client.get(response["Location"])
    assert f"Intervention due by {due}" in page.text
    assert "The answers suggested immediate (intervention within 24 hours)" in page.text


def test_a_lower_urgency_than_suggested_needs_a_reason(case_worker: User, client_for: Any) -> None:
    client = _english(client_for(case_worker))
    refused = client.post(NEW, _intake(urgency="regular"))
    assert refused.status_code == 400
    assert "say why the urgency is lower" in refused.text
    assert not AbuseReport.objects.exists()
    assert not Person.objects.filter(given_name="Stefan").exists()

    client.post(
        NEW, _intake(urgency="urgent", urgency_reason="Dete je kod bake od juče, bezbedno.")
    )
    report = AbuseReport.objects.get()
    assert report.case.urgency == "urgent"
    assert report.suggested_urgency == "immediate"


def test_a_report_received_in_the_future_is_refused_and_nothing_is_saved(
    case_worker: User, client_for: Any
) -> None:
    client = _english(client_for(case_worker))
    tomorrow = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(NEW, _intake(received_at=tomorrow))
    assert response.status_code == 400
    assert "This date cannot be in the future." in response.text
    assert not AbuseReport.objects.exists()
    assert not Case.objects.exists()
    assert not Person.objects.exists()


def test_the_report_needs_a_form_of_abuse_and_the_child(case_worker: User, client_for: Any) -> None:
    client = _english(client_for(case_worker))
    response = client.post(
        NEW, _intake(abuse_forms=[], **{"child-given_name": "", "child-birth_date": ""})
    )
    assert response.status_code == 400
    assert response.text.count("This field is required.") >= 3
    assert not Case.objects.exists()


def test_a_registered_child_is_found_and_chosen(
    csw: Organisation, case_worker: User, client_for: Any
) -> None:
    child = PersonFactory(organisation=csw, given_name="Jovana", family_name="Marković")
    client = _english(client_for(case_worker))
    found = client.get(NEW, {"q": "jovana"})
    assert f"?child={child.public_id}" in found.text
    chosen = client.get(NEW, {"child": str(child.public_id)})
    assert f'name="child" value="{child.public_id}"' in chosen.text
    assert "child-given_name" not in chosen.text

    client.post(NEW, {**_intake(), "child": str(child.public_id)})
    assert AbuseReport.objects.get().case.person == child
    assert Person.objects.count() == 1


def test_a_child_of_another_organisation_cannot_be_chosen(
    outsider_org: Organisation, case_worker: User, client_for: Any
) -> None:
    stranger = PersonFactory(organisation=outsider_org)
    client = client_for(case_worker)
    assert client.get(NEW, {"child": str(stranger.public_id)}).status_code == 404
    response = client.post(NEW, {**_intake(), "child": str(stranger.public_id)})
    assert response.status_code == 404
    assert not AbuseReport.objects.exists()


def test_a_colleague_not_named_sees_only_the_break_glass_prompt(
    report: AbuseReport, colleague: User, supervisor: User, client_for: Any
) -> None:
    case = report.case
    client = _english(client_for(colleague))
    page = client.get(case.get_absolute_url())
    assert page.status_code == 403
    assert "Milica" not in page.text
    overview = client.get(_url("overview", case))
    assert overview.status_code == 302
    assert overview["Location"] == case.get_absolute_url()
    refused = client.post(
        _url("follow_up_add", case),
        {"kind": "phone", "contact_on": timezone.localdate().isoformat(), "outcome": "x"},
    )
    assert refused.status_code == 404
    assert not FollowUp.objects.exists()
    # Nor does the organisation's supervisor see it without being named.
    assert client_for(supervisor).get(case.get_absolute_url()).status_code == 403

    client.post(
        reverse("cases:case_break_glass", args=[case.public_id]),
        {"reason": "Dežurna sam, majka zove zbog hitnog smeštaja."},
    )
    opened = client.get(_url("overview", case))
    assert opened.status_code == 200
    assert "Devojčica dolazi gladna" in opened.text
    assert AccessLog.objects.filter(
        actor=colleague, action=Action.VIEW, purpose="break-glass"
    ).exists()


def test_outsiders_do_not_learn_that_the_case_exists(
    report: AbuseReport, outsider: User, ngo_worker: User, client_for: Any, anonymous: Client
) -> None:
    for user in (outsider, ngo_worker):
        assert client_for(user).get(_url("overview", report.case)).status_code == 404
    assert anonymous.get(_url("overview", report.case)).status_code == 302


def test_measures_notifications_and_follow_up_are_recorded_with_events_and_log(
    report: AbuseReport, case_worker: User, client_for: Any
) -> None:
    case = report.case
    client = _english(client_for(case_worker))
    today = timezone.localdate().isoformat()
    client.post(
        _url("measure_add", case),
        {"kind": "medical", "taken_on": today, "taken_by": "Dom zdravlja Zemun, dr Perić"},
    )
    client.post(
        _url("notification_add", case),
        {
            "agency": "police",
            "addressee": "PS Zemun, inspektor Lazić",
            "sent_on": today,
            "reference": "KU 123/26",
        },
    )
    client.post(
        _url("follow_up_add", case),
        {"kind": "home_visit", "contact_on": today, "outcome": "Majka sarađuje, dete je čisto."},
    )
    measure = ProtectiveMeasure.objects.get(case=case)
    notification = AgencyNotification.objects.get(case=case)
    assert measure.kind == "medical"
    assert notification.reference == "KU 123/26"
    assert FollowUp.objects.get(case=case).recorded_by == case_worker
    kinds = set(case.events.values_list("kind", flat=True))
    assert {
        CaseEvent.Kind.PROTECTIVE_MEASURE,
        CaseEvent.Kind.AGENCY_NOTIFIED,
        CaseEvent.Kind.FOLLOW_UP,
    } <= kinds
    assert AccessLog.objects.filter(actor=case_worker, action=Action.UPDATE).count() >= 3

    page = client.get(_url("overview", case))
    assert "Medical examination" in page.text
    assert "PS Zemun, inspektor Lazić" in page.text
    assert "Majka sarađuje" in page.text
    case_page = client.get(case.get_absolute_url())
    assert _url("overview", case) in case_page.text


def test_a_response_saved_by_someone_else_meanwhile_is_not_overwritten(
    report: AbuseReport, case_worker: User, supervisor: User, client_for: Any
) -> None:
    from putokaz.abuse import actions  # noqa: PLC0415 - a setup step, not under test

    case = report.case
    notification = actions.notification_add(
        case=case,
        agency="school",
        addressee="OŠ Branko Radičević",
        sent_on=timezone.localdate(),
        acting_user=case_worker,
    )
    client = _english(client_for(case_worker))
    page = client.get(_url("overview", case))
    version = page.context["notifications"][0][1].initial["version"]
    url = _url("notification_respond", case, notification.pk)
    today = timezone.localdate().isoformat()
    first = client.post(
        url, {"response": "Škola prati prisustvo.", "response_on": today, "version": version}
    )
    assert first.status_code == 302
    second = client.post(
        url, {"response": "Pogrešan odgovor.", "response_on": today, "version": version}
    )
    assert second.status_code == 409
    assert "Someone else changed this record" in second.text
    notification.refresh_from_db()
    assert notification.response == "Škola prati prisustvo."
    assert case.events.filter(kind=CaseEvent.Kind.AGENCY_RESPONDED).count() == 1


def test_a_measure_dated_in_the_future_is_refused(
    report: AbuseReport, case_worker: User, client_for: Any
) -> None:
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _english(client_for(case_worker)).post(
        _url("measure_add", report.case),
        {"kind": "removal", "taken_on": tomorrow, "taken_by": "CSR Zemun"},
    )
    assert response.status_code == 400
    assert "This date cannot be in the future." in response.text
    assert not ProtectiveMeasure.objects.exists()


def test_the_pages_in_serbian_cyrillic(
    report: AbuseReport, case_worker: User, client_for: Any
) -> None:
    client = client_for(case_worker)
    form = client.get(NEW + "?lang=sr-cyrl")
    assert form.status_code == 200
    assert "Хитност" in form.text
    page = client.get(_url("overview", report.case))
    assert page.status_code == 200
    assert "Милица Николић" in page.text


def test_the_case_report_page_costs_the_same_queries_however_many_records(
    report: AbuseReport, case_worker: User, client_for: Any, django_assert_num_queries: Any
) -> None:
    from putokaz.abuse import actions  # noqa: PLC0415 - a setup step, not under test

    case, today = report.case, timezone.localdate()

    def add_one_of_each() -> None:
        actions.measure_add(
            case=case, kind="medical", taken_on=today, taken_by="DZ", acting_user=case_worker
        )
        actions.notification_add(
            case=case, agency="police", addressee="PS", sent_on=today, acting_user=case_worker
        )
        actions.follow_up_add(
            case=case, kind="phone", contact_on=today, outcome="ok", acting_user=case_worker
        )

    add_one_of_each()
    client = client_for(case_worker)
    client.get(_url("overview", case))  # the session's and content types' first reads
    with django_assert_num_queries(100, exact=False) as one:
        client.get(_url("overview", case))
    add_one_of_each()
    add_one_of_each()
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(_url("overview", case))
