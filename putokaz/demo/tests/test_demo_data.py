from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import UserFactory
from putokaz.cases.models import Case, Status
from putokaz.core.models import Installation
from putokaz.demo import data
from putokaz.people.models import Household, OtherSpelling, Person, PossibleDuplicate
from putokaz.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_demo_loads_one_account_per_role_for_belgrade() -> None:
    call_command("demo", no_serve=True, households=5)
    roles = set(
        User.objects.filter(email__endswith="@putokaz.test").values_list(
            "memberships__role", flat=True
        )
    )
    assert roles == set(Role.values)
    assert Organisation.objects.filter(kind=Organisation.Kind.CSW).count() == 17
    assert Installation.is_demo_database()
    user = User.objects.get(email="case-worker@putokaz.test")
    assert user.check_password(data.PASSWORD)


def test_demo_can_be_loaded_twice_without_duplicates() -> None:
    call_command("demo", no_serve=True, households=5)
    counts = (User.objects.count(), Organisation.objects.count())
    call_command("demo", no_serve=True, households=5)
    assert (User.objects.count(), Organisation.objects.count()) == counts


def test_demo_refuses_a_database_with_real_data() -> None:
    UserFactory(email="real.person@csr.rs")
    with pytest.raises(CommandError):
        call_command("demo", no_serve=True, households=5)
    assert not User.objects.filter(email__endswith="@putokaz.test").exists()


def test_demo_refuses_a_database_marked_as_real() -> None:
    Installation(is_demo=False).save()
    with pytest.raises(CommandError):
        call_command("demo", no_serve=True, households=5)
    assert not User.objects.exists()


def test_demo_accounts_sign_in(anonymous: Client) -> None:
    call_command("demo", no_serve=True, households=5)
    response = anonymous.post(
        "/sign-in/", {"username": "org-admin@putokaz.test", "password": data.PASSWORD}
    )
    assert response.status_code == 302
    assert "Ljiljana" in anonymous.get("/").text


def test_demo_families_have_cases_at_every_stage_some_overdue() -> None:
    call_command("demo", no_serve=True)
    assert Household.objects.count() == 200
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)
    assert Case.objects.overdue().exists()
    # German spellings of Serbian and Roma names find the same people.
    spelling = OtherSpelling.objects.filter(family_name__contains="ic").first()
    assert spelling is not None
    assert spelling.person in Person.objects.search(spelling.family_name)
    worker = User.objects.get(email="case-worker@putokaz.test")
    assert Case.objects.visible_to(worker).open().exists()
    # One person registered twice (the second time from German papers) waits for review.
    supervisor = User.objects.get(email="supervisor@putokaz.test")
    pair = PossibleDuplicate.objects.for_reviewer(supervisor).open().get()
    assert pair.score >= 0.6 and pair.person.birth_date != pair.other.birth_date


def test_demo_referrals_reach_the_ngo_at_every_step_one_overdue(client_for: Any) -> None:
    call_command("demo", no_serve=True, households=30)
    ngo_worker = User.objects.get(email="ngo-worker@putokaz.test")
    received = Referral.objects.received_by(ngo_worker)
    assert {"sent", "acknowledged", "accepted", "in_progress", "completed", "declined"} <= set(
        received.values_list("status", flat=True)
    )
    assert received.acknowledgement_overdue().exists()
    referral = received.filter(status="in_progress").first()
    assert referral is not None
    members = referral.household.current_members()
    page = client_for(ngo_worker).get(referral.get_absolute_url()).text
    assert all(m.person.family_name in page for m in members)


def test_demo_trafficking_case_is_sealed_to_its_worker_with_a_presumed_victim(
    client_for: Any,
) -> None:
    call_command("demo", no_serve=True, households=5)
    worker = User.objects.get(email="case-worker@putokaz.test")
    supervisor = User.objects.get(email="supervisor@putokaz.test")
    case = Case.objects.get(person__family_name="Kovalenko")
    assert case.sealed
    assert Case.objects.visible_to(worker).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(supervisor).filter(pk=case.pk).exists()
    page = client_for(worker).get(
        reverse("trafficking:overview", args=[case.public_id]) + "?lang=en"
    )
    assert "Presumed victim" in page.text
    assert "Posrednik zna gde je smeštena" in page.text  # the safety plan
    screening = case.trafficking_screenings.get()
    assert screening.possible_victim
