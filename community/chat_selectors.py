"""Chat reads: my chat list with unread counts, one chat, a page of messages. Each runs a
fixed number of queries whatever the number of chats, messages or reactions."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import User
from community.models import Chat, ChatMember, Message, Reaction
from community.models.chats import REACTIONS
from site_config.pagination import CachedRows

PAGE = 30  # messages per load (the page, and each "older" load on scroll up)


def _unread_subquery():
    """Messages after my last read one that others sent and that still show (a deleted or
    hidden message is no news)."""
    return Coalesce(
        Subquery(
            Message.objects.filter(
                chat_id=OuterRef("chat_id"),
                id__gt=OuterRef("last_read_id"),
                deleted=False,
                hidden=False,
            )
            .exclude(sender_id=OuterRef("user_id"))
            .order_by()
            .values("chat_id")
            .annotate(n=Count("id"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def chat_list_namespace(user_id: int) -> str:
    """The data version of one member's chat list (`site_config.cache.data_version`):
    community.services.chats bumps it for every member of a chat that changes."""
    return f"chats:{user_id}"


def chat_list_versions(user: User) -> tuple[str, ...]:
    """What my chat list shows depends on: my chats' rows and the people's names."""
    return ("people", chat_list_namespace(user.pk))


def chat_list_rows(*, user: User, archived: bool = False) -> CachedRows:
    """`chat_memberships` for the paginator, its count and pages cached under my versions."""
    return CachedRows(
        lambda: chat_memberships(user=user, archived=archived),
        key=("chat-list", user.pk, archived),
        namespaces=chat_list_versions(user),
    )


def chat_memberships(*, user: User, archived: bool = False):
    """My chats (as ChatMember rows), newest activity first, with the last message, the
    unread count and the other members (for one-to-one titles)."""
    return (
        ChatMember.objects.filter(user=user, archived=archived)
        .select_related("chat", "chat__last_message", "chat__last_message__sender")
        .annotate(unread=_unread_subquery())
        .prefetch_related(
            Prefetch(
                "chat__members",
                queryset=ChatMember.objects.select_related("user").order_by("id"),
                to_attr="member_list",
            )
        )
        # `chat_activity` is the chat's `last_activity` copied onto my row (an index range).
        .order_by("-chat_activity", "-chat_id")
    )


def unread_chat_count(*, user: User) -> int:
    """How many of my chats have unread messages (the list tab badges)."""
    if not user.is_authenticated:
        return 0
    unread = Message.objects.filter(
        chat_id=OuterRef("chat_id"), id__gt=OuterRef("last_read_id"), deleted=False, hidden=False
    ).exclude(sender_id=OuterRef("user_id"))
    return ChatMember.objects.filter(user=user, archived=False).filter(Exists(unread)).count()


def chat_for_member(*, user: User, pk: int) -> Chat:
    """The chat if the user takes part in it, with `my_member` and `member_list`; else 404."""
    if not user.is_authenticated:
        raise Http404
    member = (
        ChatMember.objects.filter(user=user, chat_id=pk)
        .select_related("chat", "chat__created_by")
        .first()
    )
    if member is None:
        raise Http404
    chat = member.chat
    chat.my_member = member
    chat.member_list = list(chat.members.select_related("user").order_by("id"))
    return chat


def chat_title(chat: Chat, user: User) -> str:
    """A group's title, or the other person's name (several names for an untitled group)."""
    if chat.title:
        return chat.title
    members = getattr(chat, "member_list", None) or list(chat.members.select_related("user"))
    names = [str(m.user) for m in members if m.user_id != user.pk]
    return ", ".join(names[:3]) + ("…" if len(names) > 3 else "") if names else str(user)


def _messages(chat: Chat):
    return Message.objects.filter(chat=chat).select_related("sender")


def decorate(messages: list[Message], *, user: User) -> list[Message]:
    """Attach each message's reaction counts (one query for the whole page)."""
    ids = [m.pk for m in messages]
    counts: dict[int, dict[str, list]] = defaultdict(dict)
    if ids:
        rows = (
            Reaction.objects.filter(message_id__in=ids)
            .values("message_id", "emoji")
            .annotate(n=Count("id"), mine=Count("id", filter=Q(user=user)))
        )
        for row in rows:
            counts[row["message_id"]][row["emoji"]] = [row["n"], bool(row["mine"])]
    for message in messages:
        per = counts.get(message.pk, {})
        message.reaction_list = [
            {"emoji": e, "count": per[e][0], "mine": per[e][1]} for e in REACTIONS if e in per
        ]
        message.is_mine = message.sender_id == user.pk
    return messages


