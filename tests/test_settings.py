"""One settings module; the environment picks the backends."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
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
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"


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
