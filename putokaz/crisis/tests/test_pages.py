"""The crisis intake: recording an intervention, the 24-hour response, the list with the
overdue first, opening a case, closing with the outcome; who may see it; the access log."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog, Action
from putokaz.cases import deadlines
from putokaz.cases.models import CaseType, Urgency
from putokaz.crisis.models import CrisisIntervention, CrisisResponse, Outcome
from putokaz.crisis.tests.factories import intervention, respond, zemun
from putokaz.people.models import Person
from putokaz.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIST = reverse("crisis:intervention_list")
NEW = reverse("crisis:intervention_new")


def _english(client: Client) -> Client:
    client.get("/?lang=en")
    return client


def _url(name: str, item: CrisisIntervention) -> str:
    return reverse(f"crisis:{name}", args=[item.public_id])


def _form(**overrides: Any) -> dict[str, Any]:
    received = timezone.localtime() - datetime.timedelta(minutes=30)
    data: dict[str, Any] = {
        "received_at": received.strftime("%Y-%m-%dT%H:%M"),
        "channel": "police",
        "contact_name": "Dragana M.",
        "contact_phone": "",
        "is_family": "",
        "people_count": "",
        "municipality": zemun().pk,
        "location": "Glavna 5",
        "kinds": ["domestic_violence"],
        "description": "Policija javlja: žena i dete posle nasilja u porodici, traže smeštaj.",
        "risks": ["violence", "children"],
    }
    data.update(overrides)
    return data


@pytest.fixture
def outsider_worker(outsider_org: Organisation) -> User:
    user = UserFactory(full_name="Ivan Drugi")
    MembershipFactory(user=user, organisation=outsider_org, role=Role.CASE_WORKER)
    return user


def test_the_intake_is_saved_with_the_response_due_24_hours_after_it_came_in(
    case_worker: User, csw: Organisation, client_for: Any
) -> None:
    client = _english(client_for(case_worker))
    page = client.get(NEW)
    assert page.status_code == 200
    assert "Pravilnik o organizaciji" in page.text  # the limit's source
    response = client.post(NEW, _form())
    assert response.status_code == 302, response.text
    saved = CrisisIntervention.objects.get()
    assert response["Location"] == saved.get_absolute_url()
    assert saved.organisation == csw
    assert saved.person is None and saved.contact_name == "Dragana M."
    assert saved.kinds == ["domestic_violence"] and saved.risks == ["children", "violence"]
    assert saved.response_due - saved.received_at == datetime.timedelta(hours=24)
    assert deadlines.limit_for(Urgency.IMMEDIATE).within_hours == 24
    assert AccessLog.objects.filter(action=Action.CREATE, object_id=str(saved.pk)).exists()
    detail = client.get(response["Location"])
    assert "Domestic violence" in detail.text
    assert "due in 23 h" in detail.text
    assert AccessLog.objects.filter(action=Action.VIEW, object_id=str(saved.pk)).exists()


def test_a_registered_person_found_with_the_search_can_be_the_one_in_crisis(
    case_worker: User, csw: Organisation, client_for: Any
) -> None:
    person = PersonFactory(organisation=csw, given_name="Senad", family_name="Ramić")
    client = _english(client_for(case_worker))
    found = client.get(NEW, {"q": "ramic"})
    assert f"?person={person.public_id}" in found.text
    response = client.post(NEW, _form(contact_name="", person=str(person.public_id)))
    assert response.status_code == 302, response.text
    assert CrisisIntervention.objects.get().person == person


def test_a_time_in_the_future_is_refused_and_nothing_is_saved(
    case_worker: User, client_for: Any
) -> None:
    later = (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = _english(client_for(case_worker)).post(NEW, _form(received_at=later))
    assert response.status_code == 400
    assert "cannot be in the future" in response.text
    assert not CrisisIntervention.objects.exists()


def test_an_intake_without_what_happened_or_anyone_named_is_refused(
    case_worker: User, client_for: Any
) -> None:
    client = _english(client_for(case_worker))
    response = client.post(NEW, _form(kinds=[], contact_name=""))
    assert response.status_code == 400
    assert "Choose what happened." in response.text
    assert "Choose the person or write the name given." in response.text
    assert not CrisisIntervention.objects.exists()


def test_the_list_shows_the_overdue_first_with_the_time_left_or_overdue(
    case_worker: User, csw: Organisation, client_for: Any
) -> None:
    answered = intervention(csw, case_worker, hours_ago=5, contact_name="Answered Person")
    respond(answered, case_worker, hours_after=1)
    fresh = intervention(csw, case_worker, hours_ago=1, contact_name="Fresh Person")
    soon = intervention(csw, case_worker, hours_ago=21.5, contact_name="Soon Person")
    overdue = intervention(csw, case_worker, hours_ago=30, contact_name="Overdue Person")
    page = _english(client_for(case_worker)).get(LIST).text
    order = [page.index(name) for name in ("Overdue", "Soon", "Fresh", "Answered")]
    assert order == sorted(order)
    assert "overdue by 6 h" in page
    assert "due in 2 h" in page
    assert "first response after 1 h" in page
    assert list(CrisisIntervention.objects.overdue()) == [overdue]
    assert {fresh, soon} < set(CrisisIntervention.objects.open().awaiting_response())


def test_the_first_response_time_is_measured_and_flagged_over_24_hours(
    case_worker: User, csw: Organisation, client_for: Any
) -> None:
    late = intervention(csw, case_worker, hours_ago=40)
    client = _english(client_for(case_worker))
    response = client.post(
        _url("response_add", late),
        {
            "kind": "accommodation",
            "description": "Smeštaj u prihvatilište.",
            "done_at": timezone.localtime(
                late.received_at + datetime.timedelta(hours=26, minutes=1)
            ).strftime("%Y-%m-%dT%H:%M"),
            "done_by": "",
        },
    )
    assert response.status_code == 302, response.text
    late.refresh_from_db()
    taken = late.time_to_first_response()
    assert taken is not None
    assert datetime.timedelta(hours=26) <= taken < datetime.timedelta(hours=26, minutes=1)
    assert late.is_response_late()
    page = client.get(late.get_absolute_url()).text
    assert "first response after 1 d 2 h" in page
    assert "over 24 hours" in page
    assert CrisisResponse.objects.get().done_by == "Jelena Petrović"
    # A response earlier than the first one becomes the first.
    respond(late, case_worker, hours_after=3, kind="police")
    late.refresh_from_db()
    assert late.time_to_first_response() == datetime.timedelta(hours=3)
    assert not late.is_response_late()
    assert "within 24 hours" in client.get(late.get_absolute_url()).text


def test_a_response_before_the_intervention_came_in_is_refused(
    case_worker: User, csw: Organisation, client_for: Any
) -> None:
    item = intervention(csw, case_worker, hours_ago=3)
    before = timezone.localtime(item.received_at - datetime.timedelta(hours=1))
    response = _english(client_for(case_worker)).post(
        _url("response_add", item),
        {"kind": "police", "description": "x", "done_at": before.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert "cannot come before" in response.text
    assert not CrisisResponse.objects.exists()


def test_closing_without_an_outcome_is_refused(
    case_worker: User, csw: Organisation, client_for: Any
) -> None:
    item = intervention(csw, case_worker)
    client = _english(client_for(case_worker))
    response = client.post(
        _url("intervention_close", item), {"outcome": "", "version": item.updated_at.isoformat()}
    )
    assert response.status_code == 400
    assert "Choose the outcome to close the intervention." in response.text
    item.refresh_from_db()
    assert item.is_open
    closed = client.post(
        _url("intervention_close", item),
        {
            "outcome": "resolved",
            "note": "Smeštena kod sestre.",
            "version": item.updated_at.isoformat(),
        },
    )
    assert closed.status_code == 302
    item.refresh_from_db()
    assert item.outcome == Outcome.RESOLVED and item.closed_by == case_worker
    assert "Resolved" in client.get(LIST, {"state": "closed"}).text
    assert "Sanja" not in client.get(LIST).text


def test_closing_on_a_stale_page_is_refused(
    case_worker: User, csw: Organisation, client_for: Any
) -> None:
    item = intervention(csw, case_worker, hours_ago=5)
    seen = item.updated_at.isoformat()
    respond(item, case_worker)  # someone records a response meanwhile
    response = _english(client_for(case_worker)).post(
        _url("intervention_close", item), {"outcome": "resolved", "version": seen}
    )
    assert response.status_code == 400
    assert "Someone else changed this record" in response.text
    item.refresh_from_db()
    assert item.is_open


def test_the_intake_is_corrected_unless_someone_changed_it_meanwhile(
    case_worker: User, supervisor: User, csw: Organisation, client_for: Any
) -> None:
    item = intervention(csw, case_worker, hours_ago=5)
    client = _english(client_for(case_worker))
    page = client.get(_url("intervention_edit", item))
    assert page.status_code == 200
    version = item.updated_at.isoformat()
    received = timezone.localtime(item.received_at - datetime.timedelta(hours=1))
    saved = client.post(
        _url("intervention_edit", item),
        _form(received_at=received.strftime("%Y-%m-%dT%H:%M"), version=version),
    )
    assert saved.status_code == 302, saved.text
    item.refresh_from_db()
    assert item.response_due - item.received_at == datetime.timedelta(hours=24)
    assert item.history.count() == 2
    stale = client_for(supervisor).post(
        _url("intervention_edit", item), _form(contact_name="Drugo ime", version=version)
    )
    assert stale.status_code == 400
    item.refresh_from_db()
    assert item.contact_name == "Dragana M."


def test_opening_a_case_registers_the_person_and_links_a_crisis_case(
    case_worker: User, csw: Organisation, client_for: Any
) -> None:
    item = intervention(csw, case_worker)
    client = _english(client_for(case_worker))
    without = client.post(
        _url("intervention_open_case", item), {"version": item.updated_at.isoformat()}
    )
    assert without.status_code == 302
    item.refresh_from_db()
    assert item.case is None
    assert "find or register the person first" in client.get(item.get_absolute_url()).text

    form = client.get(_url("intervention_person", item))
    assert 'value="Sanja"' in form.text  # the name given, ready to register
    registered = client.post(
        _url("intervention_person", item),
        {
            "version": item.updated_at.isoformat(),
            "given_name": "Sanja",
            "family_name": "Nikolić",
            "sex": "female",
            "birth_date": "1990-04-02",
            "municipality": zemun().pk,
        },
    )
    assert registered.status_code == 302, registered.text
    item.refresh_from_db()
    assert item.person is not None and item.person.given_name == "Sanja"

    opened = client.post(
        _url("intervention_open_case", item), {"version": item.updated_at.isoformat()}
    )
    assert opened.status_code == 302
    item.refresh_from_db()
    case = item.case
    assert case is not None
    assert case.case_type == CaseType.CRISIS and case.urgency == Urgency.IMMEDIATE
    assert case.person == item.person and case.organisation == csw
    # The case's first step is due 24 hours after the call, not after the case was opened.
    assert case.first_step_due == item.received_at + datetime.timedelta(hours=24)
    assert AccessLog.objects.filter(action=Action.CREATE, object_id=str(case.pk)).exists()
    # The case page names the intervention it came from, which can now close with that outcome.
    case_page = client.get(case.get_absolute_url()).text
    assert item.get_absolute_url() in case_page
    closed = client.post(
        _url("intervention_close", item),
        {"outcome": "case_opened", "version": item.updated_at.isoformat()},
    )
    assert closed.status_code == 302
    again = client.post(_url("intervention_open_case", item), {"version": ""})
    assert again.status_code == 302
    assert Person.objects.get().cases.count() == 1


def test_a_case_opened_outcome_needs_a_case(
    case_worker: User, csw: Organisation, client_for: Any
) -> None:
    item = intervention(csw, case_worker)
    response = _english(client_for(case_worker)).post(
        _url("intervention_close", item),
        {"outcome": "case_opened", "version": item.updated_at.isoformat()},
    )
    assert response.status_code == 400
    assert "No case was opened" in response.text


def test_a_person_chosen_later_from_the_search(
    case_worker: User, csw: Organisation, client_for: Any
) -> None:
    item = intervention(csw, case_worker)
    person = PersonFactory(organisation=csw, given_name="Sanja", family_name="Nikolić")
    client = _english(client_for(case_worker))
    page = client.get(_url("intervention_person", item))
    assert str(person.public_id) in page.text  # found by the name given
    client.post(
        _url("intervention_person_choose", item),
        {"person": str(person.public_id), "version": item.updated_at.isoformat()},
    )
    item.refresh_from_db()
    assert item.person == person


def test_outsiders_get_nothing_and_anonymous_visitors_are_sent_to_sign_in(
    case_worker: User,
    csw: Organisation,
    outsider: User,
    outsider_worker: User,
    ngo_worker: User,
    client_for: Any,
    anonymous: Client,
) -> None:
    item = intervention(csw, case_worker)
    pages = [_url("intervention_detail", item), _url("intervention_edit", item)]
    posts = [
        _url("response_add", item),
        _url("intervention_close", item),
        _url("intervention_open_case", item),
        _url("intervention_person_choose", item),
    ]
    for user in (outsider_worker, ngo_worker):
        client = client_for(user)
        for url in pages:
            assert client.get(url).status_code == 404, url
        for url in posts:
            assert client.post(url, {"outcome": "resolved", "kind": "police"}).status_code == 404
        assert "Sanja" not in client.get(LIST).text
    # An organisation administrator does no casework: no crisis pages at all.
    assert client_for(outsider).get(LIST).status_code == 403
    assert client_for(outsider).get(pages[0]).status_code == 404
    for url in [LIST, NEW, *pages]:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
    item.refresh_from_db()
    assert item.is_open and not item.responses.exists()


def test_a_supervisor_and_a_system_administrator_see_the_organisations_interventions(
    case_worker: User, supervisor: User, system_admin: User, csw: Organisation, client_for: Any
) -> None:
    item = intervention(csw, case_worker)
    for user in (supervisor, system_admin):
        client = client_for(user)
        assert client.get(item.get_absolute_url()).status_code == 200
        assert item.get_absolute_url() in client.get(LIST).text


def test_the_navigation_links_the_intake_for_case_workers(
    case_worker: User, org_admin: User, client_for: Any
) -> None:
    assert f'href="{LIST}"' in client_for(case_worker).get("/").text
    assert f'href="{LIST}"' not in client_for(org_admin).get("/").text


def test_the_pages_in_serbian_cyrillic(
    case_worker: User, csw: Organisation, client_for: Any
) -> None:
    item = intervention(csw, case_worker, hours_ago=30)
    client = client_for(case_worker)
    for url in (LIST + "?lang=sr-cyrl", item.get_absolute_url(), NEW):
        page = client.get(url)
        assert page.status_code == 200
        assert 'lang="sr-Cyrl"' in page.text
    # The name as written, shown in the reader's script.
    assert "Сања Николић" in client.get(item.get_absolute_url()).text


def test_the_list_runs_a_fixed_number_of_queries(
    case_worker: User, csw: Organisation, client_for: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(case_worker)
    intervention(csw, case_worker)
    client.get(LIST)
    with CaptureQueriesContext(connection) as first:
        client.get(LIST)
    for _ in range(3):
        intervention(csw, case_worker, person=PersonFactory(organisation=csw))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(LIST)
