"""Site-wide API behaviour: 413 for what is too large, CORS off unless configured."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import UserFactory
from tests.api import assert_error

pytestmark = pytest.mark.django_db


def test_too_large_body_is_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api(UserFactory()).generic(
        "POST",
        "/api/ads/",
        json.dumps({"title": "x" * 5000, "category": "healers", "body": "y"}),
        content_type="application/json",
    )
    assert_error(response, 413, "too_large")


def test_too_large_avatar_is_413(api):
    user = UserFactory()
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 10), "image/png")
    response = api(user).post(f"/api/users/{user.pk}/avatar/", {"avatar": big}, format="multipart")
    assert_error(response, 413, "too_large", field="avatar")
    user.refresh_from_db()
    assert not user.avatar


def test_cors_is_off_by_default(api):
    response = api().get("/api/ads/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response
    preflight = api().options(
        "/api/ads/", HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "Access-Control-Allow-Origin" not in preflight


def test_cors_for_listed_origins(api, settings):
    settings.API_CORS_ORIGINS = ["https://app.example.com"]
    preflight = api().options(
        "/api/ads/",
        HTTP_ORIGIN="https://app.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    response = api().get("/api/ads/", HTTP_ORIGIN="https://app.example.com")
    assert response["Access-Control-Allow-Origin"] == "https://app.example.com"
    other = api().get("/api/ads/", HTTP_ORIGIN="https://other.example")
    assert "Access-Control-Allow-Origin" not in other
    # Only the API: the site's pages never get CORS headers.
    assert "Access-Control-Allow-Origin" not in api().get(
        "/", HTTP_ORIGIN="https://app.example.com"
    )


def test_garbage_never_500s(api):
    user = UserFactory()
    client = api(user)
    bodies = [
        ("/api/ads/", {"title": {"a": 1}, "category": ["x"], "body": None}),
        ("/api/ads/", {"title": "\x00\x00\x00", "category": "healers", "body": "<p>x</p>"}),
        ("/api/organizations/", {"name": ["a", "b"]}),
        (f"/api/users/{user.pk}/profile/", {"skills": {"x": 1}, "website": 5}),
        ("/api/auth/login/", {"email": ["a"], "password": {"b": 1}}),
        ("/api/auth/register/", {"email": None, "password": None, "role": []}),
        ("/api/auth/verify-email/", {"email": "x@example.com", "code": ["x"]}),
        ("/api/auth/password-reset/confirm/", {"key": None, "password": None}),
    ]
    for url, body in bodies:
        method = client.patch if "profile" in url else client.post
        response = method(url, body, format="json")
        assert 400 <= response.status_code < 500, (url, response.status_code, response.content)
    response = client.generic("POST", "/api/ads/", "{not json", content_type="application/json")
    assert_error(response, 400)
    for url in (
        "/api/ads/?page=0",
        "/api/ads/?page_size=abc",
        "/api/users/?search=%00",
        "/api/ads/abc/",
    ):
        assert client.get(url).status_code < 500, url


def test_non_object_bodies_are_400(api):
    client = api(UserFactory())
    for url in (
        "/api/auth/register/",
        "/api/auth/verify-email/",
        "/api/auth/login/",
        "/api/auth/refresh/",
        "/api/auth/logout/",
        "/api/auth/password-reset/",
        "/api/auth/password-reset/confirm/",
        "/api/ads/",
        "/api/organizations/",
        "/api/courses/",
        "/api/blogs/",
    ):
        for body in ([1, 2], "text", 5, None):
            response = client.post(url, json.dumps(body), content_type="application/json")
            assert 400 <= response.status_code < 500, (url, body, response.content[:200])


def test_page_size_is_capped_at_100(api):
    from board.tests.factories import AdFactory

    AdFactory.create_batch(105)
    client = api()
    for asked, got in (("500", 100), ("100", 100), ("7", 7), ("0", 20), ("-3", 20), ("x", 20)):
        body = client.get("/api/ads/", {"page_size": asked}).json()
        assert body["count"] == 105 and len(body["results"]) == got, (asked, len(body["results"]))
    last = client.get("/api/ads/", {"page_size": 100, "page": 2}).json()
    assert len(last["results"]) == 5 and last["next"] is None and last["previous"]
    assert_error(client.get("/api/ads/", {"page": 99}), 404)
