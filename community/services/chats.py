"""Chat writes: start, send, delete, react, read, archive, members. Each announces the change
to the chat's sockets after commit (site_config.realtime)."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from community.chat_selectors import chat_list_namespace
from community.models import Chat, ChatMember, Message, Reaction
from community.models.chats import REACTIONS
from community.permissions import (
    can_delete_chat_message,
    can_edit_chat_message,
    can_manage_chat_members,
    can_post_chat,
    can_view_chat,
)
from site_config.cache import bump
from site_config.ratelimit import rate_limit_hit
from site_config.realtime import announce, chat_group, user_group

MAX_MEMBERS = 50
MAX_TEXT = 4000
# A flood guard: this many messages per window per user, across every chat.
RATE_LIMIT = 20
RATE_WINDOW = 30  # seconds


def chat_lists_changed(chat_id: int, *user_ids: int) -> None:
    """The chat lists of every member of the chat (and of `user_ids`) are old: bump their
    versions (community.chat_selectors.chat_list_namespace), now and after commit."""
    members = set(ChatMember.objects.filter(chat_id=chat_id).values_list("user_id", flat=True))
    bump(*(chat_list_namespace(user_id) for user_id in sorted(members | set(user_ids))))


def chat_list_written(sender, instance, **kwargs) -> None:
    """A chat, a membership or a message was saved or deleted (connected in
    CommunityConfig.ready): the lists showing it are old."""
    if isinstance(instance, ChatMember):
        bump(chat_list_namespace(instance.user_id))
    else:
        chat_lists_changed(instance.pk if isinstance(instance, Chat) else instance.chat_id)


def _next_seq(chat_id: int) -> int:
    """Take the chat's next change number. Call it inside the change's transaction: the
    UPDATE locks the chat row until commit, so numbers commit in the order they are taken
    and a client asking for "after N" never skips a change that commits late. Every change
    numbered here (a message, an edit, a deletion, hiding) shows in the members' lists."""
    Chat.objects.filter(pk=chat_id).update(seq=F("seq") + 1)
    chat_lists_changed(chat_id)
    return Chat.objects.filter(pk=chat_id).values_list("seq", flat=True).get()


def _message_changed(message: Message) -> int:
    """Stamp a change of `message` (edit, deletion, hiding, reaction) with a new change
    number and tell the chat's sockets; inside the change's transaction."""
    seq = _next_seq(message.chat_id)
    Message.objects.filter(pk=message.pk).update(seq=seq)
    message.seq = seq
    announce(
        chat_group(message.chat_id),
        "changed",
        chat_id=message.chat_id,
        message_id=message.pk,
        seq=seq,
    )
    return seq


def _announce_members(chat: Chat, kind: str, **data) -> None:
    """The chat list of every member changes too (the last message, unread counts)."""
    announce(chat_group(chat.pk), kind, chat_id=chat.pk, **data)
    for user_id in chat.members.values_list("user_id", flat=True):
        announce(user_group(user_id), "chats", chat_id=chat.pk)


def chat_start(
    *, by: User, members: list[User], title: str = "", group: bool | None = None
) -> Chat:
    """Start a chat with one or more members; a one-to-one chat with the same person is
    reused (the unique `direct_key` settles a race between both starting it)."""
    others = {m.pk: m for m in members if m.pk != by.pk and m.is_active}
    if not others:
        raise ValidationError({"members": _("Choose at least one member to chat with.")})
    if len(others) + 1 > MAX_MEMBERS:
        raise ValidationError(
            {"members": _("A chat holds at most %(count)s members.") % {"count": MAX_MEMBERS}}
        )
    is_group = len(others) > 1 if group is None else group
    title = title.strip()[:120]
    if not is_group:
        other = next(iter(others.values()))
        key = Chat.direct_key_for(by.pk, other.pk)
        existing = Chat.objects.filter(direct_key=key).first()
        if existing:
            # Coming back to a chat I archived brings it back to my list.
            ChatMember.objects.filter(chat=existing, user=by).update(archived=False)
            bump(chat_list_namespace(by.pk))
            return existing
        try:
            with transaction.atomic():
                chat = Chat.objects.create(created_by=by, direct_key=key)
                ChatMember.objects.bulk_create(
                    [
                        ChatMember(chat=chat, user=by, chat_activity=chat.last_activity),
                        ChatMember(chat=chat, user=other, chat_activity=chat.last_activity),
                    ]
                )
                chat_lists_changed(chat.pk)
        except IntegrityError:  # the other person started it at the same moment
            return Chat.objects.get(direct_key=key)
        return chat
    with transaction.atomic():
        chat = Chat.objects.create(created_by=by, title=title, is_group=True)
        ChatMember.objects.bulk_create(
            [
                ChatMember(chat=chat, user=u, chat_activity=chat.last_activity)
                for u in [by, *others.values()]
            ]
        )
        chat_lists_changed(chat.pk)
    return chat


