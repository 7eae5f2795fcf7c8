"""Forums: counts and latest posts, threads with unread markers, jumping to the first
unread post, replying (HTMX and plain), locked threads, likes, bookmarks, subscriptions
and their mails, @mentions, moderation, XSS and query counts."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Notification
from community.models import (
    ForumPost,
    ForumPostLike,
    Thread,
    ThreadBookmark,
    ThreadLike,
    ThreadSubscription,
)
from community.services import forums as services
from community.tests.factories import ForumFactory, ForumPostFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def reply_url(thread):
    return reverse("community:thread_reply", args=[thread.forum_id, thread.pk])


# ---- Services


def test_thread_create_subscribes_the_author_and_renders_text(member):
    forum = ForumFactory()
    thread = services.thread_create(
        forum=forum,
        author=member,
        title="Как найти стажировку?",
        text="Смотрите https://example.com\n\nВторой абзац <b>не жирный</b>",
    )
    post = thread.posts.get()
    assert ThreadSubscription.objects.filter(thread=thread, user=member).exists()
    assert thread.last_post == post and thread.reply_count == 0
    assert 'href="https://example.com"' in post.html and "nofollow" in post.html
    assert "&lt;b&gt;" in post.html and "<b>" not in post.html
    assert post.html.count("<p>") == 2


def test_reply_updates_thread_and_notifies_subscribers_once_by_mail(
    member, other, django_capture_on_commit_callbacks
):
    thread = services.thread_create(
        forum=ForumFactory(), author=member, title="Тема", text="Начало"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(thread=thread, author=other, text="Первый ответ")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(thread=thread, author=other, text="Второй ответ")
    thread.refresh_from_db()
    assert thread.reply_count == 2 and thread.last_post.text == "Второй ответ"
    # In-app for every reply, but one mail until the author visits the thread.
    assert Notification.objects.filter(recipient=member).count() == 2
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Тема" in mail.outbox[0].subject
    services.thread_mark_read(thread=thread, user=member, up_to_post_id=thread.last_post_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(thread=thread, author=other, text="Третий ответ")
    assert len(mail.outbox) == 2
    # The replier is not notified about their own reply.
    assert not Notification.objects.filter(recipient=other).exists()


def test_mentions_notify_and_link(member, other, django_capture_on_commit_callbacks):
    thread = ThreadFactory(author=member)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(
            thread=thread, author=member, text="Привет, @иван_петров! Глянь"
        )
    assert f'href="{other.get_absolute_url()}"' in post.html
    note = Notification.objects.get(recipient=other)
    assert "упомянул" in note.message or "mentioned" in note.message
    # An unknown name stays plain text, and an e-mail address is not a mention.
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(
            thread=thread, author=member, text="@Нет_Такого и a@иван_петров"
        )
    assert "<a" not in post.html
    assert Notification.objects.filter(recipient=other).count() == 1
    # The opening post of a new thread notifies the mentioned too.
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_create(
            forum=thread.forum, author=member, title="Вопрос", text="@Иван_Петров, ответь"
        )
    assert Notification.objects.filter(recipient=other).count() == 2


def test_an_edit_that_adds_a_mention_notifies_only_the_new_name(
    member, other, django_capture_on_commit_callbacks
):
    third = UserFactory(first_name="Ольга", last_name="Сидорова")
    thread = ThreadFactory(author=member)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(thread=thread, author=member, text="@Иван_Петров, привет")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_update(post=post, by=member, text="@Иван_Петров и @Ольга_Сидорова, привет")
    assert Notification.objects.filter(recipient=other).count() == 1
    assert Notification.objects.filter(recipient=third).count() == 1
    # Editing again without new names notifies nobody.
    with django_capture_on_commit_callbacks(execute=True):
        services.post_update(post=post, by=member, text="@Иван_Петров и @Ольга_Сидорова!")
    assert Notification.objects.filter(recipient__in=[other, third]).count() == 2


def test_reply_notifications_go_through_huey_after_commit(
    member, other, django_capture_on_commit_callbacks
):
    """Nothing is notified or mailed inside the reply's transaction: a Huey task does it
    once the reply is committed (a rolled-back reply notifies nobody)."""
    thread = services.thread_create(
        forum=ForumFactory(), author=member, title="Тема", text="Начало"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.post_create(thread=thread, author=other, text="Ответ")
    assert not Notification.objects.exists() and not mail.outbox
    assert callbacks
    for callback in callbacks:  # the commit: Huey (immediate in tests) runs the task
        callback()
    assert Notification.objects.filter(recipient=member).count() == 1
    # A post hidden by a moderator before the task ran notifies nobody.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post = services.post_create(thread=thread, author=other, text="Спам")
    ForumPost.objects.filter(pk=post.pk).update(is_hidden=True)
    for callback in callbacks:
        callback()
    assert Notification.objects.filter(recipient=member).count() == 1


def test_subscription_mail_is_in_the_recipients_language(
    client, member, other, django_capture_on_commit_callbacks
):
    """A Russian-speaking member's reply mails an English-speaking subscriber in English
    (and notifies them in English), whatever language the replier's request is in."""
    member.language = "en"
    member.save(update_fields=["language"])
    thread = services.thread_create(
        forum=ForumFactory(), author=member, title="Internships", text="Anyone?"
    )
    mail.outbox.clear()
    client.force_login(other)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reply_url(thread), {"text": "Да, есть"}, headers={"Accept-Language": "ru"}
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject.startswith("New reply in")
    assert "Read and reply:" in message.body and "/forums/posts/" in message.body
    assert Notification.objects.get(recipient=member).message.endswith("replied in “Internships”.")


