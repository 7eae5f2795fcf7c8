"""Forum reads: forums with counts and their latest post, threads with unread markers,
a thread's posts, bookmarks."""

from __future__ import annotations

from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Subquery, Value

from community.models import (
    Forum,
    ForumPost,
    ForumPostLike,
    Thread,
    ThreadBookmark,
    ThreadLike,
    ThreadSubscription,
    ThreadVisit,
)


def forum_list_queryset() -> QuerySet[Forum]:
    """Every forum with its stored thread and post counts and its latest post (kept by the
    forum services): one query, walking the forums' order index, that reads no thread or
    post but each forum's latest (tests/test_query_plans.py)."""
    forums = Forum.objects.select_related("last_post__author", "last_post__thread").defer(
        "last_post__text", "last_post__html"
    )
    return forums.order_by("order", "id")


def forum_list() -> list[Forum]:
    return list(forum_list_queryset())


def _with_unread(threads: QuerySet[Thread], viewer) -> QuerySet[Thread]:
    if not viewer.is_authenticated:
        return threads.annotate(read_up_to=Value(None, output_field=IntegerField()))
    visit = ThreadVisit.objects.filter(thread=OuterRef("pk"), user=viewer)
    return threads.annotate(read_up_to=Subquery(visit.values("last_read_post_id")[:1]))


def forum_threads(*, forum: Forum, viewer) -> QuerySet[Thread]:
    """A forum's threads: pinned first, then by last activity, with the last poster and
    what the viewer has read (an unread marker when newer posts exist)."""
    threads = Thread.objects.visible_to(viewer).filter(forum=forum)
    return _with_unread(
        threads.select_related("author", "last_post__author").defer(
            "last_post__text", "last_post__html"
        ),
        viewer,
    ).order_by("-is_pinned", "-last_activity", "-id")


def thread_for_viewer(*, viewer, forum_id: int, pk: int) -> Thread:
    threads = Thread.objects.visible_to(viewer).filter(forum_id=forum_id)
    threads = threads.select_related("forum", "author")
    if viewer.is_authenticated:
        threads = threads.annotate(
            liked=Exists(ThreadLike.objects.filter(thread=OuterRef("pk"), user=viewer)),
            bookmarked=Exists(ThreadBookmark.objects.filter(thread=OuterRef("pk"), user=viewer)),
            subscribed=Exists(
                ThreadSubscription.objects.filter(thread=OuterRef("pk"), user=viewer)
            ),
        )
    return _with_unread(threads, viewer).get(pk=pk)


def thread_posts(*, thread: Thread, viewer) -> QuerySet[ForumPost]:
    posts = ForumPost.objects.visible_to(viewer).filter(thread=thread)
    # The thread comes along: the edit rule looks at whether it is locked.
    posts = posts.select_related("author", "quote__author", "thread")
    if viewer.is_authenticated:
        posts = posts.annotate(
            liked=Exists(ForumPostLike.objects.filter(post=OuterRef("pk"), user=viewer))
        )
    return posts.order_by("created", "id")


def post_position(*, thread: Thread, viewer, post_id: int) -> int:
    """How many of the thread's posts the viewer sees come before `post_id` (0-based)."""
    return ForumPost.objects.visible_to(viewer).filter(thread=thread, id__lt=post_id).count()


def first_unread_post_id(*, thread: Thread, viewer, read_up_to: int | None) -> int | None:
    if not viewer.is_authenticated or read_up_to is None:
        return None
    return (
        ForumPost.objects.visible_to(viewer)
        .filter(thread=thread, id__gt=read_up_to)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )


def post_for_viewer(*, viewer, pk: int) -> ForumPost:
    """A post the viewer may see, in a thread they may see; DoesNotExist otherwise."""
    posts = ForumPost.objects.visible_to(viewer).select_related("thread", "thread__forum")
    post = posts.get(pk=pk)
    if post.thread.is_hidden and not (viewer.is_authenticated and viewer.is_staff):
        raise ForumPost.DoesNotExist
    return post


def bookmarks(*, user) -> QuerySet[ThreadBookmark]:
    rows = ThreadBookmark.objects.filter(user=user, thread__is_hidden=False)
    return (
        rows.select_related(
            "thread", "thread__forum", "thread__author", "thread__last_post__author"
        )
        .defer("thread__last_post__text", "thread__last_post__html")
        .order_by("-created", "-id")
    )


def home_threads(limit: int = 5) -> list[Thread]:
    threads = Thread.objects.filter(is_hidden=False).select_related("forum", "last_post__author")
    return list(
        threads.defer("last_post__text", "last_post__html").order_by("-last_activity", "-id")[
            :limit
        ]
    )


def quotable_post(*, thread: Thread, pk: int | None) -> ForumPost | None:
    """The post of this thread a reply quotes (a visible one), or None."""
    if not pk:
        return None
    return ForumPost.objects.filter(pk=pk, thread=thread, is_hidden=False).first()
