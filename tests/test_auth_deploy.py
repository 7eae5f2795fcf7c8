"""The deploy recipe (README, docs/deploy.md, deploy/): the trusted proxy count is set,
the gunicorn config loads, the nginx sample is valid and has what the site relies on."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.tests.test_deploy import BASE_DIR, production_env

DEPLOY_MD = (BASE_DIR / "docs" / "deploy.md").read_text()
README = (BASE_DIR / "README.md").read_text()
NGINX = (BASE_DIR / "deploy" / "nginx.conf").read_text()


@pytest.mark.parametrize("text", [README, DEPLOY_MD], ids=["README", "deploy.md"])
def test_the_production_recipes_set_the_trusted_proxy_count(text):
    assert re.search(r"\bTRUSTED_PROXY_COUNT=1\b", text)
    assert re.search(r"\bBEHIND_PROXY=1\b", text)
    assert "deploy/gunicorn.conf.py" in text


def test_the_deploy_doc_covers_every_piece():
    for needle in (
        "DATABASE_URL=postgres",
        "REDIS_URL=redis",
        "gunicorn -c deploy/gunicorn.conf.py",
        "manage.py run_huey",
        "daphne",
        "deploy/nginx.conf",
        "pg_dump",
        "pg_restore",
        "tar -C",
        "MEDIA_URL=https://media.",
        "STAFF_REQUIRE_MFA=1",
    ):
        assert needle in DEPLOY_MD, needle


def test_the_environment_reaches_every_client_ip_reader(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from rest_framework.settings import api_settings as a; "
        "print(s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT, a.NUM_PROXIES, "
        "s.STAFF_REQUIRE_MFA)"
    )
    env = production_env(tmp_path, TRUSTED_PROXY_COUNT="1", STAFF_REQUIRE_MFA="1")
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1", "1", "True"]


def test_the_gunicorn_config_loads_the_site(tmp_path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--check-config", "-c", "deploy/gunicorn.conf.py", "site_config.wsgi"],
        cwd=BASE_DIR,
        env=production_env(tmp_path, GUNICORN_WORKERS="2"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_nginx_sample_has_what_the_site_relies_on():
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in NGINX
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in NGINX
    assert "proxy_set_header Host $host;" in NGINX
    assert re.search(r"client_max_body_size 12m;", NGINX)
    ws = NGINX[NGINX.index("location /ws/") :]
    ws = ws[: ws.index("}")]
    assert "proxy_set_header Upgrade $http_upgrade;" in ws
    assert "proxy_set_header Connection $connection_upgrade;" in ws
    assert "location /static/" in NGINX
    assert "server_name media." in NGINX
    assert "ssl_certificate " in NGINX


@pytest.mark.skipif(not shutil.which("nginx", path="/usr/sbin:/usr/bin"), reason="no nginx")
def test_the_nginx_sample_is_valid(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=guildhall.example.com"),
        ],
        check=True,
        capture_output=True,
    )
    site = re.sub(r"/etc/letsencrypt/live/[^;]*/fullchain\.pem", str(cert), NGINX)
    site = re.sub(r"/etc/letsencrypt/live/[^;]*/privkey\.pem", str(key), site)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
        f" include {tmp_path}/site.conf;\n}}\n"
    )
    nginx = shutil.which("nginx", path="/usr/sbin:/usr/bin")
    result = subprocess.run(
        [nginx, "-t", "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
