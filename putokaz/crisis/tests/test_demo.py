"""The demo's crisis interventions: one overdue at the top of the intake, one closed."""

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from putokaz.accounts.models import User
from putokaz.crisis.models import CrisisIntervention

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_overdue_intervention_first_and_a_closed_one(client_for: Any) -> None:
    call_command("demo", no_serve=True, households=5)
    call_command("demo", no_serve=True, households=5)  # idempotent
    assert CrisisIntervention.objects.count() == 2
    [overdue] = CrisisIntervention.objects.overdue()
    assert overdue.contact_name == "Bajram Krasniqi"
    closed = CrisisIntervention.objects.closed().get()
    assert closed.responses.count() == 2 and not closed.is_response_late()
    worker = User.objects.get(email="case-worker@putokaz.test")
    page = client_for(worker).get(reverse("crisis:intervention_list") + "?lang=en").text
    assert "Bajram Krasniqi" in page and "overdue by 3 h" in page
