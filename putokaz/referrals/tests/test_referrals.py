"""Referrals between organisations: consent scope, lifecycle, withdrawal, notifications, logs."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from putokaz.audit.models import AccessLog
from putokaz.cases.tests.factories import pdf_upload
from putokaz.directory.models import Service
from putokaz.notifications.models import Notification
from putokaz.people.tests.factories import HouseholdMemberFactory, PersonFactory
from putokaz.referrals import actions
from putokaz.referrals.models import Referral, Section, Status
from putokaz.referrals.tests.factories import FamilyCase, family_case, legal_aid_service, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(csw: Organisation, case_worker: User) -> FamilyCase:
    return family_case(csw, case_worker)


@pytest.fixture
def service(partner_ngo: Organisation, ngo_worker: User) -> Service:
    return legal_aid_service(partner_ngo)


def _form(family: FamilyCase, service: Service, **overrides: Any) -> dict[str, Any]:
    data = {
        "subject": "family",
        "to_service": str(service.pk),
        "to_organisation": "",
        "reason": "Pravna pomoć oko prijave prebivališta.",
        "needs": ["documents"],
        "urgency": "regular",
        "consent_by": "self",
        "consent_name": "Dragan Đorđević",
        "consent_on": timezone.localdate().isoformat(),
        "consent_method": "verbal",
        "consent_witness": "Ana Marković",
        "shared_sections": ["identity", "assessment"],
        "shared_notes": [str(family.shared_note.pk)],
        "shared_documents": [str(family.shared_document.pk)],
    }
    data.update(overrides)
    return data


def test_case_worker_refers_the_family_and_the_ngo_is_told_without_personal_data(
    family: FamilyCase,
    service: Service,
    case_worker: User,
    ngo_worker: User,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(case_worker)
    form_page = client.get(reverse("referrals:referral_new", args=[family.case.public_id]))
    assert form_page.status_code == 200
    assert "Besplatna pravna pomoć" in form_page.text
    assert "Sumnja na nasilje" not in form_page.text  # a confidential note is not offered

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("referrals:referral_new", args=[family.case.public_id]) + "?lang=en",
            _form(family, service),
            follow=True,
        )
    assert "The referral was sent." in response.text
    referral = Referral.objects.get()
    assert referral.household == family.case.household
    assert referral.to_organisation == service.organisation
    assert referral.shared_sections == ["identity", "assessment"]
    assert referral.status == Status.SENT
    assert referral.acknowledge_due > referral.sent_at
    notification = Notification.objects.get(user=ngo_worker)
    assert notification.kind == "referral_received"
    (email,) = mail.outbox
    assert email.to == [ngo_worker.email]
    assert "Đorđević" not in f"{email.subject} {email.body}"
    assert referral.get_absolute_url() in email.body
    # The case page shows the referral with its status.
    case_page = client.get(family.case.get_absolute_url() + "?lang=en").text
    assert "Besplatna pravna pomoć" in case_page and "sent" in case_page


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"consent_witness": ""}, "Name the witness of a verbal consent."),
        ({"consent_method": "signed"}, "Attach the signed consent form."),
        ({"to_service": ""}, "Choose a service, or an organisation."),
        (
            {"consent_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()},
            "Consent cannot be given on a future date.",
        ),
        ({"consent_on": "2026-02-31"}, "Enter a valid date."),
    ],
)
def test_a_bad_referral_is_refused_with_a_clear_message_and_nothing_is_sent(
    family: FamilyCase,
    service: Service,
    case_worker: User,
    client_for: Any,
    overrides: dict[str, Any],
    message: str,
) -> None:
    response = client_for(case_worker).post(
        reverse("referrals:referral_new", args=[family.case.public_id]) + "?lang=en",
        _form(family, service, **overrides),
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Referral.objects.exists()
    assert not Notification.objects.exists()


def test_a_signed_consent_form_is_kept_and_both_sides_can_read_it(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, client_for: Any
) -> None:
    client_for(case_worker).post(
        reverse("referrals:referral_new", args=[family.case.public_id]),
        _form(family, service, consent_method="signed", consent_form=pdf_upload("saglasnost.pdf")),
    )
    referral = Referral.objects.get()
    url = reverse("referrals:consent_form", args=[referral.public_id])
    for user in (case_worker, ngo_worker):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


SECTION_MARKERS = {
    Section.IDENTITY: "Milica",
    Section.CONTACT: "+381 64 123 4567",
    Section.ASSESSMENT: "Nema ličnu kartu.",
    Section.PLAN: "Lična karta za Dragana",
}


@pytest.mark.parametrize("shared", list(Section))
def test_the_receiver_sees_exactly_the_consented_sections(
    family: FamilyCase,
    service: Service,
    case_worker: User,
    ngo_worker: User,
    client_for: Any,
    shared: Section,
) -> None:
    referral = send(family, service, case_worker, sections=(shared,))
    page = client_for(ngo_worker).get(referral.get_absolute_url()).text
    for section, marker in SECTION_MARKERS.items():
        assert (marker in page) == (section == shared), (section, marker)
    assert "Porodica traži pravnu pomoć" in page  # the note chosen
    assert "Otac je pominjao dugove" not in page  # a note not chosen
    assert "Sumnja na nasilje" not in page  # a confidential note
    assert "Rešenje o odbijanju prijave" in page
    assert "Izveštaj lekara" not in page


def test_the_receiver_gets_the_shared_document_and_nothing_else_of_the_case(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, client_for: Any
) -> None:
    referral = send(family, service, case_worker)
    client = client_for(ngo_worker)
    shared = reverse(
        "referrals:shared_document", args=[referral.public_id, family.shared_document.pk]
    )
    private = reverse(
        "referrals:shared_document", args=[referral.public_id, family.private_document.pk]
    )
    assert client.get(shared).status_code == 200
    assert client.get(private).status_code == 404
    assert client.get(family.case.get_absolute_url()).status_code == 404
    household = family.case.household
    assert household is not None
    assert client.get(household.get_absolute_url()).status_code == 404
    direct = reverse(
        "cases:attachment_download", args=[family.case.public_id, family.shared_document.pk]
    )
    assert client.get(direct).status_code == 404


def test_every_cross_organisation_view_is_in_the_access_log_of_the_referring_organisation(
    family: FamilyCase,
    service: Service,
    csw: Organisation,
    case_worker: User,
    ngo_worker: User,
    client_for: Any,
) -> None:
    referral = send(family, service, case_worker)
    client = client_for(ngo_worker)
    client.get(referral.get_absolute_url())
    client.get(
        reverse("referrals:shared_document", args=[referral.public_id, family.shared_document.pk])
    )
    entries = AccessLog.objects.filter(actor=ngo_worker)
    assert {(e.action, e.organisation_id) for e in entries} == {
        ("view", csw.pk),
        ("export", csw.pk),
    }
    view = entries.get(action="view")
    assert "identity" in view.purpose and "contact" in view.purpose


@pytest.mark.parametrize("persona", ["outsider", "org_admin"])
def test_a_third_organisation_and_an_unassigned_colleague_see_nothing(
    family: FamilyCase,
    service: Service,
    case_worker: User,
    persona: str,
    request: Any,
    client_for: Any,
) -> None:
    referral = send(family, service, case_worker)
    other_ngo_worker = UserFactory()
    MembershipFactory(
        user=other_ngo_worker, organisation=OrganisationFactory(), role=Role.CASE_WORKER
    )
    for user in (request.getfixturevalue(persona), other_ngo_worker):
        client = client_for(user)
        assert client.get(referral.get_absolute_url()).status_code == 404
        assert (
            client.get(
                reverse(
                    "referrals:shared_document",
                    args=[referral.public_id, family.shared_document.pk],
                )
            ).status_code
            == 404
        )
        move = client.post(
            reverse("referrals:referral_move", args=[referral.public_id]),
            {"target": "accepted", "expected_status": "sent"},
        )
        assert move.status_code == 404
        inbox = client.get(reverse("referrals:inbox") + "?view=all").text
        assert "Besplatna pravna pomoć" not in inbox
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_anonymous_visitor_is_sent_to_sign_in(
    family: FamilyCase, service: Service, case_worker: User, anonymous: Client
) -> None:
    referral = send(family, service, case_worker)
    for url in (
        referral.get_absolute_url(),
        reverse("referrals:inbox"),
        reverse("referrals:referral_new", args=[family.case.public_id]),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_lifecycle_from_sent_to_completed_with_the_outcome_on_the_case(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, client_for: Any
) -> None:
    referral = send(family, service, case_worker)
    ngo = client_for(ngo_worker)
    url = reverse("referrals:referral_move", args=[referral.public_id])
    for before, target in (
        ("sent", "acknowledged"),
        ("acknowledged", "accepted"),
        ("accepted", "in_progress"),
    ):
        ngo.post(url, {"target": target, "expected_status": before})
    page = ngo.post(
        url + "?lang=en",
        {
            "target": "completed",
            "expected_status": "in_progress",
            "outcome": "met",
            "note": "Prebivalište prijavljeno, lična karta u izradi.",
        },
        follow=True,
    )
    assert "The referral is now completed." in page.text
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    assert referral.handled_by == ngo_worker
    assert referral.acknowledged_at and referral.decided_at and referral.completed_at
    assert list(referral.events.order_by("at", "pk").values_list("to_status", flat=True)) == [
        "sent",
        "acknowledged",
        "accepted",
        "in_progress",
        "completed",
    ]
    kinds = set(Notification.objects.filter(user=case_worker).values_list("kind", flat=True))
    assert {"referral_acknowledged", "referral_accepted", "referral_completed"} <= kinds
    csw = client_for(case_worker)
    assert "need met" in csw.get(family.case.get_absolute_url() + "?lang=en").text
    assert "Prebivalište prijavljeno" in csw.get(referral.get_absolute_url()).text


def test_declining_needs_a_reason(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, client_for: Any
) -> None:
    referral = send(family, service, case_worker)
    url = reverse("referrals:referral_move", args=[referral.public_id])
    page = client_for(ngo_worker).post(
        url + "?lang=en", {"target": "declined", "expected_status": "sent"}, follow=True
    )
    assert "Say why the referral is declined." in page.text
    referral.refresh_from_db()
    assert referral.status == Status.SENT
    client_for(ngo_worker).post(
        url, {"target": "declined", "expected_status": "sent", "note": "Nismo nadležni."}
    )
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (Status.DECLINED, "Nismo nadležni.")


def test_a_step_from_an_out_of_date_page_is_refused(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, client_for: Any
) -> None:
    referral = send(family, service, case_worker)
    actions.referral_move(referral=referral, target="accepted", acting_user=ngo_worker)
    page = client_for(ngo_worker).post(
        reverse("referrals:referral_move", args=[referral.public_id]) + "?lang=en",
        {"target": "declined", "expected_status": "sent", "note": "x"},
        follow=True,
    )
    assert "Someone else changed this referral meanwhile" in page.text
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED


def test_the_referring_side_cannot_take_the_receivers_steps(
    family: FamilyCase, service: Service, case_worker: User, client_for: Any
) -> None:
    referral = send(family, service, case_worker)
    page = client_for(case_worker).post(
        reverse("referrals:referral_move", args=[referral.public_id]) + "?lang=en",
        {"target": "accepted", "expected_status": "sent"},
        follow=True,
    )
    assert "Only the receiving organisation moves this referral on." in page.text
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_for_an_organisation_not_on_putokaz_the_referring_side_records_the_steps(
    family: FamilyCase, case_worker: User, client_for: Any
) -> None:
    offline = legal_aid_service(OrganisationFactory(name_sr_latn="Crveni krst Zemun"))
    referral = send(family, offline, case_worker)
    assert not Notification.objects.exclude(user=case_worker).exists()
    actions.referral_move(referral=referral, target="accepted", acting_user=case_worker)
    actions.referral_move(
        referral=referral, target="completed", outcome="partly", acting_user=case_worker
    )
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    assert referral.events.filter(recorded_by_sender=True).count() == 2
    assert referral.handled_by is None


def test_withdrawn_consent_removes_the_receivers_access_at_once(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, client_for: Any
) -> None:
    referral = send(family, service, case_worker, sections=tuple(Section))
    actions.referral_move(referral=referral, target="accepted", acting_user=ngo_worker)
    ngo = client_for(ngo_worker)
    document = reverse(
        "referrals:shared_document", args=[referral.public_id, family.shared_document.pk]
    )
    assert ngo.get(document).status_code == 200
    page = client_for(case_worker).post(
        reverse("referrals:referral_withdraw", args=[referral.public_id]) + "?lang=en",
        {"note": "Otac je telefonom povukao saglasnost 7. decembra."},
        follow=True,
    )
    assert "The consent was withdrawn" in page.text
    after = ngo.get(referral.get_absolute_url() + "?lang=en").text
    assert "The consent was withdrawn: nothing of the case is shown any more." in after
    for marker in (*SECTION_MARKERS.values(), "Porodica traži pravnu pomoć"):
        assert marker not in after
    assert ngo.get(document).status_code == 404
    assert Notification.objects.filter(user=ngo_worker, kind="referral_withdrawn").exists()
    # Nothing more can be done on it by the receiver.
    with pytest.raises(ValidationError):
        actions.referral_move(referral=referral, target="in_progress", acting_user=ngo_worker)


def test_withdrawing_consent_needs_a_note(
    family: FamilyCase, service: Service, case_worker: User, client_for: Any
) -> None:
    referral = send(family, service, case_worker)
    page = client_for(case_worker).post(
        reverse("referrals:referral_withdraw", args=[referral.public_id]) + "?lang=en",
        {"note": ""},
        follow=True,
    )
    assert "Record when and how the consent was withdrawn." in page.text
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_the_referring_worker_cancels_an_open_referral(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, client_for: Any
) -> None:
    referral = send(family, service, case_worker)
    client_for(case_worker).post(
        reverse("referrals:referral_cancel", args=[referral.public_id]), {"note": "Greška."}
    )
    referral.refresh_from_db()
    assert referral.status == Status.CANCELLED
    assert "Milica" not in client_for(ngo_worker).get(referral.get_absolute_url()).text


def test_a_confidential_note_cannot_be_shared(
    family: FamilyCase, service: Service, case_worker: User
) -> None:
    with pytest.raises(ValidationError):
        send(family, service, case_worker, shared_notes=[family.confidential_note])
    assert not Referral.objects.exists()


def test_the_inbox_lists_new_late_and_active_referrals(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, client_for: Any
) -> None:
    fresh = send(family, service, case_worker)
    late = send(family, service, case_worker, urgency="immediate")
    Referral.objects.filter(pk=late.pk).update(
        acknowledge_due=timezone.now() - datetime.timedelta(hours=1)
    )
    active = send(family, service, case_worker)
    actions.referral_move(referral=active, target="accepted", acting_user=ngo_worker)
    client = client_for(ngo_worker)

    def listed(view: str) -> set[str]:
        page = client.get(reverse("referrals:inbox"), {"view": view}).text
        return {str(r.public_id) for r in (fresh, late, active) if str(r.public_id) in page}

    assert listed("new") == {str(fresh.public_id), str(late.public_id)}
    assert listed("late") == {str(late.public_id)}
    assert listed("active") == {str(active.public_id)}
    assert listed("all") == {str(r.public_id) for r in (fresh, late, active)}
    sent = client_for(case_worker).get(reverse("referrals:inbox"), {"view": "sent"}).text
    assert all(r.get_absolute_url() in sent for r in (fresh, late, active))


def test_the_sweep_tells_about_an_overdue_referral_once(
    family: FamilyCase,
    service: Service,
    case_worker: User,
    ngo_worker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    referral = send(family, service, case_worker)
    Notification.objects.all().delete()
    later = referral.acknowledge_due + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.referral_sweep(now=later) == 1
    assert actions.referral_sweep(now=later) == 0
    kinds = list(Notification.objects.values_list("user__email", "kind"))
    assert (ngo_worker.email, "referral_acknowledgement_overdue") in kinds
    assert (case_worker.email, "referral_acknowledgement_overdue") in kinds
    assert len(mail.outbox) == len(kinds)
    much_later = referral.complete_due + datetime.timedelta(minutes=1)
    assert actions.referral_sweep(now=much_later) == 1
    assert Notification.objects.filter(kind="referral_completion_overdue").exists()


def test_the_sweep_command_runs_once(capsys: Any) -> None:
    call_command("referral_sweep")
    assert "0 overdue referrals notified; 0 e-mails sent again." in capsys.readouterr().out


def test_the_inbox_and_the_referral_page_do_not_query_per_row(
    family: FamilyCase,
    service: Service,
    case_worker: User,
    ngo_worker: User,
    client_for: Any,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(ngo_worker)
    referral = send(family, service, case_worker, sections=tuple(Section))
    client.get(reverse("referrals:inbox"))  # warm the per-process caches
    with django_assert_num_queries(QUERIES_INBOX):
        client.get(reverse("referrals:inbox"), {"view": "all"})
    for _ in range(5):
        send(family, service, case_worker)
    with django_assert_num_queries(QUERIES_INBOX):
        client.get(reverse("referrals:inbox"), {"view": "all"})
    with django_assert_num_queries(QUERIES_REFERRAL_PAGE):
        client.get(referral.get_absolute_url())


QUERIES_INBOX = 9
QUERIES_REFERRAL_PAGE = 26


def test_without_identity_the_receiver_learns_no_name_not_even_of_who_consented(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, client_for: Any
) -> None:
    referral = send(
        family,
        service,
        case_worker,
        sections=(Section.ASSESSMENT,),
        consent_method="signed",
        consent_witness="",
        consent_form=pdf_upload("saglasnost.pdf"),
    )
    ngo = client_for(ngo_worker)
    page = ngo.get(referral.get_absolute_url()).text
    assert "Nema ličnu kartu." in page
    for name in ("Dragan", "Milica", "Đorđević"):
        assert name not in page, name
    assert ngo.get(reverse("referrals:consent_form", args=[referral.public_id])).status_code == 404
    assert (
        client_for(case_worker)
        .get(reverse("referrals:consent_form", args=[referral.public_id]))
        .status_code
        == 200
    )
    inbox = ngo.get(reverse("referrals:inbox"), {"view": "all"}).text
    assert "Đorđević" not in inbox


def test_after_withdrawal_the_receiver_reads_no_text_anyone_wrote(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, client_for: Any
) -> None:
    referral = send(family, service, case_worker, sections=tuple(Section))
    actions.referral_move(
        referral=referral, target="declined", note="Dragan nije došao.", acting_user=ngo_worker
    )
    actions.referral_withdraw_consent(
        referral=referral, note="Dragan je zvao sa 064 999 000.", acting_user=case_worker
    )
    page = client_for(ngo_worker).get(referral.get_absolute_url()).text
    for text in ("Pravna pomoć oko prijave", "Dragan nije došao", "064 999 000", "Dragan"):
        assert text not in page, text
    # The referring side still reads everything.
    assert "064 999 000" in client_for(case_worker).get(referral.get_absolute_url()).text


def test_a_member_who_joins_the_family_after_the_consent_is_not_shared(
    family: FamilyCase, service: Service, case_worker: User, ngo_worker: User, client_for: Any
) -> None:
    referral = send(family, service, case_worker, sections=(Section.IDENTITY,))
    household = family.case.household
    assert household is not None
    HouseholdMemberFactory(
        household=household,
        person=PersonFactory(organisation=family.case.organisation, given_name="Novak"),
    )
    page = client_for(ngo_worker).get(referral.get_absolute_url()).text
    assert "Milica" in page
    assert "Novak" not in page


def test_a_participant_who_left_the_organisation_no_longer_reads_a_conference(
    family: FamilyCase,
    partner_ngo: Organisation,
    case_worker: User,
    ngo_worker: User,
    client_for: Any,
) -> None:
    conference = actions.conference_record(
        case=family.case,
        held_at=timezone.now(),
        place="",
        discussion={},
        decisions="Dogovoreno.",
        participants=[actions.Participant(partner_ngo, ngo_worker, "", "")],
        follow_ups=[],
        acting_user=case_worker,
    )
    ngo = client_for(ngo_worker)
    assert ngo.get(conference.get_absolute_url()).status_code == 200
    ngo_worker.memberships.update(ended_at=timezone.now())
    assert ngo.get(conference.get_absolute_url()).status_code == 404


def test_an_unassigned_case_worker_of_the_referring_organisation_sees_nothing(
    family: FamilyCase, service: Service, csw: Organisation, case_worker: User, client_for: Any
) -> None:
    referral = send(family, service, case_worker)
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=csw, role=Role.CASE_WORKER)
    client = client_for(colleague)
    assert client.get(referral.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("referrals:referral_letter", args=[referral.public_id])).status_code
        == 404
    )
