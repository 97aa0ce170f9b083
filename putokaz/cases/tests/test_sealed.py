"""Sealed cases (trafficking, child abuse, or sealed by a supervisor): only their named
workers see them, everywhere a case shows; a colleague of the organisation opens one by
break-glass, with a reason, for a few hours, logged, and the supervisors are told."""

import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog
from putokaz.cases import actions
from putokaz.cases.models import (
    Case,
    CaseAccessGrant,
    CaseEvent,
    CaseType,
)
from putokaz.cases.tests.factories import CaseFactory
from putokaz.notifications.models import Notification
from putokaz.people.models import Person, Relationship
from putokaz.people.tests.factories import PersonFactory, household_of

pytestmark = pytest.mark.django_db

REASON = "Policija traži hitnu informaciju o smeštaju."


def _member(organisation: Organisation, role: str, name: str) -> User:
    user = UserFactory(full_name=name)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def colleague(csw: Organisation) -> User:
    """A case worker of the same centre who does not work on the case."""
    return _member(csw, Role.CASE_WORKER, "Dragana Nikolić")


@pytest.fixture
def victim(csw: Organisation) -> Person:
    return PersonFactory(organisation=csw, given_name="Marija", family_name="Stojanović")


@pytest.fixture
def sealed_case(csw: Organisation, case_worker: User, victim: Person) -> Case:
    return actions.case_open(
        subject=victim,
        organisation=csw,
        case_type=CaseType.TRAFFICKING,
        urgency="immediate",
        reason="Žrtva radne eksploatacije, vraćena iz inostranstva.",
        acting_user=case_worker,
    )


def _break_glass(client: Client, case: Case, reason: str = REASON) -> Any:
    return client.post(reverse("cases:case_break_glass", args=[case.public_id]), {"reason": reason})


def test_trafficking_and_child_protection_cases_are_sealed_from_the_start(
    csw: Organisation,
) -> None:
    assert CaseFactory(organisation=csw, case_type=CaseType.TRAFFICKING).sealed
    assert CaseFactory(organisation=csw, case_type=CaseType.CHILD_PROTECTION).sealed
    assert not CaseFactory(organisation=csw, case_type=CaseType.RETURNEE).sealed


def test_the_database_refuses_an_unsealed_trafficking_case(sealed_case: Case) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=sealed_case.pk).update(sealed=False)


def test_the_named_worker_sees_the_sealed_case(
    sealed_case: Case, case_worker: User, client_for: Any
) -> None:
    response = client_for(case_worker).get(sealed_case.get_absolute_url())
    assert response.status_code == 200
    assert "Stojanović" in response.text


def test_a_colleague_sees_only_that_the_case_exists_and_the_break_glass_form(
    sealed_case: Case, colleague: User, client_for: Any
) -> None:
    response = client_for(colleague).get(sealed_case.get_absolute_url())
    assert response.status_code == 403
    assert sealed_case.number in response.text
    assert 'name="reason"' in response.text
    for detail in ("Stojanović", "Marija", "eksploatacije", "trafficking"):
        assert detail not in response.text
    assert not AccessLog.objects.filter(actor=colleague).exists()


def test_the_organisations_other_supervisor_and_the_system_admin_do_not_see_it(
    sealed_case: Case, supervisor: User, system_admin: User, client_for: Any, api_for: Any
) -> None:
    assert not Case.objects.visible_to(supervisor).filter(pk=sealed_case.pk).exists()
    assert not Case.objects.visible_to(system_admin).filter(pk=sealed_case.pk).exists()
    assert client_for(supervisor).get(sealed_case.get_absolute_url()).status_code == 403
    team = client_for(supervisor).get(reverse("cases:caseload") + "?view=team")
    assert sealed_case.number not in team.text
    assert api_for(supervisor).get("/api/v1/cases/?caseload=team").json()["results"] == []
    assert api_for(supervisor).get(f"/api/v1/cases/{sealed_case.public_id}/").status_code == 404


def test_a_colleague_finds_the_person_but_not_the_case_details(
    sealed_case: Case, colleague: User, client_for: Any, api_for: Any
) -> None:
    client = client_for(colleague)
    client.get("/?lang=en")  # the pages in English from now on
    found = client.get(reverse("cases:find"), {"q": "Stojanović"})
    assert found.status_code == 200
    assert sealed_case.number not in found.text  # in the cases found: none
    page = client.get(sealed_case.person.get_absolute_url())
    assert page.status_code == 200
    assert f"Sealed case {sealed_case.number}" in page.text
    assert "trafficking" not in page.text
    # The case's history is not on the person's timeline.
    assert f"Case {sealed_case.number}" not in page.text
    assert api_for(colleague).get("/api/v1/cases/?q=Stojanović").json()["results"] == []