def test_locked_and_hidden_threads_refuse_replies(member):
    locked = ThreadFactory(is_locked=True)
    with pytest.raises(PermissionDenied):
        services.post_create(thread=locked, author=member, text="можно?")
    hidden = ThreadFactory(is_hidden=True)
    with pytest.raises(PermissionDenied):
        services.post_create(thread=hidden, author=member, text="можно?")
    assert ForumPost.objects.filter(author=member).count() == 0


def test_double_reply_is_saved_once(member):
    thread = ThreadFactory()
    first = services.post_create(thread=thread, author=member, text="Двойной Enter")
    second = services.post_create(thread=thread, author=member, text="Двойной Enter")
    assert first.pk == second.pk
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_toggles_are_idempotent(member):
    thread = ThreadFactory()
    post = ForumPostFactory(thread=thread)
    for _ in range(2):
        assert services.thread_like(thread=thread, user=member, on=True) is True
        assert services.post_like(post=post, user=member, on=True) is True
        assert services.thread_bookmark(thread=thread, user=member, on=True) is True
    thread.refresh_from_db()
    post.refresh_from_db()
    assert thread.like_count == 1 and post.like_count == 1
    assert ThreadLike.objects.count() == ForumPostLike.objects.count() == 1
    assert ThreadBookmark.objects.count() == 1
    assert services.thread_bookmark(thread=thread, user=member) is False  # a flip
    assert services.thread_subscribe(thread=thread, user=member, on=False) is False


def test_unique_constraints(member):
    from django.db import IntegrityError, transaction

    thread = ThreadFactory()
    for model in (ThreadLike, ThreadBookmark, ThreadSubscription):
        model.objects.get_or_create(thread=thread, user=member)
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.create(thread=thread, user=member)


def test_moderation_is_staff_only(member, staff):
    thread = ThreadFactory()
    target = ForumFactory()
    with pytest.raises(PermissionDenied):
        services.thread_moderate(thread=thread, by=member, action="pin")
    services.thread_moderate(thread=thread, by=staff, action="pin")
    services.thread_moderate(thread=thread, by=staff, action="lock")
    services.thread_moderate(thread=thread, by=staff, action="move", forum=target)
    thread.refresh_from_db()
    assert thread.is_pinned and thread.is_locked and thread.forum == target


def test_hiding_a_post_recounts_the_thread(staff):
    thread = ThreadFactory()
    reply = services.post_create(thread=thread, author=UserFactory(), text="спам")
    services.post_set_hidden(post=reply, by=staff, hidden=True)
    thread.refresh_from_db()
    assert thread.reply_count == 0 and thread.last_post_id != reply.pk


# ---- Pages


def test_forum_list_counts_and_latest_post(client):
    forum = ForumFactory(title="Карьера")
    ForumFactory(title="Пустой")
    thread = ThreadFactory(forum=forum, title="Первая тема")
    latest = services.post_create(thread=thread, author=UserFactory(), text="Свежий ответ")
    ThreadFactory(forum=forum, is_hidden=True)
    response = client.get(reverse("community:forum_list"))
    forums = {f.title: f for f in response.context["forums"]}
    assert forums["Карьера"].thread_count == 1 and forums["Карьера"].post_count == 2
    assert forums["Карьера"].last_post == latest
    assert forums["Пустой"].thread_count == 0 and forums["Пустой"].last_post is None


