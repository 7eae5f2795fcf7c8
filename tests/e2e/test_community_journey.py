"""Browser journeys of the community: a forum thread is started, replied to (HTMX, no
reload), quoted, liked and bookmarked by two members in two browser contexts; a blog post
is written with TinyMCE, liked and commented; a video link is shared and commented.
Screenshots at 390 px and 1280 px."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from community import demo
from community.models import BlogComment, BlogPost, ForumPost, Thread, ThreadBookmark, Video
from community.tests.factories import PASSWORD, ForumFactory, UserFactory
from tests.e2e.conftest import login, newest_mail, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _block_external(page) -> None:
    """No network here: video players and thumbnails from other hosts answer empty."""
    page.route(
        re.compile(r"^https://(www\.youtube\.com|i\.ytimg\.com|vk\.com|rutube\.ru)/"),
        lambda route: route.fulfill(status=204, body=""),
    )


def test_thread_created_replied_liked_and_bookmarked(live_server, new_page, screenshot_dir):
    UserFactory.create_batch(4)
    demo.seed(scale=1, stdout=io.StringIO())
    forum = ForumFactory(title="Вопросы новичков", description="Спрашивайте смело.")
    author = UserFactory(email="anna@example.com", first_name="Анна", last_name="Смирнова")
    helper = UserFactory(email="ivan@example.com", first_name="Иван", last_name="Петров")
    base = live_server.url

    # ---- Anna starts a thread.
    anna = new_page()
    login(anna, base, author.email, PASSWORD)
    anna.goto(f"{base}/forums/")
    shoot(anna, screenshot_dir, "community-forum-list")
    anna.click(f'a[href="/forums/{forum.pk}/"]')
    anna.get_by_role("link", name=re.compile("Новая тема|New thread")).first.click()
    anna.fill("#id_title", "С чего начать подготовку к собеседованию?")
    anna.fill("#id_text", "Через неделю первое собеседование на стажировку. Что повторить?")
    with anna.expect_navigation():
        anna.click("main form button[type=submit]")
    thread = Thread.objects.get(title="С чего начать подготовку к собеседованию?")
    assert anna.url == f"{base}{thread.get_absolute_url()}"

    # ---- Ivan replies without a reload, mentioning Anna; then likes and bookmarks.
    ivan = new_page()
    login(ivan, base, helper.email, PASSWORD)
    ivan.goto(f"{base}/forums/{forum.pk}/")
    expect(ivan.locator("#thread-list [data-unread]").first).to_be_visible()
    shoot(ivan, screenshot_dir, "community-forum-threads")
    ivan.goto(f"{base}{thread.get_absolute_url()}")
    ivan.evaluate("window.__sameDocument = true")
    ivan.fill("#reply-form textarea", "@Анна_Смирнова повторите алгоритмы и SQL, и удачи!")
    ivan.click("#reply-form button[type=submit]")
    expect(ivan.locator("#thread-posts")).to_contain_text("повторите алгоритмы")
    expect(ivan.locator("#reply-form textarea")).to_have_value("")
    assert ivan.evaluate("window.__sameDocument") is True
    reply = ForumPost.objects.get(thread=thread, author=helper)
    expect(ivan.locator(f"#post-{reply.pk} a", has_text="@Анна_Смирнова")).to_be_visible()

    like = ivan.locator(f"#thread-like-{thread.pk} button")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(ivan.locator(f"#thread-like-{thread.pk} [data-count]")).to_have_text("1")
    like.click()  # a second click takes the like back
    expect(ivan.locator(f"#thread-like-{thread.pk} button")).to_have_attribute(
        "aria-pressed", "false"
    )
    ivan.locator(f"#thread-like-{thread.pk} button").click()
    expect(ivan.locator(f"#thread-like-{thread.pk} button")).to_have_attribute(
        "aria-pressed", "true"
    )
    ivan.locator(f"#thread-bookmark-{thread.pk} button").click()
    expect(ivan.locator(f"#thread-bookmark-{thread.pk} button")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert ivan.evaluate("window.__sameDocument") is True
    thread.refresh_from_db()
    assert thread.like_count == 1
    assert ThreadBookmark.objects.filter(thread=thread, user=helper).exists()
    shoot(ivan, screenshot_dir, "community-thread")

    ivan.goto(f"{base}/bookmarks/")
    expect(ivan.locator("main")).to_contain_text("С чего начать подготовку")
    shoot(ivan, screenshot_dir, "community-bookmarks")

    # ---- Anna was told (in the app and by one mail) and quotes the reply.
    reply_mail = newest_mail(to=author.email)
    assert thread.title in reply_mail.subject
    anna.goto(f"{base}/forums/{forum.pk}/")
    expect(anna.locator(f'[data-thread="{thread.pk}"] [data-unread]')).to_be_visible()
    anna.goto(f"{base}{thread.get_absolute_url()}")
    expect(anna.locator("#first-unread")).to_be_visible()
    anna.evaluate("window.__sameDocument = true")
    anna.locator(f"#post-{reply.pk} [data-quote]").click()
    expect(anna.locator("#reply-form")).to_contain_text("Иван Петров")
    anna.fill("#reply-form textarea", "Спасибо, так и сделаю!")
    anna.click("#reply-form button[type=submit]")
    expect(anna.locator("#thread-posts")).to_contain_text("Спасибо, так и сделаю!")
    assert anna.evaluate("window.__sameDocument") is True
    assert ForumPost.objects.get(text="Спасибо, так и сделаю!").quote == reply
    shoot(anna, screenshot_dir, "community-thread-quote")


def test_blog_post_written_liked_and_commented(live_server, new_page, screenshot_dir):
    UserFactory.create_batch(4)
    demo.seed(scale=1, stdout=io.StringIO())
    writer = UserFactory(email="olga@example.com", first_name="Ольга", last_name="Белова")
    reader = UserFactory(email="petr@example.com", first_name="Пётр", last_name="Ким")
    base = live_server.url

    page = new_page()
    login(page, base, writer.email, PASSWORD)
    page.goto(f"{base}/blogs/")
    shoot(page, screenshot_dir, "community-blog-list")
    page.goto(f"{base}/blogs/new/")
    page.fill("#id_title", "Мой первый месяц на стажировке")
    editor = page.frame_locator(".tox-edit-area__iframe").locator("body")
    editor.click()
    editor.type("Делюсь впечатлениями: команда, задачи и первые код-ревью.")
    page.fill("#id_tags", "стажировка, карьера")
    page.check("#id_is_published")
    shoot(page, screenshot_dir, "community-blog-form")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    post = BlogPost.objects.get(title="Мой первый месяц на стажировке")
    assert post.is_published and {t.name for t in post.tags.all()} == {"стажировка", "карьера"}

    other = new_page()
    login(other, base, reader.email, PASSWORD)
    other.goto(f"{base}{post.get_absolute_url()}")
    other.evaluate("window.__sameDocument = true")
    other.locator(f"#blogpost-like-{post.pk} button").click()
    expect(other.locator(f"#blogpost-like-{post.pk} button")).to_have_attribute(
        "aria-pressed", "true"
    )
    other.fill("#comment-form textarea", "Очень знакомо! Удачи на стажировке.")
    other.click("#comment-form button[type=submit]")
    expect(other.locator("#blog-comments")).to_contain_text("Очень знакомо!")
    assert other.evaluate("window.__sameDocument") is True
    assert BlogComment.objects.filter(post=post, author=reader).count() == 1
    shoot(other, screenshot_dir, "community-blog-detail")

    other.goto(f"{base}/blogs/popular/")
    expect(other.locator("#blog-results")).to_contain_text("Мой первый месяц")
    shoot(other, screenshot_dir, "community-blog-popular")


def test_video_shared_and_commented(live_server, new_page, screenshot_dir):
    UserFactory.create_batch(4)
    demo.seed(scale=1, stdout=io.StringIO())
    member = UserFactory(email="max@example.com", first_name="Максим", last_name="Орлов")
    base = live_server.url
    page = new_page()
    _block_external(page)
    login(page, base, member.email, PASSWORD)
    page.goto(f"{base}/videos/")
    shoot(page, screenshot_dir, "community-video-list")
    page.goto(f"{base}/videos/new/")
    page.fill("#id_title", "Доклад о Django и HTMX")
    page.fill("#id_link", "javascript:alert(1)")
    page.click("main form button[type=submit]")
    expect(page.locator("main form")).to_contain_text("YouTube")
    shoot(page, screenshot_dir, "community-video-form-error")
    page.fill("#id_link", "https://www.youtube.com/watch?v=jNQXAC9IVRw")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    video = Video.objects.get(title="Доклад о Django и HTMX")
    expect(page.locator("iframe#video-player")).to_have_attribute(
        "src", "https://www.youtube.com/embed/jNQXAC9IVRw"
    )
    page.fill("#comment-form textarea", "Первый!")
    page.click("#comment-form button[type=submit]")
    expect(page.locator("#video-comments")).to_contain_text("Первый!")
    page.locator(f"#video-like-{video.pk} button").click()
    expect(page.locator(f"#video-like-{video.pk} button")).to_have_attribute("aria-pressed", "true")
    shoot(page, screenshot_dir, "community-video-detail")
