"""The session's user is read from memory (accounts/backends.py), yet every change to the
account counts on the very next request: deactivation, a new password, a new name."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("accounts:notification_list")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(PAGE).status_code == 200
    return client


def user_loads(client) -> int:
    """How many times a request of the client reads its user row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    table = User._meta.db_table
    return len([q for q in queries if f'FROM "{table}"' in q["sql"] and "LIMIT 21" in q["sql"]])


def test_the_session_user_is_not_read_from_the_database_again(user_client, user):
    user_client.get(PAGE)
    assert user_loads(user_client) == 0
    # Django's own backend reads it on every request.
    plain = Client()
    plain.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    plain.get(PAGE)
    assert user_loads(plain) == 1


def test_logins_record_the_cached_backend(client, user):
    client.force_login(user)
    assert client.session[BACKEND_SESSION_KEY].startswith("accounts.backends.")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_a_deactivated_account_is_logged_out_on_the_next_request(user, staff):
    client = logged_in(user)
    services.users_set_active(users=User.objects.filter(pk=user.pk), active=False, by=staff)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_deactivation_saved_on_the_model_counts_at_once(user):
    client = logged_in(user)
    user.is_active = False
    user.save()
    assert client.get(PAGE).status_code == 302


def test_a_password_changed_elsewhere_ends_the_other_sessions(user):
    client = logged_in(user)
    user.set_password("a-new-long-password-2026")
    user.save()
    assert client.get(PAGE).status_code == 302


def test_a_bulk_update_of_the_name_shows_at_once(user):
    client = logged_in(user)
    User.objects.filter(pk=user.pk).update(first_name="Августа")
    assert "Августа" in client.get(PAGE).content.decode()


def test_a_deleted_account_is_anonymous_on_the_next_request(user):
    client = logged_in(user)
    User.objects.filter(pk=user.pk).delete()
    assert client.get(PAGE).status_code == 302


def test_sessions_made_with_the_previous_backends_still_resolve(user):
    """Sessions stored before the cached backends name Django's and allauth's own."""
    for backend in (
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ):
        assert backend in settings.AUTHENTICATION_BACKENDS
        client = Client()
        client.force_login(user, backend=backend)
        assert client.get(PAGE).status_code == 200


def test_two_users_never_get_each_others_rows():
    anna, ivan = UserFactory(first_name="Анна"), UserFactory(first_name="Иван")
    first, second = logged_in(anna), logged_in(ivan)
    for _ in range(2):
        assert "Анна" in first.get(PAGE).content.decode()
        assert "Иван" in second.get(PAGE).content.decode()
