"""Referral statistics of a receiving organisation: counts, acceptance, response times, outcomes."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from putokaz.accounts.models import Organisation, User
from putokaz.directory.models import Service
from putokaz.referrals import actions
from putokaz.referrals.models import Referral
from putokaz.referrals.statistics import received_statistics
from putokaz.referrals.tests.factories import FamilyCase, family_case, legal_aid_service, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(
    csw: Organisation, case_worker: User, partner_ngo: Organisation, ngo_worker: User
) -> Service:
    """Three referrals acknowledged after 2, 4 and 10 hours; two accepted, one of them completed
    in 5 days with the need met; one declined; and one still waiting."""
    family: FamilyCase = family_case(csw, case_worker)
    service = legal_aid_service(partner_ngo)
    sent = [send(family, service, case_worker) for _ in range(4)]
    for referral, target in zip(sent, ["accepted", "accepted", "declined"], strict=False):
        actions.referral_move(referral=referral, target=target, note="x", acting_user=ngo_worker)
    actions.referral_move(
        referral=sent[0], target="completed", outcome="met", acting_user=ngo_worker
    )
    start = timezone.now() - datetime.timedelta(days=10)
    for referral, hours in zip(sent, [2, 4, 10], strict=False):
        Referral.objects.filter(pk=referral.pk).update(
            sent_at=start, acknowledged_at=start + datetime.timedelta(hours=hours)
        )
    Referral.objects.filter(pk=sent[0].pk).update(completed_at=start + datetime.timedelta(days=5))
    Referral.objects.filter(pk=sent[3].pk).update(sent_at=start)
    return service


def test_counts_acceptance_and_response_times(answered: Service) -> None:
    today = timezone.localdate()
    stats = received_statistics(answered.organisation, today - datetime.timedelta(days=30), today)
    total = stats.total
    assert (total.received, total.accepted, total.declined, total.completed, total.open) == (
        4,
        2,
        1,
        1,
        2,
    )
    assert total.acceptance_rate == pytest.approx(2 / 3)
    median, p90 = total.acknowledge
    assert median == pytest.approx(4)
    assert p90 == pytest.approx(8.8)  # inclusive: 4 + 0.8 × (10 - 4)
    assert total.complete == (pytest.approx(5), pytest.approx(5))
    with translation.override("en"):
        assert dict(total.outcome_counts())["need met"] == 1
    assert [row.label for row in stats.services] == ["Besplatna pravna pomoć"]


def test_a_period_without_referrals_is_empty(answered: Service) -> None:
    long_ago = datetime.date(2020, 1, 1)
    stats = received_statistics(answered.organisation, long_ago, long_ago)
    assert stats.total.received == 0
    assert stats.total.acknowledge == (None, None)


def test_the_page_shows_an_organisations_own_statistics_only(
    answered: Service, ngo_worker: User, outsider: User, client_for: Any
) -> None:
    page = client_for(ngo_worker).get(reverse("referrals:statistics") + "?lang=en").text
    assert "Besplatna pravna pomoć" in page
    assert "67 %" in page
    assert "4.0 / 8.8" in page
    assert "This field is required." not in page
    other = client_for(outsider).get(
        reverse("referrals:statistics"), {"organisation": answered.organisation_id}
    )
    assert "Besplatna pravna pomoć" not in other.text


def test_anonymous_visitor_is_sent_to_sign_in(client: Any) -> None:
    response = client.get(reverse("referrals:statistics"))
    assert response.status_code == 302
