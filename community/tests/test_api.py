"""Blogs, forums and videos over the API, with their refusals and query counts."""

from __future__ import annotations

import pytest

from accounts.tests.factories import UserFactory
from community.models import BlogComment, BlogPost, Forum, ForumPost, Thread, Video
from community.services import blogs as blog_services
from community.services import forums as forum_services
from community.services import videos as video_services
from tests.api import assert_error

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def author(db):
    return UserFactory()


@pytest.fixture
def post(author):
    return blog_services.blog_post_create(
        author=author, title="Первый пост", body="<p>Привет</p>", tags="python, карьера"
    )


@pytest.fixture
def forum(db):
    return Forum.objects.create(title="Общий", description="Обо всём")


@pytest.fixture
def thread(forum, author):
    return forum_services.thread_create(forum=forum, author=author, title="Вопрос", text="Текст")


# ---- Blogs


def test_blog_crud_by_author(api, author):
    client = api(author)
    response = client.post(
        "/api/blogs/",
        {"title": "Мой пост", "body": "<p>Ok</p><script>x</script>", "tags": ["django"]},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tags"] == ["django"] and "<script" not in body["body"]
    pk = body["id"]
    assert client.patch(f"/api/blogs/{pk}/", {"title": "Новый"}).json()["tags"] == ["django"]
    draft = client.patch(f"/api/blogs/{pk}/", {"is_published": False}).json()
    assert draft["is_published"] is False
    assert_error(api().get(f"/api/blogs/{pk}/"), 404)  # a draft is the author's alone
    assert client.get("/api/blogs/?mine=true").json()["count"] == 1
    assert client.delete(f"/api/blogs/{pk}/").status_code == 204
    assert not BlogPost.objects.exists()


def test_blog_refusals(api, post):
    stranger = api(UserFactory())
    assert_error(stranger.patch(f"/api/blogs/{post.pk}/", {"title": "x"}), 403)
    assert_error(stranger.delete(f"/api/blogs/{post.pk}/"), 403)
    assert_error(api().post("/api/blogs/", {"title": "x", "body": "y"}), 401)
    assert_error(api(post.author).post("/api/blogs/", {"title": ""}), 400, field="title")
    assert_error(api().get("/api/blogs/?tag=nope"), 404)
    assert_error(api().get("/api/blogs/999999/"), 404)
    post.refresh_from_db()
    assert post.title == "Первый пост" and BlogPost.objects.count() == 1


def test_blog_like_comments_and_popular(api, post):
    reader = UserFactory()
    client = api(reader)
    assert client.post(f"/api/blogs/{post.pk}/like/").json() == {"liked": True, "like_count": 1}
    assert client.post(f"/api/blogs/{post.pk}/like/").json()["like_count"] == 1  # idempotent
    assert client.get(f"/api/blogs/{post.pk}/").json()["liked"] is True
    assert api().get("/api/blogs/popular/").json()["results"][0]["id"] == post.pk
    assert client.delete(f"/api/blogs/{post.pk}/like/").json() == {"liked": False, "like_count": 0}
    assert_error(api().post(f"/api/blogs/{post.pk}/like/"), 401)

    url = f"/api/blogs/{post.pk}/comments/"
    comment = client.post(url, {"text": "Отлично"})
    assert comment.status_code == 201, comment.content
    cid = comment.json()["id"]
    assert_error(client.post(url, {"text": ""}), 400, field="text")
    assert_error(api().post(url, {"text": "Аноним"}), 401)
    assert api().get(url).json()["count"] == 1
    assert_error(api(post.author).patch(f"/api/blog-comments/{cid}/", {"text": "Чужое"}), 403)
    assert client.patch(f"/api/blog-comments/{cid}/", {"text": "Правка"}).json()["text"] == "Правка"
    assert_error(api(post.author).delete(f"/api/blog-comments/{cid}/"), 403)
    assert client.delete(f"/api/blog-comments/{cid}/").status_code == 204
    assert not BlogComment.objects.exists()


# ---- Forums


def test_forums_threads_posts(api, forum, thread, author):
    member = UserFactory()
    client = api(member)
    forums = api().get("/api/forums/").json()
    assert forums["results"][0]["thread_count"] == 1
    threads = client.get(f"/api/forums/{forum.pk}/threads/").json()
    assert threads["results"][0]["id"] == thread.pk

    created = client.post(f"/api/forums/{forum.pk}/threads/", {"title": "Новый", "text": "Текст"})
    assert created.status_code == 201, created.content
    assert_error(client.post(f"/api/forums/{forum.pk}/threads/", {"title": ""}), 400)
    assert_error(api().post(f"/api/forums/{forum.pk}/threads/", {"title": "x", "text": "y"}), 401)

    # (The author's subscription mail is the forum tests' business.)
    forum_services.thread_subscribe(thread=thread, user=author, on=False)
    posts_url = f"/api/threads/{thread.pk}/posts/"
    first = ForumPost.objects.filter(thread=thread).first()
    reply = client.post(posts_url, {"text": "Ответ", "quote": first.pk})
    assert reply.status_code == 201, reply.content
    assert reply.json()["quote"] == first.pk
    assert api().get(posts_url).json()["count"] == 2

    assert client.post(f"/api/threads/{thread.pk}/like/").json()["liked"] is True
    assert client.post(f"/api/threads/{thread.pk}/bookmark/").json() == {"bookmarked": True}
    assert client.get("/api/bookmarks/").json()["results"][0]["thread"]["id"] == thread.pk
    assert_error(api().get("/api/bookmarks/"), 401)
    assert client.post(f"/api/posts/{first.pk}/like/").json()["like_count"] == 1

    pid = reply.json()["id"]
    assert_error(api(author).patch(f"/api/posts/{pid}/", {"text": "Чужое"}), 403)
    assert client.patch(f"/api/posts/{pid}/", {"text": "Исправил"}).json()["text"] == "Исправил"

    Thread.objects.filter(pk=thread.pk).update(is_locked=True)
    assert_error(client.post(posts_url, {"text": "Ещё"}), 403)
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    assert_error(client.get(f"/api/threads/{thread.pk}/"), 404)


# ---- Videos


def test_video_share_edit_comment_like(api, author):
    client = api(author)
    response = client.post("/api/videos/", {"title": "Доклад", "link": YOUTUBE})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert "youtube" in response.json()["embed_url"]
    assert_error(client.post("/api/videos/", {"title": "Ни того ни другого"}), 400)
    assert_error(api().post("/api/videos/", {"title": "x", "link": YOUTUBE}), 401)
    assert Video.objects.count() == 1

    stranger = api(UserFactory())
    assert_error(stranger.patch(f"/api/videos/{pk}/", {"title": "Чужое"}), 403)
    assert_error(stranger.delete(f"/api/videos/{pk}/"), 403)
    assert (
        client.patch(f"/api/videos/{pk}/", {"description": "Про API"}).json()["title"] == "Доклад"
    )

    assert stranger.post(f"/api/videos/{pk}/like/").json()["liked"] is True
    comment = stranger.post(f"/api/videos/{pk}/comments/", {"text": "Класс"})
    assert comment.status_code == 201
    cid = comment.json()["id"]
    assert client.post(f"/api/video-comments/{cid}/like/").json()["like_count"] == 1
    assert_error(client.patch(f"/api/video-comments/{cid}/", {"text": "x"}), 403)
    assert stranger.delete(f"/api/video-comments/{cid}/").status_code == 204
    assert client.delete(f"/api/videos/{pk}/").status_code == 204


def test_list_query_counts(api, author, forum, django_assert_max_num_queries):
    client = api(author)
    for n in (5, 50):
        while BlogPost.objects.count() < n:
            i = BlogPost.objects.count()
            blog_services.blog_post_create(
                author=UserFactory(), title=f"Пост {i}", body="<p>x</p>", tags=f"t{i % 3}"
            )
            forum_services.thread_create(forum=forum, author=author, title=f"Тема {i}", text="x")
            video_services.video_create(
                uploader=author, title=f"Видео {i}", link=f"https://youtu.be/abcdefg{i:04d}"
            )
        for url in ("/api/blogs/", f"/api/forums/{forum.pk}/threads/", "/api/videos/"):
            with django_assert_max_num_queries(6):
                assert client.get(url, {"page_size": 100}).json()["count"] >= n, url


def test_a_hidden_video_comment_is_seen_by_staff_only(api, author, staff):
    from community.tests.factories import VideoCommentFactory

    comment = VideoCommentFactory(author=author, is_hidden=True)
    url = f"/api/video-comments/{comment.pk}/"
    for who in (author, UserFactory()):
        assert_error(api(who).post(f"{url}like/"), 404)
        assert_error(api(who).patch(url, {"text": "x"}), 404)
    # The moderators still reach it (to edit or delete it).
    assert api(staff).patch(url, {"text": "Поправлено"}).status_code == 200
    assert api(staff).delete(url).status_code == 204


def test_a_reply_quotes_only_a_visible_post_of_its_thread(api, thread, author):
    from community.tests.factories import ForumPostFactory, ThreadFactory

    forum_services.thread_subscribe(thread=thread, user=author, on=False)
    client = api(UserFactory())
    url = f"/api/threads/{thread.pk}/posts/"
    hidden = ForumPostFactory(thread=thread, is_hidden=True)
    elsewhere = ForumPostFactory(thread=ThreadFactory())
    for quote in (hidden.pk, elsewhere.pk, 999999):
        reply = client.post(url, {"text": "Цитата", "quote": quote})
        assert reply.status_code == 201, reply.content
        assert reply.json()["quote"] is None
