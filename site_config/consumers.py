"""The base of every WebSocket consumer: session user, groups, per-event re-check, resume.

Subclasses say which groups a socket joins (`groups_for`), whether the user may see them
(`allowed`, asked on connect *and* before every event), and how an event renders for this
user (`render_event`). A client may send `{"type": "resume", "after": <last id seen>}`
on (re)connect and gets what it missed (`render_resume`). Messages are HTML fragments with
`hx-swap-oob`, swapped by htmx's ws extension.
https://channels.readthedocs.io/en/stable/topics/consumers.html#websocketconsumer
"""

from __future__ import annotations

import json
import logging

from asgiref.sync import async_to_sync
from channels.generic.websocket import WebsocketConsumer

from accounts.services import recipient_language
from site_config.pagination import parse_int

logger = logging.getLogger(__name__)

# Application close codes (4000-4999): the browser's htmx ext does not reconnect on them.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_NOT_FOUND = 4404


class LiveConsumer(WebsocketConsumer):
    """Sync consumer: each handler runs in a worker thread with a fresh DB connection."""

    def groups_for(self) -> list[str]:  # pragma: no cover - abstract
        raise NotImplementedError

    def allowed(self) -> bool:
        return True

    def render_event(self, event: dict) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def render_resume(self, after: int) -> str:
        return ""

    def resume(self, data: dict) -> str:
        """A (re)connected client's `{"type": "resume", ...}`; by default only `after`."""
        return self.render_resume(parse_int(data.get("after")) or 0)

    def receive_json(self, data: dict) -> None:
        """Other client messages (typing...)."""

    # ---- plumbing
    @property
    def user(self):
        return self.scope["user"]

    def connect(self):
        self.joined: list[str] = []
        self.accept()
        if not self.user.is_authenticated:
            self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if not self.allowed():
            self.close(code=CLOSE_NOT_FOUND)
            return
        for group in self.groups_for():
            async_to_sync(self.channel_layer.group_add)(group, self.channel_name)
            self.joined.append(group)

    def disconnect(self, code):
        for group in self.joined:
            async_to_sync(self.channel_layer.group_discard)(group, self.channel_name)
        self.joined = []

    def _send_html(self, html: str) -> None:
        if html and html.strip():
            self.send(text_data=html)

    def _leave(self) -> None:
        self.disconnect(CLOSE_NOT_FOUND)
        self.close(code=CLOSE_NOT_FOUND)

    def live_event(self, event: dict) -> None:
        """An event from the channel layer: re-check, then render for this user."""
        if not self.joined:
            return
        if not self.allowed():  # removed from the chat, auction hidden...
            self._leave()
            return
        with recipient_language(self.user):
            self._send_html(self.render_event(event))

    def receive(self, text_data=None, bytes_data=None):
        if not self.joined or not text_data:
            return
        try:
            data = json.loads(text_data)
        except ValueError:
            return
        if not isinstance(data, dict):
            return
        if not self.allowed():
            self._leave()
            return
        with recipient_language(self.user):
            if data.get("type") == "resume":
                self._send_html(self.resume(data))
            else:
                self.receive_json(data)
