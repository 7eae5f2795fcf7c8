"""What happened on the site lately: counts and a merged event feed for the admin index.

`site_activity(user=...)` runs a constant number of queries whatever the size of the
tables: one aggregate per model for the counts and one small, `select_related` query per
event type, merged and sorted in Python. Each app contributes its sources through
`site_config.registry.register_activity` (see `<app>/activity.py`): a source is
`(model the viewer needs a permission on, stats_of(window), events_of(limit))`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_permission_codename
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from site_config.registry import activity_sources

EVENT_LIMIT = 15
WINDOW_DAYS = 7


@dataclass(frozen=True)
class Window:
    """The admin's own "Past 7 days": from local midnight seven days ago to tomorrow.

    The same bounds as `DateFieldListFilter`, so a count links to a change list that
    shows exactly the rows counted.
    https://github.com/django/django/blob/stable/5.2.x/django/contrib/admin/filters.py
    """

    since: datetime.datetime
    until: datetime.datetime

    @classmethod
    def ending(cls, now: datetime.datetime) -> Window:
        today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return cls(
            since=today - datetime.timedelta(days=WINDOW_DAYS),
            until=today + datetime.timedelta(days=1),
        )

    def q(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.since, f"{field}__lt": self.until})

    def params(self, field: str) -> dict[str, str]:
        return {f"{field}__gte": str(self.since), f"{field}__lt": str(self.until)}


@dataclass(frozen=True)
class Stat:
    """One counter: a total and how many of it are new in the window, with admin links."""

    key: str
    label: str
    total: int
    recent: int
    url: str | None
    recent_url: str | None


@dataclass(frozen=True)
class Event:
    """One thing that happened: `obj` is the row, `actor` who did it (None: nobody)."""

    kind: str
    label: str
    when: datetime.datetime
    title: str
    actor: Any
    obj: Any
    url: str | None


def _can_view(user, model) -> bool:
    """The admin's own rule: a view or change permission on the model."""
    if not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in ("view", "change")
    )


def admin_url(model, view: str, *args, query: dict[str, str] | None = None) -> str | None:
    opts = model._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
    except NoReverseMatch:  # the model is not registered with the admin
        return None
    return f"{url}?{urlencode(query)}" if query else url


def counts(
    model, *, key: str, label: str, field: str, window: Window, only: dict[str, str] | None = None
) -> Stat:
    """Total rows (matching `only`) and those whose `field` is in the window: one query."""
    only = only or {}
    numbers = model._default_manager.filter(**only).aggregate(
        total=Count("pk"), recent=Count("pk", filter=window.q(field))
    )
    return Stat(
        key=key,
        label=label,
        total=numbers["total"],
        recent=numbers["recent"],
        url=admin_url(model, "changelist", query=only),
        recent_url=admin_url(model, "changelist", query={**only, **window.params(field)}),
    )


def events(queryset, *, kind: str, label: str, when: str, title, actor, limit: int) -> list[Event]:
    """The latest `limit` rows of one kind as events: one query."""
    model = queryset.model
    return [
        Event(
            kind=kind,
            label=label,
            when=getattr(row, when),
            title=title(row),
            actor=actor(row),
            obj=row,
            url=admin_url(model, "change", row.pk),
        )
        for row in queryset.order_by(f"-{when}", "-pk")[:limit]
    ]


# A source is (model the viewer needs a permission on, stats function, events function).
Source = tuple[Any, Callable[[Window], list[Stat]], Callable[[int], list[Event]]]


def site_activity(
    *, user, now: datetime.datetime | None = None, limit: int = EVENT_LIMIT
) -> dict[str, Any]:
    """Counters (totals and the past 7 days) and the latest events the viewer may see.

    Only models the user may view in the admin are counted and listed; a user who is not
    active staff gets nothing. Returns `stats`, `events` (newest first) and `since`, the
    start of the window.
    """
    window = Window.ending(now or timezone.now())
    stats: list[Stat] = []
    events: list[Event] = []
    for sources in activity_sources():
        for model, stats_of, events_of in sources():
            if not _can_view(user, model):
                continue
            stats.extend(stats_of(window))
            events.extend(events_of(limit))
    events.sort(key=lambda event: (event.when, event.obj.pk), reverse=True)
    return {"stats": stats, "events": events[:limit], "since": window.since}
