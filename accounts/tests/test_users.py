"""/users/ (the directory) and /users/<id>/ (one profile)."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from accounts.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    SkillFactory,
    UserFactory,
)

LIST = reverse("accounts:user_list")


def names(response) -> set[str]:
    return {person.get_full_name() for person in response.context["people"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("accounts:user_list"),
        reverse("accounts:user_detail", args=[1]),
        reverse("accounts:profile"),
        reverse("accounts:organization_create"),
        reverse("accounts:notification_list"),
    ],
)
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.django_db
def test_directory_shows_people_with_skills_and_organizations(user_client, user):
    person = UserFactory(first_name="Мария", last_name="Соколова", role="teacher")
    person.profile.skills.set([SkillFactory(name="Статистика")])
    MembershipFactory(user=person, organization=OrganizationFactory(name="Аналитика Плюс"))
    response = user_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Мария Соколова" in html
    assert "Статистика" in html
    assert "Аналитика Плюс" in html
    assert person.get_absolute_url() in html


@pytest.mark.django_db
def test_inactive_users_are_hidden(user_client):
    UserFactory(first_name="Скрытый", last_name="Пользователь", is_active=False)
    response = user_client.get(LIST)
    assert "Скрытый Пользователь" not in names(response)


@pytest.mark.django_db
def test_filter_by_role(user_client, user):
    UserFactory(first_name="Олег", last_name="Работодатель", role="employer")
    UserFactory(first_name="Тамара", last_name="Учитель", role="teacher")
    response = user_client.get(LIST, {"role": "employer"})
    assert names(response) == {"Олег Работодатель"}
    response = user_client.get(LIST, {"role": "teacher"})
    assert names(response) == {"Тамара Учитель"}


@pytest.mark.django_db
def test_unknown_role_is_ignored(user_client, user, other_user):
    response = user_client.get(LIST, {"role": "admin' OR 1=1"})
    assert response.status_code == 200
    assert names(response) == {"Анна Смирнова", "Иван Петров"}


@pytest.mark.django_db
def test_search_by_skill_finds_a_user(user_client, user, other_user):
    other_user.profile.skills.set([SkillFactory(name="Kubernetes"), SkillFactory(name="Go")])
    response = user_client.get(LIST, {"q": "kubernetes"})
    assert names(response) == {"Иван Петров"}
    # Two matching skills still list the person once.
    other_user.profile.skills.add(SkillFactory(name="Kubernetes Operators"))
    response = user_client.get(LIST, {"q": "kubernetes"})
    assert [p.pk for p in response.context["people"]] == [other_user.pk]
    assert response.context["page_obj"].paginator.count == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["Петров", "петров", "иван", "Иван Петров", "иван петров", "ivan", "IVAN"],
)
def test_search_by_name_and_email_local_part(user_client, user, other_user, query):
    response = user_client.get(LIST, {"q": query})
    assert names(response) == {"Иван Петров"}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["ива\x00н", "\x00", "x" * 5000])
def test_hostile_search_is_not_an_error(user_client, user, other_user, query):
    """PostgreSQL refuses NUL bytes in text: the search drops them instead of a 500."""
    response = user_client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
    if query == "ива\x00н":
        assert names(response) == {"Иван Петров"}
    response = user_client.get(LIST, {"q": query}, headers={"HX-Request": "true"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_search_does_not_match_the_email_domain(user_client, user, other_user):
    response = user_client.get(LIST, {"q": "example"})
    assert names(response) == set()


@pytest.mark.django_db
def test_search_and_role_combine(user_client, user):
    python = SkillFactory(name="Python")
    UserFactory(first_name="Пётр", last_name="Студентов").profile.skills.set([python])
    UserFactory(first_name="Павел", last_name="Нанимаев", role="employer").profile.skills.set(
        [python]
    )
    response = user_client.get(LIST, {"q": "python", "role": "employer"})
    assert names(response) == {"Павел Нанимаев"}


@pytest.mark.django_db
def test_htmx_request_gets_the_list_partial(user_client, user):
    response = user_client.get(LIST, {"q": "Анна"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="user-list"')
    assert "<html" not in html
    assert "Анна Смирнова" in html


@pytest.mark.django_db
def test_filter_form_works_with_and_without_htmx(user_client, user):
    html = user_client.get(LIST).content.decode()
    assert 'hx-get="/users/"' in html and 'hx-target="#user-list"' in html
    assert 'hx-push-url="true"' in html
    assert 'method="get" action="/users/"' in html


@pytest.mark.django_db
def test_directory_is_paginated(user_client, user):
    UserFactory.create_batch(25)
    response = user_client.get(LIST)
    assert len(response.context["people"]) == 20
    response = user_client.get(LIST, {"page": 2})
    assert len(response.context["people"]) == 6
    assert user_client.get(LIST, {"page": "nonsense"}).status_code == 200
    assert user_client.get(LIST, {"page": 999}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_directory_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    skills = SkillFactory.create_batch(3)
    organizations = OrganizationFactory.create_batch(2)
    people = UserFactory.create_batch(count)
    for person in people:
        person.profile.skills.set(skills)
        for organization in organizations:
            MembershipFactory(user=person, organization=organization)
    client.force_login(people[0])
    # session, user, unread badge, count, page of users, their skills, organizations
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["people"]) == min(count, 20)
    with django_assert_max_num_queries(7):
        client.get(LIST, {"q": skills[0].name})


@pytest.mark.django_db
def test_get_only(user_client):
    assert user_client.post(LIST).status_code == 405


# ---- One profile


@pytest.mark.django_db
def test_profile_page_shows_everything(user_client, user, other_user):
    other_user.phone = "+79123456789"
    other_user.save()
    profile = other_user.profile
    profile.headline = "Бэкенд на Go"
    profile.bio = "Первая строка\nВторая <b>строка</b>"
    profile.experience = "ТехноПарк Софт, 2025\nФриланс, 2024"
    profile.education = "ВШП, 2027"
    profile.github = "https://github.com/ivan"
    profile.save()
    profile.skills.set([SkillFactory(name="Go")])
    organization = OrganizationFactory(name="Гильдия")
    MembershipFactory(user=other_user, organization=organization, role=Membership.Role.OWNER)

    response = user_client.get(other_user.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Иван Петров" in html
    assert "Бэкенд на Go" in html
    assert "Вторая &lt;b&gt;строка&lt;/b&gt;" in html
    assert "<b>строка</b>" not in html
    assert "ТехноПарк Софт, 2025</li>" in html and "Фриланс, 2024</li>" in html
    assert 'href="https://github.com/ivan" rel="noopener nofollow"' in html
    assert organization.get_absolute_url() in html
    assert ">Go</a>" in html
    # The phone number is private.
    assert "912" not in html


@pytest.mark.django_db
def test_own_profile_has_an_edit_link(user_client, user):
    html = user_client.get(user.get_absolute_url()).content.decode()
    assert reverse("accounts:profile") in html


@pytest.mark.django_db
def test_profile_without_profile_row_renders(user_client):
    person = UserFactory(profile=None)
    assert user_client.get(person.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_inactive_or_missing_user_is_404(user_client):
    inactive = UserFactory(is_active=False)
    assert user_client.get(inactive.get_absolute_url()).status_code == 404
    assert user_client.get(reverse("accounts:user_detail", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_profile_page_is_get_only(user_client, other_user):
    assert user_client.post(other_user.get_absolute_url()).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_profile_page_query_count_does_not_grow(
    user_client, other_user, django_assert_max_num_queries, count
):
    other_user.profile.skills.set(SkillFactory.create_batch(count))
    for organization in OrganizationFactory.create_batch(count):
        MembershipFactory(user=other_user, organization=organization)
    UserFactory.create_batch(count)
    # session, user, unread badge, the person with profile, skills, memberships
    with django_assert_max_num_queries(6):
        response = user_client.get(other_user.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["skills"]) == count
    assert len(response.context["memberships"]) == count


@pytest.mark.django_db
def test_unconfirmed_signups_are_invisible_in_the_directory_and_profile(client):
    from accounts.tests.factories import UserFactory

    viewer = UserFactory()
    impostor = UserFactory(first_name="Директор", last_name="Сбербанка", email_verified=False)
    client.force_login(viewer)
    html = client.get(reverse("accounts:user_list")).content.decode()
    assert "Сбербанка" not in html
    assert client.get(reverse("accounts:user_detail", args=[impostor.pk])).status_code == 404
    assert client.get(reverse("accounts:user_detail", args=[viewer.pk])).status_code == 200
