"""A strict Content-Security-Policy, templates it can hold for, HSTS opt-in."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + [
    Path(settings.BASE_DIR) / app / "templates"
    for app in ("accounts", "board", "internships", "learning", "community", "site_config")
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def test_every_page_has_a_strict_policy(client):
    directives = policy(client.get("/"))
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in " ".join(directives.get("script-src", []))
    assert directives["img-src"][0] == "'self'"
    assert not any(src.startswith("http") for src in directives["img-src"])
    assert set(directives["frame-src"]) <= {
        "https://www.youtube.com",
        "https://youtube.com",
        "https://www.youtube-nocookie.com",
        "https://vk.com",
        "https://vkvideo.ru",
        "https://rutube.ru",
    }
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_templates_have_no_inline_script_handlers_or_javascript_links():
    offenders = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
                for match in pattern.finditer(text):
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}")
    assert offenders == []


def probe(**env) -> dict:
    script = (
        # The settings module alone: what it reads from the environment is the question,
        # and starting every app (django.setup()) took seconds.
        "import json; import site_config.settings as s; "
        "print(json.dumps([s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD]))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SECURE_HSTS")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "site_config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "example.com",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(result.stdout)


def test_hsts_subdomains_and_preload_are_opt_in():
    assert probe() == [False, False]
    assert probe(SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1") == [True, True]


def test_rendered_pages_carry_no_inline_script(client):
    from accounts.tests.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True, role="employer")
    client.force_login(staff)
    pages = [
        "/",
        "/board/",
        "/board/ads/new/",
        "/profile/",
        "/users/",
        "/organizations/",
        "/internships/",
        "/staff/newsletters/new/",
        "/admin/",
        "/admin/internships/posting/add/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.findall(html), (url, INLINE_SCRIPT.findall(html))
        assert not HANDLER.findall(html), (url, HANDLER.findall(html))
        assert "javascript:" not in html, url
