"""Blogs: writing, drafts, the permission matrix, likes, view dedupe, popular ranking,
comments, XSS and query counts."""

from __future__ import annotations

import io
import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from community.models import BlogComment, BlogPost, PostLike, PostView
from community.selectors.blogs import blog_popular
from community.services import blogs as services
from community.tests.factories import (
    BlogCommentFactory,
    BlogPostFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def png(name="cover.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), (200, 30, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


# ---- Writing


def test_create_sanitizes_body_and_sets_tags(member):
    post = services.blog_post_create(
        author=member,
        title="  Мой   первый пост ",
        body='<p onclick="x()">Привет<script>alert(1)</script></p><a href="javascript:x">a</a>',
        tags="Python, django, python, #карьера",
    )
    assert post.title == "Мой первый пост"
    assert "<script" not in post.body and "onclick" not in post.body
    assert "javascript:" not in post.body
    assert sorted(t.name for t in post.tags.all()) == ["django", "python", "карьера"]
    assert post.body_text.startswith("Привет")


def test_create_refuses_empty_body_and_too_many_tags(member):
    with pytest.raises(ValidationError):
        services.blog_post_create(author=member, title="Заголовок", body="<p> </p>")
    with pytest.raises(ValidationError):
        services.blog_post_create(
            author=member, title="Заголовок", body="<p>x</p>", tags=",".join("abcdefghij")
        )
    assert not BlogPost.objects.exists()


def test_double_submit_creates_one_post(member):
    first = services.blog_post_create(author=member, title="Один раз", body="<p>текст</p>")
    second = services.blog_post_create(author=member, title="Один раз", body="<p>текст</p>")
    assert first.pk == second.pk and BlogPost.objects.count() == 1


def test_create_page_with_cover_and_draft(member_client, member):
    response = member_client.post(
        reverse("community:blog_create"),
        {"title": "Черновик с обложкой", "body": "<p>Скоро</p>", "tags": "план", "cover": png()},
    )
    post = BlogPost.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.is_published is False  # the unticked checkbox keeps it a draft
    assert post.cover.name.startswith("blogs/covers/") and post.cover.name.endswith(".jpg")


def test_create_page_refuses_a_fake_image(member_client):
    fake = SimpleUploadedFile("cover.png", b"<?php echo 1; ?>", content_type="image/png")
    response = member_client.post(
        reverse("community:blog_create"),
        {"title": "Пост", "body": "<p>Текст</p>", "cover": fake, "is_published": "on"},
    )
    assert response.status_code == 200
    assert "cover" in response.context["form"].errors
    assert not BlogPost.objects.exists()


def test_anonymous_is_sent_to_login(client):
    for name in ("community:blog_create",):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    post = BlogPostFactory()
    for name in ("community:blog_update", "community:blog_like", "community:blog_delete"):
        response = client.post(reverse(name, args=[post.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---- Permission matrix: author, other member, anonymous, staff


@pytest.mark.parametrize(
    ("who", "read_draft", "edit"),
    [("author", 200, 200), ("other", 404, 403), ("anonymous", 404, 302), ("staff", 200, 200)],
)
def test_permission_matrix(client, member, other, staff, who, read_draft, edit):
    users = {"author": member, "other": other, "staff": staff, "anonymous": None}
    public = BlogPostFactory(author=member)
    draft = BlogPostFactory(author=member, is_published=False)
    if users[who]:
        client.force_login(users[who])
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == read_draft
    assert client.get(reverse("community:blog_update", args=[public.pk])).status_code == edit
    response = client.post(
        reverse("community:blog_update", args=[public.pk]),
        {"title": "Чужая правка", "body": "<p>x</p>", "is_published": "on"},
    )
    assert response.status_code == (302 if edit == 200 else edit)
    public.refresh_from_db()
    assert (public.title == "Чужая правка") == (edit == 200)
    response = client.post(reverse("community:blog_delete", args=[public.pk]))
    assert BlogPost.objects.filter(pk=public.pk).exists() == (edit != 200)


def test_drafts_are_not_listed_but_mine_shows_them(client, member):
    BlogPostFactory(author=member, title="Тайный черновик", is_published=False)
    BlogPostFactory(author=member, title="Скрытый модератором", is_hidden=True)
    BlogPostFactory(title="Открытый пост")
    page = client.get(reverse("community:blog_list")).content.decode()
    assert "Открытый пост" in page and "Тайный черновик" not in page
    assert "Скрытый модератором" not in page
    client.force_login(member)
    mine = client.get(reverse("community:blog_list") + "?mine=1").content.decode()
    assert "Тайный черновик" in mine and "Открытый пост" not in mine


def test_search_and_tag_filter(client):
    tag = TagFactory(name="python", slug="python")
    BlogPostFactory(title="Как выучить Django", tags=[tag])
    BlogPostFactory(title="Рейд в субботу")
    page = client.get(reverse("community:blog_list") + "?q=django").content.decode()
    assert "Как выучить Django" in page and "Рейд в субботу" not in page
    page = client.get(reverse("community:blog_list") + "?q=РЕЙД").content.decode()
    assert "Рейд в субботу" in page
    page = client.get(reverse("community:blog_list") + "?tag=python").content.decode()
    assert "Как выучить Django" in page and "Рейд в субботу" not in page
    assert client.get(reverse("community:blog_list") + "?tag=nope").status_code == 404
    partial = client.get(reverse("community:blog_list") + "?q=django", headers=HTMX)
    assert partial.content.decode().lstrip().startswith('<div id="blog-results"')


def test_list_is_newest_first_and_paginated(client):
    for number in range(12):
        BlogPostFactory(title=f"Пост-{number:02d}")
    page = client.get(reverse("community:blog_list"))
    titles = [post.title for post in page.context["posts"]]
    assert titles[0] == "Пост-11" and len(titles) == 10
    second = client.get(reverse("community:blog_list") + "?page=2")
    assert [post.title for post in second.context["posts"]] == ["Пост-01", "Пост-00"]


# ---- Likes


def test_like_is_idempotent_with_a_wish_and_flips_without(member_client, member):
    post = BlogPostFactory()
    url = reverse("community:blog_like", args=[post.pk])
    for _ in range(2):
        member_client.post(url, {"on": "1"})
    post.refresh_from_db()
    assert post.like_count == 1 and PostLike.objects.count() == 1
    member_client.post(url, {"on": "0"})
    member_client.post(url, {"on": "0"})
    post.refresh_from_db()
    assert post.like_count == 0
    member_client.post(url)  # no wish: a flip
    assert PostLike.objects.filter(post=post, user=member).exists()


def test_like_over_htmx_returns_the_button_and_plain_post_redirects(member_client):
    post = BlogPostFactory()
    url = reverse("community:blog_like", args=[post.pk])
    response = member_client.post(url, {"on": "1", "next": post.get_absolute_url()}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and f'id="blogpost-like-{post.pk}"' in html
    assert 'aria-pressed="true"' in html and 'name="on" value="0"' in html
    response = member_client.post(url, {"on": "0", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()


def test_drafts_cannot_be_liked(member, other):
    draft = BlogPostFactory(author=member, is_published=False)
    with pytest.raises(PermissionDenied):
        services.blog_post_like(post=draft, user=member)


@pytest.mark.django_db(transaction=True)
def test_like_is_race_safe(member):
    """Two parallel "like"s settle on one row (the unique constraint)."""
    if connection.vendor == "sqlite":
        pytest.skip("parallel writers need PostgreSQL; SQLite serializes them anyway")
    post = BlogPostFactory()
    errors = []

    def like():
        try:
            services.blog_post_like(post=post, user=member, on=True)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=like) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and PostLike.objects.filter(post=post).count() == 1


def test_unique_constraint_refuses_a_second_like_row(member):
    from django.db import IntegrityError, transaction

    post = BlogPostFactory()
    PostLike.objects.create(post=post, user=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostLike.objects.create(post=post, user=member)


# ---- Views


def test_views_count_once_per_visitor_per_day(client, member, other):
    post = BlogPostFactory()
    for _ in range(3):
        client.get(post.get_absolute_url())  # anonymous: one visitor
    post.refresh_from_db()
    assert post.view_count == 1
    client.force_login(member)
    client.get(post.get_absolute_url())
    client.get(post.get_absolute_url())
    post.refresh_from_db()
    assert post.view_count == 2
    # Anonymous readers get no session; one without cookies (a crawler) is still one
    # visitor a day (its address and browser), another address is another visitor.
    fresh = BlogPostFactory()
    for _ in range(3):
        response = Client(HTTP_USER_AGENT="Bot/1.0").get(fresh.get_absolute_url())
        assert settings.SESSION_COOKIE_NAME not in response.cookies
    Client(HTTP_USER_AGENT="Bot/1.0", REMOTE_ADDR="10.0.0.9").get(fresh.get_absolute_url())
    fresh.refresh_from_db()
    assert fresh.view_count == 2
    # The next day the same member counts again.
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        client.get(post.get_absolute_url())
    post.refresh_from_db()
    assert post.view_count == 3


def test_drafts_do_not_count_views(client, member):
    draft = BlogPostFactory(author=member, is_published=False)
    client.force_login(member)
    client.get(draft.get_absolute_url())
    draft.refresh_from_db()
    assert draft.view_count == 0


# ---- Popular


def _activity(post, *, likes=0, comments=0, views=0, days_ago=1):
    when = timezone.now() - timedelta(days=days_ago)
    for _ in range(likes):
        like = PostLike.objects.create(post=post, user=UserFactory())
        PostLike.objects.filter(pk=like.pk).update(created=when)
    for _ in range(comments):
        comment = BlogCommentFactory(post=post)
        BlogComment.objects.filter(pk=comment.pk).update(created=when)
    for number in range(views):
        PostView.objects.create(post=post, visitor=f"v{number}", day=timezone.localdate(when))


def test_popular_ranking_order_on_a_fixed_data_set():
    liked = BlogPostFactory(title="liked")  # 2 likes = 10
    discussed = BlogPostFactory(title="discussed")  # 3 comments = 9
    read = BlogPostFactory(title="read")  # 12 views = 12
    mixed = BlogPostFactory(title="mixed")  # 1 like, 1 comment, 1 view = 9
    old = BlogPostFactory(title="old")  # everything 40 days ago: 0
    BlogPostFactory(title="quiet")  # nothing: not listed
    hidden = BlogPostFactory(title="hidden", is_hidden=True)
    _activity(liked, likes=2)
    _activity(discussed, comments=3)
    _activity(read, views=12)
    _activity(mixed, likes=1, comments=1, views=1)
    _activity(old, likes=5, comments=5, views=50, days_ago=40)
    _activity(hidden, likes=10)
    ranking = list(blog_popular())
    scores = {post.title: post.score for post in ranking}
    assert scores == {"read": 12, "liked": 10, "discussed": 9, "mixed": 9}
    # Ties: the newer post first.
    assert [post.title for post in ranking] == ["read", "liked", "mixed", "discussed"]


def test_popular_page(client):
    post = BlogPostFactory(title="Звезда недели")
    _activity(post, likes=1)
    BlogPostFactory(title="Никто не читал")
    page = client.get(reverse("community:blog_popular")).content.decode()
    assert "Звезда недели" in page and "Никто не читал" not in page


# ---- Comments


def test_comment_create_edit_delete_and_refusals(client, member, other, staff):
    post = BlogPostFactory(author=member)
    client.force_login(other)
    url = reverse("community:blog_comment_create", args=[post.pk])
    response = client.post(url, {"text": "  Отличный пост!  "})
    comment = BlogComment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.text == "Отличный пост!"
    post.refresh_from_db()
    assert post.comment_count == 1
    # Empty text: a form error, nothing saved.
    response = client.post(url, {"text": "   "})
    assert response.status_code == 422 and BlogComment.objects.count() == 1
    # The post's author may not edit someone else's comment; staff may.
    client.force_login(member)
    edit = reverse("community:blog_comment_update", args=[comment.pk])
    assert client.post(edit, {"text": "взлом"}).status_code == 403
    assert (
        client.post(reverse("community:blog_comment_delete", args=[comment.pk])).status_code == 403
    )
    client.force_login(other)
    response = client.post(edit, {"text": "Исправлено"}, headers=HTMX)
    assert response.status_code == 200 and "Исправлено" in response.content.decode()
    client.force_login(staff)
    response = client.post(reverse("community:blog_comment_delete", args=[comment.pk]))
    assert response.status_code == 302 and not BlogComment.objects.exists()
    post.refresh_from_db()
    assert post.comment_count == 0


def test_comment_over_htmx_returns_the_list_with_a_fresh_form(member_client):
    post = BlogPostFactory()
    response = member_client.post(
        reverse("community:blog_comment_create", args=[post.pk]), {"text": "Привет"}, headers=HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<div id="blog-comments"')
    assert "Привет" in html and 'id="comment-form"' in html
    assert 'id="post-comment-count" href="#comments"' in html and 'hx-swap-oob="true"' in html
    assert response["HX-Trigger"]


def test_no_comments_on_drafts(member_client, member):
    draft = BlogPostFactory(author=member, is_published=False)
    response = member_client.post(
        reverse("community:blog_comment_create", args=[draft.pk]), {"text": "сам себе"}
    )
    assert response.status_code == 403 and not BlogComment.objects.exists()


def test_xss_in_titles_and_comments_is_inert(client, member):
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    post = services.blog_post_create(
        author=member, title=f"T {payload}", body=f"<p>Текст {payload}</p>"
    )
    BlogCommentFactory(post=post, text=payload)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert(2)" not in html and 'onerror="alert(1)"' not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    listing = client.get(reverse("community:blog_list")).content.decode()
    assert "<script>alert(2)" not in listing


# ---- Query counts


@pytest.mark.parametrize("rows", [5, 50])
def test_list_pages_query_counts_do_not_grow(client, member, rows, django_assert_max_num_queries):
    tags = [TagFactory(), TagFactory()]
    for _ in range(rows):
        post = BlogPostFactory(tags=tags)
        PostLike.objects.create(post=post, user=member)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("community:blog_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("community:blog_popular")).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_detail_query_count_does_not_grow(client, member, rows, django_assert_max_num_queries):
    post = BlogPostFactory()
    for _ in range(rows):
        BlogCommentFactory(post=post)
    client.force_login(member)
    with django_assert_max_num_queries(18):
        assert client.get(post.get_absolute_url()).status_code == 200
