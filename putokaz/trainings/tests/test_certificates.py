"""Certificates: earned by attendance, a PDF in the participant's language with every letter
in the embedded font, a public page that verifies the code, and CPD points per year."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from putokaz.accounts.models import User
from putokaz.audit.models import AccessLog
from putokaz.core.tests.pdf import letters_not_in_font, page_count, pdf_text
from putokaz.trainings import actions
from putokaz.trainings.certificate import certificates_pdf
from putokaz.trainings.models import Attendance, Certificate, Event, Registration, normalise_code
from putokaz.trainings.points import points_by_professional
from putokaz.trainings.tests.factories import EventFactory, SessionFactory, register

pytestmark = pytest.mark.django_db


def _attend(event: Event, registration: Registration, sessions: int, by: User) -> None:
    for session in event.sessions.all()[:sessions]:
        Attendance.objects.create(session=session, registration=registration, checked_by=by)


@pytest.fixture
def two_day_event(event: Event, trainer: User) -> Event:
    """Four sessions and 75% needed: three of four earn a certificate, two do not."""
    Event.objects.filter(pk=event.pk).update(
        cpd_points=6,
        certificate_attendance=75,
        accreditation="Republički zavod za socijalnu zaštitu, br. 123/2026",
    )
    for n in range(3):
        SessionFactory(event=event, title_sr_latn=f"Radionica {n}")
    event.refresh_from_db()
    return event


def test_those_who_attended_enough_get_a_certificate_and_an_email(
    two_day_event: Event, trainer: User, client_for: Any, committed: Any
) -> None:
    event = two_day_event
    full = register(event, 1, full_name="Jovana Ristić", language="sr-cyrl", sex="female")
    three = register(event, 2, full_name="Amela Berisha", language="sq")
    two = register(event, 3, full_name="Marko Lukić")
    _attend(event, full, 4, trainer)
    _attend(event, three, 3, trainer)
    _attend(event, two, 2, trainer)
    client = client_for(trainer)
    page = client.get(reverse("trainings:event_certificates", args=[event.public_id]) + "?lang=en")
    assert "Issue 1 certificate" not in page.text and "Issue 2 certificates" in page.text
    mail.outbox.clear()
    with committed():
        page = client.post(
            reverse("trainings:certificates_issue", args=[event.public_id]) + "?lang=en",
            follow=True,
        )
    assert "2 certificates were issued" in page.text
    issued = {c.registration: c for c in Certificate.objects.all()}
    assert set(issued) == {full, three}
    assert all(c.points == 6 for c in issued.values())
    assert sorted(m.to[0] for m in mail.outbox) == ["ucesnik1@example.rs", "ucesnik2@example.rs"]
    # Issuing again issues nothing twice.
    client.post(reverse("trainings:certificates_issue", args=[event.public_id]))
    assert Certificate.objects.count() == 2


def test_the_certificate_is_in_the_participants_language_with_every_letter_embedded(
    two_day_event: Event, trainer: User
) -> None:
    event = two_day_event
    Event.objects.filter(pk=event.pk).update(
        title_sr_latn="Okrugli sto: zaštita dece bez pratnje",
        title_sq="Tryezë e rrumbullakët: mbrojtja e fëmijëve të pashoqëruar",
    )
    cyrillic = register(event, 1, full_name="Đurđa Šćepanović", language="sr-cyrl", sex="female")
    albanian = register(event, 2, full_name="Ëngjëll Çela", language="sq")
    german = register(event, 3, full_name="Jürgen Weiß", language="de")
    latin = register(event, 4, full_name="Đorđe Ćirić Žužić", language="sr-latn", sex="male")
    for registration in (cyrillic, albanian, german, latin):
        _attend(event, registration, 4, trainer)
    certificates = actions.certificates_issue(event=event, acting_user=trainer)
    pdf = certificates_pdf(sorted(certificates, key=lambda c: c.registration.pk))
    assert page_count(pdf) == 4
    text = pdf_text(pdf)
    for expected in (
        "Ђурђа Шћепановић",  # typed in Latin, printed in the participant's Cyrillic
        "Округли сто: заштита деце без пратње",
        "учествовала",  # her grammatical gender
        "Ëngjëll Çela",
        "Tryezë e rrumbullakët: mbrojtja e fëmijëve të pashoqëruar",
        "Jürgen Weiß",
        "Teilnahmebescheinigung",
        "Đorđe Ćirić Žužić",
        "učestvovao je na",
        *(c.code for c in certificates),
    ):
        assert expected in text, expected
    assert (
        letters_not_in_font(pdf, "ЂурђаШћепановићËngjëllÇelaJürgenWeißĐorđeĆirićŽužićčš") == set()
    )


def test_anyone_verifies_a_certificate_by_its_code_typed_any_way(
    event: Event, trainer: User, anonymous: Client
) -> None:
    registration = register(event, 1, full_name="Milena Savić")
    _attend(event, registration, 1, trainer)
    (certificate,) = actions.certificates_issue(event=event, acting_user=trainer)
    page = anonymous.get(certificate.get_verification_url() + "?lang=en")
    assert "This certificate is valid." in page.text
    assert "Milena Savić" in page.text
    assert str(event.title) in page.text
    typed = certificate.code.replace("-", " ").lower()
    lookup = anonymous.get(reverse("trainings:certificate_lookup"), {"code": typed})
    assert lookup["Location"] == certificate.get_verification_url()
    unknown = anonymous.get(
        reverse("trainings:certificate_verify", args=["ACDE-FGHJ-KMNP"]) + "?lang=en"
    )
    assert unknown.status_code == 404
    assert "No certificate has this code." in unknown.text
    assert "Milena" not in unknown.text
    actions.certificate_revoke(certificate=certificate, reason="greška", acting_user=trainer)
    revoked = anonymous.get(certificate.get_verification_url() + "?lang=en")
    assert "This certificate was revoked." in revoked.text


def test_the_lookup_page_opens_empty_in_any_language(anonymous: Client) -> None:
    page = anonymous.get(reverse("trainings:certificate_lookup"), {"lang": "en"})
    assert page.status_code == 200
    assert not page.context["form"].is_bound
    assert "This field is required." not in page.text


def test_a_code_typed_on_a_cyrillic_keyboard_is_read_as_latin() -> None:
    assert normalise_code("асdе fghj-кмnр") == "ACDE-FGHJ-KMNP"


def test_the_participant_downloads_their_own_certificate_from_their_link(
    event: Event, trainer: User, anonymous: Client
) -> None:
    registration = register(event, 1, full_name="Dragana Nikolić", language="de")
    own = anonymous.get(
        reverse("trainings:registration_certificate", args=[registration.public_id])
    )
    assert own.status_code == 404  # not issued yet
    _attend(event, registration, 1, trainer)
    actions.certificates_issue(event=event, acting_user=trainer)
    page = anonymous.get(registration.get_participant_url() + "?lang=en").text
    assert "Download the certificate (PDF)" in page
    response = anonymous.get(
        reverse("trainings:registration_certificate", args=[registration.public_id])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "Teilnahmebescheinigung" in pdf_text(response.content)
    english = anonymous.get(
        reverse("trainings:registration_certificate", args=[registration.public_id]),
        {"language": "en"},
    )
    assert "Certificate of attendance" in pdf_text(english.content)


def test_the_organisers_print_certificates_and_the_export_is_logged(
    event: Event, trainer: User, client_for: Any, outsider: User
) -> None:
    registration = register(event, 1)
    _attend(event, registration, 1, trainer)
    actions.certificates_issue(event=event, acting_user=trainer)
    client = client_for(trainer)
    every = client.get(reverse("trainings:certificates_download", args=[event.public_id]))
    assert every["Content-Type"] == "application/pdf"
    one = client.get(reverse("trainings:certificate_download", args=[registration.public_id]))
    assert one["Content-Type"] == "application/pdf"
    assert AccessLog.objects.filter(actor=trainer, purpose="certificates printed").exists()
    assert AccessLog.objects.filter(
        actor=trainer, action="export", object_id=str(registration.pk), purpose="certificate"
    ).exists()
    other = client_for(outsider)
    assert (
        other.get(reverse("trainings:certificates_download", args=[event.public_id])).status_code
        == 404
    )
    assert (
        other.get(
            reverse("trainings:certificate_download", args=[registration.public_id])
        ).status_code
        == 404
    )


def test_points_are_summed_per_professional_and_year(trainer: User, event: Event) -> None:
    organiser = event.organiser
    last_year = datetime.date(event.starts_on.year - 1, 11, 20)
    older = EventFactory(
        organiser=organiser,
        created_by=trainer,
        starts_on=last_year,
        ends_on=last_year,
        cpd_points=4,
        registration_closes_on=None,
    )
    SessionFactory(event=older)
    Event.objects.filter(pk=event.pk).update(cpd_points=6)
    event.refresh_from_db()
    second = EventFactory(organiser=organiser, created_by=trainer, cpd_points=2)
    SessionFactory(event=second)
    for each in (event, second):
        registration = register(each, 1, full_name="Ana Anić")
        _attend(each, registration, 1, trainer)
        actions.certificates_issue(event=each, acting_user=trainer)
    # Registered for last year's programme by the organiser (it was closed to the public).
    past = register(older, 1, full_name="Ana Anić", source="organiser", acting_user=trainer)
    _attend(older, past, 1, trainer)
    actions.certificates_issue(event=older, acting_user=trainer)
    other = register(event, 2, full_name="Boris Babić")
    _attend(event, other, 1, trainer)
    actions.certificates_issue(event=event, acting_user=trainer)
    rows = points_by_professional(Certificate.objects.select_related("registration__event"))
    year = event.ends_on.year
    assert [(r.name, r.year, r.points) for r in rows] == [
        ("Ana Anić", year, 8),
        ("Boris Babić", year, 6),
        ("Ana Anić", year - 1, 4),
    ]