def test_the_exact_case_number_leads_a_colleague_to_the_break_glass_prompt(
    sealed_case: Case, colleague: User, client_for: Any
) -> None:
    response = client_for(colleague).get(reverse("cases:find"), {"q": sealed_case.number})
    assert response.status_code == 302
    assert response["Location"] == sealed_case.get_absolute_url()


def test_the_household_timeline_leaves_out_a_sealed_case_of_a_member(
    csw: Organisation, case_worker: User, supervisor: User, client_for: Any
) -> None:
    mother = PersonFactory(organisation=csw, given_name="Vesna", family_name="Ilić")
    child = PersonFactory(organisation=csw, given_name="Luka", family_name="Ilić")
    household = household_of(mother, (child, Relationship.CHILD))
    actions.case_open(
        subject=child,
        organisation=csw,
        case_type=CaseType.CHILD_PROTECTION,
        urgency="immediate",
        reason="Prijava zlostavljanja iz škole.",
        acting_user=case_worker,
    )
    case = Case.objects.get(person=child)
    page = client_for(supervisor).get(household.get_absolute_url())
    assert page.status_code == 200
    # The case's reason is not shown (the menu's "Prijava zlostavljanja" is another matter).
    assert "zlostavljanja iz škole" not in page.text
    assert case.number not in page.text
    # The worker on it sees the case's events on the family's timeline.
    assert case.number in client_for(case_worker).get(household.get_absolute_url()).text


def test_break_glass_with_a_reason_opens_the_case_for_hours_logs_and_tells_the_supervisor(
    sealed_case: Case,
    colleague: User,
    supervisor: User,
    case_worker: User,
    client_for: Any,
    settings: Any,
) -> None:
    settings.PUTOKAZ_BREAK_GLASS_HOURS = 4
    client = client_for(colleague)
    before = timezone.now()

    response = _break_glass(client, sealed_case)

    assert response.status_code == 302
    assert response["Location"] == sealed_case.get_absolute_url()
    grant = CaseAccessGrant.objects.get(case=sealed_case, user=colleague)
    assert grant.kind == CaseAccessGrant.Kind.BREAK_GLASS
    assert grant.reason == REASON
    assert grant.expires_at is not None
    assert (
        before + datetime.timedelta(hours=4)
        <= grant.expires_at
        <= timezone.now() + datetime.timedelta(hours=4)
    )
    event = sealed_case.events.get(kind=CaseEvent.Kind.BREAK_GLASS)
    assert (event.actor, event.note) == (colleague, REASON)
    log = AccessLog.objects.get(
        actor=colleague,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=str(sealed_case.pk),
    )
    assert log.purpose == f"break-glass: {REASON}"
    told = Notification.objects.filter(kind="case_break_glass")
    assert {n.user for n in told} == {supervisor, case_worker}
    text = told.get(user=supervisor).text
    assert "Dragana Nikolić" in text and sealed_case.number in text and REASON in text
    assert told.get(user=supervisor).url == sealed_case.get_absolute_url()

    page = client.get(sealed_case.get_absolute_url())
    assert page.status_code == 200
    assert "Stojanović" in page.text
    assert AccessLog.objects.filter(actor=colleague, purpose="break-glass").count() == 1


def test_break_glass_access_expires(sealed_case: Case, colleague: User, client_for: Any) -> None:
    client = client_for(colleague)
    _break_glass(client, sealed_case)
    assert client.get(sealed_case.get_absolute_url()).status_code == 200

    CaseAccessGrant.objects.filter(user=colleague).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert client.get(sealed_case.get_absolute_url()).status_code == 403
    assert not Case.objects.visible_to(colleague).filter(pk=sealed_case.pk).exists()


@pytest.mark.parametrize("reason", ["", "   ", "hitno"])
def test_break_glass_without_a_reason_is_refused_and_changes_nothing(
    sealed_case: Case, colleague: User, client_for: Any, reason: str
) -> None:
    events = sealed_case.events.count()
    response = _break_glass(client_for(colleague), sealed_case, reason)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text or "errorlist" in response.text
    assert not CaseAccessGrant.objects.exists()
    assert sealed_case.events.count() == events
    assert not AccessLog.objects.filter(actor=colleague).exists()
    assert not Notification.objects.filter(kind="case_break_glass").exists()
    with pytest.raises(ValidationError):
        actions.case_break_glass(case=sealed_case, reason=reason, acting_user=colleague)


