"""Cached pages and fragments change as soon as the data does.

The board's cards and chips are fragment-cached and anonymous pages are cached whole for
a few seconds, keyed by data versions bumped on every write (site_config.cache). These
tests fetch a page (filling the caches), change the data the way the site does, and fetch
again at once.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from board import services as board_services
from board.models import Ad
from board.tests.factories import AdFactory, ResponseFactory, UserFactory
from internships.tests.factories import PostingFactory
from site_config.cache import data_version

pytestmark = pytest.mark.django_db

BOARD = reverse("board:ad_list")


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_board_is_served_from_the_cache(client, django_assert_max_num_queries):
    AdFactory(title="Первое объявление")
    html(client.get(BOARD))
    with django_assert_max_num_queries(0):
        assert "Первое объявление" in html(client.get(BOARD))


def test_an_edited_ad_shows_at_once(client):
    ad = AdFactory(title="Старый заголовок")
    page = reverse("board:ad_detail", args=[ad.pk])
    assert "Старый заголовок" in html(client.get(BOARD))
    assert "Старый заголовок" in html(client.get(page))
    board_services.ad_update(
        ad=ad, title="Новый заголовок", category="dd", body="<p>Текст</p>", by=ad.author
    )
    assert "Новый заголовок" in html(client.get(BOARD))
    assert "Старый заголовок" not in html(client.get(BOARD))
    assert "Новый заголовок" in html(client.get(page))
    # Saved outside the services (the admin, the shell): the same.
    ad.refresh_from_db()
    ad.title = "Третий заголовок"
    ad.save()
    assert "Третий заголовок" in html(client.get(BOARD))


def test_a_hidden_ad_leaves_the_cached_board_at_once_and_its_author_sees_the_badge(client):
    author = UserFactory()
    ad = AdFactory(title="Скоро скроют", author=author)
    AdFactory(title="Останется")
    assert "Скоро скроют" in html(client.get(BOARD))
    moderator = UserFactory(staff=True)
    board_services.ads_set_hidden(ads=Ad.objects.filter(pk=ad.pk), hidden=True, by=moderator)
    page = html(client.get(BOARD))
    assert "Скоро скроют" not in page
    assert "Останется" in page
    own = Client()
    own.force_login(author)
    own_page = html(own.get(BOARD))
    assert "Скоро скроют" in own_page
    assert 'class="badge-red"' in own_page


def test_new_ads_move_the_cached_category_counts(client):
    AdFactory(category="healers")
    first = html(client.get(BOARD))
    AdFactory(category="healers")
    second = html(client.get(BOARD))
    count = re.compile(r'category=healers".*?<span[^>]*>(\d+)</span>', re.S)
    assert count.search(first).group(1) == "1"
    assert count.search(second).group(1) == "2"


def test_a_new_response_shows_at_once(client):
    author = UserFactory()
    ad = AdFactory(author=author)
    page = reverse("board:ad_detail", args=[ad.pk])
    client.force_login(author)
    html(client.get(page))
    html(client.get(reverse("board:response_list")))
    before = data_version("board")
    ResponseFactory(ad=ad, text="Свежий отклик на объявление")
    assert data_version("board") != before
    assert "Свежий отклик на объявление" in html(client.get(page))
    assert "Свежий отклик на объявление" in html(client.get(reverse("board:response_list")))


def test_a_changed_language_shows_at_once_on_cached_pages(client):
    AdFactory()
    PostingFactory()
    for url in (BOARD, reverse("home"), reverse("internships:posting_list")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        assert '<html lang="ru"' in html(client.get(url))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert '<html lang="en"' in html(client.get(url))
        assert '<html lang="ru"' not in html(client.get(url))


def test_a_cached_page_carries_each_visitor_their_own_working_csrf_token():
    AdFactory()
    first = Client(enforce_csrf_checks=True)
    html(first.get(BOARD))
    second = Client(enforce_csrf_checks=True)
    page = html(second.get(BOARD))
    assert "__CSRF_TOKEN_PLACEHOLDER__" not in page
    token = re.search(r'"x-csrftoken": "([A-Za-z0-9]+)"', page).group(1)
    assert second.cookies.get(settings.CSRF_COOKIE_NAME)
    response = second.post(
        reverse("set_language"), {"language": "en", "next": BOARD}, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 302


def test_logged_in_pages_are_not_served_from_the_page_cache(client):
    AdFactory(title="Общее объявление")
    html(Client().get(BOARD))
    user = UserFactory(first_name="Зоя", last_name="Кэшева")
    client.force_login(user)
    page = html(client.get(BOARD))
    assert "Кэшева" in page  # the account menu: this page was rendered for this user
    assert reverse("board:ad_create") in page


def test_flash_messages_are_never_cached(client):
    AdFactory()
    html(client.get(BOARD))
    user = UserFactory()
    client.force_login(user)
    client.post(reverse("account_logout"))
    # The logout message belongs to this visitor only; the next visitor must not see it.
    page = html(client.get(BOARD))
    other = html(Client().get(BOARD))
    assert page.count('role="status"') >= other.count('role="status"')


def test_the_cached_bell_count_follows_new_and_read_notifications(
    client, django_assert_max_num_queries
):
    from accounts import services as account_services
    from accounts.selectors import notification_unread_count

    user = UserFactory()
    client.force_login(user)
    html(client.get(BOARD))
    assert notification_unread_count(user=user) == 0
    account_services.notification_create(recipient=user, message="Первое")
    account_services.notification_create(recipient=user, message="Второе")
    assert notification_unread_count(user=user) == 2
    with django_assert_max_num_queries(0):  # now cached
        assert notification_unread_count(user=user) == 2
    account_services.notification_mark_read(user=user)  # a QuerySet.update()
    assert notification_unread_count(user=user) == 0
    account_services.notification_create(recipient=user, message="Третье")
    user.notifications.get(message="Третье").delete()
    assert notification_unread_count(user=user) == 0


def test_cached_fragments_with_forms_carry_each_visitors_own_csrf_token():
    """The account menu and the response cards are cached fragments holding forms: each
    visitor's copy posts with their own token."""
    from django.middleware.csrf import _unmask_cipher_token

    author = UserFactory()
    ad = AdFactory(author=author)
    ResponseFactory(ad=ad, text="Отклик из кэша")
    pages = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        visitor.force_login(author)
        page = html(visitor.get(reverse("board:response_list")))
        assert "Отклик из кэша" in page
        assert "__FRAGMENT_CSRF_TOKEN__" not in page
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page))
        secret = visitor.cookies[settings.CSRF_COOKIE_NAME].value
        assert tokens and {_unmask_cipher_token(t) for t in tokens} == {secret}
        pages.append((visitor, tokens.pop()))
    visitor, token = pages[1]
    response = visitor.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_cached_applicant_rows_follow_status_changes_and_names(posting):
    """The applicants table caches its rows: a status change (a QuerySet.update()) or a
    renamed student shows at once, and the row's status form posts with the viewer's token."""
    from internships import services as internship_services
    from internships.models import Application
    from internships.tests.factories import ApplicationFactory

    application = ApplicationFactory(posting=posting)
    url = reverse("internships:posting_applications", args=[posting.pk])
    owner = Client(enforce_csrf_checks=True)
    owner.force_login(posting.employer)
    page = html(owner.get(url))
    assert f'data-status="{Application.Status.SUBMITTED}"' in page
    html(owner.get(url))  # from the cache now
    internship_services.application_set_status(
        application=application, status=Application.Status.SHORTLISTED, by=posting.employer
    )
    page = html(owner.get(url))
    assert f'data-status="{Application.Status.SHORTLISTED}"' in page
    student = application.student
    student.first_name = "Переименованная"
    student.save()
    page = html(owner.get(url))
    assert "Переименованная" in page
    assert "__FRAGMENT_CSRF_TOKEN__" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page).group(1)
    response = owner.post(
        reverse("internships:application_status", args=[application.pk]),
        {"csrfmiddlewaretoken": token, "status": Application.Status.ACCEPTED, "next": url},
    )
    assert response.status_code == 302
    assert f'data-status="{Application.Status.ACCEPTED}"' in html(owner.get(url))