def test_threads_pinned_first_then_by_activity_with_unread_markers(client, member, other):
    forum = ForumFactory()
    old = ThreadFactory(forum=forum, title="Старая")
    pinned = ThreadFactory(forum=forum, title="Закреплённая", is_pinned=True)
    fresh = ThreadFactory(forum=forum, title="Свежая")
    services.post_create(thread=old, author=other, text="оживили")
    services.thread_mark_read(thread=fresh, user=member, up_to_post_id=fresh.last_post_id)
    services.thread_mark_read(thread=old, user=member, up_to_post_id=old.posts.first().pk)
    client.force_login(member)
    response = client.get(reverse("community:forum_detail", args=[forum.pk]))
    threads = response.context["threads"]
    assert [t.title for t in threads] == ["Закреплённая", "Старая", "Свежая"]
    marks = {t.title: (t.is_unread, t.is_new) for t in threads}
    assert marks == {
        "Старая": (True, False),  # a reply after my last visit
        "Свежая": (False, False),  # read
        "Закреплённая": (False, True),  # never opened
    }
    assert pinned


def test_thread_page_jumps_to_the_first_unread_post(client, member, other):
    thread = ThreadFactory()
    posts = [
        services.post_create(thread=thread, author=other, text=f"ответ {n}") for n in range(25)
    ]
    client.force_login(member)
    # First visit: from the top; reading page 1 marks its 20 posts read.
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200 and len(response.context["posts"]) == 20
    response = client.get(thread.get_absolute_url())
    unread = posts[19]  # the opening post + 19 replies were on page 1
    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_absolute_url()}?page=2#post-{unread.pk}"
    page = client.get(response["Location"].split("#")[0])
    assert page.context["first_unread_id"] == unread.pk
    assert 'id="first-unread"' in page.content.decode()


