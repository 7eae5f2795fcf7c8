"""The signed-in user's own socket (`/ws/notifications/`, opened by the bell on every page):
the unread count when a notification arrives, and a nudge for an open chat list."""

from __future__ import annotations

from django.template.loader import render_to_string

from accounts.models import User
from accounts.selectors import notification_unread_count
from site_config.consumers import LiveConsumer
from site_config.realtime import user_group


class NotificationConsumer(LiveConsumer):
    def groups_for(self) -> list[str]:
        return [user_group(self.user.pk)]

    def allowed(self) -> bool:
        # Read again on every event: the socket's user object is the one of its connect,
        # and an account deleted (made inactive) since must stop receiving.
        return User.objects.filter(pk=self.user.pk, is_active=True).exists()

    def _badge(self) -> str:
        return render_to_string(
            "accounts/_notification_badge.html#notification-badge",
            {"unread_count": notification_unread_count(user=self.user), "oob": True},
        )

    def render_resume(self, after: int) -> str:
        # Whatever arrived while the socket was down shows in the count.
        return self._badge()

    def render_event(self, event: dict) -> str:
        kind = event.get("kind")
        if kind == "notification":
            return self._badge()
        if kind == "chats":
            return render_to_string("accounts/_live_signal.html", {"trigger": "chatsChanged"})
        return ""