# ---- The learning and community lists


LEARNING_AND_COMMUNITY_LISTS = ["/courses/", "/blogs/", "/blogs/popular/", "/forums/", "/videos/"]


@pytest.fixture
def lists_data():
    from community.tests.factories import BlogPostFactory, ThreadFactory, VideoFactory
    from learning.tests.factories import CourseFactory

    return {
        "course": CourseFactory(title="Курс до правки"),
        "post": BlogPostFactory(title="Пост до правки"),
        "thread": ThreadFactory(title="Тема до правки"),
        "video": VideoFactory(title="Видео до правки"),
    }


@pytest.mark.parametrize("url", LEARNING_AND_COMMUNITY_LISTS)
def test_anonymous_learning_and_community_lists_are_served_from_the_cache(
    client, lists_data, url, django_assert_max_num_queries
):
    token = re.compile(r"\b[A-Za-z0-9]{64}\b")  # each copy carries a new mask of the token
    first = token.sub("", html(client.get(url)))
    with django_assert_max_num_queries(0):
        assert token.sub("", html(client.get(url))) == first
    # Logged in, the page is the viewer's own (never the cached anonymous copy).
    user = UserFactory(first_name="Зоя", last_name="Кэшева")
    client.force_login(user)
    assert "Кэшева" in html(client.get(url))


