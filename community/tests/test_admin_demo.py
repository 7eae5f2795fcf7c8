"""The admin (reports queue, hiding), reports from members, the demo seed, the home page
section and the admin activity panel."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from community import demo
from community.models import BlogComment, BlogPost, Forum, ForumPost, Report, Thread, Video
from community.tests.factories import (
    BlogCommentFactory,
    BlogPostFactory,
    ForumPostFactory,
    ThreadFactory,
    UserFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_members_report_content_once(client, member, other):
    post = BlogPostFactory(author=other)
    client.force_login(member)
    url = reverse("community:report_create", args=["blog_post", post.pk])
    response = client.post(url, {"reason": "spam"}, headers=HTMX)
    assert response.status_code == 200 and "report-blog_post" in response.content.decode()
    client.post(url, {"reason": "abuse", "next": post.get_absolute_url()})
    report = Report.objects.get()
    assert report.target == post and report.reason == "spam"
    # Bad input: no reason, nothing saved; unknown kinds and drafts: 404.
    comment = BlogCommentFactory(post=post)
    bad = client.post(reverse("community:report_create", args=["blog_comment", comment.pk]), {})
    assert bad.status_code == 302 and Report.objects.count() == 1
    assert client.post(reverse("community:report_create", args=["user", 1])).status_code == 404
    draft = BlogPostFactory(author=other, is_published=False)
    draft_url = reverse("community:report_create", args=["blog_post", draft.pk])
    assert client.post(draft_url, {"reason": "spam"}).status_code == 404
    client.logout()
    assert client.post(url, {"reason": "spam"}).status_code == 302
    assert Report.objects.count() == 1


def test_reports_queue_hides_the_targets(client, staff, member):
    thread = ThreadFactory()
    reply = ForumPostFactory(thread=thread, text="спам спам")
    comment = BlogCommentFactory()
    video = VideoFactory()
    for target in (reply, comment, video, thread):
        Report.objects.create(
            reporter=member,
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            reason="spam",
        )
    client.force_login(staff)
    changelist = reverse("admin:community_report_changelist")
    page = client.get(changelist)
    assert page.status_code == 200 and "спам спам" in page.content.decode()
    response = client.post(
        changelist,
        {
            "action": "hide_targets",
            "_selected_action": list(Report.objects.values_list("pk", flat=True)),
        },
    )
    assert response.status_code == 302
    assert ForumPost.objects.get(pk=reply.pk).is_hidden
    assert BlogComment.objects.get(pk=comment.pk).is_hidden
    assert Video.objects.get(pk=video.pk).is_hidden
    assert Thread.objects.get(pk=thread.pk).is_hidden
    assert not Report.objects.filter(resolved=False).exists()
    assert comment.post.__class__.objects.get(pk=comment.post_id).comment_count == 0


@pytest.mark.parametrize(
    "model",
    ["blogpost", "blogcomment", "forum", "thread", "forumpost", "video", "videocomment", "tag"],
)
def test_admin_pages_with_search(client, staff, model):
    BlogPostFactory()
    ForumPostFactory()
    VideoFactory()
    client.force_login(staff)
    url = reverse(f"admin:community_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url + "?q=тест").status_code == 200


def test_admin_blog_post_change_sanitizes(client, staff):
    post = BlogPostFactory()
    client.force_login(staff)
    response = client.post(
        reverse("admin:community_blogpost_change", args=[post.pk]),
        {
            "author": post.author_id,
            "title": post.title,
            "body": "<p>ok</p><script>alert(1)</script>",
            "is_published": "on",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert "<script" not in post.body


def test_demo_seed_is_idempotent_and_in_russian():
    UserFactory.create_batch(5)
    out = io.StringIO()
    demo.seed(scale=1, stdout=out)
    counts = (BlogPost.objects.count(), Thread.objects.count(), Video.objects.count())
    assert Forum.objects.count() == 3 and counts[0] >= 5 and counts[2] >= 3
    assert BlogPost.objects.filter(like_count__gt=0, comment_count__gt=0).exists()
    assert Thread.objects.filter(reply_count__gt=0).exists()
    assert Video.objects.filter(comments__isnull=False).exists()
    # Back-dated posts and comments do not show as "edited".
    assert not [p for p in BlogPost.objects.all() if p.was_edited]
    assert not [c for c in BlogComment.objects.all() if c.was_edited]
    # Whoever posted in a thread has read it up to their post (no "new" marker for them).
    for post in ForumPost.objects.all():
        assert post.thread.visits.filter(user=post.author, last_read_post_id__gte=post.pk)
    demo.seed(scale=1, stdout=io.StringIO())
    assert (BlogPost.objects.count(), Thread.objects.count(), Video.objects.count()) == counts
    assert "community:" in out.getvalue()


def test_home_page_section_and_admin_activity(client, staff):
    BlogPostFactory(title="Пост на главной")
    ThreadFactory(title="Тема на главной")
    VideoFactory(title="Видео на главной")
    home = client.get("/").content.decode()
    for text in ("Пост на главной", "Тема на главной", "Видео на главной"):
        assert text in home
    client.force_login(staff)
    admin_index = client.get(reverse("admin:index")).content.decode()
    assert "Пост на главной" in admin_index and "Тема на главной" in admin_index


def test_nav_links_to_the_community(client):
    html = client.get("/").content.decode()
    for url in ("/blogs/", "/forums/", "/videos/"):
        assert f'href="{url}"' in html


def test_deleting_an_account_erases_the_community_content(client, member, other):
    from accounts.services import account_delete
    from community.models import PostLike, ThreadBookmark
    from community.services import forums

    mine = BlogPostFactory(author=member)
    theirs = BlogPostFactory(author=other)
    BlogCommentFactory(post=theirs, author=member)
    BlogCommentFactory(post=mine, author=other)
    PostLike.objects.create(post=theirs, user=member)
    theirs.like_count = 1
    theirs.save()
    lonely = ThreadFactory(author=member)
    discussed = ThreadFactory(author=member)
    forums.post_create(thread=discussed, author=other, text="Ответ другого участника")
    ThreadBookmark.objects.create(thread=discussed, user=member)
    VideoFactory(uploader=member)
    account_delete(user=member, password="password123!")
    assert not BlogPost.objects.filter(pk=mine.pk).exists()
    theirs.refresh_from_db()
    assert theirs.comment_count == 0 and theirs.like_count == 0
    assert not Thread.objects.filter(pk=lonely.pk).exists()
    discussed.refresh_from_db()
    assert discussed.posts.count() == 2 and not ThreadBookmark.objects.exists()
    assert not Video.objects.filter(uploader=member).exists()
    page = client.get(discussed.get_absolute_url()).content.decode()
    assert "Ответ другого участника" in page and member.email not in page


def test_head_does_not_count_a_view(client):
    post = BlogPostFactory()
    assert client.head(post.get_absolute_url()).status_code == 200
    post.refresh_from_db()
    assert post.view_count == 0
