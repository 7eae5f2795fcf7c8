"""Production settings pass Django's deployment checks.

The checks run in a subprocess: settings are read from the environment once, at import,
so the test process (DEBUG on, test values) cannot stand in for production.
"""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
HOST = "guildhall.example.com"


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """A clean environment like a production host's (nothing inherited but PATH/HOME)."""
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "site_config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "BEHIND_PROXY": "1",
        # Keep the subprocess's SQLite files, huey queue and mail out of var/.
        "VAR_DIR": str(tmp_path / "var"),
    }
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# One subprocess for both checks below: starting Django (every app, DRF's schema check)
# is what these tests spend their time on.
SCRIPT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print('SETTINGS', s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
    "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
    "s.SECURE_PROXY_SSL_HEADER == ('HTTP_X_FORWARDED_PROTO', 'https'), "
    "s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, flush=True); "
    "from django.core.management import call_command; "
    "call_command('check', deploy=True, fail_level='WARNING')"
)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """Django started with a production host's environment: (exit code, stdout, stderr)."""
    tmp_path = tmp_path_factory.mktemp("production")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def test_check_deploy_passes_with_production_environment(production):
    returncode, stdout, stderr = production
    output = stdout + stderr
    assert returncode == 0, output
    assert "WARNINGS" not in output, output
    assert "?: (security." not in output, output
    assert "System check identified no issues" in output, output


def test_production_settings_are_the_secure_ones(production):
    returncode, stdout, stderr = production
    assert returncode == 0, stderr
    line = next(line for line in stdout.splitlines() if line.startswith("SETTINGS "))
    assert line.split("[")[0].split()[1:] == ["False"] + ["True"] * 5, line
    assert f"['{HOST}'] ['https://{HOST}']" in line


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage("check", env=production_env(tmp_path, SECRET_KEY=""))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
