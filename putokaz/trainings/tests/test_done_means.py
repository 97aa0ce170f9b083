"""Issue 7's "done means", end to end through the pages: an organiser creates a round table,
50 professionals from the 17 Belgrade municipalities register, attendance is taken,
certificates are issued and verified, and the report shows the 17 municipalities reached."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import MembershipFactory, UserFactory
from putokaz.directory.tests.factories import municipality
from putokaz.geo.models import District
from putokaz.trainings import actions
from putokaz.trainings.models import Certificate, Event, Registration
from putokaz.trainings.tests.factories import belgrade_municipalities, in_days, register

pytestmark = pytest.mark.django_db


def test_a_round_table_of_50_from_the_17_belgrade_municipalities_reaches_all_of_them(
    trainer: User,
    training_centre: Organisation,
    client_for: Any,
    anonymous: Client,
    committed: Any,
    csw: Organisation,
) -> None:
    organiser = client_for(trainer)
    day = in_days(10)
    # The organiser creates the round table and its agenda, and publishes it.
    page = organiser.post(
        reverse("trainings:event_create") + "?lang=en",
        {
            "title_sr_latn": "Deca bez pratnje: starateljstvo u praksi",
            "title_en": "Unaccompanied children: guardianship in practice",
            "description_sr_latn": "Razmena iskustava centara za socijalni rad i udruženja.",
            "kind": "round_table",
            "organiser": str(training_centre.pk),
            "starts_on": day.isoformat(),
            "ends_on": day.isoformat(),
            "venue": "Dom omladine Beograda, Makedonska 22",
            "municipality": str(municipality("Stari grad").pk),
            "capacity": "50",
            "public_registration": "on",
            "protection_topics": ["unaccompanied_children", "guardianship"],
            "cpd_points": "3",
            "certificate_attendance": "50",
        },
        follow=True,
    )
    assert "The event was saved." in page.text
    event = Event.objects.get(title_sr_latn="Deca bez pratnje: starateljstvo u praksi")
    for hour, title in ((10, "Iskustva centara"), (12, "Starateljstvo u praksi")):
        organiser.post(
            reverse("trainings:session_create", args=[event.public_id]),
            {
                "title_sr_latn": title,
                "starts_at": f"{day.isoformat()}T{hour}:00",
                "ends_at": f"{day.isoformat()}T{hour + 1}:30",
            },
        )
    organiser.post(reverse("trainings:event_publication", args=[event.public_id]), {"publish": "1"})

    # 50 professionals register: two on the public page, the others as the page would.
    places = belgrade_municipalities()
    assert len(places) == 17
    with committed():
        for n in range(2):
            page = anonymous.post(
                reverse("trainings:public_register", args=[event.public_id]) + "?lang=en",
                {
                    "full_name": f"Snežana Ćirić {n}",
                    "email": f"snezana{n}@csr.test",
                    "organisation_name": "Gradski centar za socijalni rad",
                    "organisation_kind": "csw",
                    "municipality": str(places[n].pk),
                    "profession": "social_worker",
                    "sex": "female",
                    "consent": "on",
                },
                follow=True,
            )
            assert page.status_code == 200
    for n in range(2, 50):
        register(event, n, place=places[n % 17])
    # The 51st waits: the round table has 50 places.
    assert register(event, 50).status == Registration.Status.WAITING
    confirmed = event.registrations.confirmed()
    assert confirmed.count() == 50
    assert confirmed.values("municipality").distinct().count() == 17

    # Attendance: everyone at the first session but the last two; at the second, 45 of them.
    first, second = event.sessions.all()
    people = list(confirmed.order_by("pk"))
    mark = reverse("trainings:check_in_mark", args=[first.pk, people[0].public_id])
    assert organiser.post(mark, {"present": "1"}).status_code == 302
    for registration in people[1:48]:
        actions.attendance_mark(
            session=first, registration=registration, present=True, acting_user=trainer
        )
    for registration in people[:45]:
        actions.attendance_mark(
            session=second, registration=registration, present=True, acting_user=trainer
        )
    check_in = organiser.get(reverse("trainings:check_in", args=[first.pk]) + "?lang=en")
    assert check_in.status_code == 200

    # Certificates for the 48 who came to at least half of the agenda (their e-mails, each
    # with its PDF, are the certificates' tests' business: not sent here).
    page = organiser.post(
        reverse("trainings:certificates_issue", args=[event.public_id]) + "?lang=en",
        follow=True,
    )
    assert "48 certificates were issued" in page.text
    certificate = Certificate.objects.get(registration=people[0])
    verified = anonymous.get(
        reverse("trainings:certificate_verify", args=[certificate.code.lower()]) + "?lang=en"
    )
    assert verified.status_code == 200
    assert people[0].full_name in verified.text
    absent = Certificate.objects.filter(registration__in=people[48:])
    assert not absent.exists()

    # The report: the 17 municipalities of the City of Belgrade reached.
    analyst = UserFactory()
    MembershipFactory(user=analyst, organisation=csw, role=Role.ANALYST)
    report = client_for(analyst).get(
        reverse("trainings:report"),
        {
            "start": in_days(0).isoformat(),
            "end": in_days(30).isoformat(),
            "region": District.objects.get(code="D00").pk,
            "lang": "en",
        },
    )
    assert report.status_code == 200
    assert "17 of 17" in report.text
    assert "not reached" not in report.text
    figures = report.context["report"].totals
    assert (figures.confirmed, figures.attended, figures.certificates, figures.waiting) == (
        50,
        48,
        48,
        1,
    )
    assert figures.points == 48 * 3
