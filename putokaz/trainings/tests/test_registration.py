"""Registering for an event: the public page, the organiser and an organisation's
administrator; the waiting list and its promotion; the e-mails; who sees the participants."""

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.audit.models import AccessLog
from putokaz.directory.tests.factories import municipality
from putokaz.trainings import actions, public
from putokaz.trainings.models import Event, Registration, RegistrationEmail
from putokaz.trainings.tasks import email_registration
from putokaz.trainings.tests.factories import in_days, register

pytestmark = pytest.mark.django_db


def _form(n: int = 1, **overrides: Any) -> dict[str, Any]:
    data = {
        "full_name": f"Snežana Ćirić {n}",
        "email": f"snezana{n}@csr-vozdovac.rs",
        "organisation_name": "CSR Voždovac",
        "organisation_kind": "csw",
        "municipality": str(municipality("Voždovac").pk),
        "profession": "psychologist",
        "sex": "female",
        "consent": "on",
    }
    data.update(overrides)
    return data


def _register(client: Client, event: Event, lang: str = "en", **overrides: Any) -> Any:
    return client.post(
        reverse("trainings:public_register", args=[event.public_id]) + f"?lang={lang}",
        _form(**overrides),
        follow=True,
    )


@pytest.fixture(autouse=True)
def _commit_each_request(committed: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each request of the test client commits its work (and so sends its e-mails) before it
    answers, as it does outside a test."""
    original = Client.request

    def request(self: Client, **kwargs: Any) -> Any:
        with committed():
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


def test_a_professional_registers_on_the_public_page_and_gets_their_link_by_email(
    event: Event, anonymous: Client
) -> None:
    page = _register(anonymous, event, lang="sr-cyrl")
    assert "Хвала" in page.text  # the same answer, whatever happened
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.source == Registration.Source.PUBLIC
    assert registration.language == "sr-cyrl"
    assert registration.municipality == municipality("Voždovac")
    assert registration.consent_at is not None
    (email,) = mail.outbox
    assert email.to == ["snezana1@csr-vozdovac.rs"]
    assert email.subject.startswith("Пријављени сте")
    assert "Округли сто" in email.subject  # the title in the reader's script
    assert registration.get_participant_url() in email.body
    assert "Снежана Ћирић 1" in email.body
    assert RegistrationEmail.objects.get().sent_at is not None
    own = anonymous.get(registration.get_participant_url() + "?lang=en")
    assert "Confirmed" in own.text
    assert own["Cache-Control"].startswith("max-age=0")


def test_the_consent_is_required_and_stated(event: Event, anonymous: Client) -> None:
    form_page = anonymous.get(
        reverse("trainings:public_register", args=[event.public_id]) + "?lang=en"
    ).text
    assert "How your data is used" in form_page
    assert "Law on Personal Data Protection" in form_page
    page = _register(anonymous, event, consent="")
    assert "This field is required." in page.text
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_when_the_event_is_full_people_wait_and_a_cancellation_gives_the_first_one_a_place(
    event: Event, anonymous: Client
) -> None:
    Event.objects.filter(pk=event.pk).update(capacity=2)
    for n in range(1, 5):
        _register(anonymous, event, n=n, email=f"p{n}@example.rs", full_name=f"Osoba {n}")
    by_email = {r.email: r for r in Registration.objects.all()}
    assert [by_email[f"p{n}@example.rs"].status for n in range(1, 5)] == [
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]
    assert "waiting list" in mail.outbox[2].subject
    mail.outbox.clear()
    first = by_email["p1@example.rs"]
    anonymous.post(reverse("trainings:registration_cancel", args=[first.public_id]))
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "p1@example.rs": "cancelled",
        "p2@example.rs": "confirmed",
        "p3@example.rs": "confirmed",  # the first who waited
        "p4@example.rs": "waiting",
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["p1@example.rs", "p3@example.rs"]
    promoted = next(m for m in mail.outbox if m.to == ["p3@example.rs"])
    assert "A place became free" in promoted.subject
    # Cancelling twice frees nothing more.
    anonymous.post(reverse("trainings:registration_cancel", args=[first.public_id]))
    assert Registration.objects.confirmed().count() == 2


def test_the_same_address_twice_tells_a_stranger_nothing_and_sends_the_link_again_once(
    event: Event, anonymous: Client
) -> None:
    _register(anonymous, event)
    mail.outbox.clear()
    again = _register(anonymous, event, full_name="Neko Drugi")
    assert "Thank you" in again.text
    assert "already registered" not in again.text
    assert Registration.objects.count() == 1
    assert Registration.objects.get().full_name == "Snežana Ćirić 1"
    assert mail.outbox == []  # sent minutes ago: not again so soon
    RegistrationEmail.objects.update(created_at="2020-01-01T00:00:00Z")
    _register(anonymous, event)
    (email,) = mail.outbox
    assert Registration.objects.get().get_participant_url() in email.body


def test_a_program_filling_the_hidden_field_is_answered_but_not_registered(
    event: Event, anonymous: Client
) -> None:
    page = _register(anonymous, event, website="http://spam.example")
    assert "Thank you" in page.text
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_registrations_from_one_address_are_limited(
    event: Event, anonymous: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(public, "REGISTRATION_LIMIT", (3, 3600))
    for n in range(1, 4):
        assert _register(anonymous, event, n=n).status_code == 200
    page = _register(anonymous, event, n=9)
    assert page.status_code == 429
    assert Registration.objects.count() == 3


def test_registration_closes_on_its_day_and_when_the_event_takes_it_through_organisations(
    event: Event, anonymous: Client
) -> None:
    Event.objects.filter(pk=event.pk).update(
        registration_closes_on=in_days(-1), starts_on=in_days(3), ends_on=in_days(3)
    )
    url = reverse("trainings:public_register", args=[event.public_id]) + "?lang=en"
    assert anonymous.get(url).status_code == 410
    assert _register(anonymous, event).status_code == 410
    Event.objects.filter(pk=event.pk).update(registration_closes_on=None, public_registration=False)
    assert anonymous.get(url).status_code == 410
    public_page = anonymous.get(event.get_public_url() + "?lang=en").text
    assert "Ask your organisation" in public_page
    assert not Registration.objects.exists()


def test_the_participants_are_seen_by_the_organisers_only_and_every_look_is_logged(
    event: Event, trainer: User, client_for: Any, org_admin: User, outsider: User
) -> None:
    register(event, 1, full_name="Milena Savić")
    url = reverse("trainings:participant_list", args=[event.public_id]) + "?lang=en"
    page = client_for(trainer).get(url)
    assert "Milena Savić" in page.text
    assert "ucesnik1@example.rs" in page.text
    assert AccessLog.objects.filter(
        actor=trainer, action="view", object_id=str(event.pk), purpose="participant list"
    ).exists()
    for other in (org_admin, outsider):
        assert client_for(other).get(url).status_code == 404
    # The public page and the overview name nobody.
    assert "Milena" not in Client().get(event.get_public_url()).text
    assert "Milena" not in client_for(trainer).get(event.get_absolute_url()).text


def test_the_organiser_registers_someone_and_cancels_a_registration(
    event: Event, trainer: User, client_for: Any
) -> None:
    Event.objects.filter(pk=event.pk).update(capacity=1)
    client = client_for(trainer)
    url = reverse("trainings:participant_add", args=[event.public_id]) + "?lang=en"
    data = {**_form(), "informed": "on"}
    del data["consent"]
    page = client.post(url, data, follow=True)
    assert "Snežana Ćirić 1 is registered." in page.text
    page = client.post(
        url, {**data, "email": "drugi@example.rs", "full_name": "Drugi"}, follow=True
    )
    assert "Drugi is on the waiting list" in page.text
    duplicate = client.post(url, data)
    assert "snezana1@csr-vozdovac.rs is already registered for this event." in duplicate.text
    first = Registration.objects.get(email="snezana1@csr-vozdovac.rs")
    assert first.source == Registration.Source.ORGANISER
    assert first.registered_by == trainer
    page = client.post(
        reverse("trainings:participant_cancel", args=[first.public_id]) + "?lang=en", follow=True
    )
    assert "Drugi got the free place from the waiting list." in page.text
    assert Registration.objects.get(email="drugi@example.rs").status == "confirmed"


def test_the_organiser_adds_people_even_after_registration_closed(
    event: Event, trainer: User
) -> None:
    Event.objects.filter(pk=event.pk).update(registration_closes_on=in_days(-1))
    event.refresh_from_db()
    late = register(event, 1, source=Registration.Source.ORGANISER, acting_user=trainer)
    assert late.status == "confirmed"
    with pytest.raises(ValidationError) as refused:
        register(event, 2)
    assert refused.value.code == "closed"


def test_an_organisation_administrator_registers_colleagues_and_sees_only_them(
    event: Event, csw: Organisation, org_admin: User, case_worker: User, client_for: Any
) -> None:
    register(event, 1, full_name="Tuđa Učesnica")
    client = client_for(org_admin)
    listing = client.get(reverse("trainings:event_list") + "?lang=en").text
    assert "Register your colleagues" in listing
    url = reverse("trainings:colleagues_register", args=[event.public_id]) + "?lang=en"
    page = client.post(
        url,
        {
            "member": str(case_worker.pk),
            "municipality": str(municipality("Zemun").pk),
            "profession": "social_worker",
            "informed": "on",
        },
        follow=True,
    )
    assert "Jelena Petrović is registered." in page.text
    registration = Registration.objects.get(user=case_worker)
    assert registration.organisation == csw
    assert registration.organisation_kind == Organisation.Kind.CSW
    assert registration.source == Registration.Source.ORGANISATION
    assert registration.email == case_worker.email
    assert "Tuđa" not in page.text
    outsider_member = UserFactory()
    MembershipFactory(user=outsider_member, role=Role.CASE_WORKER)
    refused = client.post(
        url,
        {
            "member": str(outsider_member.pk),
            "municipality": str(municipality("Zemun").pk),
            "profession": "social_worker",
            "informed": "on",
        },
    )
    assert "Select a valid choice." in refused.text
    assert not Registration.objects.filter(user=outsider_member).exists()


def test_a_case_worker_does_not_register_colleagues(
    event: Event, case_worker: User, client_for: Any
) -> None:
    url = reverse("trainings:colleagues_register", args=[event.public_id])
    assert client_for(case_worker).get(url).status_code == 404


def test_a_refused_email_is_released_and_sent_on_a_later_try(
    event: Event, settings: Any, committed: Any
) -> None:
    settings.MAILERS = {"default": {"BACKEND": "putokaz.trainings.tests.failing_mail.Backend"}}
    with committed() as callbacks:
        registration = register(event, 1)
    assert len(callbacks) == 1  # the e-mail was tried
    message = RegistrationEmail.objects.get(registration=registration)
    assert message.sent_at is None  # the server refused it: not marked sent
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert email_registration.call(message.pk) is True
    assert email_registration.call(message.pk) is False  # once only
    assert len(mail.outbox) == 1


def test_the_last_place_goes_to_one_of_two_at_once(event: Event) -> None:
    """The second registration waits even when the first has not been read back: both take the
    event's row lock (FOR UPDATE on PostgreSQL; SQLite writes one transaction at a time)."""
    Event.objects.filter(pk=event.pk).update(capacity=1)
    stale = Event.objects.get(pk=event.pk)
    first = actions.registration_create(
        event=stale,
        full_name="A",
        email="a@example.rs",
        organisation_name="X",
        organisation_kind="csw",
        municipality=municipality("Zemun"),
        profession="other",
        sex="",
        language="sr-latn",
        source=Registration.Source.PUBLIC,
    )
    second = register(stale, 2)
    assert (first.status, second.status) == ("confirmed", "waiting")
