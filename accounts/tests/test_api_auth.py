"""The API's sign-up, JWT login/refresh/logout, my account and password reset."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from tests.api import assert_error

pytestmark = pytest.mark.django_db

CODE_RE = re.compile(r"^ {4}([A-Z0-9]+(?:-[A-Z0-9]+)*)\s*$", re.MULTILINE)
PASSWORD_NEW = "Kvas-and-pirozhki-42"


def register(api, **overrides):
    data = {
        "email": "olga@example.com",
        "password": PASSWORD_NEW,
        "first_name": "Ольга",
        "last_name": "Иванова",
        "role": "teacher",
        **overrides,
    }
    return api().post("/api/auth/register/", data, format="json")


def code_from(message) -> str:
    match = CODE_RE.search(message.body)
    assert match, message.body
    return match.group(1)


def test_jwt_flow_end_to_end(api):
    """register → code from the mail → verify → login → refresh → logout → refused."""
    response = register(api)
    assert response.status_code == 201, response.content
    user = User.objects.get(email="olga@example.com")
    assert (user.first_name, user.last_name, user.role) == ("Ольга", "Иванова", "teacher")
    assert user.profile  # the same signup completion as the site's
    assert len(mail.outbox) == 1
    code = code_from(mail.outbox[0])

    # Not verified yet: login is refused.
    login = api().post("/api/auth/login/", {"email": user.email, "password": PASSWORD_NEW})
    assert_error(login, 403, "email_not_verified")

    verified = api().post("/api/auth/verify-email/", {"email": user.email, "code": code})
    assert verified.status_code == 200, verified.content
    assert set(verified.json()) == {"access", "refresh"}
    assert EmailAddress.objects.get(user=user).verified

    login = api().post("/api/auth/login/", {"email": user.email, "password": PASSWORD_NEW})
    assert login.status_code == 200
    tokens = login.json()

    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    me = client.get("/api/auth/user/")
    assert me.status_code == 200 and me.json()["email"] == "olga@example.com"

    refreshed = api().post("/api/auth/refresh/", {"refresh": tokens["refresh"]})
    assert refreshed.status_code == 200
    new = refreshed.json()
    assert new["refresh"] != tokens["refresh"]  # rotation
    # The rotated-out refresh is blacklisted.
    assert_error(api().post("/api/auth/refresh/", {"refresh": tokens["refresh"]}), 401)

    logout = api().post("/api/auth/logout/", {"refresh": new["refresh"]})
    assert logout.status_code == 204
    assert_error(api().post("/api/auth/refresh/", {"refresh": new["refresh"]}), 401)


def test_unverified_account_cannot_log_in(api):
    user = UserFactory(email_verified=False)
    response = api().post("/api/auth/login/", {"email": user.email, "password": PASSWORD})
    assert_error(response, 403, "email_not_verified")


def test_wrong_password_and_bad_bodies_are_400(api):
    user = UserFactory()
    assert_error(
        api().post("/api/auth/login/", {"email": user.email, "password": "nope"}),
        400,
        "invalid_credentials",
    )
    assert_error(api().post("/api/auth/login/", {}), 400, field="email")
    assert_error(api().post("/api/auth/login/", [1, 2], format="json"), 400)
    assert_error(api().post("/api/auth/refresh/", {"refresh": "garbage"}), 401)
    assert_error(api().post("/api/auth/logout/", {}), 400, field="refresh")


def test_register_bad_input_saves_nothing(api):
    response = register(api, email="not-an-email", password="1", role="wizard")
    error = assert_error(response, 400)
    assert {"email", "password", "role"} <= set(error["fields"])
    assert not User.objects.exists()
    assert not mail.outbox


def test_register_existing_email_does_not_reveal_it(api):
    UserFactory(email="olga@example.com")
    response = register(api)
    assert response.status_code == 201
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1  # "you already have an account"


def test_wrong_code_three_times_ends_the_verification(api):
    register(api)
    code = code_from(mail.outbox[0])
    for _attempt in range(3):
        response = api().post(
            "/api/auth/verify-email/", {"email": "olga@example.com", "code": "XXXX-XXXX"}
        )
        assert_error(response, 400, "invalid_code", field="code")
    response = api().post("/api/auth/verify-email/", {"email": "olga@example.com", "code": code})
    assert_error(response, 400, "invalid_code")
    assert not EmailAddress.objects.filter(verified=True).exists()


def test_login_rate_limit_of_the_site_applies(api):
    user = UserFactory()
    statuses = [
        api().post("/api/auth/login/", {"email": user.email, "password": "wrong"}).status_code
        for _ in range(12)
    ]
    assert statuses[0] == 400
    assert statuses[-1] == 429
    assert_error(api().post("/api/auth/login/", {"email": user.email, "password": "x"}), 429)


def test_api_throttle_per_user(api, monkeypatch):
    from site_config.api import UserThrottle

    monkeypatch.setattr(UserThrottle, "rate", "3/minute", raising=False)
    client = api(UserFactory())
    statuses = [client.get("/api/auth/user/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert_error(client.get("/api/auth/user/"), 429, "throttled")


def test_api_throttle_per_ip(api, monkeypatch):
    from site_config.api import IPThrottle

    monkeypatch.setattr(IPThrottle, "rate", "2/minute", raising=False)
    statuses = [api(UserFactory()).get("/api/auth/user/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_api_throttles_count_in_the_shared_cache(api, settings):
    """Both throttles keep their counters in the default cache (Redis when REDIS_URL is
    set), so every worker process counts the same requests."""
    from django.core.cache import caches

    from site_config.api import IPThrottle, UserThrottle

    if settings.REDIS_URL:
        assert type(caches["default"]).__name__ == "RedisCache"
    user = UserFactory()
    for _ in range(2):
        assert api(user).get("/api/auth/user/").status_code == 200
    shared = caches["default"]
    user_key = UserThrottle.cache_format % {"scope": "user", "ident": user.pk}
    ip_key = IPThrottle.cache_format % {"scope": "ip", "ident": "127.0.0.1"}
    assert len(shared.get(user_key)) == 2
    assert len(shared.get(ip_key)) == 2


def test_me_requires_a_token(api):
    assert_error(api().get("/api/auth/user/"), 401)
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert_error(client.get("/api/auth/user/"), 401)


def test_me_put_patch_delete(api):
    user = UserFactory(first_name="Анна", phone="")
    client = api(user)
    response = client.patch("/api/auth/user/", {"last_name": "Кузнецова"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["last_name"] == "Кузнецова"
    assert response.json()["first_name"] == "Анна"  # PATCH keeps what it was not sent

    response = client.put(
        "/api/auth/user/",
        {"first_name": "Аня", "last_name": "К", "language": "en", "phone": "+7 912 345-67-89"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["first_name"], body["language"], body["phone"]) == ("Аня", "en", "+79123456789")

    # PUT is the whole resource: missing required names are an error; nothing saved.
    error = assert_error(client.put("/api/auth/user/", {"language": "ru"}, format="json"), 400)
    assert "first_name" in error["fields"]
    error = assert_error(client.patch("/api/auth/user/", {"phone": "123"}, format="json"), 400)
    assert "phone" in error["fields"]
    user.refresh_from_db()
    assert (user.first_name, user.language, user.phone.as_e164) == ("Аня", "en", "+79123456789")

    refresh = client.post(
        "/api/auth/login/", {"email": user.email, "password": PASSWORD}, format="json"
    ).json()["refresh"]
    assert_error(client.delete("/api/auth/user/", {"password": "wrong"}, format="json"), 400)
    assert (
        client.delete("/api/auth/user/", {"password": PASSWORD}, format="json").status_code == 204
    )
    user.refresh_from_db()
    assert not user.is_active and not user.first_name  # the site's account deletion
    assert_error(client.get("/api/auth/user/"), 401)
    assert_error(api().post("/api/auth/refresh/", {"refresh": refresh}), 401)


def test_password_reset_and_confirm(api):
    user = UserFactory()
    response = api().post("/api/auth/password-reset/", {"email": user.email})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    key = re.search(r"/accounts/password/reset/key/([^/\s]+)/", mail.outbox[0].body).group(1)

    error = assert_error(
        api().post("/api/auth/password-reset/confirm/", {"key": key, "password": "123"}), 400
    )
    assert "password" in error["fields"]
    assert_error(
        api().post("/api/auth/password-reset/confirm/", {"key": "1-bad", "password": PASSWORD_NEW}),
        400,
        "invalid_key",
    )
    ok = api().post("/api/auth/password-reset/confirm/", {"key": key, "password": PASSWORD_NEW})
    assert ok.status_code == 200, ok.content
    login = api().post("/api/auth/login/", {"email": user.email, "password": PASSWORD_NEW})
    assert login.status_code == 200
    # The key works once.
    again = api().post("/api/auth/password-reset/confirm/", {"key": key, "password": "Xx-1234567"})
    assert_error(again, 400, "invalid_key")


def test_password_reset_unknown_email_answers_the_same(api):
    response = api().post("/api/auth/password-reset/", {"email": "nobody@example.com"})
    assert response.status_code == 200
    assert_error(api().post("/api/auth/password-reset/", {"email": "nope"}), 400, field="email")


def test_unknown_api_path_and_wrong_method(api):
    assert_error(api().get("/api/no-such-thing/"), 404, "not_found")
    assert_error(api().get("/api/auth/login/"), 405)


def test_the_sites_signup_and_reset_limits_apply(api, settings):
    """allauth's own limits (ACCOUNT_RATE_LIMITS) count API calls as the site's forms."""
    settings.ACCOUNT_RATE_LIMITS = {
        "signup": "2/m/ip",
        "reset_password": "20/m/ip,1/m/key",
        "reset_password_from_key": "2/m/ip",
    }
    body = {"email": "", "password": "x", "first_name": "", "last_name": "", "role": "student"}
    statuses = [api().post("/api/auth/register/", body).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert_error(api().post("/api/auth/register/", body), 429, "throttled")

    user = UserFactory()
    assert api().post("/api/auth/password-reset/", {"email": user.email}).status_code == 200
    assert_error(api().post("/api/auth/password-reset/", {"email": user.email}), 429)
    assert len(mail.outbox) == 1
    # Another address is its own key.
    other = UserFactory()
    assert api().post("/api/auth/password-reset/", {"email": other.email}).status_code == 200

    confirm = {"key": "1-bad", "password": PASSWORD_NEW}
    statuses = [
        api().post("/api/auth/password-reset/confirm/", confirm).status_code for _ in range(3)
    ]
    assert statuses == [400, 400, 429]
