"""Signup, the emailed code, login, logout and password reset through allauth's real views.

allauth's mails go out through Huey after the transaction commits (accounts.adapter), so
every request that may send one runs inside `django_capture_on_commit_callbacks`.
"""

import re
from datetime import timedelta

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from accounts.models import Profile, User
from accounts.tests.factories import PASSWORD, UserFactory

SIGNUP_URL = "/accounts/signup/"
CODE_URL = "/accounts/confirm-email/"
LOGIN_URL = "/accounts/login/"
LOGOUT_URL = "/accounts/logout/"
RESET_URL = "/accounts/password/reset/"
NEW_PASSWORD = "Tr0ub4dor-and-3"

# allauth's default code is like "GWBD-RLJD"; settings may change its length or alphabet.
CODE_RE = re.compile(r"^ {4}([A-Z0-9]+(?:-[A-Z0-9]+)*)\s*$", re.MULTILINE)


def signup_data(**overrides):
    data = {
        "email": "anna.petrova@example.com",
        "password1": "Kvas-and-pirozhki-42",
        "password2": "Kvas-and-pirozhki-42",
        "first_name": "Анна",
        "last_name": "Петрова",
        "role": "employer",
    }
    data.update(overrides)
    return data


def code_from(message) -> str:
    match = CODE_RE.search(message.body)
    assert match, f"no code in the mail body:\n{message.body}"
    return match.group(1)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """client.get/post that also runs the on-commit hooks (the queued mails)."""

    def _send(method, url, data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(client, method)(url, data or {}, **kwargs)

    return _send


@pytest.fixture
def signed_up(send):
    """A fresh signup waiting for its code: (response, the code mail)."""
    response = send("post", SIGNUP_URL, signup_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(mail.outbox) == 1
    return response, mail.outbox[0]


# ---- signup and the code


@pytest.mark.django_db
def test_signup_mails_one_code_and_the_code_activates_the_account(client, send, signed_up):
    response, message = signed_up
    assert response["Location"] == CODE_URL
    assert message.to == ["anna.petrova@example.com"]
    code = code_from(message)
    assert code in message.subject
    html = next(body for body, mimetype in message.alternatives if mimetype == "text/html")
    assert code in html
    assert message.subject.startswith("[Guildhall] ")

    user = User.objects.get(email="anna.petrova@example.com")
    assert (user.first_name, user.last_name, user.role) == ("Анна", "Петрова", "employer")
    assert Profile.objects.filter(user=user).exists()
    assert not EmailAddress.objects.get(user=user).verified
    assert not is_logged_in(client)

    page = client.get(CODE_URL)
    assert page.status_code == 200
    assert 'id="code-form"' in page.content.decode()
    assert "anna.petrova@example.com" in page.content.decode()

    # A wrong code: a form error, nothing verified.
    wrong = "ZZZZ-ZZZZ" if code != "ZZZZ-ZZZZ" else "YYYY-YYYY"
    response = send("post", CODE_URL, {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not EmailAddress.objects.get(user=user).verified
    assert not is_logged_in(client)

    # The right code (typed in lower case, as people do) verifies and logs in.
    response = send("post", CODE_URL, {"code": code.lower()})
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert EmailAddress.objects.get(user=user).primary
    assert is_logged_in(client)
    assert len(mail.outbox) == 1

    # Log out (POST) and back in by email.
    response = send("post", LOGOUT_URL)
    assert response.status_code == 302
    assert not is_logged_in(client)
    response = send(
        "post", LOGIN_URL, {"login": "Anna.Petrova@example.com", "password": "Kvas-and-pirozhki-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    assert int(client.session["_auth_user_id"]) == user.pk
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert home.context["user"] == user


@pytest.mark.django_db
def test_login_before_confirming_is_refused(client, send, signed_up):
    client.logout()
    credentials = {"login": "anna.petrova@example.com", "password": "Kvas-and-pirozhki-42"}

    # Within 10 s of the last code mail allauth cannot send another one: refused outright.
    response = send("post", LOGIN_URL, credentials)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not is_logged_in(client)

    # Later the login sends a fresh code and asks for it, still without logging in.
    cache.clear()
    response = send("post", LOGIN_URL, credentials)
    assert response.status_code == 302
    assert response["Location"] == CODE_URL
    assert not is_logged_in(client)
    assert len(mail.outbox) == 2
    assert code_from(mail.outbox[1])
    assert client.get("/profile/")["Location"].startswith(LOGIN_URL)
    assert not EmailAddress.objects.get(email="anna.petrova@example.com").verified


@pytest.mark.django_db
def test_too_many_wrong_codes_invalidate_the_code(client, send, signed_up):
    _, message = signed_up
    code = code_from(message)
    wrong = "ZZZZ-ZZZZ" if code != "ZZZZ-ZZZZ" else "YYYY-YYYY"
    attempts = allauth_settings.EMAIL_VERIFICATION_BY_CODE_MAX_ATTEMPTS
    assert attempts == 3
    for _ in range(attempts - 1):
        assert send("post", CODE_URL, {"code": wrong}).status_code == 200
    response = send("post", CODE_URL, {"code": wrong})
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL

    # The right code is worthless now.
    response = send("post", CODE_URL, {"code": code})
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert not EmailAddress.objects.get(email="anna.petrova@example.com").verified
    assert not is_logged_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize(("minutes", "accepted"), [(9, True), (11, False)])
def test_the_code_is_valid_for_ten_minutes(
    client, send, signed_up, time_machine, minutes, accepted
):
    _, message = signed_up
    time_machine.move_to(timedelta(minutes=minutes))
    response = send("post", CODE_URL, {"code": code_from(message)})
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="anna.petrova@example.com").verified is accepted
    assert is_logged_in(client) is accepted
    if not accepted:
        assert response["Location"] == LOGIN_URL


@pytest.mark.django_db
def test_resend_mails_a_new_code(client, send, signed_up):
    _, first = signed_up
    page = client.get(CODE_URL).content.decode()
    assert 'name="action" value="resend"' in page

    # Right after the first mail allauth refuses (one mail per 10 s per address).
    response = send("post", CODE_URL, {"action": "resend"})
    assert response.status_code == 429
    assert len(mail.outbox) == 1

    cache.clear()  # the rate limit's counters live in the cache: as if 10 s passed
    response = send("post", CODE_URL, {"action": "resend"})
    assert response.status_code == 302
    assert response["Location"] == CODE_URL
    assert len(mail.outbox) == 2
    second = mail.outbox[1]
    assert second.to == ["anna.petrova@example.com"]
    new_code = code_from(second)
    old_code = code_from(first)
    assert new_code != old_code

    assert send("post", CODE_URL, {"code": old_code}).status_code == 200
    response = send("post", CODE_URL, {"code": new_code})
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="anna.petrova@example.com").verified


@pytest.mark.django_db
def test_code_page_without_a_pending_signup_goes_to_login(client):
    response = client.get(CODE_URL)
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL


# ---- bad signups


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"last_name": "  "}, "last_name"),
        ({"role": "admin"}, "role"),
        ({"role": ""}, "role"),
        ({"email": "not-an-email"}, "email"),
        ({"password2": "something-else-42"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password1"),
    ],
)
def test_bad_signup_shows_a_form_error_and_saves_nothing(send, overrides, field):
    response = send("post", SIGNUP_URL, signup_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'id="signup-form"' in response.content.decode()
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_duplicate_email_creates_no_second_account(client, send):
    """An address that has an account: no new user and no error that would tell a
    stranger the address is registered (allauth's ACCOUNT_PREVENT_ENUMERATION); the
    owner gets a mail saying they already have an account."""
    owner = UserFactory(email="anna.petrova@example.com", first_name="Анна")
    response = send("post", SIGNUP_URL, signup_data(email="Anna.Petrova@Example.com"))
    assert response.status_code == 302
    assert response["Location"] == CODE_URL
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.first_name == "Анна"
    assert owner.role == "student"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna.petrova@example.com"]
    assert RESET_URL in mail.outbox[0].body
    assert not CODE_RE.search(mail.outbox[0].body)
    assert not is_logged_in(client)


# ---- login and logout


@pytest.mark.django_db
def test_login_with_a_wrong_password_is_a_form_error(client, send):
    UserFactory(email="ivan@example.com")
    response = send("post", LOGIN_URL, {"login": "ivan@example.com", "password": "wrong-one"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'role="alert"' in response.content.decode()
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_inactive_account_cannot_log_in(client, send):
    UserFactory(email="ivan@example.com", is_active=False)
    response = send("post", LOGIN_URL, {"login": "ivan@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert not is_logged_in(client)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "card-body" in page.content.decode()


@pytest.mark.django_db
def test_logout_needs_a_post(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(LOGOUT_URL)
    assert response.status_code == 200
    assert 'id="logout-form"' in response.content.decode()
    assert is_logged_in(client)
    response = client.post(LOGOUT_URL)
    assert response.status_code == 302
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_rate_limits_are_on():
    assert getattr(settings, "ACCOUNT_RATE_LIMITS", {}) is not False
    limits = allauth_settings.RATE_LIMITS
    assert limits.get("login_failed")
    assert limits.get("signup")
    assert limits.get("confirm_email")
    assert limits.get("reset_password")


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited(client, send):
    UserFactory(email="ivan@example.com")
    for _ in range(3):
        response = send("post", LOGIN_URL, {"login": "ivan@example.com", "password": "nope"})
        assert response.status_code == 200
    # Even the right password is refused now: this client waits a while (429, the
    # reason on the form; tests/test_auth_ratelimit.py has the progressive delay).
    response = send("post", LOGIN_URL, {"login": "ivan@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert response.context["form"].non_field_errors()
    assert not is_logged_in(client)

    cache.clear()  # the delay lives in the cache: as if it had passed
    response = send("post", LOGIN_URL, {"login": "ivan@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert is_logged_in(client)


# ---- password reset


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password(client, send):
    user = UserFactory(email="ivan@example.com", first_name="Иван")
    response = send("post", RESET_URL, {"email": "Ivan@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ivan@example.com"]
    assert message.subject.startswith("[Guildhall] ")
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body).group(0)
    html = next(body for body, mimetype in message.alternatives if mimetype == "text/html")
    assert link in html.replace("&amp;", "&")

    # The link stores the key in the session and redirects to a key-less form URL.
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert 'id="password-reset-key-form"' in response.content.decode()
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = send("post", form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    response = send("post", LOGIN_URL, {"login": "ivan@example.com", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.django_db
def test_password_reset_with_a_bad_key_shows_the_expired_page(client):
    response = client.get("/accounts/password/reset/key/1-bad-key/", follow=True)
    assert response.status_code == 200
    assert response.context["token_fail"]
    assert reverse("account_reset_password") in response.content.decode()


@pytest.mark.django_db
def test_password_reset_of_an_unknown_address_looks_the_same(send):
    response = send("post", RESET_URL, {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    # allauth tells the address's owner that there is no account (no reset link).
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)


# ---- every allauth page a user can reach is our styled page


def _entrance_pages(client, send):
    """(url, marker) of the pages anonymous users see."""
    return [
        (LOGIN_URL, 'id="login-form"'),
        (SIGNUP_URL, 'id="signup-form"'),
        (RESET_URL, 'id="password-reset-form"'),
        (reverse("account_reset_password_done"), "btn-secondary"),
        (reverse("account_reset_password_from_key_done"), "btn-primary"),
        (reverse("account_inactive"), "btn-primary"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "en"])
def test_allauth_pages_are_styled_in_both_languages(client, send, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url, marker in _entrance_pages(client, send):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'lang="{language}"' in html, url
        assert "css/site.css" in html, url
        assert "card-body" in html, url
        assert marker in html, url

    # The code page after a signup.
    send("post", SIGNUP_URL, signup_data())
    html = client.get(CODE_URL).content.decode()
    assert 'id="code-form"' in html and "card-body" in html
    assert 'id="resend-form"' in html

    # Pages of a logged-in user.
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(UserFactory())
    for url, marker in [
        (reverse("account_change_password"), 'id="password-change-form"'),
        (reverse("account_email"), 'id="email-list-form"'),
        (LOGOUT_URL, 'id="logout-form"'),
        (reverse("account_reauthenticate"), 'id="reauthenticate-form"'),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'lang="{language}"' in html, url
        assert marker in html, url
        assert "css/site.css" in html, url

    if language == "en":
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert "Log in to Guildhall" in client.get(LOGIN_URL).content.decode()
    else:
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        # allauth's own catalog is compiled: its field labels come out in Russian.
        assert "Пароль" in client.get(LOGIN_URL).content.decode()


@pytest.mark.django_db
def test_account_management_needs_login(client):
    for name in ("account_email", "account_change_password", "account_reauthenticate"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.django_db
def test_adding_a_second_address_is_confirmed_by_code(client, send):
    user = UserFactory(email="ivan@example.com")
    client.force_login(user)
    response = send(
        "post", reverse("account_email"), {"action_add": "", "email": "ivan.work@example.com"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ivan.work@example.com"]
    assert "где вы добавили этот адрес" in message.body  # the "added address" wording
    # With codes, allauth keeps the new address in the session until it is confirmed.
    assert not EmailAddress.objects.filter(email="ivan.work@example.com", verified=True).exists()

    response = send("post", CODE_URL, {"code": code_from(message)})
    assert response.status_code == 302
    address = EmailAddress.objects.get(email="ivan.work@example.com")
    assert address.user == user
    assert address.verified
    assert not address.primary
