"""The permission matrix in one place: who may create, edit, apply, bid and see the bidders.

Rows are the people of the issue (anonymous, student, employer, teacher, staff) plus the
strangers that matter: another employer (not the posting's owner) and another student
(not the auction's). Every refusal also checks that nothing was written.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import OrganizationFactory
from internships import services
from internships.models import Application, Bid, Posting
from internships.tests.factories import AuctionFactory, EmployerFactory, PostingFactory

LOGIN = reverse("account_login")
ROLES = ["anonymous", "student", "other_student", "owner", "other_employer", "teacher", "staff"]


@pytest.fixture
def people(student, other_student, employer, other_employer, teacher, staff):
    return {
        "anonymous": None,
        "student": student,
        "other_student": other_student,
        "owner": employer,
        "other_employer": other_employer,
        "teacher": teacher,
        "staff": staff,
    }


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def _posting_data(organization) -> dict:
    return {
        "organization": organization.pk,
        "kind": "internship",
        "title": "Новая стажировка",
        "description": "<p>Описание</p>",
        "deadline": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
    }


# Expected answers; "ok" is the success of each action (a redirect after the write).
CREATE = {
    "anonymous": "login",
    "student": 403,
    "other_student": 403,
    "owner": "ok",
    "other_employer": "ok",
    "teacher": 403,
    "staff": 403,  # staff moderate postings; publishing is for employers
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_who_creates_postings(login, people, role):
    user = people[role]
    organization = (
        user.organizations.first() if user is not None and user.is_employer else None
    ) or OrganizationFactory()
    before = Posting.objects.count()
    response = login(user).post(reverse("internships:posting_create"), _posting_data(organization))
    expected = CREATE[role]
    if expected == "login":
        assert _is_login_redirect(response)
    elif expected == "ok":
        assert response.status_code == 302
        assert Posting.objects.filter(employer=user, title="Новая стажировка").exists()
        return
    else:
        assert response.status_code == expected
    assert Posting.objects.count() == before


EDIT = {
    "anonymous": "login",
    "student": 403,
    "other_student": 403,
    "owner": "ok",
    "other_employer": 403,
    "teacher": 403,
    "staff": "ok",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_who_edits_and_closes_a_posting(login, people, posting, role):
    client = login(people[role])
    data = {**_posting_data(posting.organization), "title": "Изменено"}
    edit = client.post(reverse("internships:posting_edit", args=[posting.pk]), data)
    close = client.post(reverse("internships:posting_close", args=[posting.pk]))
    posting.refresh_from_db()
    expected = EDIT[role]
    if expected == "ok":
        assert edit.status_code == 302 and close.status_code == 302
        assert posting.title == "Изменено" and posting.status == Posting.Status.CLOSED
        return
    if expected == "login":
        assert _is_login_redirect(edit) and _is_login_redirect(close)
    else:
        assert edit.status_code == close.status_code == expected
    assert posting.title != "Изменено" and posting.status == Posting.Status.PUBLISHED


APPLY = {
    "anonymous": "login",
    "student": "ok",
    "other_student": "ok",
    "owner": 403,
    "other_employer": 403,
    "teacher": 403,
    "staff": 403,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_who_applies(login, people, posting, role):
    response = login(people[role]).post(
        reverse("internships:posting_apply", args=[posting.pk]), {"cover_letter": "Хочу!"}
    )
    expected = APPLY[role]
    if expected == "ok":
        assert response.status_code == 302
        assert Application.objects.filter(posting=posting, student=people[role]).exists()
        return
    if expected == "login":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == expected
    assert not Application.objects.exists()


BID = {
    "anonymous": "login",
    "student": 403,
    "other_student": 403,
    "owner": "ok",
    "other_employer": "ok",
    "teacher": 403,
    "staff": 403,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_who_bids(login, people, student, role):
    auction = AuctionFactory(student=student, reserve=40000)
    user = people[role]
    # A bidder offers one of their own open internships; the others try someone's.
    posting = (
        PostingFactory(employer=user)
        if user is not None and user.is_employer
        else PostingFactory(employer=EmployerFactory())
    )
    response = login(user).post(
        reverse("internships:auction_bid", args=[auction.pk]),
        {"amount": "45000", "posting": posting.pk},
    )
    expected = BID[role]
    if expected == "ok":
        assert response.status_code == 302
        assert Bid.objects.filter(auction=auction, employer=user, amount=45000).exists()
        return
    if expected == "login":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == expected
    assert not Bid.objects.exists()


# Who sees the bidders' names and messages; everyone logged in sees the amounts.
SEES_BIDDERS = {
    "anonymous": False,  # the auction page is public and read-only (issue 11): amounts only
    "student": True,  # the auction is theirs
    "other_student": False,
    "owner": "own",  # a bidder: their own bid named, the other one not
    "other_employer": False,
    "teacher": False,
    "staff": True,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_bids(login, people, student, employer, role):
    auction = AuctionFactory(student=student, reserve=40000)
    rival = EmployerFactory(
        first_name="Пётр", last_name="Соперников", organization=OrganizationFactory(name="Rival")
    )
    services.bid_place(
        auction=auction,
        employer=employer,
        posting=PostingFactory(employer=employer),
        amount=40000,
        message="Сообщение Ольги",
    )
    services.bid_place(
        auction=auction,
        employer=rival,
        posting=PostingFactory(employer=rival),
        amount=41000,
        message="Сообщение Петра",
    )
    for url in (
        auction.get_absolute_url(),
        reverse("internships:auction_live", args=[auction.pk]),
    ):
        response = login(people[role]).get(url)
        expected = SEES_BIDDERS[role]
        if expected == "login":
            assert _is_login_redirect(response)
            continue
        html = response.content.decode()
        assert response.status_code == 200
        assert 'data-bid-amount="40000"' in html and 'data-bid-amount="41000"' in html
        assert ("Сообщение Петра" in html) is (expected is True)
        assert ("Соперников" in html) is (expected is True)
        assert ("Сообщение Ольги" in html) is (expected in (True, "own"))
