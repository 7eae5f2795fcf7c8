"""`manage.py seed_demo`: idempotent demo data whose accounts can log in."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Membership, Notification, Organization, Profile, Skill, User


def counts() -> dict[str, int]:
    models = [User, Profile, Skill, Organization, Membership, Notification, EmailAddress]
    return {model.__name__: model.objects.count() for model in models}


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_is_idempotent_and_believable():
    output = seed()
    first = counts()
    assert first["User"] >= 16
    assert first["Organization"] >= 6
    assert first["EmailAddress"] == first["User"]
    assert "student@guildhall.local" in output and "demo12345" in output

    admin = User.objects.get(email="admin@guildhall.local")
    assert admin.is_staff and admin.is_superuser
    for role in User.Role.values:
        assert User.objects.filter(role=role).count() >= 4
    student = User.objects.get(email="student@guildhall.local")
    assert student.role == User.Role.STUDENT
    assert student.first_name == "Анна"
    assert student.profile.skills.exists()
    assert student.memberships.exists()
    assert Membership.objects.filter(role=Membership.Role.OWNER).count() == 6
    assert all(
        EmailAddress.objects.filter(user=u, verified=True, primary=True).exists()
        for u in User.objects.all()
    )

    seed()
    assert counts() == first


@pytest.mark.django_db
def test_scale_multiplies_users_and_stays_idempotent():
    seed()
    base = User.objects.count()
    base_organizations = Organization.objects.count()
    seed("--scale", "3")
    scaled = counts()
    assert scaled["User"] >= 3 * base - 3
    assert scaled["Organization"] == 3 * base_organizations
    # Every organization with members has exactly one owner.
    for organization in Organization.objects.filter(memberships__isnull=False).distinct():
        assert organization.memberships.filter(role=Membership.Role.OWNER).count() == 1
    assert scaled["EmailAddress"] == scaled["User"]
    assert scaled["Profile"] == scaled["User"]
    seed("--scale", "3")
    assert counts() == scaled


@pytest.mark.django_db
def test_bad_scale_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        seed("--scale", "0")


@pytest.mark.django_db
def test_demo_student_can_log_in_through_the_form(client):
    seed()
    response = client.post(
        reverse("account_login"),
        {"login": "student@guildhall.local", "password": "demo12345"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_wrong_password_does_not_log_in(client):
    seed()
    response = client.post(
        reverse("account_login"),
        {"login": "student@guildhall.local", "password": "wrong-password"},
    )
    assert response.status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 302
