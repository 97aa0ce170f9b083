import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_putokaz_console_command_wraps_django_management() -> None:
    script = Path(sys.executable).parent / "putokaz"
    result = subprocess.run(  # noqa: S603 - our own console script
        [str(script), "help"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    for subcommand in ("demo", "migrate", "createsuperuser", "translations"):
        assert subcommand in result.stdout


@pytest.mark.django_db
def test_createsuperuser_makes_a_system_administrator_who_signs_in(monkeypatch) -> None:
    from django.core.management import call_command  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from putokaz.accounts.models import User  # noqa: PLC0415

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-password")
    call_command(
        "createsuperuser",
        interactive=False,
        email="Admin@CSR.rs",
        full_name="Ana Admin",
        verbosity=0,
    )
    user = User.objects.get(email="admin@csr.rs")
    assert user.is_system_admin and user.is_staff
    client = Client()
    response = client.post(
        "/sign-in/", {"username": "admin@csr.rs", "password": "a-long-admin-password"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
