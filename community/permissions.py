"""Who may do what in the community app (named `rules` predicates)."""

from __future__ import annotations

import rules

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
    if not chat.is_group or _member(user, chat) is None:
        return False
    return chat.created_by_id == user.pk or user.is_staff


@rules.predicate
def can_delete_chat_message(user, message) -> bool:
    return user.is_authenticated and message.sender_id == user.pk and not message.deleted


rules.add_perm("community.view_chat", can_view_chat)
rules.add_perm("community.post_chat", can_post_chat)
rules.add_perm("community.manage_chat_members", can_manage_chat_members)
rules.add_perm("community.delete_chat_message", can_delete_chat_message)
