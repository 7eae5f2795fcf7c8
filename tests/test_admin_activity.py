"""The admin index's "Activity" panel: counters, the latest events, who may see them."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tests.factories import UserFactory
from board.models import Ad, Response
from board.tests.factories import AdFactory, ResponseFactory
from internships.models import Application, Auction, Bid, Posting
from internships.tests.factories import (
    ApplicationFactory,
    AuctionFactory,
    BidFactory,
    EmployerFactory,
    PostingFactory,
    StudentFactory,
    TeacherFactory,
)
from site_config.activity import site_activity

pytestmark = pytest.mark.django_db

ADMIN_INDEX = "/admin/"
LONG_AGO = datetime.timedelta(days=30)


def _age(queryset, field: str, delta: datetime.timedelta = LONG_AGO) -> None:
    """Move rows back in time (auto_now_add fields ignore values given on create)."""
    queryset.update(**{field: timezone.now() - delta})


def _card(html: str, key: str) -> str:
    match = re.search(rf'<li class="activity-stat" id="activity-{key}">(.*?)</li>', html, re.S)
    assert match, f"no card {key}"
    return match.group(1)


def _numbers(card: str) -> tuple[str, str]:
    total = re.search(r'activity-stat-total">([^<]*)<', card).group(1)
    recent = re.search(r"activity-stat-recent[^>]*>\s*\+(\S+)", card).group(1)
    return total, recent


@pytest.fixture
def site():
    """A little of everything: for each kind some rows of this week and one of long ago."""
    students = StudentFactory.create_batch(3, profile=None)
    old_student = StudentFactory(profile=None)
    _age(User.objects.filter(pk=old_student.pk), "date_joined")
    employer = EmployerFactory(profile=None, first_name="Ольга", last_name="Работодатель")
    teacher = TeacherFactory(profile=None)
    _age(User.objects.filter(pk=teacher.pk), "date_joined")

    ads = AdFactory.create_batch(2, author=students[0])
    old_ad = AdFactory(author=students[1], title="Старое объявление")
    _age(Ad.objects.filter(pk=old_ad.pk), "created")
    response = ResponseFactory(ad=ads[0], author=students[1])

    posting = PostingFactory(employer=employer, title="Стажёр-аналитик")
    old_posting = PostingFactory(employer=employer, created=timezone.now() - LONG_AGO)
    application = ApplicationFactory(posting=posting, student=students[2])

    live = AuctionFactory(student=students[0], title="Живой аукцион")
    bid = BidFactory(auction=live, employer=employer, posting=posting, amount=55000)
    finished = AuctionFactory(
        student=students[1],
        title="Завершённый аукцион",
        status=Auction.Status.FINISHED,
        finished_at=timezone.now() - datetime.timedelta(hours=1),
        best_amount=70000,
        winner=employer,
    )
    unsold = AuctionFactory(
        student=students[2],
        title="Аукцион без ставок",
        status=Auction.Status.FINISHED,
        finished_at=timezone.now() - datetime.timedelta(hours=2),
    )
    return {
        "students": students,
        "employer": employer,
        "ads": ads,
        "old_ad": old_ad,
        "response": response,
        "posting": posting,
        "old_posting": old_posting,
        "application": application,
        "live": live,
        "bid": bid,
        "finished": finished,
        "unsold": unsold,
    }


@pytest.fixture
def admin_user():
    staff = UserFactory(staff=True, email="boss@example.com", profile=None)
    _age(User.objects.filter(pk=staff.pk), "date_joined")
    return staff


def test_staff_sees_counters_with_totals_and_the_past_week(client, site, admin_user):
    client.force_login(admin_user)
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="site-activity"' in html
    # The app list and the recent actions sidebar are still there.
    assert 'id="recent-actions-module"' in html
    assert reverse("admin:board_ad_changelist") in html

    # Students: 3 this week + 1 old + the staff user (a student by default, joined long ago).
    assert _numbers(_card(html, "users-student")) == ("5", "3")
    assert _numbers(_card(html, "users-employer")) == ("1", "1")
    assert _numbers(_card(html, "users-teacher")) == ("1", "0")
    assert _numbers(_card(html, "ads")) == ("3", "2")
    assert _numbers(_card(html, "responses")) == ("1", "1")
    assert _numbers(_card(html, "postings")) == ("2", "1")
    assert _numbers(_card(html, "applications")) == ("1", "1")
    assert _numbers(_card(html, "bids")) == ("1", "1")
    assert _numbers(_card(html, "auctions")) == ("1", "1")  # finished ones are not active


def test_each_event_links_to_its_change_page_newest_first(client, site, admin_user):
    client.force_login(admin_user)
    html = client.get(ADMIN_INDEX).content.decode()
    feed = html[html.index('class="activity-feed"') :]
    links = [
        reverse("admin:accounts_user_change", args=[site["students"][0].pk]),
        reverse("admin:board_ad_change", args=[site["ads"][1].pk]),
        reverse("admin:board_response_change", args=[site["response"].pk]),
        reverse("admin:internships_posting_change", args=[site["posting"].pk]),
        reverse("admin:internships_application_change", args=[site["application"].pk]),
        reverse("admin:internships_bid_change", args=[site["bid"].pk]),
        reverse("admin:internships_auction_change", args=[site["finished"].pk]),
        reverse("admin:internships_auction_change", args=[site["unsold"].pk]),
    ]
    for link in links:
        assert f'href="{link}"' in feed, link
    # The live auction has not finished: it is no event; nor is the old ad among the newest.
    assert reverse("admin:internships_auction_change", args=[site["live"].pk]) not in feed
    assert "55\xa0000" in feed  # the bid's amount
    # Newest first: the auction that finished an hour ago before the one of two hours ago.
    assert feed.index("Завершённый аукцион") < feed.index("Аукцион без ставок")
    assert feed.count('class="activity-event ') == 15  # capped at the latest 15


def test_events_are_merged_across_kinds_by_time(site, admin_user):
    now = timezone.now()
    Ad.objects.filter(pk=site["ads"][0].pk).update(created=now + datetime.timedelta(minutes=5))
    Bid.objects.filter(pk=site["bid"].pk).update(created=now + datetime.timedelta(minutes=10))
    events = site_activity(user=admin_user, limit=3)["events"]
    assert [(event.kind, event.obj.pk) for event in events[:2]] == [
        ("bid", site["bid"].pk),
        ("ad", site["ads"][0].pk),
    ]
    assert len(events) == 3


def test_the_week_link_shows_exactly_the_rows_counted(client, site, admin_user):
    client.force_login(admin_user)
    stats = {stat.key: stat for stat in site_activity(user=admin_user)["stats"]}
    for key in ("ads", "postings", "users-student", "auctions"):
        stat = stats[key]
        listing = client.get(stat.recent_url)
        assert listing.status_code == 200
        assert listing.context["cl"].result_count == stat.recent, key
        assert client.get(stat.url).context["cl"].result_count == stat.total, key


def test_staff_sees_only_what_their_permissions_allow(client, site):
    moderator = UserFactory(is_staff=True, profile=None)
    moderator.user_permissions.add(Permission.objects.get(codename="view_ad"))
    client.force_login(moderator)
    html = client.get(ADMIN_INDEX).content.decode()
    assert _numbers(_card(html, "ads")) == ("3", "2")
    assert 'id="activity-users-student"' not in html
    assert 'id="activity-bids"' not in html
    assert reverse("admin:board_ad_change", args=[site["ads"][0].pk]) in html
    assert reverse("admin:accounts_user_change", args=[site["students"][0].pk]) not in html
    assert reverse("admin:internships_bid_change", args=[site["bid"].pk]) not in html


def test_staff_without_any_permission_gets_no_panel(client, site):
    client.force_login(UserFactory(is_staff=True, profile=None))
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 200
    assert 'id="site-activity"' not in response.content.decode()


def test_the_selector_gives_non_staff_nothing(site):
    activity = site_activity(user=UserFactory(profile=None, is_superuser=True))
    assert activity["stats"] == []
    assert activity["events"] == []


def test_nothing_to_show_yet_has_zero_counters_and_an_empty_state(client):
    moderator = UserFactory(is_staff=True, profile=None)
    moderator.user_permissions.add(Permission.objects.get(codename="change_ad"))
    client.force_login(moderator)
    html = client.get(ADMIN_INDEX).content.decode()
    assert _numbers(_card(html, "ads")) == ("0", "0")
    assert 'class="activity-empty"' in html
    assert 'class="activity-feed"' not in html


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_non_staff_are_sent_to_the_admin_login(client, who):
    if who == "member":
        client.force_login(UserFactory(profile=None))
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={ADMIN_INDEX}"


def _populate(count: int) -> None:
    employer = EmployerFactory(profile=None)
    students = StudentFactory.create_batch(count, profile=None)
    postings = PostingFactory.create_batch(count, employer=employer)
    for index, student in enumerate(students):
        ad = AdFactory(author=student)
        ResponseFactory(ad=ad, author=students[index - 1])
        ApplicationFactory(posting=postings[index], student=student)
        finished = index % 2 == 0
        auction = AuctionFactory(
            student=student,
            status=Auction.Status.FINISHED if finished else Auction.Status.ACTIVE,
            finished_at=timezone.now() if finished else None,
            winner=employer if finished else None,
            best_amount=60000 if finished else None,
        )
        BidFactory(auction=auction, employer=employer, posting=postings[index])


@pytest.mark.parametrize("count", [5, 50])
def test_the_index_query_count_does_not_grow_with_the_data(
    client, admin_user, count, django_assert_max_num_queries
):
    _populate(count)
    assert Ad.objects.count() == Response.objects.count() == count
    assert Posting.objects.count() == Application.objects.count() == Bid.objects.count() == count
    client.force_login(admin_user)
    # One counting and one event query per source (every app's), + session, user, admin log.
    with django_assert_max_num_queries(39):
        response = client.get(ADMIN_INDEX)
    assert response.content.decode().count('class="activity-event ') == 15


@pytest.mark.parametrize("count", [5, 50])
def test_the_selector_runs_one_query_per_counter_and_event_kind(
    admin_user, count, django_assert_num_queries
):
    _populate(count)
    with django_assert_num_queries(36):  # one per counter and event kind of every app
        activity = site_activity(user=admin_user)
    assert len(activity["events"]) == 15
