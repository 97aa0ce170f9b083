from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from putokaz.abuse.models import AbuseReport
from putokaz.accounts.models import User
from putokaz.cases.models import Case

pytestmark = pytest.mark.django_db


def test_demo_abuse_report_is_sealed_to_its_worker_and_immediate(client_for: Any) -> None:
    call_command("demo", no_serve=True, households=5)
    call_command("demo", no_serve=True, households=5)  # idempotent
    report = AbuseReport.objects.get()
    worker = User.objects.get(email="case-worker@putokaz.test")
    supervisor = User.objects.get(email="supervisor@putokaz.test")
    assert report.case.sealed
    assert report.case.urgency == report.suggested_urgency == "immediate"
    assert Case.objects.visible_to(worker).filter(pk=report.case.pk).exists()
    assert not Case.objects.visible_to(supervisor).filter(pk=report.case.pk).exists()
    page = client_for(worker).get(
        reverse("abuse:overview", args=[report.case.public_id]) + "?lang=en"
    )
    assert "Medical examination" in page.text
    assert "Izrečena hitna mera udaljenja oca" in page.text