def messages_latest(*, chat: Chat, user: User, limit: int = PAGE) -> tuple[list[Message], bool]:
    """The newest `limit` messages, oldest first, and whether older ones exist."""
    rows = list(_messages(chat).order_by("-id")[: limit + 1])
    has_more = len(rows) > limit
    return decorate(rows[:limit][::-1], user=user), has_more


def messages_before(
    *, chat: Chat, user: User, before: int, limit: int = PAGE
) -> tuple[list[Message], bool]:
    rows = list(_messages(chat).filter(id__lt=before).order_by("-id")[: limit + 1])
    has_more = len(rows) > limit
    return decorate(rows[:limit][::-1], user=user), has_more


def messages_after(*, chat: Chat, user: User, after: int, limit: int = 200) -> list[Message]:
    """What came after the last id a client saw (resume, polling), oldest first."""
    rows = list(_messages(chat).filter(id__gt=after).order_by("id")[:limit])
    return decorate(rows, user=user)


def messages_query(*, chat: Chat, after: int | None = None, before: int | None = None):
    """A chat's messages for paging (the API): newest first, or what came after `after`
    oldest first; `decorate()` the page afterwards."""
    rows = _messages(chat)
    if after is not None:
        return rows.filter(id__gt=after).order_by("id")
    if before is not None:
        rows = rows.filter(id__lt=before)
    return rows.order_by("-id")


def change_number(value) -> int | None:
    """A change number from a client (0 included), or None when it sent none or garbage."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < 2**63 else None


def chat_seq(*, chat: Chat) -> int:
    """The chat's change number now (read before the messages it stands for)."""
    return Chat.objects.filter(pk=chat.pk).values_list("seq", flat=True).first() or 0


def changes_since(
    *, chat: Chat, user: User, after: int | None = None, since: int | None = None, limit: int = 200
) -> tuple[list[Message], list[Message], int]:
    """What a reconnecting socket or a poll missed: `(new, changed, seq)`: messages after
    the last id it saw, earlier messages changed (edited, deleted, hidden, reacted to)
    after the change number it saw, and the change number they bring it up to.

    Two lookups, one per index ((chat, id) and (chat, seq)), not an OR across both."""
    seq = chat_seq(chat=chat)
    rows: dict[int, Message] = {}
    if since is not None:
        for message in _messages(chat).filter(seq__gt=since).order_by("seq")[:limit]:
            rows[message.pk] = message
    if after is not None:
        for message in _messages(chat).filter(id__gt=after).order_by("id")[:limit]:
            rows[message.pk] = message
    found = decorate(sorted(rows.values(), key=lambda m: m.pk), user=user)
    seq = max([seq, *[m.seq for m in found]])
    if after is None:  # only a change number: everything it returns is new to the caller
        after = min((m.pk for m in found), default=0) - 1
    new = [m for m in found if m.pk > after]
    changed = [m for m in found if m.pk <= after]
    return new, changed, seq


def message_one(*, chat: Chat, user: User, message_id: int) -> Message | None:
    message = _messages(chat).filter(pk=message_id).first()
    return decorate([message], user=user)[0] if message else None


def member_search(*, q: str, exclude_ids: set[int] | list[int] = (), limit: int = 10):
    """Active members found by name, for starting a chat or adding to one."""
    q = (q or "").strip()
    if len(q) < 2:
        return User.objects.none()
    words = q.split()[:3]
    qs = User.objects.active().exclude(pk__in=list(exclude_ids))
    for word in words:
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return qs.order_by("first_name", "last_name", "id")[:limit]
