"""The production configuration documented in the README passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PRODUCTION_ENVIRONMENT = {
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "putokaz.example.rs",
    "HTTPS": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "1",
    "EMAIL_HOST": "smtp.example.rs",
    "EMAIL_HOST_USER": "putokaz",
    "EMAIL_HOST_PASSWORD": "secret",
    "PROXY_COUNT": "1",
    "STATIC_MANIFEST": "1",
    "SITE_URL": "https://putokaz.example.rs",
    "TASKS_BACKEND": "database",
}


def run_manage(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    # Only the documented variables: nothing a developer or another test set leaks in.
    env = {
        **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}},
        "PUTOKAZ_VAR_DIR": str(tmp_path),
        **PRODUCTION_ENVIRONMENT,
        **extra,
    }
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


DEPLOY_CHECK = ("check", "--deploy", "--fail-level", "WARNING")


def test_documented_production_settings_pass_the_deployment_check(tmp_path: Path) -> None:
    result = run_manage(tmp_path, *DEPLOY_CHECK)
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_is_off_unless_asked_for(tmp_path: Path) -> None:
    result = run_manage(tmp_path, *DEPLOY_CHECK, DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG" in result.stdout + result.stderr


def test_collectstatic_writes_hashed_compressed_files(tmp_path: Path) -> None:
    result = run_manage(tmp_path, "collectstatic", "--no-input", "-v", "0")
    assert result.returncode == 0, result.stderr
    static = tmp_path / "static"
    assert (static / "staticfiles.json").exists()
    hashed = [p.name for p in (static / "css").glob("putokaz.*.css")]
    assert hashed, "no hashed stylesheet"
    assert list((static / "css").glob("putokaz.*.css.gz"))