def _rate_limited(user: User) -> bool:
    return rate_limit_hit(f"chat:{user.pk}", limit=RATE_LIMIT, window=RATE_WINDOW)


def message_send(
    *, chat: Chat, sender: User, text: str, client_token: uuid.UUID | None = None
) -> Message:
    """Post a plain-text message. The same `client_token` twice returns the first message."""
    if not can_post_chat(sender, chat):
        raise PermissionDenied(_("Only the members of this chat can write in it."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a message first.")})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": _("A message is at most %(count)s characters.") % {"count": MAX_TEXT}}
        )
    if client_token is not None:
        existing = Message.objects.filter(sender=sender, client_token=client_token).first()
        if existing is not None:
            return existing
    if _rate_limited(sender):
        # The code goes on the field's error: a dict ValidationError drops an outer code.
        too_fast = _("You are sending messages too fast. Wait a few seconds and try again.")
        raise ValidationError({"text": ValidationError(too_fast, code="rate_limited")})
    try:
        with transaction.atomic():
            seq = _next_seq(chat.pk)
            message = Message.objects.create(
                chat=chat, sender=sender, text=text, client_token=client_token, seq=seq
            )
            Chat.objects.filter(pk=chat.pk).update(
                last_message=message, last_activity=message.created
            )
            # A new message brings an archived chat back (and the chat to the top of every
            # member's list: `ChatMember.chat_activity`); my own message is read by me.
            ChatMember.objects.filter(chat=chat).update(
                archived=False, chat_activity=message.created
            )
            ChatMember.objects.filter(chat=chat, user=sender).update(last_read_id=message.pk)
            _announce_members(chat, "message", message_id=message.pk, seq=seq)
    except IntegrityError:  # the same token raced in from a second request
        return Message.objects.get(sender=sender, client_token=client_token)
    return message


def message_edit(*, message: Message, by: User, text: str) -> Message:
    """The sender corrects their message (shown as edited); every open page gets it."""
    if not can_edit_chat_message(by, message):
        raise PermissionDenied(_("Only the sender can edit this message."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a message first.")})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": _("A message is at most %(count)s characters.") % {"count": MAX_TEXT}}
        )
    if text == message.text:
        return message
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(text=text, edited=True)
        message.text, message.edited = text, True
        _message_changed(message)
    return message


@transaction.atomic
def message_delete(*, message: Message, by: User) -> Message:
    """The sender deletes their message: it stays in the history as "deleted"."""
    if not can_delete_chat_message(by, message):
        raise PermissionDenied(_("Only the sender can delete this message."))
    Message.objects.filter(pk=message.pk).update(deleted=True, text="")
    message.deleted, message.text = True, ""
    Reaction.objects.filter(message=message).delete()
    _message_changed(message)
    # The chat lists show the last message: they change too.
    for user_id in message.chat.members.values_list("user_id", flat=True):
        announce(user_group(user_id), "chats", chat_id=message.chat_id)
    return message


def message_set_hidden(*, message: Message, hidden: bool, by: User) -> Message:
    """Staff hide an abusive message (shown as hidden to everyone) or show it again; the
    chat's sockets and pollers get the change like any other."""
    if not by.is_authenticated or not by.is_staff:
        raise PermissionDenied(_("Only moderators can hide messages."))
    with transaction.atomic():
        changed = Message.objects.filter(pk=message.pk).exclude(hidden=hidden).update(hidden=hidden)
        message.hidden = hidden
        if changed:
            _message_changed(message)
    return message


