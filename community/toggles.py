"""The like / bookmark / subscribe buttons: what `community/_toggle.html` needs for one
object, built the same way by views (after a POST) and templates (in lists)."""

from __future__ import annotations

from django.urls import reverse

from community.models import BlogPost, ForumPost, Thread, Video, VideoComment

URLS = {
    (BlogPost, "like"): "community:blog_like",
    (ForumPost, "like"): "community:post_like",
    (Thread, "like"): "community:thread_like",
    (Thread, "bookmark"): "community:thread_bookmark",
    (Thread, "subscribe"): "community:thread_subscribe",
    (Video, "like"): "community:video_like",
    (VideoComment, "like"): "community:video_comment_like",
}
FLAGS = {"like": "liked", "bookmark": "bookmarked", "subscribe": "subscribed"}


def toggle_for(obj, kind: str = "like", active: bool | None = None) -> dict:
    if active is None:
        active = bool(getattr(obj, FLAGS[kind], False))
    enabled = not getattr(obj, "is_hidden", False) and getattr(obj, "is_public", True)
    return {
        "kind": kind,
        "dom_id": f"{obj._meta.model_name}-{kind}-{obj.pk}",
        "url": reverse(URLS[(type(obj), kind)], args=[obj.pk]),
        "active": active,
        "count": obj.like_count if kind == "like" else None,
        "enabled": enabled,
        "small": isinstance(obj, VideoComment | ForumPost),
    }
