"""The main lists' queries walk an index in their order: no full scan, no sort.

A query that scans a table or sorts its rows costs more with every row the site gets (the
board did: ~34 ms of CPU at 10,000 ads). Each database is asked for its plan:

- SQLite (`EXPLAIN QUERY PLAN`): no `SCAN <table>` without an index, no `TEMP B-TREE`;
- PostgreSQL (`EXPLAIN`), with sequential scans and sorts priced out (`enable_seqscan`,
  `enable_sort` off), so the plan says whether an index *can* serve the query whatever the
  table's size today: no `Seq Scan`, no `Sort`.

The same check runs in both CI passes (SQLite, then PostgreSQL).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction

from accounts.tests.factories import UserFactory
from board import selectors as board_selectors
from board.models import Ad, Category
from board.tests.factories import AdFactory, ResponseFactory
from community import chat_selectors
from community import selectors as community_selectors
from community.selectors import blogs as blog_selectors
from community.selectors import videos as video_selectors
from community.tests.factories import (
    BlogPostFactory,
    ThreadFactory,
    VideoFactory,
    chat_between,
    say,
)
from internships import selectors as internship_selectors
from internships.tests.factories import (
    ApplicationFactory,
    AuctionFactory,
    PostingFactory,
    StudentFactory,
)
from learning import selectors as learning_selectors
from learning.tests.factories import CourseFactory, EnrollmentFactory, TeacherFactory

pytestmark = pytest.mark.django_db


def query_plan(queryset) -> list[str]:
    """The database's plan of a queryset's SQL, one line per step."""
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def plan_problems(plan: list[str]) -> list[str]:
    """The steps of a plan that grow with the table: full scans and sorts."""
    problems = []
    for step in plan:
        if connection.vendor == "sqlite":
            full_scan = re.match(r"SCAN \w+$", step.strip()) and "USING" not in step
            if full_scan or "TEMP B-TREE" in step:
                problems.append(step)
        elif re.search(r"\bSeq Scan\b|\bSort\b", step):
            problems.append(step)
    return problems


def assert_indexed(queryset):
    plan = query_plan(queryset)
    assert not plan_problems(plan), "\n".join(plan)


@pytest.fixture
def data():
    viewer = StudentFactory()
    AdFactory.create_batch(3)
    AdFactory(author=viewer, is_hidden=True)
    ad = AdFactory(author=viewer)
    ResponseFactory(ad=ad)
    ResponseFactory(author=viewer)
    posting = PostingFactory()
    ApplicationFactory(posting=posting, student=viewer)
    auction = AuctionFactory()
    teacher = TeacherFactory()
    CourseFactory.create_batch(2)
    CourseFactory(teacher=teacher, is_published=False)
    EnrollmentFactory(student=viewer)
    BlogPostFactory.create_batch(2)
    BlogPostFactory(author=viewer, is_published=False)
    thread = ThreadFactory()
    ThreadFactory(forum=thread.forum, is_hidden=True)
    VideoFactory.create_batch(2)
    chat = chat_between(viewer, UserFactory())
    say(chat, viewer)
    chat_between(viewer, UserFactory(), UserFactory(), title="Рейд")
    return {
        "viewer": viewer,
        "ad": ad,
        "posting": posting,
        "teacher": teacher,
        "forum": thread.forum,
        "auction": auction,
    }


MAIN_LISTS = {
    "board, anonymous": lambda d: board_selectors.ad_list(viewer=AnonymousUser()).public.queryset()[
        :12
    ],
    "board, a category": lambda d: board_selectors.ad_list(
        viewer=AnonymousUser(), category=Category.HEALERS
    ).public.queryset()[:12],
    "board, page 5": lambda d: board_selectors.ad_list(viewer=AnonymousUser()).public.queryset()[
        48:60
    ],
    "board, the viewer's own hidden ads": lambda d: (
        Ad.objects.by(d["viewer"]).filter(is_hidden=True).order_by("-created", "-id")
    ),
    "board, the public counts": lambda d: (
        Ad.objects.visible().order_by().values("category").order_by("category")
    ),
    "my responses": lambda d: board_selectors.responses_sent(user=d["viewer"])[:20],
    "my accepted responses": lambda d: board_selectors.responses_sent(
        user=d["viewer"], status="accepted"
    )[:20],
    "responses to my ads": lambda d: board_selectors.responses_to_my_ads(user=d["viewer"])[:20],
    "responses to my ads, pending": lambda d: board_selectors.responses_to_my_ads(
        user=d["viewer"], status="pending"
    )[:20],
    "responses to my ads, one ad": lambda d: board_selectors.responses_to_my_ads(
        user=d["viewer"], ad=d["ad"]
    )[:20],
    "responses to my ads, the total": lambda d: (
        board_selectors.responses_to_my_ads(user=d["viewer"]).order_by().values("id")
    ),
    "responses to my ads, the counts per ad": lambda d: board_selectors.response_counts_by_ad(
        user=d["viewer"]
    ),
    "an ad's responses": lambda d: board_selectors.ad_responses_for_viewer(
        ad=d["ad"], viewer=d["ad"].author
    )[:10],
    "postings": lambda d: internship_selectors.posting_search()[:12],
    "jobs": lambda d: internship_selectors.posting_search(kind="job")[:12],
    "live auctions": lambda d: internship_selectors.auction_list()[:12],
    "an auction's latest bids": lambda d: internship_selectors.auction_bid_queryset(
        auction=d["auction"]
    )[: internship_selectors.BIDS_SHOWN],
    "an auction's bids after the last seen": lambda d: (
        internship_selectors.auction_bids_after_queryset(auction=d["auction"], after=0)[
            : internship_selectors.BIDS_SHOWN
        ]
    ),
    "a student's applications": lambda d: internship_selectors.student_applications(
        user=d["viewer"]
    )[:10],
    "a posting's applicants": lambda d: internship_selectors.applicants(
        posting=d["posting"]
    ).order_by("-created", "-id")[:20],
    "courses, anonymous": lambda d: learning_selectors.course_search(user=AnonymousUser())[:12],
    "courses, a student": lambda d: learning_selectors.course_search(user=d["viewer"])[:12],
    "courses, a teacher's public window": lambda d: learning_selectors.course_search(
        user=d["teacher"]
    ).public[:12],
    "courses, a teacher's own drafts": lambda d: learning_selectors.course_drafts_of(d["teacher"]),
    "courses, popular": lambda d: learning_selectors.course_search(
        user=AnonymousUser(), sort="popular"
    )[:12],
    "blogs": lambda d: blog_selectors.blog_list(viewer=AnonymousUser())[:10],
    "my blog posts": lambda d: blog_selectors.blog_list(viewer=d["viewer"], mine=True)[:10],
    "the forum list": lambda d: community_selectors.forums.forum_list_queryset(),
    "a forum's threads": lambda d: community_selectors.forums.forum_threads(
        forum=d["forum"], viewer=AnonymousUser()
    )[:20],
    "my chats": lambda d: chat_selectors.chat_memberships(user=d["viewer"])[:20],
    "my archived chats": lambda d: chat_selectors.chat_memberships(user=d["viewer"], archived=True)[
        :20
    ],
    "videos": lambda d: video_selectors.video_list(viewer=AnonymousUser())[:12],
}


@pytest.mark.parametrize("name", MAIN_LISTS)
def test_main_list_uses_an_index_without_a_sort(data, name):
    assert_indexed(MAIN_LISTS[name](data))


def test_the_check_catches_a_full_scan_and_a_sort(data):
    """The check itself fails a query that defeats the indexes (what the board used to do)."""
    from django.db.models import Q

    viewer = data["viewer"]
    bad = Ad.objects.filter(Q(is_hidden=False) | Q(author=viewer)).order_by("-created", "-id")
    assert plan_problems(query_plan(bad[:12]))
    unindexed = Ad.objects.order_by("title")
    assert plan_problems(query_plan(unindexed[:12]))


def test_logged_in_board_lists_public_and_own_hidden_ads_in_order(data):
    """The merged board (two index lookups) pages exactly like the one OR query did."""
    from django.db.models import Q

    viewer = data["viewer"]
    for _ in range(3):
        AdFactory(author=viewer, is_hidden=True)
    AdFactory.create_batch(20)
    UserFactory()
    expected = list(
        Ad.objects.filter(Q(is_hidden=False) | Q(author=viewer)).order_by("-created", "-id")
    )
    board = board_selectors.ad_list(viewer=viewer)
    assert board.count() == len(expected)
    for size in (1, 3, 5, 12):
        for start in range(0, len(expected) + 2, size):
            assert board[start : start + size] == expected[start : start + size], (start, size)


def test_a_teachers_catalog_lists_published_courses_and_own_drafts_in_order(data, client):
    """The catalog for a teacher with drafts (two index lookups) pages like the OR did."""
    from django.db.models import Q

    from learning.models import Course

    teacher = data["teacher"]
    CourseFactory.create_batch(2, teacher=teacher, is_published=False)
    CourseFactory.create_batch(15)
    for sort, order in (("new", ("-created", "-id")), ("popular", ("-student_count", "-id"))):
        expected = list(
            Course.objects.filter(Q(is_published=True) | Q(teacher=teacher)).order_by(*order)
        )
        catalog = learning_selectors.course_search(user=teacher, sort=sort)
        assert catalog.count() == len(expected) == 21
        for size in (1, 4, 12):
            for start in range(0, len(expected) + 2, size):
                assert catalog[start : start + size] == expected[start : start + size]
    draft = CourseFactory(teacher=teacher, is_published=False, title="Свежий черновик")
    client.force_login(teacher)
    page = client.get("/courses/")
    assert page.status_code == 200
    assert draft.title in page.content.decode()


def test_the_chat_list_order_follows_new_messages_and_members(data):
    """`ChatMember.chat_activity` (the list's index order) moves with the chat's activity."""
    from community.services import chats as chat_services

    viewer, friend, third = data["viewer"], UserFactory(), UserFactory()
    older = chat_between(viewer, friend)
    newer = chat_between(viewer, third)
    chat_services.message_send(chat=older, sender=friend, text="Привет")
    mine = [member.chat_id for member in chat_selectors.chat_memberships(user=viewer)]
    assert mine[0] == older.pk
    chat_services.chat_set_archived(chat=newer, user=viewer, archived=True)
    archived = chat_selectors.chat_memberships(user=viewer, archived=True)
    assert [member.chat_id for member in archived] == [newer.pk]
    group = chat_between(viewer, friend, third, title="Группа")
    chat_services.message_send(chat=older, sender=viewer, text="Ещё")
    chat_services.chat_member_add(chat=group, by=viewer, users=[UserFactory()])
    mine = [member.chat_id for member in chat_selectors.chat_memberships(user=viewer)]
    assert mine[0] == group.pk
    assert mine[1] == older.pk
    for member in chat_selectors.chat_memberships(user=friend):
        assert member.chat_activity == member.chat.last_activity