def reaction_toggle(*, message: Message, by: User, emoji: str) -> bool:
    """Add my `emoji` to a message, or take it back; returns whether it is on now.
    Idempotent under races: the unique constraint keeps one of each kind per user."""
    if emoji not in REACTIONS:
        raise ValidationError({"emoji": _("Choose one of the offered reactions.")})
    if not can_post_chat(by, message.chat):
        raise PermissionDenied(_("Only the members of this chat can react in it."))
    if message.is_removed:
        raise ValidationError(_("This message was deleted."))
    with transaction.atomic():
        removed, _unused = Reaction.objects.filter(message=message, user=by, emoji=emoji).delete()
        on = False
        if not removed:
            try:
                with transaction.atomic():
                    Reaction.objects.create(message=message, user=by, emoji=emoji)
                on = True
            except IntegrityError:  # a double click raced: it is on
                on = True
        _message_changed(message)
    return on


def chat_mark_read(*, chat: Chat, user: User, upto: int | None = None) -> int:
    """Mark the chat read up to a message id (default: the newest); never moves back."""
    if not can_view_chat(user, chat):
        raise PermissionDenied(_("Only the members of this chat can read it."))
    newest = chat.messages.order_by("-id").values_list("id", flat=True).first() or 0
    upto = newest if upto is None else min(upto, newest)
    changed = ChatMember.objects.filter(chat=chat, user=user, last_read_id__lt=upto).update(
        last_read_id=upto
    )
    if changed:
        bump(chat_list_namespace(user.pk))
        announce(user_group(user.pk), "chats", chat_id=chat.pk)
    return upto


def chat_set_archived(*, chat: Chat, user: User, archived: bool) -> None:
    if not can_view_chat(user, chat):
        raise PermissionDenied(_("Only the members of this chat can archive it."))
    ChatMember.objects.filter(chat=chat, user=user).update(archived=archived)
    bump(chat_list_namespace(user.pk))


def chat_member_add(*, chat: Chat, by: User, users: list[User]) -> int:
    """The group's creator adds members; returns how many joined."""
    if not can_manage_chat_members(by, chat):
        raise PermissionDenied(_("Only the creator of a group chat can add members."))
    present = set(chat.members.values_list("user_id", flat=True))
    new = [u for u in users if u.pk not in present and u.is_active]
    if not new:
        raise ValidationError({"members": _("Choose someone who is not in this chat yet.")})
    if len(present) + len(new) > MAX_MEMBERS:
        raise ValidationError(
            {"members": _("A chat holds at most %(count)s members.") % {"count": MAX_MEMBERS}}
        )
    with transaction.atomic():
        # New members start with the history read: it is not news to them.
        last_id = chat.last_message_id or 0
        ChatMember.objects.bulk_create(
            [ChatMember(chat=chat, user=u, last_read_id=last_id) for u in new],
            ignore_conflicts=True,
        )
        now = timezone.now()
        Chat.objects.filter(pk=chat.pk).update(last_activity=now)
        ChatMember.objects.filter(chat=chat).update(chat_activity=now)
        chat_lists_changed(chat.pk)
        _announce_members(chat, "members")
    return len(new)


def chat_member_remove(*, chat: Chat, by: User, user: User) -> None:
    """The creator removes a member, or a member leaves. A removed member's open sockets
    stop receiving at the next event (the consumer re-checks membership)."""
    if user.pk != by.pk and not can_manage_chat_members(by, chat):
        raise PermissionDenied(_("Only the creator of a group chat can remove members."))
    if not chat.is_group:
        raise ValidationError(_("A one-to-one chat keeps both members; archive it instead."))
    with transaction.atomic():
        deleted, _unused = ChatMember.objects.filter(chat=chat, user=user).delete()
        if not deleted:
            raise ValidationError(_("This person is not in the chat."))
        chat_lists_changed(chat.pk, user.pk)  # an untitled group's title names its members
        _announce_members(chat, "members")
        # The removed member's own sockets and chat list learn it too.
        announce(user_group(user.pk), "chats", chat_id=chat.pk)
