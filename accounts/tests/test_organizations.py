"""/organizations/: list, create, detail, join and leave."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Membership, MembershipRequest, Organization
from accounts.tests.factories import MembershipFactory, OrganizationFactory, UserFactory

LIST = reverse("accounts:organization_list")
CREATE = reverse("accounts:organization_create")


def join_url(organization):
    return reverse("accounts:organization_join", args=[organization.pk])


def leave_url(organization):
    return reverse("accounts:organization_leave", args=[organization.pk])


# ---- List


@pytest.mark.django_db
def test_list_is_public_and_shows_member_counts(client):
    organization = OrganizationFactory(name="Студия «Северное сияние»")
    MembershipFactory.create_batch(3, organization=organization)
    MembershipFactory(organization=organization, user=UserFactory(is_active=False))
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Студия «Северное сияние»" in html
    assert response.context["organizations"][0].member_count == 3


@pytest.mark.django_db
def test_list_empty_state(client):
    html = client.get(LIST).content.decode()
    assert CREATE in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["аналитика", "АНАЛИТИКА", "dashboards"])
def test_list_search(client, query):
    OrganizationFactory(name="Аналитика Плюс", description="Dashboards for banks")
    OrganizationFactory(name="ТехноПарк Софт", description="Логистика")
    response = client.get(LIST, {"q": query})
    assert [o.name for o in response.context["organizations"]] == ["Аналитика Плюс"]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Гиль\x00дия", "\x00", "x" * 5000])
def test_hostile_search_is_not_an_error(client, query):
    """PostgreSQL refuses NUL bytes in text: the search drops them instead of a 500."""
    OrganizationFactory(name="Гильдия")
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
    if query.startswith("Гиль"):
        assert [o.name for o in response.context["organizations"]] == ["Гильдия"]


@pytest.mark.django_db
def test_list_htmx_partial(client):
    OrganizationFactory(name="Гильдия")
    response = client.get(LIST, {"q": "Гильд"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="organization-list"')
    assert "Гильдия" in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    people = UserFactory.create_batch(8)
    for i in range(count):
        organization = OrganizationFactory()
        for person in people[: 1 + i % 8]:
            MembershipFactory(organization=organization, user=person)
    # count, page of organizations, their preview members (with users)
    with django_assert_max_num_queries(3):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["organizations"]) == min(count, 12)


@pytest.mark.django_db
def test_list_is_get_only(client):
    assert client.post(LIST).status_code == 405


# ---- Create


@pytest.mark.django_db
def test_create_makes_the_creator_its_owner(user_client, user):
    response = user_client.get(CREATE)
    assert response.status_code == 200
    response = user_client.post(
        CREATE,
        {"name": "  Новая   гильдия ", "description": "Про игры", "website": "guild.example"},
    )
    organization = Organization.objects.get()
    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    assert organization.name == "Новая гильдия"
    assert organization.website == "https://guild.example"
    assert organization.created_by == user
    membership = Membership.objects.get(organization=organization)
    assert (membership.user, membership.role) == (user, Membership.Role.OWNER)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Acme", "ACME", "acme ", "Гильдия", "ГИЛЬДИЯ", "гильдия"])
def test_organization_name_is_unique_ignoring_case(user_client, name):
    OrganizationFactory(name="acme")
    OrganizationFactory(name="Гильдия")
    response = user_client.post(CREATE, {"name": name, "description": "", "website": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Organization.objects.count() == 2


@pytest.mark.django_db
def test_service_also_refuses_duplicates(user):
    OrganizationFactory(name="Acme")
    with pytest.raises(ValidationError):
        services.organization_create(name="aCmE", created_by=user)
    assert Organization.objects.count() == 1


@pytest.mark.django_db
def test_create_bad_input(user_client):
    response = user_client.post(CREATE, {"name": "", "website": "javascript:alert(1)"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] and form.errors["website"]
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_create_needs_login(client):
    response = client.post(CREATE, {"name": "X"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Organization.objects.exists()


# ---- Detail, join, leave


@pytest.mark.django_db
def test_detail_is_public(client):
    organization = OrganizationFactory(name="Аналитика Плюс", website="https://a.example")
    MembershipFactory(organization=organization, user=UserFactory(first_name="Олег"))
    response = client.get(organization.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Аналитика Плюс" in html and "Олег" in html
    assert 'href="https://a.example" rel="noopener nofollow"' in html
    assert reverse("account_login") in html  # "log in to join"


@pytest.mark.django_db
def test_detail_404(client):
    assert client.get(reverse("accounts:organization_detail", args=[999])).status_code == 404


@pytest.mark.django_db
def test_detail_members_are_paginated(client):
    organization = OrganizationFactory()
    MembershipFactory.create_batch(30, organization=organization)
    response = client.get(organization.get_absolute_url())
    assert len(response.context["members"]) == 24
    response = client.get(organization.get_absolute_url(), {"page": 2})
    assert len(response.context["members"]) == 6


@pytest.mark.django_db
def test_join_is_a_request_and_leave_withdraws_it(user_client, user):
    organization = OrganizationFactory()
    html = user_client.get(organization.get_absolute_url()).content.decode()
    assert join_url(organization) in html

    response = user_client.post(join_url(organization))
    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    assert not Membership.objects.filter(organization=organization, user=user).exists()
    assert MembershipRequest.objects.filter(organization=organization, user=user).exists()
    # Asking twice changes nothing.
    user_client.post(join_url(organization))
    assert MembershipRequest.objects.filter(organization=organization, user=user).count() == 1
    html = user_client.get(organization.get_absolute_url()).content.decode()
    assert leave_url(organization) in html  # "Withdraw request"

    response = user_client.post(leave_url(organization))
    assert response.status_code == 302
    assert not MembershipRequest.objects.filter(organization=organization, user=user).exists()
    # Leaving when not a member is harmless.
    assert user_client.post(leave_url(organization)).status_code == 302


@pytest.mark.django_db
def test_join_and_leave_with_htmx(user_client, user):
    organization = OrganizationFactory()
    response = user_client.post(join_url(organization), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="organization-members"')
    assert leave_url(organization) in html
    assert user.get_full_name() not in html  # not a member until an owner approves
    response = user_client.post(leave_url(organization), headers={"HX-Request": "true"})
    assert join_url(organization) in response.content.decode()


@pytest.mark.django_db
def test_the_last_owner_cannot_leave_and_nobody_inherits(user_client, user):
    organization = OrganizationFactory()
    MembershipFactory(organization=organization, user=user, role=Membership.Role.OWNER)
    veteran = MembershipFactory(organization=organization)
    response = user_client.post(leave_url(organization), follow=True)
    assert response.status_code == 200
    assert "owner" in response.content.decode().lower() or "владел" in response.content.decode()
    assert Membership.objects.filter(organization=organization, user=user, role="owner").exists()
    veteran.refresh_from_db()
    assert veteran.role == Membership.Role.MEMBER
    response = user_client.post(leave_url(organization), headers={"HX-Request": "true"})
    assert response.status_code == 422
    # Once someone else owns it too, the owner may go.
    Membership.objects.filter(pk=veteran.pk).update(role=Membership.Role.OWNER)
    user_client.post(leave_url(organization))
    assert not Membership.objects.filter(organization=organization, user=user).exists()


@pytest.mark.django_db
def test_a_sole_member_owner_may_leave(user_client, user):
    organization = OrganizationFactory()
    MembershipFactory(organization=organization, user=user, role=Membership.Role.OWNER)
    user_client.post(leave_url(organization))
    assert not organization.memberships.exists()


@pytest.mark.django_db
def test_join_leave_refusals(user_client):
    anonymous = Client()
    organization = OrganizationFactory()
    for url in (join_url(organization), leave_url(organization)):
        response = anonymous.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert user_client.get(url).status_code == 405
    assert user_client.post(reverse("accounts:organization_join", args=[999])).status_code == 404
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_home_page_lists_organizations_with_active_member_counts(client):
    organization = OrganizationFactory(name="Гильдия")
    MembershipFactory.create_batch(2, organization=organization)
    MembershipFactory(organization=organization, user=UserFactory(is_active=False))
    response = client.get("/")
    assert response.status_code == 200
    assert [(o.name, o.member_count) for o in response.context["organizations"]] == [("Гильдия", 2)]


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
@pytest.mark.parametrize("count", [5, 50])
def test_detail_query_count_does_not_grow(client, django_assert_max_num_queries, count, logged_in):
    organization = OrganizationFactory()
    MembershipFactory.create_batch(count, organization=organization)
    if logged_in:
        client.force_login(UserFactory())
    # organization, member count, page of members (with users and profiles); logged in:
    # session, user, unread badge, my membership
    with django_assert_max_num_queries(8 if logged_in else 3):
        response = client.get(organization.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["members"]) == min(count, 24)


@pytest.mark.django_db
def test_leave_asks_for_confirmation_like_other_destructive_actions(user_client, user):
    organization = OrganizationFactory(name="Гильдия кузнецов")
    MembershipFactory(organization=organization, user=user)
    html = user_client.get(organization.get_absolute_url()).content.decode()
    form = html.split(f'action="{leave_url(organization)}"')[1].split(">")[0]
    assert "hx-confirm=" in form and "Гильдия кузнецов" in form
