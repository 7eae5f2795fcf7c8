"""What happens to a member's community content when they delete their account
(`accounts.services.account_delete` asks `community.services.user_erase`; the rules are
in README.md, "Deleting an account")."""

from __future__ import annotations

import hashlib

from django.db import transaction

from accounts.models import User
from community.models import (
    BlogComment,
    BlogPost,
    ForumPost,
    ForumPostLike,
    PostLike,
    PostView,
    Report,
    Thread,
    ThreadBookmark,
    ThreadLike,
    ThreadSubscription,
    ThreadVisit,
    Video,
    VideoComment,
    VideoCommentLike,
    VideoLike,
    VideoView,
)
from community.services.common import count_refresh
from community.services.forums import thread_refresh
from site_config.uploads import upload_delete_later


def _delete_files_later(rows, *fields: str) -> None:
    for row in rows:
        for field in fields:
            file = getattr(row, field)
            if file:
                upload_delete_later(name=file.name, storage=file.storage)


def _recount(model, pks, *, field: str, rows, parent_field: str) -> None:
    for parent in model.objects.filter(pk__in=set(pks)):
        count_refresh(parent=parent, field=field, rows=rows, parent_field=parent_field)


@transaction.atomic
def user_erase(*, user: User) -> None:
    """Their blog posts and videos (with the comments on them), their comments, likes,
    bookmarks, subscriptions and reports go; threads nobody else replied to go; forum
    posts others replied around stay, shown as "Deleted account"."""
    posts = list(BlogPost.objects.filter(author=user))
    _delete_files_later(posts, "cover")
    BlogPost.objects.filter(pk__in=[p.pk for p in posts]).delete()
    videos = list(Video.objects.filter(uploader=user))
    _delete_files_later(videos, "file", "poster")
    Video.objects.filter(pk__in=[v.pk for v in videos]).delete()

    commented = list(BlogComment.objects.filter(author=user).values_list("post_id", flat=True))
    BlogComment.objects.filter(author=user).delete()
    _recount(
        BlogPost,
        commented,
        field="comment_count",
        rows=BlogComment.objects.filter(is_hidden=False),
        parent_field="post",
    )
    video_commented = list(
        VideoComment.objects.filter(author=user).values_list("video_id", flat=True)
    )
    VideoComment.objects.filter(author=user).delete()
    _recount(
        Video,
        video_commented,
        field="comment_count",
        rows=VideoComment.objects.filter(is_hidden=False),
        parent_field="video",
    )

    likes = [
        (PostLike, BlogPost, "post"),
        (VideoLike, Video, "video"),
        (VideoCommentLike, VideoComment, "comment"),
        (ThreadLike, Thread, "thread"),
        (ForumPostLike, ForumPost, "post"),
    ]
    for like_model, parent_model, parent_field in likes:
        rows = like_model.objects.filter(user=user)
        parents = list(rows.values_list(f"{parent_field}_id", flat=True))
        rows.delete()
        _recount(
            parent_model,
            parents,
            field="like_count",
            rows=like_model.objects,
            parent_field=parent_field,
        )

    visitor = hashlib.sha256(f"user:{user.pk}".encode()).hexdigest()
    PostView.objects.filter(visitor=visitor).delete()
    VideoView.objects.filter(visitor=visitor).delete()
    for model in (ThreadBookmark, ThreadSubscription, ThreadVisit):
        model.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user).delete()

    # A thread only its author wrote in goes with them; the others keep their discussion.
    alone = Thread.objects.filter(author=user).exclude(
        posts__in=ForumPost.objects.exclude(author=user)
    )
    alone.delete()
    for thread in Thread.objects.filter(posts__author=user).distinct():
        thread_refresh(thread=thread)