def test_reply_with_htmx_and_without(client, member):
    thread = ThreadFactory()
    client.force_login(member)
    response = client.post(reply_url(thread), {"text": "Ответ по HTMX"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="thread-posts"' in html
    assert "Ответ по HTMX" in html and 'hx-swap-oob="true"' in html
    assert response["HX-Push-Url"].startswith(thread.get_absolute_url())
    response = client.post(reply_url(thread), {"text": "Обычный ответ"})
    post = ForumPost.objects.get(text="Обычный ответ")
    assert response.status_code == 302
    assert response["Location"] == reverse("community:post_jump", args=[post.pk])
    jump = client.get(response["Location"])
    assert jump["Location"] == f"{thread.get_absolute_url()}?page=1#post-{post.pk}"
    # Empty text: a form error, nothing saved.
    response = client.post(reply_url(thread), {"text": "  "}, headers=HTMX)
    assert response.status_code == 422 and 'id="reply-form"' in response.content.decode()
    assert thread.posts.count() == 3


def test_quote_prefills_the_form_and_is_stored(client, member):
    thread = ThreadFactory()
    quoted = thread.posts.get()
    client.force_login(member)
    response = client.get(f"{thread.get_absolute_url()}?page=1&quote={quoted.pk}")
    assert response.context["quoting"] == quoted
    partial = client.get(
        f"{thread.get_absolute_url()}?quote={quoted.pk}",
        headers={**HTMX, "HX-Target": "reply-form"},
    )
    assert partial.content.decode().lstrip().startswith('<form id="reply-form"')
    client.post(reply_url(thread), {"text": "Согласен", "quote": quoted.pk})
    assert ForumPost.objects.get(text="Согласен").quote == quoted


def test_locked_thread_has_no_form_and_refuses_posts(client, member):
    thread = ThreadFactory(is_locked=True)
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<textarea" not in page.split('id="reply"')[1]
    response = client.post(reply_url(thread), {"text": "Пустите"})
    assert response.status_code == 403 and thread.posts.count() == 1


def test_anonymous_sees_threads_but_must_log_in_to_act(client):
    thread = ThreadFactory()
    assert client.get(thread.get_absolute_url()).status_code == 200
    urls = [
        reply_url(thread),
        reverse("community:thread_like", args=[thread.pk]),
        reverse("community:thread_bookmark", args=[thread.pk]),
        reverse("community:thread_subscribe", args=[thread.pk]),
        reverse("community:thread_moderate", args=[thread.pk]),
        reverse("community:post_like", args=[thread.last_post_id]),
    ]
    for url in urls:
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client.get(reverse("community:bookmark_list")).status_code == 302
    assert client.get(reverse("community:thread_create", args=[thread.forum_id])).status_code == 302


@pytest.mark.parametrize(
    ("who", "edit", "moderate", "hidden_thread"),
    [("author", 200, 403, 404), ("other", 403, 403, 404), ("staff", 200, 302, 200)],
)
def test_permission_matrix(client, member, other, staff, who, edit, moderate, hidden_thread):
    users = {"author": member, "other": other, "staff": staff}
    thread = ThreadFactory(author=member)
    post = thread.posts.get()
    hidden = ThreadFactory(is_hidden=True, author=member)
    client.force_login(users[who])
    assert client.get(reverse("community:post_update", args=[post.pk])).status_code == edit
    response = client.post(reverse("community:post_update", args=[post.pk]), {"text": "Правка"})
    post.refresh_from_db()
    assert (post.text == "Правка") == (edit == 200)
    assert (post.edited is not None) == (edit == 200)
    response = client.post(
        reverse("community:thread_moderate", args=[thread.pk]), {"action": "pin"}
    )
    assert response.status_code == moderate
    assert client.get(hidden.get_absolute_url()).status_code == hidden_thread
    hide = client.post(reverse("community:post_hide", args=[post.pk]))
    assert hide.status_code == (302 if who == "staff" else 403)


def test_edited_post_shows_as_edited(client, member):
    thread = ThreadFactory(author=member)
    post = thread.posts.get()
    client.force_login(member)
    response = client.post(
        reverse("community:post_update", args=[post.pk]), {"text": "Новый текст"}, headers=HTMX
    )
    html = response.content.decode()
    assert (response.status_code == 200 and "Новый текст" in html and "edited" in html.lower()) or (
        "изменено" in html
    )


def test_like_bookmark_subscribe_over_htmx_and_bookmarks_page(client, member):
    thread = ThreadFactory(title="Полезная тема")
    client.force_login(member)
    for name, dom in (
        ("community:thread_like", "thread-like"),
        ("community:thread_bookmark", "thread-bookmark"),
        ("community:thread_subscribe", "thread-subscribe"),
    ):
        response = client.post(reverse(name, args=[thread.pk]), {"on": "1"}, headers=HTMX)
        assert response.status_code == 200
        assert f'id="{dom}-{thread.pk}"' in response.content.decode()
        assert 'aria-pressed="true"' in response.content.decode()
    post_like = client.post(
        reverse("community:post_like", args=[thread.last_post_id]), {"on": "1"}, headers=HTMX
    )
    assert f'id="forumpost-like-{thread.last_post_id}"' in post_like.content.decode()
    page = client.get(reverse("community:bookmark_list"))
    assert "Полезная тема" in page.content.decode()


def test_xss_in_thread_titles_and_posts_is_inert(client, member):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    thread = services.thread_create(
        forum=ForumFactory(), author=member, title=f"Тема {payload}", text=payload
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    forum_html = client.get(reverse("community:forum_detail", args=[thread.forum_id])).content
    assert "<script>alert(1)" not in html and "onerror=alert(2)>" not in html
    assert b"<script>alert(1)" not in forum_html


# ---- Query counts


@pytest.mark.parametrize("rows", [5, 50])
def test_forum_pages_query_counts(client, member, rows, django_assert_max_num_queries):
    forums = [ForumFactory() for _ in range(3)]
    thread = None
    for number in range(rows):
        thread = ThreadFactory(forum=forums[number % 3])
        ForumPostFactory(thread=thread)
    for number in range(rows):
        # Half of them mine: the edit button's rule must not cost a query per post.
        ForumPostFactory(thread=thread, author=member if number % 2 else UserFactory())
    client.force_login(member)
    # The session, the user, the forums with their stored counts (and a cold-cache read).
    with django_assert_max_num_queries(4):
        assert client.get(reverse("community:forum_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("community:forum_detail", args=[forums[0].pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"{thread.get_absolute_url()}?page=1").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("community:bookmark_list")).status_code == 200
    assert Thread.objects.count() == rows
