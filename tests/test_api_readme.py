"""README "Using the API": its curl examples (login, a list, a write) run against the API as
written, so the section breaks when the API does; the API's packages are pinned."""

from __future__ import annotations

import itertools
import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from accounts.tests.factories import PASSWORD, UserFactory
from board.models import Response
from board.tests.factories import AdFactory
from internships.tests.factories import TeacherFactory
from learning.models import Choice, Question
from learning.tests.factories import CourseFactory, QuizFactory

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def api_section() -> str:
    assert "## Using the API" in README
    return README.split("## Using the API", 1)[1].split("\n## ", 1)[0]


def curl_commands() -> list[dict]:
    """Each `curl` of the section's shell blocks: method, path, headers, JSON body."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", api_section(), re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if not line.strip().startswith("curl "):
                continue
            words = shlex.split(line)
            command = {"method": "GET", "headers": {}, "body": None}
            for flag, value in itertools.pairwise(words):
                if flag == "-X":
                    command["method"] = value
                elif flag == "-H":
                    name, _, header = value.partition(":")
                    command["headers"][name.strip()] = header.strip()
                elif flag == "-d":
                    command["body"] = json.loads(value)
            url = urlsplit(next(w for w in words if w.startswith("http")))
            command["path"] = url.path + (f"?{url.query}" if url.query else "")
            commands.append(command)
    return commands


def run(client, command: dict, token: str | None):
    """The curl command through the test client, `$TOKEN` and the password filled in."""
    extra = {}
    auth = command["headers"].get("Authorization")
    if auth:
        extra["HTTP_AUTHORIZATION"] = auth.replace("$TOKEN", token or "")
    body = command["body"]
    if body is not None and body.get("password") == "…":
        body = {**body, "password": PASSWORD}
    data = json.dumps(body) if body is not None else None
    return client.generic(
        command["method"],
        command["path"],
        data or "",
        content_type="application/json",
        **extra,
    )


def test_the_section_has_login_a_list_and_a_write():
    commands = curl_commands()
    paths = [(c["method"], c["path"].split("?")[0]) for c in commands]
    assert ("POST", "/api/auth/login/") in paths
    assert any(m == "GET" and p.startswith("/api/") for m, p in paths)
    writes = [c for c in commands if c["method"] in {"POST", "PATCH", "PUT", "DELETE"}]
    assert any("Authorization" in c["headers"] for c in writes)
    section = api_section()
    for documented in ("/api/docs/", "/api/redoc/", "/api/schema/", "page_size", '"error"'):
        assert documented in section, documented
    for status in (400, 401, 403, 404, 405, 409, 413, 429):
        assert str(status) in section, status
    # The CORS setting is documented with the other settings.
    assert "`API_CORS_ORIGINS`" in README


@pytest.mark.django_db
def test_the_curl_examples_work_as_written():
    from rest_framework.test import APIClient

    anna = TeacherFactory(email="anna@example.com")
    AdFactory(pk=42, author=UserFactory())
    question = Question.objects.create(
        quiz=QuizFactory(course=CourseFactory(teacher=anna)), text="Столица?", kind="single"
    )
    Choice.objects.create(pk=17, question=question, text="Масква", is_correct=True)
    Choice.objects.create(question=question, text="Тверь", is_correct=False)

    client = APIClient()
    token = None
    for command in curl_commands():
        response = run(client, command, token)
        assert response.status_code in {200, 201}, (command, response.content[:300])
        body = response.json()
        if command["path"] == "/api/auth/login/":
            assert set(body) >= {"access", "refresh"}
            token = body["access"]
        elif command["method"] == "GET":
            assert set(body) == {"count", "next", "previous", "results"}, body
    assert token, "the section logs in before it calls anything else"
    assert Response.objects.filter(ad_id=42, author=anna).exists()
    assert Choice.objects.get(pk=17).text == "Москва"


def test_the_api_packages_are_pinned():
    """Exact versions (requirements.txt says why each is there)."""
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    dev = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    for package in (
        "djangorestframework",
        "djangorestframework-simplejwt",
        "drf-spectacular",
        "drf-spectacular-sidecar",
        "django-filter",
    ):
        assert re.search(rf"^{re.escape(package)}==[\d.]+\s*$", requirements, re.M), package
    assert re.search(r"^openapi-spec-validator==[\d.]+\s*$", dev, re.M)