def test_edits_show_at_once_on_the_cached_learning_and_community_lists(client, lists_data):
    from community.services import blogs as blog_services
    from community.services import forums as forum_services
    from community.services import videos as video_services
    from learning import services as learning_services

    course, post = lists_data["course"], lists_data["post"]
    thread, video = lists_data["thread"], lists_data["video"]
    blog_services.blog_post_like(post=post, user=UserFactory(), on=True)  # now "popular"
    for url in LEARNING_AND_COMMUNITY_LISTS:
        html(client.get(url))
    learning_services.course_update(
        course=course,
        by=course.teacher,
        title="Курс после правки",
        summary=course.summary,
        description=course.description,
        level=course.level,
        is_published=True,
    )
    assert "Курс после правки" in html(client.get("/courses/"))
    blog_services.blog_post_update(
        post=post, by=post.author, title="Пост после правки", body="<p>Новый текст</p>"
    )
    assert "Пост после правки" in html(client.get("/blogs/"))
    assert "Пост после правки" in html(client.get("/blogs/popular/"))
    forum_services.thread_create(
        forum=thread.forum, author=UserFactory(), title="Свежая тема", text="Первое сообщение"
    )
    assert "Свежая тема" in html(client.get("/forums/"))
    video_services.video_update(video=video, by=video.uploader, title="Видео после правки")
    assert "Видео после правки" in html(client.get("/videos/"))


def test_the_cached_home_page_shows_learning_and_community_edits_at_once(client, lists_data):
    from community.services import blogs as blog_services
    from learning import services as learning_services

    course, post = lists_data["course"], lists_data["post"]
    page = html(client.get(reverse("home")))
    assert "Курс до правки" in page and "Пост до правки" in page
    learning_services.course_update(
        course=course,
        by=course.teacher,
        title="Курс после правки",
        summary=course.summary,
        description=course.description,
        level=course.level,
        is_published=True,
    )
    blog_services.blog_post_update(
        post=post, by=post.author, title="Пост после правки", body="<p>Новый текст</p>"
    )
    page = html(client.get(reverse("home")))
    assert "Курс после правки" in page and "Пост после правки" in page


def test_counters_kept_by_update_show_at_once_on_the_cached_lists(client, lists_data):
    """Likes and enrollments move counters with QuerySet.update() (no signals): the cached
    lists still show the new numbers at once."""
    from community.services import blogs as blog_services
    from internships.tests.factories import StudentFactory
    from learning import services as learning_services

    post, course = lists_data["post"], lists_data["course"]
    likes = re.compile(r'text-rose-500" title=[^>]*>.*?sr-only">[^<]*</span>(\d+)</span>', re.S)
    before = html(client.get("/blogs/"))
    assert likes.search(before).group(1) == "0"
    blog_services.blog_post_like(post=post, user=UserFactory(), on=True)
    assert likes.search(html(client.get("/blogs/"))).group(1) == "1"
    version = data_version("learning")
    learning_services.enrollment_create(course=course, student=StudentFactory())
    assert data_version("learning") != version


# ---- Cached parts of logged-in pages