def test_an_outsider_and_the_anonymous_visitor_learn_nothing(
    sealed_case: Case, outsider: User, client_for: Any, anonymous: Client, api_for: Any
) -> None:
    outsider_client = client_for(outsider)
    assert outsider_client.get(sealed_case.get_absolute_url()).status_code == 404
    assert _break_glass(outsider_client, sealed_case).status_code == 404
    assert api_for(outsider).get(f"/api/v1/cases/{sealed_case.public_id}/").status_code == 404
    anonymous_page = anonymous.get(sealed_case.get_absolute_url())
    assert anonymous_page.status_code == 302 and "/sign-in/" in anonymous_page["Location"]
    assert _break_glass(anonymous, sealed_case).status_code == 302
    assert not CaseAccessGrant.objects.exists()


def test_an_org_admin_without_casework_cannot_break_the_glass(
    sealed_case: Case, org_admin: User, client_for: Any
) -> None:
    assert client_for(org_admin).get(sealed_case.get_absolute_url()).status_code == 404
    assert _break_glass(client_for(org_admin), sealed_case).status_code == 404


def test_the_supervisor_seals_a_case_and_names_who_sees_it(
    csw: Organisation,
    supervisor: User,
    case_worker: User,
    colleague: User,
    client_for: Any,
) -> None:
    other_supervisor = _member(csw, Role.SUPERVISOR, "Ivana Marić")
    case = CaseFactory(organisation=csw, workers=[case_worker])
    client = client_for(supervisor)
    response = client.post(
        reverse("cases:case_seal", args=[case.public_id]),
        {"sealed": "1", "note": "Porodično nasilje, počinilac radi u opštini."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.sealed
    # The sealing supervisor stays named; the worker on the case still sees it; the
    # organisation's other supervisor no longer does.
    assert Case.objects.visible_to(supervisor).filter(pk=case.pk).exists()
    assert Case.objects.visible_to(case_worker).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(other_supervisor).filter(pk=case.pk).exists()

    client.post(reverse("cases:case_reader_add", args=[case.public_id]), {"user": colleague.pk})
    assert client_for(colleague).get(case.get_absolute_url()).status_code == 200
    grant = CaseAccessGrant.objects.get(user=colleague)
    assert grant.expires_at is None
    page = client.get(case.get_absolute_url() + "?lang=en")
    assert "Dragana Nikolić named on the sealed case" in page.text

    client.post(reverse("cases:case_reader_remove", args=[case.public_id, grant.pk]))
    assert client_for(colleague).get(case.get_absolute_url()).status_code == 403
    kinds = list(case.events.values_list("kind", flat=True))
    assert {
        CaseEvent.Kind.SEALED,
        CaseEvent.Kind.READER_NAMED,
        CaseEvent.Kind.READER_REMOVED,
    } <= set(kinds)


def test_sealing_needs_a_reason_and_a_supervisor(
    csw: Organisation, supervisor: User, case_worker: User
) -> None:
    case = CaseFactory(organisation=csw, workers=[case_worker])
    with pytest.raises(ValidationError):
        actions.case_seal(case=case, sealed=True, note="", acting_user=supervisor)
    with pytest.raises(PermissionDenied):
        actions.case_seal(case=case, sealed=True, note="Zbog bezbednosti.", acting_user=case_worker)
    case.refresh_from_db()
    assert not case.sealed


def test_a_trafficking_case_cannot_be_unsealed(
    sealed_case: Case, supervisor: User, case_worker: User
) -> None:
    CaseAccessGrant.objects.create(
        case=sealed_case, user=supervisor, kind=CaseAccessGrant.Kind.NAMED, granted_by=supervisor
    )
    with pytest.raises(ValidationError):
        actions.case_seal(case=sealed_case, sealed=False, acting_user=supervisor)
    sealed_case.refresh_from_db()
    assert sealed_case.sealed


def test_a_worker_who_already_sees_the_case_does_not_break_the_glass(
    sealed_case: Case, case_worker: User
) -> None:
    with pytest.raises(ValidationError):
        actions.case_break_glass(case=sealed_case, reason=REASON, acting_user=case_worker)
    assert not CaseAccessGrant.objects.exists()
