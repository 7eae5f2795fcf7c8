"""Staff two-factor authentication (allauth.mfa: TOTP + recovery codes), through real
requests: setting it up, logging in with it, the admin refusing staff without it."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
ADMIN_URL = reverse("admin:index")


@pytest.fixture(autouse=True)
def _english(client, settings):
    settings.LANGUAGE_CODE = "en"
    client.cookies["django_language"] = "en"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def password_login(client, user):
    return client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})


def activate_totp(client) -> str:
    """Set up an authenticator app as a member does; returns its secret."""
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth.mfa always asks for the password again first
        assert page["Location"].startswith(reverse("account_reauthenticate"))
        again = client.post(page["Location"], {"password": PASSWORD})
        assert again.status_code == 302
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="totp-activate-form"' in html
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code, allowed by img-src
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content[:2000]
    return secret


def test_staff_without_mfa_are_refused_by_the_admin_when_required(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = True
    assert password_login(client, staff).status_code == 302
    response = client.get(ADMIN_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302
    page = client.get(response["Location"], follow=True)
    assert "Turn on two-factor authentication to use the administration." in page.content.decode()

    activate_totp(client)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get(ADMIN_URL).status_code == 200


def test_without_the_setting_staff_use_the_admin_with_a_password(client, staff, settings):
    settings.STAFF_REQUIRE_MFA = False
    password_login(client, staff)
    assert client.get(ADMIN_URL).status_code == 200


def test_members_are_not_affected(client, settings):
    settings.STAFF_REQUIRE_MFA = True
    member = UserFactory(email="member@example.com")
    password_login(client, member)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(ADMIN_URL).status_code == 302  # the admin's usual refusal
    assert reverse("mfa_activate_totp") not in client.get(ADMIN_URL)["Location"]


def test_login_asks_for_the_code_after_the_password(client, staff, settings, time_machine):
    settings.STAFF_REQUIRE_MFA = True
    time_machine.move_to("2026-12-02 12:00:00+00:00", tick=False)
    password_login(client, staff)
    secret = activate_totp(client)
    client.post(reverse("account_logout"))

    time_machine.shift(timedelta(seconds=60))  # a fresh code (a used one is refused)
    response = password_login(client, staff)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(ADMIN_URL).status_code == 302  # the password alone is not enough
    assert "_auth_user_id" not in client.session

    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert 'id="mfa-authenticate-form"' in page.content.decode()
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(ADMIN_URL).status_code == 200


def test_a_recovery_code_logs_in_once(client, staff, time_machine):
    time_machine.move_to("2026-12-02 12:00:00+00:00", tick=False)
    password_login(client, staff)
    activate_totp(client)
    codes_page = client.get(reverse("mfa_view_recovery_codes"))
    assert codes_page.status_code == 200
    codes = codes_page.context["unused_codes"]
    assert len(codes) == 10
    assert codes[0] in codes_page.content.decode()
    client.post(reverse("account_logout"))

    password_login(client, staff)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))

    password_login(client, staff)
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert again.status_code == 200  # used up
    assert "_auth_user_id" not in client.session


def test_the_pages_have_the_sites_look(client, staff):
    password_login(client, staff)
    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert 'aria-labelledby="mfa-totp-title"' in html
    assert reverse("mfa_activate_totp") in html
    assert 'aria-current="page"' in html  # the account settings nav marks it
    activate_totp(client)
    html = client.get(reverse("mfa_index")).content.decode()
    assert reverse("mfa_deactivate_totp") in html
    assert reverse("mfa_generate_recovery_codes") in html
    deactivate = client.get(reverse("mfa_deactivate_totp"))
    assert deactivate.status_code == 200
    assert 'id="totp-deactivate-form"' in deactivate.content.decode()
    generate = client.get(reverse("mfa_generate_recovery_codes"))
    assert generate.status_code == 200
    assert 'id="recovery-generate-form"' in generate.content.decode()


def test_the_mfa_code_step_counts_as_a_password_page_too(client, staff):
    """Turning TOTP off needs the reauthentication the rate limits cover."""
    client.force_login(staff)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_reauthentication_by_code_shares_the_password_page(client, staff):
    """The code step renders the password step's page with its own form and lead."""
    password_login(client, staff)
    activate_totp(client)
    page = client.get(reverse("mfa_reauthenticate"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="mfa-reauthenticate-form"' in html
    assert f'action="{reverse("mfa_reauthenticate")}"' in html
    assert "authenticator app" in html
    assert 'id="reauthenticate-form"' not in html
