"""Staff hide blog posts, videos and comments from the page, and show them again; nobody
else can, and the counters and lists follow."""

import pytest
from django.urls import reverse

from community.models import BlogComment, BlogPost, Video, VideoComment
from community.tests.factories import (
    BlogCommentFactory,
    BlogPostFactory,
    VideoCommentFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db


def hide_url(kind, obj):
    return reverse("community:content_hide", args=[kind, obj.pk])


@pytest.mark.parametrize(
    "kind,factory,model",
    [
        ("blog_post", BlogPostFactory, BlogPost),
        ("blog_comment", BlogCommentFactory, BlogComment),
        ("video", VideoFactory, Video),
        ("video_comment", VideoCommentFactory, VideoComment),
    ],
)
def test_staff_hide_and_show_again_from_the_page(client, staff, member, kind, factory, model):
    target = factory()
    page = target.get_absolute_url()
    client.force_login(member)
    html = client.get(page).content.decode()
    assert hide_url(kind, target) not in html  # members see no button
    assert client.post(hide_url(kind, target)).status_code == 403
    assert not model.objects.get(pk=target.pk).is_hidden

    client.force_login(staff)
    assert hide_url(kind, target) in client.get(page).content.decode()
    response = client.post(hide_url(kind, target), {"hidden": "1", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert model.objects.get(pk=target.pk).is_hidden
    html = client.get(page).content.decode()
    assert 'name="hidden" value="0"' in html  # staff still see it, with the button to undo
    client.force_login(member)
    if kind in ("blog_post", "video"):
        assert client.get(page).status_code == 404
    else:
        assert target.text not in client.get(page).content.decode()

    client.force_login(staff)
    client.post(hide_url(kind, target), {"hidden": "0"})
    assert not model.objects.get(pk=target.pk).is_hidden
    client.force_login(member)
    assert client.get(page).status_code == 200


def test_hiding_a_comment_recounts_its_post(client, staff):
    post = BlogPostFactory()
    comment = BlogCommentFactory(post=post)
    BlogCommentFactory(post=post)
    client.force_login(staff)
    client.post(hide_url("blog_comment", comment))
    post.refresh_from_db()
    assert post.comment_count == 1


def test_hide_refusals(client, staff, member):
    post = BlogPostFactory(author=member)
    response = client.post(hide_url("blog_post", post))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(member)  # even the author cannot hide (or un-hide) by this route
    assert client.post(hide_url("blog_post", post)).status_code == 403
    client.force_login(staff)
    assert client.get(hide_url("blog_post", post)).status_code == 405
    assert client.post(reverse("community:content_hide", args=["user", 1])).status_code == 404
    assert (
        client.post(reverse("community:content_hide", args=["chat_message", 1])).status_code == 404
    )
    assert (
        client.post(reverse("community:content_hide", args=["blog_post", 999999])).status_code
        == 404
    )
    # Another site's address as `next` is not followed.
    response = client.post(hide_url("blog_post", post), {"next": "https://evil.example/"})
    assert response["Location"] == post.get_absolute_url()
