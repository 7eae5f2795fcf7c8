"""The forum list's stored counts (threads, posts, latest post) stay right after a new
thread, a reply, a hidden post or thread, a move and a delete, and the list reads them in
one query."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from community.models import Forum, ForumPost, Thread
from community.services import forums as services
from community.tests.factories import ForumFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


def counts(forum):
    forum = Forum.objects.get(pk=forum.pk)
    return forum.thread_count, forum.post_count, forum.last_post_id


def listed(client, forum):
    response = client.get(reverse("community:forum_list"))
    return next(f for f in response.context["forums"] if f.pk == forum.pk)


def test_new_threads_and_replies_count_up(client):
    forum = ForumFactory()
    author = UserFactory()
    thread = services.thread_create(forum=forum, author=author, title="Тема", text="Первое")
    assert counts(forum) == (1, 1, thread.last_post_id)
    reply = services.post_create(thread=thread, author=UserFactory(), text="Ответ")
    assert counts(forum) == (1, 2, reply.pk)
    shown = listed(client, forum)
    assert (shown.thread_count, shown.post_count, shown.last_post) == (1, 2, reply)
    assert "Тема" in client.get(reverse("community:forum_list")).content.decode()


def test_hiding_a_post_or_a_thread_recounts(staff):
    forum = ForumFactory()
    first = services.thread_create(forum=forum, author=UserFactory(), title="Тема А", text="1")
    second = services.thread_create(forum=forum, author=UserFactory(), title="Тема Б", text="2")
    reply = services.post_create(thread=second, author=UserFactory(), text="3")
    assert counts(forum) == (2, 3, reply.pk)
    services.post_set_hidden(post=reply, by=staff, hidden=True)
    assert counts(forum) == (2, 2, second.posts.get(is_hidden=False).pk)
    services.thread_moderate(thread=second, by=staff, action="hide")
    assert counts(forum) == (1, 1, first.last_post_id)
    services.thread_moderate(thread=second, by=staff, action="unhide")
    services.post_set_hidden(post=reply, by=staff, hidden=False)
    assert counts(forum) == (2, 3, reply.pk)


def test_moving_a_thread_moves_its_counts(staff):
    old, new = ForumFactory(), ForumFactory()
    thread = services.thread_create(forum=old, author=UserFactory(), title="Тема", text="1")
    reply = services.post_create(thread=thread, author=UserFactory(), text="2")
    services.thread_moderate(thread=thread, by=staff, action="move", forum=new)
    assert counts(old) == (0, 0, None)
    assert counts(new) == (1, 2, reply.pk)


def test_deletes_recount_after_commit(django_capture_on_commit_callbacks):
    forum = ForumFactory()
    keep = services.thread_create(forum=forum, author=UserFactory(), title="Тема А", text="1")
    gone = services.thread_create(forum=forum, author=UserFactory(), title="Тема Б", text="2")
    reply = services.post_create(thread=keep, author=UserFactory(), text="3")
    last = services.post_create(thread=keep, author=UserFactory(), text="4")
    with django_capture_on_commit_callbacks(execute=True):
        ForumPost.objects.get(pk=last.pk).delete()  # as the admin does
    assert counts(forum) == (2, 3, reply.pk)
    assert Thread.objects.get(pk=keep.pk).reply_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        Thread.objects.get(pk=gone.pk).delete()  # its posts go with it (a cascade)
    assert counts(forum) == (1, 2, reply.pk)


def test_the_migration_backfill_counts_what_is_there():
    import importlib

    from django.apps import apps

    forum = ForumFactory()
    thread = services.thread_create(forum=forum, author=UserFactory(), title="Тема А", text="1")
    services.post_create(thread=thread, author=UserFactory(), text="2")
    Forum.objects.update(thread_count=0, post_count=0, last_post=None)
    migration = importlib.import_module("community.migrations.0006_forum_counters")
    migration.backfill(apps, None)
    assert counts(forum) == (1, 2, Thread.objects.get(pk=thread.pk).last_post_id)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_forum_list_is_one_query_whatever_the_posts(
    client, rows, django_assert_max_num_queries
):
    forums = [ForumFactory() for _ in range(3)]
    author = UserFactory()
    for number in range(rows):
        thread = services.thread_create(
            forum=forums[number % 3], author=author, title=f"Тема {number}", text="текст"
        )
        services.post_create(thread=thread, author=UserFactory(), text="ответ")
    # The page is rendered for a member (the anonymous one is cached whole).
    client.force_login(UserFactory())
    client.get(reverse("community:forum_list"))
    with django_assert_max_num_queries(3):  # the session, the user and the forums
        assert client.get(reverse("community:forum_list")).status_code == 200
