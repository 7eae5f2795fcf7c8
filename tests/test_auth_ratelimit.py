"""Failed passwords: a progressive delay per (account, client IP), behind a proxy too.

Every place that checks a password goes through site_config.ratelimit: the site's login,
the admin's (it is the site's), the API's, reauthentication and deleting the account.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from site_config import ratelimit
from tests.api import assert_error

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
A, B = "203.0.113.5", "198.51.100.7"


@pytest.fixture(autouse=True)
def _english(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.cookies["django_language"] = "en"


@pytest.fixture
def victim(db):
    return UserFactory(email="victim@example.com")


def login_post(client, email, password, ip=A, **extra):
    return client.post(LOGIN_URL, {"login": email, "password": password}, REMOTE_ADDR=ip, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_three_wrong_passwords_are_free_then_the_delay_doubles(client, victim, time_machine):
    time_machine.move_to("2026-12-02 12:00:00+00:00", tick=False)
    for _ in range(3):
        response = login_post(client, victim.email, "wrong")
        assert response.status_code == 200  # the form again, with its error
    refused = login_post(client, victim.email, PASSWORD)  # even the right one waits
    assert refused.status_code == 429
    assert refused["Retry-After"] == "2"
    page = refused.content.decode()
    assert "Too many wrong passwords. Wait 2 seconds and try again." in page
    assert 'id="login-form"' in page or "<form" in page  # the form is shown again
    assert not logged_in(client)

    time_machine.shift(timedelta(seconds=3))
    assert login_post(client, victim.email, "wrong").status_code == 200
    refused = login_post(client, victim.email, "wrong")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "4"  # twice as long

    time_machine.shift(timedelta(seconds=5))
    response = login_post(client, victim.email, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_a_right_password_clears_the_count(client, victim):
    for _ in range(2):
        login_post(client, victim.email, "wrong")
    assert login_post(client, victim.email, PASSWORD).status_code == 302
    client.post(reverse("account_logout"))
    for _ in range(2):
        assert login_post(client, victim.email, "wrong").status_code == 200
    assert login_post(client, victim.email, PASSWORD).status_code == 302


def test_the_message_is_translated(client, victim, settings):
    settings.LANGUAGE_CODE = "ru"
    client.cookies["django_language"] = "ru"
    for _ in range(3):
        login_post(client, victim.email, "wrong")
    refused = login_post(client, victim.email, "wrong")
    assert refused.status_code == 429
    assert "Слишком много неверных паролей" in refused.content.decode()


def test_a_stranger_cannot_lock_the_owner_out(client, victim, time_machine):
    """A wrong password a minute, for an hour, from the stranger's address."""
    time_machine.move_to("2026-12-02 12:00:00+00:00", tick=False)
    for _ in range(60):
        login_post(client, victim.email, "wrong", ip=A)
        time_machine.shift(timedelta(minutes=1))
    assert login_post(client, victim.email, "wrong", ip=A).status_code == 429
    # The owner, on their own address, logs in at once.
    response = login_post(client, victim.email, PASSWORD, ip=B)
    assert response.status_code == 302
    assert logged_in(client)


