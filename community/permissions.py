"""Who may do what in the community: one named predicate per action (django-rules).

Views and services call the predicates; templates use `{% has_perm "community.…" %}`.
"""

from __future__ import annotations

import rules


@rules.predicate
def is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def _is_owner(user, obj, field: str) -> bool:
    return bool(is_member(user) and obj is not None and getattr(obj, field) == user.pk)


# ---- Blogs


@rules.predicate
def can_view_blog_post(user, post) -> bool:
    return post.is_public or _is_owner(user, post, "author_id") or is_staff(user)


@rules.predicate
def can_edit_blog_post(user, post) -> bool:
    return _is_owner(user, post, "author_id") or is_staff(user)


@rules.predicate
def can_comment_blog_post(user, post) -> bool:
    return is_member(user) and post.is_public


@rules.predicate
def can_edit_blog_comment(user, comment) -> bool:
    return _is_owner(user, comment, "author_id") or is_staff(user)


# ---- Forums


@rules.predicate
def can_view_thread(user, thread) -> bool:
    return not thread.is_hidden or is_staff(user)


@rules.predicate
def can_reply_thread(user, thread) -> bool:
    return is_member(user) and not thread.is_locked and not thread.is_hidden


@rules.predicate
def can_edit_forum_post(user, post) -> bool:
    if is_staff(user):
        return True
    return _is_owner(user, post, "author_id") and not post.thread.is_locked and not post.is_hidden


@rules.predicate
def can_moderate(user, obj=None) -> bool:
    return is_staff(user)


# ---- Videos


@rules.predicate
def can_view_video(user, video) -> bool:
    return not video.is_hidden or _is_owner(user, video, "uploader_id") or is_staff(user)


@rules.predicate
def can_edit_video(user, video) -> bool:
    return _is_owner(user, video, "uploader_id") or is_staff(user)


@rules.predicate
def can_comment_video(user, video) -> bool:
    return is_member(user) and not video.is_hidden


@rules.predicate
def can_edit_video_comment(user, comment) -> bool:
    return _is_owner(user, comment, "author_id") or is_staff(user)


rules.add_perm("community.view_blog_post", can_view_blog_post)
rules.add_perm("community.edit_blog_post", can_edit_blog_post)
rules.add_perm("community.comment_blog_post", can_comment_blog_post)
rules.add_perm("community.edit_blog_comment", can_edit_blog_comment)
rules.add_perm("community.view_thread", can_view_thread)
rules.add_perm("community.reply_thread", can_reply_thread)
rules.add_perm("community.edit_forum_post", can_edit_forum_post)
rules.add_perm("community.moderate", can_moderate)
rules.add_perm("community.view_video", can_view_video)
rules.add_perm("community.edit_video", can_edit_video)
rules.add_perm("community.comment_video", can_comment_video)
rules.add_perm("community.edit_video_comment", can_edit_video_comment)
