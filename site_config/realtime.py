"""The real-time layer: services announce *what* changed; consumers decide who sees it.

A service calls `announce(group, kind, **ids)` inside its transaction; after commit the
channel layer (in-memory in one process, Redis across processes and machines) delivers a
small event to every socket in the group. Each socket's consumer re-checks that its user
may still see the thing and renders the HTML fragment for that user (htmx's WebSocket
extension swaps it). Events carry ids, never HTML, so no viewer gets another's view.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

EVENT_TYPE = "live.event"  # dispatched to `LiveConsumer.live_event`


def chat_group(chat_id: int) -> str:
    return f"chat.{chat_id}"


def auction_group(auction_id: int) -> str:
    return f"auction.{auction_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def send_now(group: str, kind: str, **data) -> None:
    """Deliver an event at once (from a consumer, or after commit)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": EVENT_TYPE, "kind": kind, **data})
    except Exception:  # a push that fails must not fail the write: polling catches up
        logger.exception("realtime: could not send %s to %s", kind, group)


def announce(group: str, kind: str, **data) -> None:
    """After the current transaction commits, tell the sockets in `group` that `kind`
    happened. Data must be JSON-friendly ids (msgpack on the Redis layer)."""
    transaction.on_commit(lambda: send_now(group, kind, **data))
