"""The demo's events: the round table reaches all 17 Belgrade municipalities, the workshop has
its certificates, test scores and feedback, and loading again adds nothing."""

import pytest
from django.core.management import call_command

from putokaz.accounts.models import User
from putokaz.demo import trainings
from putokaz.geo.models import District
from putokaz.trainings.models import Certificate, Event, KnowledgeScore, Registration
from putokaz.trainings.report_forms import this_year
from putokaz.trainings.reports import Criteria, reportable_events, training_report

pytestmark = pytest.mark.django_db


def test_the_demo_events_reach_belgrade_and_are_held_with_certificates() -> None:
    call_command("demo", no_serve=True, households=5)
    round_table = Event.objects.get(title_sr_latn=trainings.PLANS[0].title["sr_latn"])
    confirmed = round_table.registrations.confirmed()
    assert confirmed.count() == 51
    assert confirmed.values("municipality").distinct().count() == 17
    assert Certificate.objects.filter(registration__event=round_table).count() > 30

    workshop = Event.objects.get(title_sr_latn=trainings.PLANS[1].title["sr_latn"])
    assert workshop.registrations.confirmed().count() == 24
    assert workshop.registrations.waiting().count() == 2
    assert KnowledgeScore.objects.filter(registration__event=workshop).exists()
    assert workshop.feedback.count() == 17

    upcoming = Event.objects.get(title_sr_latn=trainings.PLANS[3].title["sr_latn"])
    assert upcoming.registration_open() and not upcoming.sessions.filter(attendance__isnull=False)

    analyst = User.objects.get(email="analyst@putokaz.test")
    period = this_year()
    criteria = Criteria(
        start=min(period.start, round_table.starts_on),
        end=max(period.end, upcoming.starts_on),
        region=District.objects.get(code="D00"),
    )
    coverage = training_report(reportable_events(analyst), criteria).coverage
    assert coverage is not None and (coverage.reached, coverage.total) == (17, 17)

    counts = (Event.objects.count(), Registration.objects.count(), Certificate.objects.count())
    call_command("demo", no_serve=True, households=5)
    assert (
        Event.objects.count(),
        Registration.objects.count(),
        Certificate.objects.count(),
    ) == counts
