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
