"""Owners (and staff) edit an organization and manage its members."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import Membership, Notification, Organization
from accounts.tests.factories import MembershipFactory, OrganizationFactory, UserFactory

OWNER = Membership.Role.OWNER
HTMX = {"HX-Request": "true"}


def edit_url(organization):
    return reverse("accounts:organization_update", args=[organization.pk])


def remove_url(membership):
    return reverse(
        "accounts:organization_member_remove",
        args=[membership.organization_id, membership.user_id],
    )


def make_owner_url(membership):
    return reverse(
        "accounts:organization_member_make_owner",
        args=[membership.organization_id, membership.user_id],
    )


@pytest.fixture
def organization(db):
    return OrganizationFactory(
        name="Гильдия", description="Про игры", website="https://guild.example"
    )


@pytest.fixture
def owner_client(client, user, organization):
    MembershipFactory(organization=organization, user=user, role=OWNER)
    client.force_login(user)
    return client


def form(**overrides):
    return {"name": "Гильдия", "description": "Про игры", "website": "", **overrides}


def in_russian(message: str, **params) -> str:
    """A new string as the (Russian) site shows it, whether or not its translation is
    compiled yet."""
    with translation.override("ru"):
        return translation.gettext(message) % params


LAST_OWNER = "The only owner cannot be removed. Make another member an owner first."


def login_client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


# ---- Editing


@pytest.mark.django_db
def test_owner_edits_the_organization(owner_client, organization):
    response = owner_client.get(edit_url(organization))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Гильдия"' in html and "Про игры" in html

    response = owner_client.post(
        edit_url(organization),
        form(name="  Гильдия   мастеров ", description="Новое описание", website="guild.example"),
    )
    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    organization.refresh_from_db()
    assert organization.name == "Гильдия мастеров"
    assert organization.description == "Новое описание"
    assert organization.website == "https://guild.example"
    html = owner_client.get(organization.get_absolute_url()).content.decode()
    assert "Гильдия мастеров" in html


@pytest.mark.django_db
def test_staff_edit_any_organization(organization):
    staff = login_client(UserFactory(staff=True))
    assert staff.get(edit_url(organization)).status_code == 200
    assert staff.post(edit_url(organization), form(name="Гильдия 2")).status_code == 302
    organization.refresh_from_db()
    assert organization.name == "Гильдия 2"


@pytest.mark.django_db
def test_changing_only_the_letter_case_of_its_own_name_is_allowed(owner_client, organization):
    assert owner_client.post(edit_url(organization), form(name="ГИЛЬДИЯ")).status_code == 302
    organization.refresh_from_db()
    assert organization.name == "ГИЛЬДИЯ"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Acme", "ACME", " acme ", "Студия", "СТУДИЯ", "сТуДиЯ"])
def test_name_taken_by_another_organization_is_a_form_error(owner_client, organization, name):
    OrganizationFactory(name="acme")
    OrganizationFactory(name="студия")
    response = owner_client.post(edit_url(organization), form(name=name))
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    organization.refresh_from_db()
    assert organization.name == "Гильдия"


@pytest.mark.django_db
def test_bad_input_is_shown_and_nothing_is_saved(owner_client, organization):
    response = owner_client.post(
        edit_url(organization), form(name="", website="javascript:alert(1)", description="x")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] and errors["website"]
    # The page's header still names the organization as it is, not as typed.
    assert response.context["organization"].name == "Гильдия"
    assert '<span class="truncate">Гильдия</span>' in response.content.decode()
    organization.refresh_from_db()
    assert (organization.name, organization.description) == ("Гильдия", "Про игры")


@pytest.mark.django_db
def test_too_long_description_is_refused(owner_client, organization):
    response = owner_client.post(edit_url(organization), form(description="x" * 2001))
    assert response.context["form"].errors["description"]
    organization.refresh_from_db()
    assert organization.description == "Про игры"


@pytest.mark.django_db
def test_creating_a_mixed_case_spelling_of_a_name_is_refused_too(user_client):
    """SQLite folds only ASCII letters; the check still finds "ТехноПарк" for "технопарк"."""
    OrganizationFactory(name="ТехноПарк Софт")
    response = user_client.post(
        reverse("accounts:organization_create"), form(name="технопарк СОФТ")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Organization.objects.count() == 1


@pytest.mark.django_db
def test_service_refuses_a_taken_name(organization):
    OrganizationFactory(name="Acme")
    with pytest.raises(ValidationError):
        services.organization_update(organization=organization, name="aCmE")
    organization.refresh_from_db()
    assert organization.name == "Гильдия"


@pytest.mark.django_db
def test_edit_refusals(user_client, user, organization):
    url = edit_url(organization)
    # Anonymous: to the login page.
    anonymous = Client()
    for response in (anonymous.get(url), anonymous.post(url, form(name="Взлом"))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    # A stranger and a plain member: forbidden.
    assert user_client.get(url).status_code == 403
    assert user_client.post(url, form(name="Взлом")).status_code == 403
    MembershipFactory(organization=organization, user=user)
    assert user_client.get(url).status_code == 403
    assert user_client.post(url, form(name="Взлом")).status_code == 403
    # An owner of another organization is a stranger here.
    MembershipFactory(user=user, role=OWNER)
    assert user_client.post(url, form(name="Взлом")).status_code == 403
    organization.refresh_from_db()
    assert organization.name == "Гильдия"
    # Unknown organization; other methods.
    missing = reverse("accounts:organization_update", args=[999999])
    assert user_client.get(missing).status_code == 404
    assert user_client.put(url).status_code == 405


@pytest.mark.django_db
def test_edit_needs_the_csrf_token(user, organization):
    MembershipFactory(organization=organization, user=user, role=OWNER)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(edit_url(organization), form(name="Без токена")).status_code == 403
    organization.refresh_from_db()
    assert organization.name == "Гильдия"


@pytest.mark.django_db
def test_edit_link_only_for_owners_and_staff(client, user, organization):
    url = edit_url(organization)
    assert url not in client.get(organization.get_absolute_url()).content.decode()
    client.force_login(user)
    assert url not in client.get(organization.get_absolute_url()).content.decode()
    membership = MembershipFactory(organization=organization, user=user)
    assert url not in client.get(organization.get_absolute_url()).content.decode()
    membership.role = OWNER
    membership.save()
    assert url in client.get(organization.get_absolute_url()).content.decode()
    staff = login_client(UserFactory(staff=True))
    assert url in staff.get(organization.get_absolute_url()).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_edit_page_query_count_does_not_grow(
    owner_client, organization, django_assert_max_num_queries, count
):
    MembershipFactory.create_batch(count, organization=organization)
    # session, user, organization (with counts), my membership, unread badge
    with django_assert_max_num_queries(6):
        response = owner_client.get(edit_url(organization))
    assert response.status_code == 200


# ---- Managing members from the organization page


@pytest.mark.django_db
def test_owner_sees_member_menus_but_not_for_themselves(owner_client, user, organization):
    member = MembershipFactory(organization=organization)
    html = owner_client.get(organization.get_absolute_url()).content.decode()
    assert remove_url(member) in html and make_owner_url(member) in html
    mine = Membership.objects.get(organization=organization, user=user)
    # Their own card has no menu (they leave with "Leave"), and as the only owner they
    # could not be removed anyway.
    assert remove_url(mine) not in html


@pytest.mark.django_db
def test_members_and_strangers_see_no_member_menus(user_client, user, organization):
    other = MembershipFactory(organization=organization)
    MembershipFactory(organization=organization, role=OWNER)
    html = user_client.get(organization.get_absolute_url()).content.decode()
    assert remove_url(other) not in html and make_owner_url(other) not in html
    MembershipFactory(organization=organization, user=user)
    html = user_client.get(organization.get_absolute_url()).content.decode()
    assert remove_url(other) not in html and make_owner_url(other) not in html


@pytest.mark.django_db
def test_last_owner_has_no_remove_button(organization):
    only_owner = MembershipFactory(organization=organization, role=OWNER)
    staff = login_client(UserFactory(staff=True))
    html = staff.get(organization.get_absolute_url()).content.decode()
    assert remove_url(only_owner) not in html
    second = MembershipFactory(organization=organization, role=OWNER)
    html = staff.get(organization.get_absolute_url()).content.decode()
    assert remove_url(only_owner) in html and remove_url(second) in html
    # An owner already is one: no "make an owner" for them.
    assert make_owner_url(second) not in html


@pytest.mark.django_db
def test_owner_removes_a_member(owner_client, organization):
    removed = MembershipFactory(organization=organization, user=UserFactory(language="en"))
    response = owner_client.post(remove_url(removed))
    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    assert not Membership.objects.filter(pk=removed.pk).exists()
    # They are told, in their own language.
    notification = Notification.objects.get(recipient=removed.user)
    assert notification.message == "You were removed from “Гильдия”."
    assert notification.link == organization.get_absolute_url()
    response = owner_client.get(organization.get_absolute_url())
    assert removed.user.get_full_name() in response.content.decode()  # the message says so
    assert removed.user not in [m.user for m in response.context["members"]]


@pytest.mark.django_db
def test_owner_removes_a_member_with_htmx(owner_client, organization):
    removed = MembershipFactory(organization=organization)
    kept = MembershipFactory(organization=organization)
    response = owner_client.post(remove_url(removed), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="organization-members"')
    assert removed.user.get_full_name() not in html
    assert kept.user.get_full_name() in html
    assert not Membership.objects.filter(pk=removed.pk).exists()


@pytest.mark.django_db
def test_owner_makes_a_member_an_owner(owner_client, organization):
    promoted = MembershipFactory(organization=organization)
    response = owner_client.post(make_owner_url(promoted))
    assert response.status_code == 302
    assert response["Location"] == organization.get_absolute_url()
    promoted.refresh_from_db()
    assert promoted.role == OWNER
    notification = Notification.objects.get(recipient=promoted.user)
    assert notification.message == in_russian(
        "You are now an owner of “%(organization)s”.", organization="Гильдия"
    )
    # Twice changes nothing and tells nobody again.
    owner_client.post(make_owner_url(promoted))
    assert Notification.objects.filter(recipient=promoted.user).count() == 1


@pytest.mark.django_db
def test_make_owner_with_htmx(owner_client, organization):
    promoted = MembershipFactory(organization=organization)
    response = owner_client.post(make_owner_url(promoted), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="organization-members"')
    # Now an owner: the menu offers only removing them.
    assert make_owner_url(promoted) not in html and remove_url(promoted) in html
    promoted.refresh_from_db()
    assert promoted.role == OWNER


@pytest.mark.django_db
def test_an_owner_removes_another_owner(owner_client, organization):
    co_owner = MembershipFactory(organization=organization, role=OWNER)
    assert owner_client.post(remove_url(co_owner)).status_code == 302
    assert not Membership.objects.filter(pk=co_owner.pk).exists()
    assert organization.memberships.filter(role=OWNER).count() == 1


@pytest.mark.django_db
def test_the_last_owner_cannot_be_removed(organization):
    only_owner = MembershipFactory(organization=organization, role=OWNER)
    MembershipFactory(organization=organization)
    staff = login_client(UserFactory(staff=True))
    response = staff.post(remove_url(only_owner), follow=True)
    assert response.redirect_chain[-1][0] == organization.get_absolute_url()
    assert in_russian(LAST_OWNER) in response.content.decode()
    response = staff.post(remove_url(only_owner), headers=HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="organization-members"')
    assert 'role="alert"' in html and in_russian(LAST_OWNER) in html
    only_owner.refresh_from_db()
    assert only_owner.role == OWNER
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_only_owner_cannot_remove_themselves_here(owner_client, user, organization):
    """This route never leaves an organization without an owner; "Leave" hands it on."""
    mine = Membership.objects.get(organization=organization, user=user)
    owner_client.post(remove_url(mine))
    assert Membership.objects.filter(pk=mine.pk, role=OWNER).exists()


@pytest.mark.django_db
def test_service_keeps_an_owner_when_the_last_two_go_at_once(organization):
    """Two owners removing each other: the second removal finds it would take the last one."""
    first = MembershipFactory(organization=organization, role=OWNER)
    second = MembershipFactory(organization=organization, role=OWNER)
    MembershipFactory(organization=organization)
    # The second's copy was loaded before the first removal, as in a race.
    stale_first = Membership.objects.select_related("organization", "user").get(pk=first.pk)
    services.organization_member_remove(membership=second, by=first.user)
    with pytest.raises(ValidationError):
        services.organization_member_remove(membership=stale_first, by=second.user)
    assert organization.memberships.filter(role=OWNER).count() == 1


@pytest.mark.django_db
def test_member_actions_keep_the_members_page(owner_client, organization):
    MembershipFactory.create_batch(30, organization=organization)
    page_two = owner_client.get(organization.get_absolute_url(), {"page": 2})
    target, other = [m for m in page_two.context["members"] if m.role != OWNER][:2]
    html = page_two.content.decode()
    assert f"{remove_url(target)}?page=2" in html
    assert f"{make_owner_url(target)}?page=2" in html

    response = owner_client.post(f"{make_owner_url(target)}?page=2")
    assert response["Location"] == f"{organization.get_absolute_url()}?page=2"
    response = owner_client.post(f"{remove_url(other)}?page=2", headers=HTMX)
    assert response.context["page_obj"].number == 2
    assert not Membership.objects.filter(pk=other.pk).exists()
    # Garbage in the page parameter is ignored, never an error.
    response = owner_client.post(f"{remove_url(target)}?page=../../evil")
    assert response["Location"] == organization.get_absolute_url()
    assert not Membership.objects.filter(pk=target.pk).exists()


@pytest.mark.django_db
def test_member_action_refusals(user_client, user, organization):
    member = MembershipFactory(organization=organization)
    owner = MembershipFactory(organization=organization, role=OWNER)
    urls = [remove_url(member), make_owner_url(member), remove_url(owner)]
    anonymous = Client()
    for url in urls:
        response = anonymous.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        # A stranger, then GET (POST-only routes).
        assert user_client.post(url).status_code == 403
        assert user_client.post(url, headers=HTMX).status_code == 403
        assert user_client.get(url).status_code == 405
    # A plain member is no better.
    MembershipFactory(organization=organization, user=user)
    for url in urls:
        assert user_client.post(url).status_code == 403
    member.refresh_from_db()
    owner.refresh_from_db()
    assert (member.role, owner.role) == (Membership.Role.MEMBER, OWNER)
    assert organization.memberships.count() == 3
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_member_actions_on_someone_who_is_not_a_member_are_404(owner_client, organization):
    elsewhere = MembershipFactory()  # a member of another organization
    for name in ("organization_member_remove", "organization_member_make_owner"):
        url = reverse(f"accounts:{name}", args=[organization.pk, elsewhere.user_id])
        assert owner_client.post(url).status_code == 404
        missing_org = reverse(f"accounts:{name}", args=[999999, elsewhere.user_id])
        assert owner_client.post(missing_org).status_code == 404
    # And an owner here cannot reach the other organization's members.
    assert owner_client.post(remove_url(elsewhere)).status_code == 403
    elsewhere.refresh_from_db()
    assert elsewhere.role == Membership.Role.MEMBER


@pytest.mark.django_db
def test_member_actions_need_the_csrf_token(user, organization):
    MembershipFactory(organization=organization, user=user, role=OWNER)
    member = MembershipFactory(organization=organization)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(remove_url(member)).status_code == 403
    assert client.post(make_owner_url(member)).status_code == 403
    member.refresh_from_db()
    assert member.role == Membership.Role.MEMBER


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_detail_query_count_for_an_owner_does_not_grow(
    owner_client, organization, django_assert_max_num_queries, count
):
    MembershipFactory.create_batch(count, organization=organization)
    # session, user, organization (with counts), unread badge, my membership, member count,
    # page of members
    with django_assert_max_num_queries(8):
        response = owner_client.get(organization.get_absolute_url())
    assert response.status_code == 200
    assert response.context["can_manage"] is True
