"""One settings module; the environment picks the backends."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

# The probes import the settings module alone: what it makes of the environment is the
# question, and starting every app (django.setup()) cost seconds a probe.
PROBE = (
    "import json; import site_config.settings as s; "
    "print(json.dumps({'huey': s.HUEY['huey_class'], 'cache': s.CACHES['default']['BACKEND'], "
    "'db': s.DATABASES['default']['ENGINE'], 'huey_file': s.HUEY.get('filename', ''), "
    "'immediate': s.HUEY['immediate'], 'email': s.EMAIL_BACKEND, 'mail_dir': s.EMAIL_FILE_PATH}))"
)


def settings_under(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "site_config.settings", **env},
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(result.stdout)


def test_embedded_defaults_sqlite_huey_on_sqlite_locmem_cache_mail_to_files():
    values = settings_under()
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["huey"] == "huey.SqliteHuey"
    assert values["huey_file"].endswith("var/huey.sqlite3")
    assert values["cache"].endswith("LocMemCache")
    assert values["immediate"] is False  # explicit, not tied to DEBUG
    assert values["email"].endswith("filebased.EmailBackend")
    assert values["mail_dir"].endswith("var/mail")


def test_scaled_out_postgres_and_redis_from_the_environment():
    values = settings_under(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert values["db"] == "django.db.backends.postgresql"
    assert values["huey"] == "huey.RedisHuey"
    # Django's RedisCache with one client per connection pool (site_config.cache_backends).
    assert values["cache"] == "site_config.cache_backends.RedisCache"


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0].lower() == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


PREVIEW_PROBE = (
    "import json; import site_config.settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'key': s.SECRET_KEY, 'ssl': s.SECURE_SSL_REDIRECT, "
    "'secure_cookie': s.SESSION_COOKIE_SECURE, 'hsts': s.SECURE_HSTS_SECONDS, "
    "'hosts': s.ALLOWED_HOSTS, 'finders': s.WHITENOISE_USE_FINDERS, "
    "'storage': s.STORAGES['staticfiles']['BACKEND'], 'site_url': s.SITE_URL}))"
)


def preview_settings(tmp_path, **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "SITE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", PREVIEW_PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "site_config.settings", "VAR_DIR": str(tmp_path)}
        | env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(result.stdout)


def test_make_run_is_the_site_as_members_see_it_on_a_fresh_clone(tmp_path):
    """`make run` (LOCAL_PREVIEW): DEBUG off for the site's own error pages, plain HTTP,
    whitenoise serving from the source folders, a secret key made once and kept."""
    values = preview_settings(tmp_path, LOCAL_PREVIEW="1", HOST="127.0.0.1", PORT="8211")
    assert values["debug"] is False
    assert values["ssl"] is False and values["secure_cookie"] is False and values["hsts"] == 0
    assert values["finders"] is True
    assert values["storage"].endswith("StaticFilesStorage")
    assert "Manifest" not in values["storage"]  # no collectstatic needed
    assert "127.0.0.1" in values["hosts"] and "localhost" in values["hosts"]
    assert values["site_url"] == "http://127.0.0.1:8211"
    assert len(values["key"]) >= 50 and "insecure" not in values["key"]
    assert (tmp_path / "secret_key").read_text().strip() == values["key"]
    again = preview_settings(tmp_path, LOCAL_PREVIEW="1")
    assert again["key"] == values["key"]


def test_make_dev_keeps_debug_and_make_run_turns_it_off():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    run = makefile.split("\nrun:")[1].split("\n\n")[0]
    dev = makefile.split("\ndev:")[1].split("\n\n")[0]
    assert "LOCAL_PREVIEW=1" in run
    assert "DEBUG=1" in dev


def test_production_still_refuses_to_start_without_a_secret_key(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "LOCAL_PREVIEW"}}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "site_config.settings", "DEBUG": "0"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
