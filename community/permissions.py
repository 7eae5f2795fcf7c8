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
    if post is None:
        return False
    return post.is_public or _is_owner(user, post, "author_id") or is_staff(user)


@rules.predicate
def can_edit_blog_post(user, post) -> bool:
    if post is None:
        return False
    return _is_owner(user, post, "author_id") or is_staff(user)


@rules.predicate
def can_comment_blog_post(user, post) -> bool:
    if post is None:
        return False
    return is_member(user) and post.is_public


@rules.predicate
def can_edit_blog_comment(user, comment) -> bool:
    if comment is None:
        return False
    return _is_owner(user, comment, "author_id") or is_staff(user)


# ---- Forums


@rules.predicate
def can_view_thread(user, thread) -> bool:
    if thread is None:
        return False
    return not thread.is_hidden or is_staff(user)


@rules.predicate
def can_reply_thread(user, thread) -> bool:
    if thread is None:
        return False
    return is_member(user) and not thread.is_locked and not thread.is_hidden


@rules.predicate
def can_edit_forum_post(user, post) -> bool:
    if post is None:
        return False
    if is_staff(user):
        return True
    return _is_owner(user, post, "author_id") and not post.thread.is_locked and not post.is_hidden


@rules.predicate
def can_moderate(user, obj=None) -> bool:
    return is_staff(user)


# ---- Videos


@rules.predicate
def can_view_video(user, video) -> bool:
    if video is None:
        return False
    return not video.is_hidden or _is_owner(user, video, "uploader_id") or is_staff(user)


@rules.predicate
def can_edit_video(user, video) -> bool:
    if video is None:
        return False
    return _is_owner(user, video, "uploader_id") or is_staff(user)


@rules.predicate
def can_comment_video(user, video) -> bool:
    if video is None:
        return False
    return is_member(user) and not video.is_hidden


@rules.predicate
def can_edit_video_comment(user, comment) -> bool:
    if comment is None:
        return False
    return _is_owner(user, comment, "author_id") or is_staff(user)


# Names differ from Django's model permissions ("community.view_thread" is the admin's):
# the admin asks those without an object, and they must stay the admin's.
rules.add_perm("community.view_blog_post", can_view_blog_post)
rules.add_perm("community.edit_blog_post", can_edit_blog_post)
rules.add_perm("community.comment_blog_post", can_comment_blog_post)
rules.add_perm("community.edit_blog_comment", can_edit_blog_comment)
rules.add_perm("community.open_thread", can_view_thread)
rules.add_perm("community.reply_thread", can_reply_thread)
rules.add_perm("community.edit_forum_post", can_edit_forum_post)
rules.add_perm("community.moderate", can_moderate)
rules.add_perm("community.watch_video", can_view_video)
rules.add_perm("community.edit_video", can_edit_video)
rules.add_perm("community.comment_video", can_comment_video)
rules.add_perm("community.edit_video_comment", can_edit_video_comment)


# ---- chats


def _member(user, chat):
    if not user.is_authenticated or chat is None:
        return None
    # Views annotate `my_member` once; otherwise ask the database.
    cached = getattr(chat, "my_member", None)
    if cached is not None and cached.user_id == user.pk:
        return cached
    return chat.members.filter(user=user).first()


@rules.predicate
def can_view_chat(user, chat) -> bool:
    """Participants only: everyone else gets a 404 (they must not learn it exists)."""
    return _member(user, chat) is not None


@rules.predicate
def can_post_chat(user, chat) -> bool:
    return _member(user, chat) is not None


@rules.predicate
def can_manage_chat_members(user, chat) -> bool:
    """In a group chat, its creator (or staff who take part) adds and removes members."""
    if chat is None:  # asked without an object (templates, the admin)
        return False
    if not chat.is_group or _member(user, chat) is None:
        return False
    return chat.created_by_id == user.pk or user.is_staff


@rules.predicate
def can_delete_chat_message(user, message) -> bool:
    if message is None:  # asked without an object (templates, the admin)
        return False
    return user.is_authenticated and message.sender_id == user.pk and not message.deleted


@rules.predicate
def can_edit_chat_message(user, message) -> bool:
    if message is None:  # asked without an object (templates, the admin)
        return False
    return (
        user.is_authenticated
        and message.sender_id == user.pk
        and not message.deleted
        and not message.hidden
    )


@rules.predicate
def can_report_chat_message(user, message) -> bool:
    """A participant flags someone else's message (still shown) for the moderators."""
    if message is None:
        return False
    return (
        is_member(user)
        and message.sender_id != user.pk
        and not message.is_removed
        and _member(user, message.chat) is not None
    )


rules.add_perm("community.see_chat", can_view_chat)
rules.add_perm("community.post_chat", can_post_chat)
rules.add_perm("community.manage_chat_members", can_manage_chat_members)
rules.add_perm("community.delete_chat_message", can_delete_chat_message)
rules.add_perm("community.edit_chat_message", can_edit_chat_message)
rules.add_perm("community.report_chat_message", can_report_chat_message)


@rules.predicate
def can_view_video_comment(user, comment) -> bool:
    """A comment is seen where its video is; one hidden by the moderators only by staff."""
    if comment is None or not can_view_video(user, comment.video):
        return False
    return not comment.is_hidden or is_staff(user)
