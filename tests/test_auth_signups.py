"""Unconfirmed signups: invisible until the code is entered, removed after a week."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tasks import unconfirmed_signups_remove_task
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, email="impostor@example.com", **extra):
    data = {
        "email": email,
        "password1": "Kvas-and-pirozhki-42",
        "password2": "Kvas-and-pirozhki-42",
        "first_name": "Директор",
        "last_name": "Сбербанка",
        "role": "employer",
        **extra,
    }
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 302, response.content.decode()[:1500]
    client.logout()
    return User.objects.get(email=email)


def test_a_real_signup_stays_out_of_the_directory_until_confirmed(client):
    impostor = sign_up(client)
    assert not EmailAddress.objects.get(user=impostor).verified
    viewer = UserFactory(email="viewer@example.com")
    client.force_login(viewer)
    found = client.get(reverse("accounts:user_list"), {"q": "Сбербанка"})
    assert impostor not in found.context["page_obj"].object_list
    assert "Сбербанка" not in client.get(reverse("accounts:user_list")).content.decode()
    assert client.get(reverse("accounts:user_detail", args=[impostor.pk])).status_code == 404
    employers = client.get(reverse("accounts:user_list"), {"role": "employer"})
    assert "Сбербанка" not in employers.content.decode()

    EmailAddress.objects.filter(user=impostor).update(verified=True)
    assert "Сбербанка" in client.get(reverse("accounts:user_list")).content.decode()
    assert client.get(reverse("accounts:user_detail", args=[impostor.pk])).status_code == 200


def test_unconfirmed_signups_older_than_a_week_are_removed(client, time_machine):
    time_machine.move_to(timezone.now() - timedelta(days=8), tick=False)
    old = sign_up(client, "old@example.com")
    confirmed = sign_up(client, "confirmed@example.com")
    EmailAddress.objects.filter(user=confirmed).update(verified=True)
    made_by_staff = User.objects.create_user(email="shell@example.com", password="x")
    staff = UserFactory(email="boss@example.com", staff=True, email_verified=False)
    time_machine.move_to(timezone.now() + timedelta(days=2), tick=False)
    recent = sign_up(client, "recent@example.com")  # 6 days old at the check below
    time_machine.move_to(timezone.now() + timedelta(days=6), tick=False)

    assert unconfirmed_signups_remove_task.call_local() == 1
    assert not User.objects.filter(pk=old.pk).exists()
    assert not EmailAddress.objects.filter(email="old@example.com").exists()
    remaining = set(User.objects.values_list("pk", flat=True))
    assert {confirmed.pk, made_by_staff.pk, staff.pk, recent.pk} <= remaining

    # The address may sign up again.
    again = sign_up(client, "old@example.com")
    assert again.pk != old.pk
    assert unconfirmed_signups_remove_task.call_local() == 0


def test_the_clean_up_runs_every_hour():
    from datetime import datetime

    task = unconfirmed_signups_remove_task.s()
    runs = [
        task.validate_datetime(datetime(2026, 12, 2, hour, minute))
        for hour in range(24)
        for minute in range(60)
    ]
    assert sum(runs) == 24
