"""The named rules (django-rules) for every community resource: author, other member,
anonymous, staff — the same answers views and services get. (Django's `user.has_perm`
says yes to every active superuser before asking the rules.)"""

from __future__ import annotations

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from community.tests.factories import (
    BlogCommentFactory,
    BlogPostFactory,
    ThreadFactory,
    VideoCommentFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db
WHO = ["author", "other", "anonymous", "staff"]


def _users(member, other, staff):
    return {"author": member, "other": other, "anonymous": AnonymousUser(), "staff": staff}


@pytest.mark.parametrize(
    ("perm", "factory", "owner_field", "expected"),
    [
        ("community.edit_blog_post", BlogPostFactory, "author", [True, False, False, True]),
        ("community.view_blog_post", BlogPostFactory, "author", [True, True, True, True]),
        ("community.comment_blog_post", BlogPostFactory, "author", [True, True, False, True]),
        ("community.edit_blog_comment", BlogCommentFactory, "author", [True, False, False, True]),
        ("community.edit_video", VideoFactory, "uploader", [True, False, False, True]),
        ("community.comment_video", VideoFactory, "uploader", [True, True, False, True]),
        ("community.edit_video_comment", VideoCommentFactory, "author", [True, False, False, True]),
        ("community.reply_thread", ThreadFactory, "author", [True, True, False, True]),
        ("community.view_thread", ThreadFactory, "author", [True, True, True, True]),
    ],
)
def test_matrix(member, other, staff, perm, factory, owner_field, expected):
    obj = factory(**{owner_field: member})
    users = _users(member, other, staff)
    assert [rules.has_perm(perm, users[who], obj) for who in WHO] == expected


def test_drafts_and_hidden_content(member, other, staff):
    users = _users(member, other, staff)
    draft = BlogPostFactory(author=member, is_published=False)
    assert [rules.has_perm("community.view_blog_post", users[w], draft) for w in WHO] == [
        True,
        False,
        False,
        True,
    ]
    assert not rules.has_perm("community.comment_blog_post", member, draft)
    hidden = VideoFactory(uploader=member, is_hidden=True)
    assert [rules.has_perm("community.view_video", users[w], hidden) for w in WHO] == [
        True,
        False,
        False,
        True,
    ]


def test_locked_threads_and_forum_posts(member, other, staff):
    users = _users(member, other, staff)
    locked = ThreadFactory(author=member, is_locked=True)
    assert [rules.has_perm("community.reply_thread", users[w], locked) for w in WHO] == [False] * 4
    post = locked.posts.get()
    assert [rules.has_perm("community.edit_forum_post", users[w], post) for w in WHO] == [
        False,
        False,
        False,
        True,
    ]
    open_post = ThreadFactory(author=member).posts.get()
    assert [rules.has_perm("community.edit_forum_post", users[w], open_post) for w in WHO] == [
        True,
        False,
        False,
        True,
    ]
    assert [rules.has_perm("community.moderate", users[w]) for w in WHO] == [
        False,
        False,
        False,
        True,
    ]