def test_behind_a_proxy_one_client_does_not_lock_out_another(client, victim, settings):
    """nginx in front (REMOTE_ADDR is the proxy): TRUSTED_PROXY_COUNT=1 tells clients apart."""
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    other = UserFactory(email="other@example.com")
    for _ in range(12):  # past the delay and past allauth's 10 a minute per IP
        login_post(client, victim.email, "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=A)
    assert (
        login_post(client, victim.email, "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=A)
    ).status_code == 429
    # Another client behind the same proxy: the same account, and any other, log in.
    response = login_post(client, victim.email, PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=B)
    assert response.status_code == 302
    client.post(reverse("account_logout"))
    response = login_post(client, other.email, PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=B)
    assert response.status_code == 302


def test_a_client_cannot_escape_its_count_with_a_forged_header(client, victim, settings):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(4):
        # The client writes a new address each time; the proxy appends the real one.
        response = login_post(
            client,
            victim.email,
            "wrong",
            ip="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, {A}",
        )
    assert response.status_code == 429


def test_without_the_proxy_count_everyone_shares_the_proxy_address(client, victim, settings):
    """Why the deploy recipe sets TRUSTED_PROXY_COUNT: at 0 the header is ignored."""
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for _ in range(3):
        login_post(client, victim.email, "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=A)
    response = login_post(client, victim.email, PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=B)
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "127.0.0.1", "6.6.6.6", "127.0.0.1"),
        (1, "127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "127.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "127.0.0.1", "203.0.113.5", "203.0.113.5"),  # skipped a proxy: no 500
        (1, "127.0.0.1", "", "127.0.0.1"),  # straight to gunicorn
        (1, "127.0.0.1", "not-an-ip", "127.0.0.1"),
        (1, "127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_client_ip(settings, count, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_ip(request) == expected


def test_a_proxy_count_larger_than_the_header_is_no_500(client, victim, settings):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 3
    response = login_post(client, victim.email, PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=A)
    assert response.status_code == 302


def test_the_api_throttles_read_the_same_proxy_count(settings):
    from rest_framework.settings import api_settings

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.TRUSTED_PROXY_COUNT
    assert api_settings.NUM_PROXIES == settings.TRUSTED_PROXY_COUNT


# ---- The admin's login is the site's


def test_the_admin_login_form_is_the_sites(client, staff):
    response = client.post(reverse("admin:login"), {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert not logged_in(client)


def test_admin_login_is_limited_like_the_sites(client, staff, time_machine):
    time_machine.move_to("2026-12-02 12:00:00+00:00", tick=False)
    url = f"{LOGIN_URL}?next={reverse('admin:index')}"
    statuses = [
        client.post(url, {"login": staff.email, "password": f"guess-{n}"}).status_code
        for n in range(40)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert set(statuses[3:]) == {429}
    # The right password right after 40 guesses does not get in either.
    assert client.post(url, {"login": staff.email, "password": PASSWORD}).status_code == 429
    assert not logged_in(client)
    # The delay is over (and so is allauth's 30 login posts a minute per IP).
    time_machine.shift(timedelta(seconds=61))
    response = client.post(url, {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


# ---- The API's login


def test_api_login_is_limited_with_retry_after(api, victim):
    for _ in range(3):
        response = api().post(
            "/api/auth/login/", {"email": victim.email, "password": "wrong"}, REMOTE_ADDR=A
        )
        assert_error(response, 400, "invalid_credentials")
    response = api().post(
        "/api/auth/login/", {"email": victim.email, "password": PASSWORD}, REMOTE_ADDR=A
    )
    assert_error(response, 429, "throttled")
    assert response["Retry-After"] == "2"
    assert "Too many wrong passwords" in response.json()["error"]["message"]
    # Another client is not affected.
    response = api().post(
        "/api/auth/login/", {"email": victim.email, "password": PASSWORD}, REMOTE_ADDR=B
    )
    assert response.status_code == 200


# ---- Reauthentication and deleting the account


def test_reauthentication_is_limited(client, victim):
    client.force_login(victim)
    url = reverse("account_reauthenticate")
    assert client.get(url).status_code == 200
    for _ in range(3):
        assert client.post(url, {"password": "wrong"}).status_code == 200
    refused = client.post(url, {"password": PASSWORD})
    assert refused.status_code == 429
    assert refused["Retry-After"]
    assert "Too many wrong passwords" in refused.content.decode()


def test_account_deletion_password_is_limited(client, victim):
    client.force_login(victim)
    url = reverse("accounts:account_delete")
    for _ in range(3):
        assert client.post(url, {"password": "wrong"}).status_code == 422
    refused = client.post(url, {"password": PASSWORD})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "2"
    assert "Too many wrong passwords" in refused.content.decode()
    assert User.objects.get(pk=victim.pk).is_active  # not deleted


def test_api_account_deletion_password_is_limited(api, victim):
    client = api(victim)
    for _ in range(3):
        response = client.delete("/api/auth/user/", {"password": "wrong"}, format="json")
        assert response.status_code == 400
    response = client.delete("/api/auth/user/", {"password": PASSWORD}, format="json")
    assert_error(response, 429, "throttled")
    assert response["Retry-After"] == "2"
    assert User.objects.get(pk=victim.pk).is_active
