"""Deleting my account from /profile/: password again, POST, sessions end, content per the
rules in README.md ("Deleting an account")."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Notification, Profile, User
from accounts.tests.factories import PASSWORD, MembershipFactory, OrganizationFactory
from board.models import Ad, Response
from board.tests.factories import AdFactory, ResponseFactory, UserFactory
from internships.models import Application, Auction, Bid, Posting
from internships.services import auction_finish, bid_place
from internships.tests.factories import (
    ApplicationFactory,
    AuctionFactory,
    EmployerFactory,
    PostingFactory,
    StudentFactory,
)

URL = reverse("accounts:account_delete")
PROFILE = reverse("accounts:profile")

pytestmark = pytest.mark.django_db


def test_profile_offers_it_with_the_password_and_a_post_form(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get(PROFILE).content.decode()
    form = html.split('id="account-delete-form"')[1].split("</form>")[0]
    assert 'method="post"' in html.split('id="account-delete-form"')[0].rsplit("<form", 1)[1]
    assert f'action="{URL}"' in html
    assert 'type="password"' in form and "csrfmiddlewaretoken" in form


def test_anonymous_is_sent_to_login_and_get_changes_nothing(client):
    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    user = UserFactory()
    client.force_login(user)
    assert client.get(URL).status_code == 200
    user.refresh_from_db()
    assert user.is_active
    assert client.put(URL).status_code == 405


def test_a_wrong_password_deletes_nothing(client):
    user = UserFactory(first_name="Анна")
    client.force_login(user)
    response = client.post(URL, {"password": "not-my-password"})
    assert response.status_code == 422
    assert "password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.is_active and user.first_name == "Анна"
    assert client.post(URL, {}).status_code == 422


def test_deleting_erases_the_person_and_ends_every_session(client):
    user = UserFactory(first_name="Анна", last_name="Смирнова", email="anna@example.com")
    Profile.objects.update_or_create(user=user, defaults={"bio": "Обо мне"})
    assert EmailAddress.objects.filter(email="anna@example.com").exists()  # the factory made it
    Notification.objects.create(recipient=user, message="Привет")
    other_browser = Client()
    other_browser.force_login(user)
    client.force_login(user)

    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"

    user.refresh_from_db()
    assert not user.is_active and user.is_deleted
    assert (user.first_name, user.last_name) == ("", "")
    assert "anna@example.com" not in user.email and not user.has_usable_password()
    assert user.get_full_name() in {"Deleted account", "Удалённый аккаунт"}
    assert not Profile.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(email="anna@example.com").exists()
    assert not Notification.objects.filter(recipient=user).exists()
    # Logged out here and in the other browser.
    for browser in (client, other_browser):
        assert browser.get(PROFILE).status_code == 302
    # Gone from the directory and the profile page; the address may sign up again.
    staff = UserFactory(staff=True)
    client.force_login(staff)
    assert "Смирнова" not in client.get(reverse("accounts:user_list")).content.decode()
    assert client.get(reverse("accounts:user_detail", args=[user.pk])).status_code == 404
    assert not User.objects.filter(email="anna@example.com").exists()


def test_an_owner_leaving_hands_the_organization_on():
    from accounts import services

    owner, member = UserFactory(), UserFactory()
    organization = OrganizationFactory()
    MembershipFactory(organization=organization, user=owner, role=Membership.Role.OWNER)
    MembershipFactory(organization=organization, user=member)
    services.account_delete(user=owner, password=PASSWORD)
    assert list(organization.memberships.values_list("user", "role")) == [
        (member.pk, Membership.Role.OWNER)
    ]


def test_board_content_goes_with_the_account():
    from accounts import services

    user, other = UserFactory(), UserFactory()
    mine = AdFactory(author=user)
    ResponseFactory(ad=mine, author=other)
    theirs = AdFactory(author=other)
    ResponseFactory(ad=theirs, author=user)
    services.account_delete(user=user, password=PASSWORD)
    assert list(Ad.objects.all()) == [theirs]
    assert not Response.objects.exists()


def test_internships_follow_the_documented_rules():
    from accounts import services

    student, other_student = StudentFactory(), StudentFactory()
    employer, rival = EmployerFactory(), EmployerFactory()
    # The student's applications and auctions go; a live auction's bidders are told.
    ApplicationFactory(student=student)
    kept_application = ApplicationFactory(student=other_student)
    live = AuctionFactory(student=student)
    bid_place(auction=live, employer=rival, posting=PostingFactory(employer=rival), amount=50000)
    services.account_delete(user=student, password=PASSWORD)
    assert list(Application.objects.all()) == [kept_application]
    assert not Auction.objects.filter(student=student).exists()
    assert Notification.objects.filter(recipient=rival, message__contains=live.title).exists()

    # The employer's postings close (applicants keep theirs); live bids are withdrawn and
    # the best bid recomputed; bids in ended auctions stay.
    posting = PostingFactory(employer=employer)
    applied = ApplicationFactory(posting=posting, student=other_student)
    auction = AuctionFactory(student=other_student)
    bid_place(auction=auction, employer=rival, posting=PostingFactory(employer=rival), amount=50000)
    bid_place(auction=auction, employer=employer, posting=posting, amount=60000)
    ended = AuctionFactory(student=StudentFactory())
    bid_place(auction=ended, employer=employer, posting=posting, amount=45000)
    Auction.objects.filter(pk=ended.pk).update(ends_at=timezone.now() - datetime.timedelta(1))
    auction_finish(auction_id=ended.pk)

    services.account_delete(user=employer, password=PASSWORD)
    posting.refresh_from_db()
    assert posting.status == Posting.Status.CLOSED
    assert Application.objects.filter(pk=applied.pk).exists()
    auction.refresh_from_db()
    assert (auction.best_amount, auction.bid_count) == (50000, 1)
    assert auction.best_bid.employer == rival
    assert Bid.objects.filter(auction=ended, employer=employer).exists()