def test_cached_application_cards_follow_status_posting_and_withdrawal(posting, student):
    """My applications caches each card: a status change, a renamed posting and a
    withdrawal (through the card's own cached form) show at once."""
    from internships import services as internship_services
    from internships.models import Application
    from internships.tests.factories import ApplicationFactory

    application = ApplicationFactory(posting=posting, student=student)
    url = reverse("internships:application_list")
    visitor = Client(enforce_csrf_checks=True)
    visitor.force_login(student)
    assert f'data-status="{Application.Status.SUBMITTED}"' in html(visitor.get(url))
    html(visitor.get(url))  # from the cache now
    internship_services.application_set_status(
        application=application, status=Application.Status.SHORTLISTED, by=posting.employer
    )
    page = html(visitor.get(url))
    assert f'data-status="{Application.Status.SHORTLISTED}"' in page
    assert page.count("<time") >= 2  # the history got the new event
    posting.title = "Переименованная стажировка"
    posting.save()
    page = html(visitor.get(url))
    assert "Переименованная стажировка" in page
    assert "__FRAGMENT_CSRF_TOKEN__" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page).group(1)
    response = visitor.post(
        reverse("internships:application_withdraw", args=[application.pk]),
        {"csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert f'data-status="{Application.Status.WITHDRAWN}"' in html(visitor.get(url))


def test_cached_chat_rows_follow_messages_reads_and_names(django_assert_max_num_queries):
    from community.services import chats as chat_services
    from community.tests.factories import chat_between

    me, friend = UserFactory(), UserFactory(first_name="Пётр", last_name="Друзьев")
    chat = chat_between(me, friend)
    url = reverse("community:chat_list")
    visitor = Client()
    visitor.force_login(me)
    assert "Друзьев" in html(visitor.get(url))
    chat_services.message_send(chat=chat, sender=friend, text="Первое сообщение")
    page = html(visitor.get(url))
    assert "Первое сообщение" in page
    assert 'data-unread="1"' in page
    chat_services.chat_mark_read(chat=chat, user=me)
    assert "data-unread" not in html(visitor.get(url))
    friend.last_name = "Переименов"
    friend.save()
    page = html(visitor.get(url))
    assert "Переименов" in page
    assert "Друзьев" not in page
    message = chat.messages.get()
    chat_services.message_edit(message=message, by=friend, text="Исправленное сообщение")
    assert "Исправленное сообщение" in html(visitor.get(url))


# ---- Anonymous detail pages (a course, a blog post, a forum, a thread, a video, auctions)


@pytest.fixture
def detail_pages(lists_data):
    from internships.tests.factories import AuctionFactory

    thread = lists_data["thread"]
    AuctionFactory(title="Аукцион в кэше")
    return {
        "course": lists_data["course"].get_absolute_url(),
        "post": lists_data["post"].get_absolute_url(),
        "forum": thread.forum.get_absolute_url(),
        "thread": thread.get_absolute_url(),
        "video": lists_data["video"].get_absolute_url(),
        "auctions": reverse("internships:auction_list"),
    }


# A cached page asks nothing (a blog post or a video counts the visit without a lookup).
CACHED_QUERIES = {"course": 0, "post": 0, "forum": 0, "thread": 0, "video": 0, "auctions": 0}


@pytest.mark.parametrize("page", sorted(CACHED_QUERIES))
def test_anonymous_detail_pages_are_served_from_the_cache(
    client, detail_pages, page, django_assert_max_num_queries
):
    url = detail_pages[page]
    token = re.compile(r"\b[A-Za-z0-9]{64}\b")
    first = token.sub("", html(client.get(url)))
    with django_assert_max_num_queries(CACHED_QUERIES[page]):
        assert token.sub("", html(client.get(url))) == first
    user = UserFactory(first_name="Зоя", last_name="Кэшева")
    client.force_login(user)
    assert "Кэшева" in html(client.get(url))


def test_edits_show_at_once_on_the_cached_detail_pages(client, lists_data, detail_pages):
    from community.services import blogs as blog_services
    from community.services import forums as forum_services
    from community.services import videos as video_services
    from internships.tests.factories import AuctionFactory
    from learning import services as learning_services

    course, post = lists_data["course"], lists_data["post"]
    thread, video = lists_data["thread"], lists_data["video"]
    for url in detail_pages.values():
        html(client.get(url))
    forum_services.post_create(thread=thread, author=UserFactory(), text="Свежий ответ в теме")
    assert "Свежий ответ в теме" in html(client.get(detail_pages["thread"]))
    forum_services.thread_create(
        forum=thread.forum, author=UserFactory(), title="Вторая тема форума", text="Текст"
    )
    assert "Вторая тема форума" in html(client.get(detail_pages["forum"]))
    blog_services.blog_comment_create(post=post, author=UserFactory(), text="Свежий комментарий")
    assert "Свежий комментарий" in html(client.get(detail_pages["post"]))
    video_services.video_comment_create(video=video, author=UserFactory(), text="Отзыв о видео")
    assert "Отзыв о видео" in html(client.get(detail_pages["video"]))
    learning_services.lesson_create(course=course, by=course.teacher, title="Урок из кэша")
    assert "Урок из кэша" in html(client.get(detail_pages["course"]))
    AuctionFactory(title="Второй аукцион")
    assert "Второй аукцион" in html(client.get(detail_pages["auctions"]))


def test_a_hidden_post_or_thread_leaves_its_cached_page_at_once(client, lists_data, detail_pages):
    from community.services import forums as forum_services

    post, thread = lists_data["post"], lists_data["thread"]
    html(client.get(detail_pages["post"]))
    html(client.get(detail_pages["thread"]))
    post.is_hidden = True
    post.save()
    assert client.get(detail_pages["post"]).status_code == 404
    forum_services.thread_moderate(thread=thread, by=UserFactory(is_staff=True), action="hide")
    assert client.get(detail_pages["thread"]).status_code == 404


def test_views_are_counted_on_cached_pages_once_per_visitor(lists_data, detail_pages):
    post, video = lists_data["post"], lists_data["video"]
    for agent in ("Reader A", "Reader B", "Reader B"):
        visitor = Client(HTTP_USER_AGENT=agent)
        html(visitor.get(detail_pages["post"]))
        html(visitor.get(detail_pages["video"]))
    post.refresh_from_db()
    video.refresh_from_db()
    assert (post.view_count, video.view_count) == (2, 2)
    # A reload the same day is answered from the cache without a query.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html(Client(HTTP_USER_AGENT="Reader A").get(detail_pages["post"]))
    assert len(queries) == 0


# ---- The auction page and its live panel (logged in): the head, the latest bids and the
# bid form are fragment-cached, the auction itself is kept under the data versions.


@pytest.fixture
def bidding():
    from internships.tests.factories import AuctionFactory, EmployerFactory, PostingFactory

    first, second = EmployerFactory(), EmployerFactory()
    return {
        "auction": AuctionFactory(title="Аукцион под кэшем", reserve=40000, min_step=1000),
        "first": first,
        "second": second,
        "postings": {
            first: PostingFactory(employer=first, title="Стажировка первого"),
            second: PostingFactory(employer=second, title="Стажировка второго"),
        },
    }


def _bid(bidding, who, amount):
    from internships import services as internships_services

    employer = bidding[who]
    return internships_services.bid_place(
        auction=bidding["auction"],
        employer=employer,
        posting=bidding["postings"][employer],
        amount=amount,
    )


def _bid_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="bid-(\d+)"', page)]


def test_a_new_bid_shows_at_once_on_the_cached_auction_page_and_live_panel(bidding):
    auction = bidding["auction"]
    page_url = auction.get_absolute_url()
    live_url = reverse("internships:auction_live", args=[auction.pk])
    mine = _bid(bidding, "first", 40000)
    viewer = Client()
    viewer.force_login(bidding["first"])
    for _ in range(2):  # the second view comes from the caches
        page = html(viewer.get(page_url))
        assert _bid_ids(page) == [mine.pk]
        assert "data-outbid" not in page
        assert 'name="amount" value="41000"' in page
        assert 'name="seen_best" value="40000"' in page
    html(viewer.get(live_url))
    poll = {"after": mine.pk}
    assert _bid_ids(html(viewer.get(live_url, poll))) == []  # nothing new (nothing asked)
    theirs = _bid(bidding, "second", 41000)
    update = html(viewer.get(live_url, poll))
    assert _bid_ids(update) == [theirs.pk]
    assert "data-outbid" in update and 'data-best-amount="41000"' in update
    page = html(viewer.get(page_url))
    assert _bid_ids(page) == [theirs.pk, mine.pk]
    assert "data-outbid" in page  # the outbid notice
    assert 'name="amount" value="42000"' in page  # the next minimum
    assert 'name="seen_best" value="41000"' in page
    assert "Стажировка первого" in page and "Стажировка второго" not in page
    live = html(viewer.get(live_url))
    assert _bid_ids(live) == [theirs.pk, mine.pk]
    assert "data-outbid" in live
    assert 'data-best-amount="41000"' in live
    # The other bidder sees their own name on their bid, not the first one's.
    other = Client()
    other.force_login(bidding["second"])
    page = html(other.get(page_url))
    assert "Стажировка второго" in page and "Стажировка первого" not in page
    assert "data-outbid" not in page


def test_the_cached_auction_page_follows_the_student_and_the_auction(bidding):
    auction = bidding["auction"]
    viewer = Client()
    viewer.force_login(bidding["first"])
    assert "Аукцион под кэшем" in html(viewer.get(auction.get_absolute_url()))
    student = auction.student
    student.first_name, student.last_name = "Новое", "Имя"
    student.save()
    auction.title = "Новый заголовок аукциона"
    auction.save()
    page = html(viewer.get(auction.get_absolute_url()))
    assert "Новое Имя" in page and "Новый заголовок аукциона" in page
    # My new internship is offered in the cached bid form at once.
    from internships.tests.factories import PostingFactory

    PostingFactory(employer=bidding["first"], title="Вторая стажировка первого")
    assert "Вторая стажировка первого" in html(viewer.get(auction.get_absolute_url()))


def test_a_warm_auction_page_reads_neither_the_auction_nor_its_bids(
    bidding, django_assert_max_num_queries
):
    auction = bidding["auction"]
    _bid(bidding, "second", 40000)
    viewer = Client()
    viewer.force_login(bidding["first"])
    first = html(viewer.get(auction.get_absolute_url()))
    with django_assert_max_num_queries(4) as captured:
        again = html(viewer.get(auction.get_absolute_url()))
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert 'FROM "internships_auction"' not in sql
    assert 'FROM "internships_posting"' not in sql
    token = re.compile(r"\b[A-Za-z0-9]{64}\b")
    assert token.sub("", again) == token.sub("", first)


# ---- Responses to my ads: the page's rows, its total and the ad filter are cached under
# the board and people versions.


def test_the_cached_responses_page_follows_new_accepted_deleted_responses_and_names(
    django_assert_max_num_queries,
):
    author = UserFactory()
    ad = AdFactory(author=author, title="Объявление с откликами")
    first = ResponseFactory(ad=ad, text="Первый отклик")
    viewer = Client()
    viewer.force_login(author)
    url = reverse("board:response_list")
    for _ in range(2):  # the second view comes from the caches
        page = html(viewer.get(url))
        assert "Первый отклик" in page
        assert "(1, 1" in page  # the ad filter: one response, one new
    with django_assert_max_num_queries(2):  # the session and the user
        html(viewer.get(url))
    second = board_services.response_create(
        ad=ad, author=UserFactory(first_name="Новый", last_name="Игрок"), text="Второй отклик"
    )
    page = html(viewer.get(url))
    assert "Второй отклик" in page and "Новый Игрок" in page
    assert "(2, 2" in page
    assert "2 отклика" in page or "2 responses" in page
    board_services.response_accept(response=first, by=author)
    page = html(viewer.get(url))
    assert 'class="badge-green"' in page
    assert "(2, 1" in page
    accepted = html(viewer.get(url, {"status": "accepted"}))
    assert re.findall(r'id="response-(\d+)"', accepted) == [str(first.pk)]
    second.author.first_name = "Переименованный"
    second.author.save()
    assert "Переименованный Игрок" in html(viewer.get(url))
    board_services.response_delete(response=second, by=author)
    page = html(viewer.get(url))
    assert "Второй отклик" not in page
    assert f'id="response-{first.pk}"' in page


def test_my_applications_rows_are_cached_and_follow_new_applications_and_names(
    posting, student, django_assert_max_num_queries
):
    """The page's rows and total come from the cache; a new application, an organization
    renamed and a new status show at once."""
    from internships import services as internship_services
    from internships.models import Application
    from internships.tests.factories import ApplicationFactory, PostingFactory

    ApplicationFactory(posting=posting, student=student)
    url = reverse("internships:application_list")
    visitor = Client()
    visitor.force_login(student)
    html(visitor.get(url))
    with django_assert_max_num_queries(2):  # the session and the user
        first = html(visitor.get(url))
    assert first.count('id="application-') == 1
    other = PostingFactory(title="Вторая стажировка")
    second = internship_services.application_create(
        posting=other, student=student, cover_letter="Хочу к вам"
    )
    page = html(visitor.get(url))
    assert page.count('id="application-') == 2 and "Вторая стажировка" in page
    organization = other.organization
    organization.name = "Переименованная компания"
    organization.save()
    assert "Переименованная компания" in html(visitor.get(url))
    internship_services.application_set_status(
        application=second, status=Application.Status.REJECTED, by=other.employer
    )
    assert f'data-status="{Application.Status.REJECTED}"' in html(visitor.get(url))


def test_the_logged_in_board_rows_follow_new_hidden_ads_and_names(django_assert_max_num_queries):
    """A logged-in board keeps its public rows and the viewer's hidden ads under the board
    and people versions: a new ad, my ad hidden by a moderator and a rename show at once."""
    viewer = UserFactory()
    mine = AdFactory(author=viewer, title="Моё объявление")
    visitor = Client()
    visitor.force_login(viewer)
    html(visitor.get(BOARD))
    with django_assert_max_num_queries(2):  # the session and the user
        assert "Моё объявление" in html(visitor.get(BOARD))
    other = AdFactory(title="Чужое свежее объявление")
    assert "Чужое свежее объявление" in html(visitor.get(BOARD))
    board_services.ads_set_hidden(
        ads=Ad.objects.filter(pk=mine.pk), hidden=True, by=UserFactory(staff=True)
    )
    page = html(visitor.get(BOARD))
    assert "Моё объявление" in page and 'class="badge-red"' in page
    assert "Моё объявление" not in html(Client().get(BOARD))
    other.author.first_name, other.author.last_name = "Переименованный", "Автор"
    other.author.save()
    assert "Переименованный Автор" in html(visitor.get(BOARD))


def test_the_cached_response_grid_keeps_each_cards_time_live():
    """The grid of cards is cached whole, keyed by the cards' "x ago": when time moves on,
    the page shows the new one (the same as an uncached render)."""
    import datetime

    import time_machine
    from django.utils import timezone

    author = UserFactory()
    ad = AdFactory(author=author)
    ResponseFactory(ad=ad, text="Отклик со временем")
    viewer = Client()
    viewer.force_login(author)
    url = reverse("board:response_list")
    start = timezone.now()
    # Both views within the fragments' timeout (600 s): only the key can tell them apart.
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        page = html(viewer.get(url))
        assert "2\xa0минуты назад" in page or "2 minutes ago" in page
        html(viewer.get(url))
    with time_machine.travel(start + datetime.timedelta(minutes=7), tick=False):
        page = html(viewer.get(url))
        assert "7\xa0минут назад" in page or "7 minutes ago" in page
        assert "2\xa0минуты назад" not in page


def test_the_cached_board_grid_keeps_each_cards_time_live():
    """The board's grid of cards is cached whole, keyed by its ads and their "x ago"."""
    import datetime

    import time_machine
    from django.utils import timezone

    viewer = Client()
    viewer.force_login(UserFactory())
    AdFactory(title="Объявление со временем")
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        assert "2\xa0минуты назад" in html(viewer.get(BOARD))
        html(viewer.get(BOARD))
    with time_machine.travel(start + datetime.timedelta(minutes=7), tick=False):
        page = html(viewer.get(BOARD))
        assert "7\xa0минут назад" in page and "2\xa0минуты назад" not in page


# ---- A student's own cached learning pages: the catalog's cards and "my courses"


def _progress_values(page: str) -> list[str]:
    return re.findall(r'aria-valuenow="(\d+)"', page)


def _course_fields(course, **changes) -> dict:
    fields = {
        "title": course.title,
        "summary": course.summary,
        "description": course.description,
        "level": course.level,
        "is_published": course.is_published,
    }
    return {**fields, **changes}


def test_my_progress_and_the_courses_follow_every_change_on_the_cached_pages():
    from learning import services as learning
    from learning.models import Submission
    from learning.tests.factories import (
        AssignmentFactory,
        CourseFactory,
        LessonFactory,
        StudentFactory,
    )

    me, other = StudentFactory(), StudentFactory()
    course = CourseFactory(title="Курс до переименования")
    lessons = [LessonFactory(course=course) for _ in range(4)]
    assignment = AssignmentFactory(lesson=lessons[0])
    for student in (me, other):
        learning.enrollment_create(course=course, student=student)
    visitor = Client()
    visitor.force_login(me)
    catalog, mine = reverse("learning:course_list"), reverse("learning:my_courses")

    def both() -> list[list[str]]:
        return [_progress_values(html(visitor.get(url))) for url in (catalog, mine)]

    assert both() == [["0"], ["0"]]
    learning.lesson_mark_done(lesson=lessons[0], student=me)  # 1 of 5 steps
    assert both() == [["20"], ["20"]]
    learning.lesson_mark_done(lesson=lessons[1], student=other)  # not mine
    assert both() == [["20"], ["20"]]
    learning.lesson_mark_done(lesson=lessons[0], student=me, done=False)
    assert both() == [["0"], ["0"]]
    submission = learning.submission_submit(assignment=assignment, student=me, answer="Ответ")
    learning.submission_grade(submission=submission, by=course.teacher, grade=8)
    assert Submission.objects.get(pk=submission.pk).status == Submission.Status.CHECKED
    assert both() == [["20"], ["20"]]
    # The course grows: a new lesson is a sixth step (1 of 6 = 17 %).
    learning.lesson_create(course=course, by=course.teacher, title="Новый урок")
    assert both() == [["17"], ["17"]]
    # Renamed, and its teacher renamed: both pages at once.
    learning.course_update(
        course=course,
        by=course.teacher,
        **_course_fields(course, title="Курс после переименования"),
    )
    teacher = course.teacher
    teacher.last_name = "Переименованный"
    teacher.save()
    for url in (catalog, mine):
        page = html(visitor.get(url))
        assert "Курс после переименования" in page
        assert "Курс до переименования" not in page
        assert "Переименованный" in page
    # Leaving the course takes it off "my courses" and its progress off the card.
    learning.enrollment_delete(course=course, student=me)
    assert both() == [[], []]
    assert "Курс после переименования" not in html(visitor.get(mine))


def test_a_completed_course_moves_and_its_certificate_shows_at_once_on_my_courses(
    django_assert_max_num_queries,
):
    from learning import services as learning
    from learning.tests.factories import CourseFactory, LessonFactory, StudentFactory

    me = StudentFactory()
    course = CourseFactory(title="Курс на один урок")
    lesson = LessonFactory(course=course)
    learning.enrollment_create(course=course, student=me)
    visitor = Client()
    visitor.force_login(me)
    url = reverse("learning:my_courses")
    page = html(visitor.get(url))
    assert 'id="done-title"' not in page
    assert page.count("Курс на один урок") == 1
    # Filled: the session and the user only (the count, the rows, the progress, the
    # certificates and the rendering come from the caches).
    with django_assert_max_num_queries(2):
        html(visitor.get(url))
    learning.lesson_mark_done(lesson=lesson, student=me)  # the course is complete
    page = html(visitor.get(url))
    assert 'id="done-title"' in page
    assert _progress_values(page) == ["100"]
    certificates = page.split('id="certs-title"')[1]
    assert "Курс на один урок" in certificates


def test_the_cached_catalog_shows_a_new_course_and_my_own_draft_at_once(
    django_assert_max_num_queries,
):
    from learning import services as learning
    from learning.tests.factories import CourseFactory, StudentFactory, TeacherFactory

    me, teacher = StudentFactory(), TeacherFactory()
    CourseFactory(title="Первый курс")
    visitor = Client()
    visitor.force_login(me)
    url = reverse("learning:course_list")
    assert "Первый курс" in html(visitor.get(url))
    with django_assert_max_num_queries(2):  # the session and the user
        html(visitor.get(url))
    CourseFactory(title="Второй курс", teacher=teacher)
    assert "Второй курс" in html(visitor.get(url))
    author = Client()
    author.force_login(teacher)
    learning.course_create(
        teacher=teacher,
        title="Мой черновик",
        summary="Пока скрыт",
        description="",
        level="beginner",
        is_published=False,
    )
    assert "Мой черновик" in html(author.get(url))
    assert "Мой черновик" not in html(visitor.get(url))


def test_the_chat_tab_badge_counts_my_unread_chats_at_once():
    from community.services import chats as chat_services
    from community.tests.factories import chat_between

    me, friend, another = UserFactory(), UserFactory(), UserFactory()
    first, second = chat_between(me, friend), chat_between(me, another)
    visitor = Client()
    visitor.force_login(me)
    url = reverse("community:chat_list")

    def badge() -> str | None:
        found = re.search(
            r'aria-current="page">[^<]*<span class="badge-brand ml-1">(\d+)<',
            html(visitor.get(url)),
        )
        return found.group(1) if found else None

    assert badge() is None
    chat_services.message_send(chat=first, sender=friend, text="Раз")
    assert badge() == "1"
    chat_services.message_send(chat=second, sender=another, text="Два")
    assert badge() == "2"
    chat_services.chat_mark_read(chat=first, user=me)
    assert badge() == "1"


def test_my_cached_chat_list_follows_new_chats_archiving_hiding_and_members(
    django_assert_max_num_queries,
):
    from community.services import chats as chat_services
    from community.tests.factories import chat_between

    me, friend, third = UserFactory(), UserFactory(), UserFactory(first_name="Третий")
    chat = chat_between(me, friend)
    chat_services.message_send(chat=chat, sender=friend, text="Привет из кэша")
    visitor = Client()
    visitor.force_login(me)
    url, archive = reverse("community:chat_list"), reverse("community:chat_list") + "?archived=1"
    assert "Привет из кэша" in html(visitor.get(url))
    with django_assert_max_num_queries(2):  # the session and the user
        assert "Привет из кэша" in html(visitor.get(url))
    # Someone else starts a group with me: it shows at once.
    group = chat_services.chat_start(by=third, members=[me, friend], title="Новая группа")
    assert "Новая группа" in html(visitor.get(url))
    # A moderator hides the last message; then its sender deletes another one.
    message = chat.messages.get()
    chat_services.message_set_hidden(message=message, hidden=True, by=UserFactory(staff=True))
    page = html(visitor.get(url))
    assert "Привет из кэша" not in page
    # Archived: off my list and on the archive tab; a new message brings it back.
    chat_services.chat_set_archived(chat=group, user=me, archived=True)
    assert "Новая группа" not in html(visitor.get(url))
    assert "Новая группа" in html(visitor.get(archive))
    chat_services.message_send(chat=group, sender=third, text="Вернись в список")
    page = html(visitor.get(url))
    assert "Новая группа" in page and "Вернись в список" in page
    # Renamed by a save elsewhere (the admin, the API): at once.
    group.title = "Переименованная группа"
    group.save()
    assert "Переименованная группа" in html(visitor.get(url))
    # Removed from the group: it leaves my list.
    chat_services.chat_member_remove(chat=group, by=third, user=me)
    assert "Переименованная группа" not in html(visitor.get(url))


def test_the_cached_applicants_table_follows_new_applications_sorts_and_pages(
    posting, django_assert_max_num_queries
):
    """The applicants table is cached whole per page, sort and HTMX target URL: a new
    application shows at once, each sort and page is its own, and a warm table asks
    nothing of the applications."""
    from internships import services as internship_services
    from internships.tests.factories import ApplicationFactory, StudentFactory

    ApplicationFactory(posting=posting, student=StudentFactory(last_name="Альфа"))
    url = reverse("internships:posting_applications", args=[posting.pk])
    owner = Client()
    owner.force_login(posting.employer)
    html(owner.get(url))
    with django_assert_max_num_queries(2) as captured:  # the session and the user
        html(owner.get(url))
    assert not any("internships_application" in q["sql"] for q in captured.captured_queries)
    second = internship_services.application_create(
        posting=posting, student=StudentFactory(last_name="Яковлева"), cover_letter=""
    )
    page = html(owner.get(url))
    assert "Альфа" in page and "Яковлева" in page
    internship_services.application_mark_viewed(application=second, by=posting.employer)
    assert 'data-status="viewed"' in html(owner.get(url))  # opened by its owner
    by_name = html(owner.get(url, {"sort": "student"}))
    assert by_name.index("Альфа") < by_name.index("Яковлева")
    by_name_desc = html(owner.get(url, {"sort": "-student"}))
    assert by_name_desc.index("Яковлева") < by_name_desc.index("Альфа")
    one_per_page = html(owner.get(url, {"sort": "student", "per_page": 1, "page": 2}))
    assert "Яковлева" in one_per_page and "Альфа" not in one_per_page
    partial = html(owner.get(url, headers={"HX-Request": "true", "HX-Target": "applicants-table"}))
    assert "<html" not in partial and "Яковлева" in partial
    # Someone else is refused, cached table or not.
    stranger = Client()
    stranger.force_login(StudentFactory())
    assert stranger.get(url).status_code == 403
