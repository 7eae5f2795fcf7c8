"""The Django admin of the accounts app (email login, inlines, bulk actions)."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import (
    MembershipFactory,
    NotificationFactory,
    OrganizationFactory,
    SkillFactory,
    UserFactory,
)


@pytest.fixture
def staff(db):
    return UserFactory(email="boss@example.com", staff=True)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def some_data(db):
    person = UserFactory(first_name="Анна", last_name="Смирнова")
    person.profile.skills.set([SkillFactory(name="Python")])
    organization = OrganizationFactory(name="Гильдия")
    MembershipFactory(user=person, organization=organization)
    NotificationFactory(recipient=person, message="Привет")
    return person, organization


MODELS = ["user", "profile", "skill", "organization", "membership", "notification"]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_changelists_render(staff_client, some_data, model):
    url = reverse(f"admin:accounts_{model}_changelist")
    response = staff_client.get(url)
    assert response.status_code == 200
    # Search and filters work too.
    assert staff_client.get(url, {"q": "Анна"}).status_code == 200


@pytest.mark.django_db
def test_change_pages_render(staff_client, some_data):
    person, organization = some_data
    response = staff_client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "username" not in html
    assert 'name="email"' in html
    assert "profile-0-headline" in html or 'name="profile-0-headline"' in html
    assert 'name="memberships-0-organization"' in html
    response = staff_client.get(
        reverse("admin:accounts_organization_change", args=[organization.pk])
    )
    assert response.status_code == 200
    assert 'name="memberships-0-user"' in response.content.decode()


@pytest.mark.django_db
def test_add_user_by_email(staff_client):
    response = staff_client.get(reverse("admin:accounts_user_add"))
    assert response.status_code == 200
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.com",
            "first_name": "Новый",
            "last_name": "Человек",
            "role": "teacher",
            "usable_password": "true",
            "password1": "a-Strong-pass-2026",
            "password2": "a-Strong-pass-2026",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = User.objects.get(email="new.person@example.com")
    assert created.role == "teacher"
    assert created.check_password("a-Strong-pass-2026")


@pytest.mark.django_db
def test_add_user_refuses_duplicate_email(staff_client, some_data):
    person, _ = some_data
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": person.email.upper(),
            "first_name": "X",
            "last_name": "Y",
            "role": "student",
            "usable_password": "false",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(email__iexact=person.email).count() == 1


@pytest.mark.django_db
def test_bulk_deactivate_and_activate(staff_client, staff):
    people = UserFactory.create_batch(3)
    bystander = UserFactory()
    url = reverse("admin:accounts_user_changelist")
    selected = [p.pk for p in people] + [staff.pk]
    response = staff_client.post(
        url, {"action": "deactivate_users", "_selected_action": selected}, follow=True
    )
    assert response.status_code == 200
    assert not User.objects.filter(pk__in=[p.pk for p in people], is_active=True).exists()
    staff.refresh_from_db()
    bystander.refresh_from_db()
    assert staff.is_active, "staff must not lock themselves out"
    assert bystander.is_active

    staff_client.post(url, {"action": "activate_users", "_selected_action": selected})
    assert User.objects.filter(pk__in=[p.pk for p in people], is_active=True).count() == 3


@pytest.mark.django_db
def test_notification_admin_is_read_mostly(staff_client, some_data):
    assert staff_client.get(reverse("admin:accounts_notification_add")).status_code == 403


@pytest.mark.django_db
def test_non_staff_cannot_use_the_admin(user_client):
    response = user_client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_change_user_with_profile_inline(staff_client, some_data):
    person, organization = some_data
    membership = person.memberships.get()
    data = {
        "email": person.email,
        "first_name": "Изменено",
        "last_name": person.last_name,
        "phone": "8 912 345 67 89",
        "role": "employer",
        "language": "en",
        "is_active": "on",
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "1",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-id": person.profile.pk,
        "profile-0-user": person.pk,
        "profile-0-headline": "Новый заголовок",
        "profile-0-skills": [s.pk for s in person.profile.skills.all()],
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": membership.pk,
        "memberships-0-user": person.pk,
        "memberships-0-organization": organization.pk,
        "memberships-0-role": "owner",
    }
    response = staff_client.post(reverse("admin:accounts_user_change", args=[person.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    membership.refresh_from_db()
    assert person.first_name == "Изменено"
    assert person.role == "employer"
    assert person.language == "en"
    assert person.phone.as_e164 == "+79123456789"
    assert person.profile.headline == "Новый заголовок"
    assert membership.role == "owner"


@pytest.mark.django_db
def test_change_user_refuses_another_users_email_in_other_case(staff_client, some_data):
    person, _ = some_data
    other = UserFactory(email="ivan@example.com")
    url = reverse("admin:accounts_user_change", args=[other.pk])
    data = {
        "email": person.email.upper(),
        "first_name": other.first_name,
        "last_name": other.last_name,
        "role": other.role,
        "language": other.language,
        "is_active": "on",
        "profile-TOTAL_FORMS": "0",
        "profile-INITIAL_FORMS": "0",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"]
    other.refresh_from_db()
    assert other.email == "ivan@example.com"

    # Its own address in another case is fine, and stored in lower case.
    response = staff_client.post(url, {**data, "email": "Ivan.New@Example.com"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.email == "ivan.new@example.com"


@pytest.mark.django_db
def test_admin_login_goes_through_allauths_rate_limited_login(client):
    from accounts.tests.factories import PASSWORD, UserFactory

    staff = UserFactory(email="boss@example.com", is_staff=True, is_superuser=True)
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=%2Fadmin%2Faccounts%2Fuser%2F" in response["Location"]
    # The admin's own form cannot be used to guess passwords.
    response = client.post("/admin/login/", {"username": staff.email, "password": "wrong"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    # allauth's login locks out after repeated failures, like the site's own login.
    for i in range(12):
        client.post(reverse("account_login"), {"login": staff.email, "password": f"no{i}"})
    # ...so even the right password is refused for a while (the 41st try of the report).
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
