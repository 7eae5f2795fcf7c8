"""Helpers for the API tests of every app: a JWT client and the error body's shape."""

from __future__ import annotations

from django.test import TestCase
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken


class CommitClient(APIClient):
    """Runs what a request queues for after its commit (mails, notifications), as a real
    request's transaction would; the test's own transaction never commits."""

    def request(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**kwargs)


def client_for(user=None) -> APIClient:
    """An API client; with a user, it sends that user's access token."""
    client = CommitClient()
    if user is not None:
        token = RefreshToken.for_user(user).access_token
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def assert_error(response, status: int, code: str | None = None, field: str | None = None):
    """The response is the API's one error shape with this status (and code, field)."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}, error
    assert isinstance(error["message"], str) and error["message"], error
    assert isinstance(error["fields"], dict), error
    if code is not None:
        assert error["code"] == code, error
    if field is not None:
        assert field in error["fields"], error
    return error
