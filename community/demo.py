"""The community part of `manage.py seed_demo` (each feature seeds its own)."""

from __future__ import annotations

from community import demo_chats


def seed(*, scale: int, stdout) -> None:
    demo_chats.seed(scale=scale, stdout=stdout)
