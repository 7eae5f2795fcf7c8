"""The chat socket (`/ws/chats/<id>/`): new messages, changes, members and typing, pushed
as HTML fragments to participants only; membership is re-checked on every event."""

from __future__ import annotations

import time

from django.template.loader import render_to_string

from community import chat_selectors as selectors
from community.models import Chat, ChatMember
from community.models.chats import REACTIONS
from community.permissions import can_manage_chat_members
from site_config.consumers import LiveConsumer
from site_config.pagination import parse_int
from site_config.realtime import chat_group, send_now

TYPING_EVERY = 2.0  # seconds between two "typing" events from one socket


class ChatConsumer(LiveConsumer):
    """Keeps, per socket, the highest change number it delivered (`since`): an event
    renders every change after it (so a late or lost event is caught up by the next), and
    a change delivered once is not sent again — by a resume or by a later event."""

    def connect(self):
        self.chat_id = int(self.scope["url_route"]["kwargs"]["chat_id"])
        self.since = None  # the highest change number this socket has delivered
        self.first = None  # the change number events started from (before any resume)
        self.cursor = None  # the newest message id this socket has delivered
        self.last_typing = 0.0
        super().connect()

    def groups_for(self) -> list[str]:
        return [chat_group(self.chat_id)]

    def allowed(self) -> bool:
        return ChatMember.objects.filter(chat_id=self.chat_id, user=self.user).exists()

    def _chat(self) -> Chat:
        return Chat.objects.get(pk=self.chat_id)

    def _render(self, **context) -> str:
        return render_to_string(
            "community/_chat_live.html",
            {"reactions": REACTIONS, "user": self.user, **context},
        )

    def _deliver(self, chat, new, changed, seq) -> str:
        self.since = max(self.since or 0, seq)
        if new:
            self.cursor = max(self.cursor or 0, new[-1].pk)
        if not new and not changed:
            return ""
        return self._render(chat=chat, chat_messages=new, changed_messages=changed, seq=seq)

    def resume(self, data: dict) -> str:
        return self.render_resume(
            parse_int(data.get("after")) or 0, since=selectors.change_number(data.get("since"))
        )

    def render_resume(self, after: int, since: int | None = None) -> str:
        """The client's last message id and change number: everything after them, once."""
        chat = self._chat()
        new, changed, seq = selectors.changes_since(
            chat=chat, user=self.user, after=after, since=since
        )
        if self.first is not None:  # events delivered (first, since] already
            fresh = lambda m: not (self.first < m.seq <= self.since)  # noqa: E731
            new, changed = [m for m in new if fresh(m)], [m for m in changed if fresh(m)]
        return self._deliver(chat, new, changed, seq)

    def _render_changes(self, event: dict) -> str:
        seq = int(event.get("seq") or 0)
        if self.since is not None and seq <= self.since:
            return ""  # delivered already (by a resume or an earlier event)
        if self.since is None:
            self.first = self.since = seq - 1
        chat = self._chat()
        after = self.cursor if self.cursor is not None else 0
        if self.cursor is None and event.get("kind") == "message":
            after = int(event["message_id"]) - 1
        new, changed, seq = selectors.changes_since(
            chat=chat, user=self.user, after=after, since=self.since
        )
        return self._deliver(chat, new, changed, seq)

    def render_event(self, event: dict) -> str:
        kind = event.get("kind")
        if kind in ("message", "changed"):
            return self._render_changes(event)
        if kind == "members":
            chat = selectors.chat_for_member(user=self.user, pk=self.chat_id)
            return self._render(
                chat=chat,
                members_changed=True,
                may_manage=can_manage_chat_members(self.user, chat),
            )
        if kind == "typing" and event.get("user_id") != self.user.pk:
            return self._render(chat=None, typing=event.get("name", ""))
        return ""

    def receive_json(self, data: dict) -> None:
        if data.get("type") != "typing":
            return
        now = time.monotonic()
        if now - self.last_typing < TYPING_EVERY:
            return
        self.last_typing = now
        send_now(
            chat_group(self.chat_id),
            "typing",
            chat_id=self.chat_id,
            user_id=self.user.pk,
            name=self.user.get_full_name() or str(self.user),
        )
