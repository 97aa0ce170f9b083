import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from putokaz.accounts.models import Organisation, Role, User
from putokaz.accounts.tests.factories import UserFactory
from putokaz.core.models import Installation
from putokaz.demo import data

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
