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
from site_config.realtime import chat_group, send_now

TYPING_EVERY = 2.0  # seconds between two "typing" events from one socket


class ChatConsumer(LiveConsumer):
    def connect(self):
        self.chat_id = int(self.scope["url_route"]["kwargs"]["chat_id"])
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

    def _new_messages(self, after: int) -> str:
        chat = self._chat()
        messages = selectors.messages_after(chat=chat, user=self.user, after=after)
        if messages:
            self.cursor = max(after, messages[-1].pk)
        elif self.cursor is None:
            self.cursor = after
        return self._render(chat=chat, chat_messages=messages)

    def render_resume(self, after: int) -> str:
        return self._new_messages(after)

    def render_event(self, event: dict) -> str:
        kind = event.get("kind")
        if kind == "message":
            message_id = int(event["message_id"])
            if self.cursor is not None and message_id <= self.cursor:
                return ""  # sent already (by a resume)
            return self._new_messages(self.cursor if self.cursor is not None else message_id - 1)
        if kind == "changed":
            chat = self._chat()
            message = selectors.message_one(
                chat=chat, user=self.user, message_id=int(event["message_id"])
            )
            return self._render(chat=chat, changed_messages=[message] if message else [])
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
