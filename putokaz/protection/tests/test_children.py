"""A child's identification and temporary guardian: who sees them, what is refused, the
measured time to the appointment, the conflict-of-interest check and the guardian register."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from putokaz.audit.models import AccessLog
from putokaz.cases.models import Case
from putokaz.cases.tests.factories import CaseFactory
from putokaz.people.tests.factories import PersonFactory
from putokaz.protection import actions, guardianship, records
from putokaz.protection.models import (
    ChildIdentification,
    GuardianAppointment,
    ProtectionEvent,
    Separation,
)
from putokaz.protection.tests.factories import (
    AdultFactory,
    AppointmentFactory,
    ChildCaseFactory,
    IdentificationFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(csw: Organisation, case_worker: User) -> Case:
    person = PersonFactory(organisation=csw, given_name="Amir", family_name="Haidari")
    return ChildCaseFactory(organisation=csw, person=person, workers=[case_worker])


@pytest.fixture
def identified(case: Case, case_worker: User) -> ChildIdentification:
    return IdentificationFactory(
        case=case,
        recorded_by=case_worker,
        identified_at=timezone.now() - datetime.timedelta(hours=30),
    )


def _identification_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "separation": "unaccompanied",
        "identified_at": (timezone.localtime() - datetime.timedelta(hours=3)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "found_where": "Park kod autobuske stanice, Beograd",
        "found_by": "Terenski tim udruženja",
        "circumstances": "",
        "age_method": "interview",
        "age_outcome": "undetermined",
        "assessed_age": "16",
        "age_assessed_on": "",
        "benefit_of_doubt": "on",
    }
    data.update(overrides)
    return data


def _guardian_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "guardian_user": "",
        "guardian_name": "Milica Stojanović",
        "guardian_contact": "064 111 2233",
        "decision_number": "551-12/2026",
        "decision_date": timezone.localdate().isoformat(),
        "appointed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "no_conflict_confirmed": "on",
        "conflict_note": "Razgovor sa starateljem, provera srodstva.",
    }
    data.update(overrides)
    return data


def test_worker_records_the_identification_with_the_definitions_on_screen(
    case: Case, case_worker: User, client_for: Any
) -> None:
    client = client_for(case_worker)
    url = reverse("protection:identification_edit", args=[case.public_id])
    page = client.get(url + "?lang=en")
    assert "Law on Asylum and Temporary Protection, Art. 2" in page.text
    assert "not necessarily from other relatives" in page.text

    response = client.post(url + "?lang=en", _identification_form(), follow=True)
    assert "The identification was saved." in response.text
    identification = ChildIdentification.objects.get(case=case)
    assert identification.separation == Separation.UNACCOMPANIED
    assert identification.benefit_of_doubt
    assert identification.treated_as_child
    assert identification.history.count() == 1
    assert ProtectionEvent.objects.filter(case=case, kind="identified").exists()
    assert AccessLog.objects.filter(
        actor=case_worker, action="create", purpose="child identification"
    ).exists()


def test_an_identification_in_the_future_is_refused_and_changes_nothing(
    case: Case, case_worker: User, client_for: Any
) -> None:
    future = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(case_worker).post(
        reverse("protection:identification_edit", args=[case.public_id]) + "?lang=en",
        _identification_form(identified_at=future),
    )
    assert response.status_code == 200
    assert "The identification cannot be in the future." in response.text
    assert not ChildIdentification.objects.exists()
    assert not ProtectionEvent.objects.exists()


def test_an_edit_over_someone_elses_is_refused(
    identified: ChildIdentification, case: Case, case_worker: User, client_for: Any
) -> None:
    url = reverse("protection:identification_edit", args=[case.public_id]) + "?lang=en"
    stale = "2020-01-01T00:00:00+00:00"
    response = client_for(case_worker).post(
        url, _identification_form(found_where="Negde drugde", version=stale)
    )
    assert "Someone else changed this record" in response.text
    identified.refresh_from_db()
    assert identified.found_where == "Autobuska stanica Beograd"


@pytest.mark.parametrize("persona", ["outsider", "ngo_worker", "org_admin"])
def test_nobody_outside_the_case_sees_or_changes_the_child(
    identified: ChildIdentification, case: Case, persona: str, request: Any, client_for: Any
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("protection:child_detail", args=[case.public_id])).status_code == 404
    assert (
        client.get(reverse("protection:identification_edit", args=[case.public_id])).status_code
        == 404
    )
    post = client.post(
        reverse("protection:guardian_appoint", args=[case.public_id]), _guardian_form()
    )
    assert post.status_code == 404
    assert not GuardianAppointment.objects.exists()


def test_the_anonymous_visitor_is_sent_to_sign_in(case: Case, anonymous: Any) -> None:
    for name in ("child_detail", "identification_edit", "guardian_appoint"):
        response = anonymous.get(reverse(f"protection:{name}", args=[case.public_id]))
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")
    assert anonymous.get(reverse("protection:guardian_register")).status_code == 302
    assert anonymous.get(reverse("protection:overview")).status_code == 302


def test_a_case_of_another_type_has_no_child_pages(
    csw: Organisation, case_worker: User, client_for: Any
) -> None:
    other = CaseFactory(organisation=csw, workers=[case_worker])
    assert (
        client_for(case_worker)
        .get(reverse("protection:child_detail", args=[other.public_id]))
        .status_code
        == 404
    )


def test_the_case_page_shows_the_childs_protection_and_links_to_it(
    identified: ChildIdentification, case: Case, case_worker: User, client_for: Any
) -> None:
    page = client_for(case_worker).get(case.get_absolute_url() + "?lang=en")
    assert "Protection of the child" in page.text
    assert reverse("protection:child_detail", args=[case.public_id]) in page.text
    assert "No temporary guardian 1 d 6 h after identification" in page.text


def test_the_child_page_read_is_logged(
    identified: ChildIdentification, case: Case, supervisor: User, client_for: Any
) -> None:
    response = client_for(supervisor).get(reverse("protection:child_detail", args=[case.public_id]))
    assert response.status_code == 200
    assert AccessLog.objects.filter(
        actor=supervisor, object_id=str(case.pk), purpose="child protection"
    ).exists()


def test_appointing_a_guardian_measures_the_time_since_identification(
    identified: ChildIdentification, case: Case, case_worker: User, client_for: Any
) -> None:
    response = client_for(case_worker).post(
        reverse("protection:guardian_appoint", args=[case.public_id]) + "?lang=en",
        _guardian_form(),
        follow=True,
    )
    assert "The temporary guardian was appointed." in response.text
    appointment = GuardianAppointment.objects.get()
    assert appointment.guardian_name == "Milica Stojanović"
    delay = guardianship.appointment_delay(identified, appointment)
    assert delay is not None
    # 30 hours after identification, against the 24 hours of deadlines.toml.
    assert 29 < delay.hours < 31
    assert delay.late
    assert (
        "The first guardian was appointed 1 d 6 h after the child was identified." in response.text
    )
    assert "over the limit" in response.text
    assert appointment.history.count() == 1
    assert AccessLog.objects.filter(action="create", purpose="guardian appointed").exists()


def test_an_appointment_within_the_day_is_within_the_limit(case: Case, case_worker: User) -> None:
    now = timezone.now()
    identification = IdentificationFactory(
        case=case, identified_at=now - datetime.timedelta(hours=5)
    )
    appointment = AppointmentFactory(case=case, appointed_at=now - datetime.timedelta(hours=2))
    delay = guardianship.appointment_delay(identification, appointment)
    assert delay is not None
    assert delay.text == "3 h"
    assert not delay.late


def test_the_limit_is_read_from_the_data_file_with_its_source() -> None:
    from putokaz.protection import deadlines  # noqa: PLC0415 - the module under test

    limit = deadlines.guardian_appointment()
    assert limit.hours == 24
    assert "Porodični zakon" in limit.source


def test_a_suspected_accompanying_adult_cannot_be_the_guardian_in_any_script(
    identified: ChildIdentification, case: Case, case_worker: User, client_for: Any
) -> None:
    AdultFactory(identification=identified, full_name="Ahmad Karimi", suspected=True)
    response = client_for(case_worker).post(
        reverse("protection:guardian_appoint", args=[case.public_id]) + "?lang=en",
        _guardian_form(guardian_name="Карими Ахмад"),
    )
    assert response.status_code == 200
    assert "is recorded as an accompanying adult suspected in the case" in response.text
    assert not GuardianAppointment.objects.exists()
    assert not ProtectionEvent.objects.filter(kind="guardian_appointed").exists()


def test_an_accompanying_relative_not_suspected_may_be_appointed(
    identified: ChildIdentification, case: Case, case_worker: User
) -> None:
    AdultFactory(identification=identified, full_name="Ahmad Karimi", suspected=False)
    appointment = actions.guardian_appoint(
        case=case,
        guardian_user=None,
        guardian_name="Ahmad Karimi",
        guardian_contact="",
        decision_number="551-3/2026",
        decision_date=timezone.localdate(),
        appointed_at=timezone.now(),
        no_conflict_confirmed=True,
        conflict_note="",
        acting_user=case_worker,
    )
    assert appointment.is_current


def test_staff_of_the_childs_facility_cannot_be_the_guardian(
    identified: ChildIdentification, case: Case, case_worker: User
) -> None:
    facility_org = OrganisationFactory(name_sr_latn="Centar za azil Krnjača")
    staff = UserFactory(full_name="Dejan Ilić")
    MembershipFactory(user=staff, organisation=facility_org, role=Role.CASE_WORKER)
    MembershipFactory(user=staff, organisation=case.organisation, role=Role.CASE_WORKER)
    PlacementFactory(case=case, facility_organisation=facility_org)
    found = guardianship.conflicts(case, guardian_user=staff, guardian_name="")
    assert len(found) == 1
    assert "runs the facility where the child is placed" in found[0]
    with pytest.raises(ValidationError):
        actions.guardian_appoint(
            case=case,
            guardian_user=staff,
            guardian_name="",
            guardian_contact="",
            decision_number="551-4/2026",
            decision_date=timezone.localdate(),
            appointed_at=timezone.now(),
            no_conflict_confirmed=True,
            conflict_note="",
            acting_user=case_worker,
        )
    assert not GuardianAppointment.objects.exists()


def test_the_worker_must_confirm_there_is_no_conflict(
    identified: ChildIdentification, case: Case, case_worker: User, client_for: Any
) -> None:
    form = _guardian_form()
    del form["no_conflict_confirmed"]
    response = client_for(case_worker).post(
        reverse("protection:guardian_appoint", args=[case.public_id]) + "?lang=en", form
    )
    assert "Confirm that you checked the guardian for a conflict of interest." in response.text
    assert "Putokaz checks, and refuses the appointment if:" in response.text
    assert not GuardianAppointment.objects.exists()


def test_no_guardian_before_identification_or_before_the_child_was_found(
    case: Case, case_worker: User
) -> None:
    arguments: dict[str, Any] = {
        "case": case,
        "guardian_user": None,
        "guardian_name": "Milica Stojanović",
        "guardian_contact": "",
        "decision_number": "551-5/2026",
        "decision_date": timezone.localdate(),
        "appointed_at": timezone.now() - datetime.timedelta(days=3),
        "no_conflict_confirmed": True,
        "conflict_note": "",
        "acting_user": case_worker,
    }
    with pytest.raises(ValidationError, match="identified first"):
        actions.guardian_appoint(**arguments)
    IdentificationFactory(case=case, identified_at=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="before the child was identified"):
        actions.guardian_appoint(**arguments)
    assert not GuardianAppointment.objects.exists()


def test_one_guardian_at_a_time_and_ending_keeps_the_history(
    identified: ChildIdentification, case: Case, case_worker: User, client_for: Any
) -> None:
    first = AppointmentFactory(case=case, guardian_name="Prvi Staratelj")
    with pytest.raises(ValidationError, match="already has a temporary guardian"):
        actions.guardian_appoint(
            case=case,
            guardian_user=None,
            guardian_name="Drugi Staratelj",
            guardian_contact="",
            decision_number="551-6/2026",
            decision_date=timezone.localdate(),
            appointed_at=timezone.now(),
            no_conflict_confirmed=True,
            conflict_note="",
            acting_user=case_worker,
        )
    client = client_for(case_worker)
    response = client.post(
        reverse("protection:guardian_end", args=[case.public_id, first.pk]) + "?lang=en",
        {"ended_on": timezone.localdate().isoformat(), "reason": "Staratelj premešten."},
        follow=True,
    )
    assert "The guardianship ended" in response.text
    first.refresh_from_db()
    assert first.ended_on == timezone.localdate()
    assert "Prvi Staratelj" in response.text  # still in the list of guardians
    second = actions.guardian_appoint(
        case=case,
        guardian_user=None,
        guardian_name="Drugi Staratelj",
        guardian_contact="",
        decision_number="551-7/2026",
        decision_date=timezone.localdate(),
        appointed_at=timezone.now(),
        no_conflict_confirmed=True,
        conflict_note="",
        acting_user=case_worker,
    )
    assert list(GuardianAppointment.objects.current()) == [second]
    assert GuardianAppointment.objects.count() == 2


def test_ending_without_a_reason_changes_nothing(
    identified: ChildIdentification, case: Case, case_worker: User, client_for: Any
) -> None:
    appointment = AppointmentFactory(case=case)
    response = client_for(case_worker).post(
        reverse("protection:guardian_end", args=[case.public_id, appointment.pk]) + "?lang=en",
        {"ended_on": timezone.localdate().isoformat(), "reason": ""},
        follow=True,
    )
    assert "This field is required." in response.text
    appointment.refresh_from_db()
    assert appointment.ended_on is None


def test_a_worker_not_on_the_case_cannot_appoint(
    identified: ChildIdentification, case: Case, csw: Organisation
) -> None:
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=csw, role=Role.CASE_WORKER)
    with pytest.raises(PermissionDenied):
        actions.guardian_appoint(
            case=case,
            guardian_user=None,
            guardian_name="Milica Stojanović",
            guardian_contact="",
            decision_number="551-8/2026",
            decision_date=timezone.localdate(),
            appointed_at=timezone.now(),
            no_conflict_confirmed=True,
            conflict_note="",
            acting_user=colleague,
        )


def test_the_register_shows_each_guardians_current_wards(
    csw: Organisation, case_worker: User, supervisor: User, client_for: Any
) -> None:
    guardian = UserFactory(full_name="Vesna Lukić")
    MembershipFactory(user=guardian, organisation=csw, role=Role.CASE_WORKER)
    mine = ChildCaseFactory(
        organisation=csw,
        person=PersonFactory(organisation=csw, given_name="Amir", family_name="Haidari"),
        workers=[case_worker],
    )
    not_mine = ChildCaseFactory(
        organisation=csw,
        person=PersonFactory(organisation=csw, given_name="Farid", family_name="Ahmadi"),
    )
    ended = ChildCaseFactory(
        organisation=csw,
        person=PersonFactory(organisation=csw, given_name="Reza", family_name="Noori"),
        workers=[case_worker],
    )
    for case in (mine, not_mine):
        AppointmentFactory(case=case, guardian_user=guardian, guardian_name=guardian.full_name)
    AppointmentFactory(
        case=ended,
        guardian_user=guardian,
        guardian_name=guardian.full_name,
        ended_on=timezone.localdate(),
    )
    AppointmentFactory(case=ended, guardian_name="Dragana Ristić", guardian_contact="011 222 333")
    elsewhere = ChildCaseFactory(organisation=OrganisationFactory())
    AppointmentFactory(case=elsewhere, guardian_name="Neko Drugi")

    page = client_for(case_worker).get(reverse("protection:guardian_register") + "?lang=en")
    assert page.status_code == 200
    text = page.text
    assert "Vesna Lukić" in text and "Dragana Ristić" in text
    assert "Amir Haidari" in text and "Reza Noori" in text
    assert "Farid Ahmadi" not in text  # counted, not named: the worker is not on that case
    assert "and 1 child whose case you do not work on" in text
    assert "Neko Drugi" not in text  # another organisation's guardian
    rows = guardianship.register(case_worker, [csw.pk])
    assert [(row.name, row.total) for row in rows] == [("Vesna Lukić", 2), ("Dragana Ristić", 1)]
    assert AccessLog.objects.filter(actor=case_worker, purpose="guardian register").exists()
    # The supervisor sees every ward of the organisation by name.
    assert (
        "Farid Ahmadi" in client_for(supervisor).get(reverse("protection:guardian_register")).text
    )


def test_the_register_reads_a_fixed_number_of_queries(
    csw: Organisation, supervisor: User, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    for _index in range(6):
        AppointmentFactory(case=ChildCaseFactory(organisation=csw))
    client = client_for(supervisor)
    client.get(reverse("protection:guardian_register"))
    with django_assert_max_num_queries(16):
        client.get(reverse("protection:guardian_register"))


@pytest.mark.parametrize("persona", ["outsider", "org_admin"])
def test_the_register_is_for_case_workers_and_supervisors(
    persona: str, request: Any, client_for: Any
) -> None:
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("protection:guardian_register")
    )
    assert response.status_code == 403


def test_the_overview_flags_a_child_without_a_guardian(
    identified: ChildIdentification, case: Case, case_worker: User, client_for: Any
) -> None:
    page = client_for(case_worker).get(reverse("protection:overview") + "?lang=en")
    assert "Amir Haidari" in page.text
    assert "No temporary guardian 1 d 6 h after identification" in page.text
    summary = records.summary(records.child_cases(case_worker).get())
    assert summary.guardian is None


def test_the_childs_page_reads_in_serbian_cyrillic(
    identified: ChildIdentification, case: Case, case_worker: User, client_for: Any
) -> None:
    page = client_for(case_worker).get(
        reverse("protection:child_detail", args=[case.public_id]) + "?lang=sr-cyrl"
    )
    assert "Привремени старатељ" in page.text
    assert "Поступак азила" in page.text
    # The legal source of the limit, written in Serbian Latin, in the reader's script.
    assert "Породични закон" in page.text
