"""What happened on the site lately: counts and a merged event feed for the admin index.

`site_activity(user=...)` runs a constant number of queries whatever the size of the
tables: one aggregate per model for the counts and one small, `select_related` query per
event type, merged and sorted in Python. Board and internships are optional apps: their
models are imported inside the functions, only when the app is installed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_permission_codename
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.models import User

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


def _admin_url(model, view: str, *args, query: dict[str, str] | None = None) -> str | None:
    opts = model._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)
    except NoReverseMatch:  # the model is not registered with the admin
        return None
    return f"{url}?{urlencode(query)}" if query else url


def _counts(
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
        url=_admin_url(model, "changelist", query=only),
        recent_url=_admin_url(model, "changelist", query={**only, **window.params(field)}),
    )


def _user_stats(window: Window) -> list[Stat]:
    """New users of each role, in one query."""
    aggregates = {}
    for role in User.Role.values:
        aggregates[f"{role}_total"] = Count("pk", filter=Q(role=role))
        aggregates[f"{role}_recent"] = Count("pk", filter=Q(role=role) & window.q("date_joined"))
    numbers = User.objects.aggregate(**aggregates)
    labels = {
        User.Role.STUDENT: _("Student accounts"),
        User.Role.EMPLOYER: _("Employer accounts"),
        User.Role.TEACHER: _("Teacher accounts"),
    }
    stats = []
    for role in User.Role.values:
        only = {"role__exact": role}
        stats.append(
            Stat(
                key=f"users-{role}",
                label=labels.get(role, role),
                total=numbers[f"{role}_total"],
                recent=numbers[f"{role}_recent"],
                url=_admin_url(User, "changelist", query=only),
                recent_url=_admin_url(
                    User, "changelist", query={**only, **window.params("date_joined")}
                ),
            )
        )
    return stats


def _events(queryset, *, kind: str, label: str, when: str, title, actor, limit: int) -> list[Event]:
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
            url=_admin_url(model, "change", row.pk),
        )
        for row in queryset.order_by(f"-{when}", "-pk")[:limit]
    ]


# A source is (model the viewer needs a permission on, stats function, events function).
Source = tuple[Any, Callable[[Window], list[Stat]], Callable[[int], list[Event]]]


def _accounts_sources() -> Iterable[Source]:
    yield (
        User,
        _user_stats,
        lambda limit: _events(
            User.objects.all(),
            kind="user",
            label=_("Signed up"),
            when="date_joined",
            title=str,
            actor=lambda user: None,
            limit=limit,
        ),
    )


def _board_sources() -> Iterable[Source]:
    if not apps.is_installed("board"):
        return
    from board.models import Ad, Response

    yield (
        Ad,
        lambda window: [_counts(Ad, key="ads", label=_("Ads"), field="created", window=window)],
        lambda limit: _events(
            Ad.objects.select_related("author").defer("body", "body_text"),
            kind="ad",
            label=_("Ad posted"),
            when="created",
            title=lambda ad: ad.title,
            actor=lambda ad: ad.author,
            limit=limit,
        ),
    )
    yield (
        Response,
        lambda window: [
            _counts(
                Response,
                key="responses",
                label=_("Board responses"),
                field="created",
                window=window,
            )
        ],
        lambda limit: _events(
            Response.objects.select_related("author", "ad").defer("text", "ad__body"),
            kind="response",
            label=_("Response sent"),
            when="created",
            title=lambda response: response.ad.title,
            actor=lambda response: response.author,
            limit=limit,
        ),
    )


def _internships_sources() -> Iterable[Source]:
    if not apps.is_installed("internships"):
        return
    from internships.models import Application, Auction, Bid, Posting

    yield (
        Posting,
        lambda window: [
            _counts(Posting, key="postings", label=_("Postings"), field="created", window=window)
        ],
        lambda limit: _events(
            Posting.objects.select_related("organization", "employer").defer(
                "description", "search_text"
            ),
            kind="posting",
            label=_("Posting published"),
            when="created",
            title=lambda posting: posting.title,
            actor=lambda posting: posting.organization,
            limit=limit,
        ),
    )
    yield (
        Application,
        lambda window: [
            _counts(
                Application,
                key="applications",
                label=_("Applications"),
                field="created",
                window=window,
            )
        ],
        lambda limit: _events(
            Application.objects.select_related("student", "posting").defer(
                "cover_letter", "posting__description", "posting__search_text"
            ),
            kind="application",
            label=_("Application submitted"),
            when="created",
            title=lambda application: application.posting.title,
            actor=lambda application: application.student,
            limit=limit,
        ),
    )
    yield (
        Bid,
        lambda window: [_counts(Bid, key="bids", label=_("Bids"), field="created", window=window)],
        lambda limit: _events(
            Bid.objects.select_related("employer", "auction").defer("auction__pitch"),
            kind="bid",
            label=_("Bid placed"),
            when="created",
            title=lambda bid: bid.auction.title,
            actor=lambda bid: bid.employer,
            limit=limit,
        ),
    )
    yield (
        Auction,
        lambda window: [
            _counts(
                Auction,
                key="auctions",
                label=_("Active auctions"),
                field="created",
                window=window,
                only={"status__exact": Auction.Status.ACTIVE},
            )
        ],
        lambda limit: _events(
            Auction.objects.filter(status=Auction.Status.FINISHED, finished_at__isnull=False)
            .select_related("winner")
            .defer("pitch"),
            kind="auction",
            label=_("Auction finished"),
            when="finished_at",
            title=lambda auction: auction.title,
            actor=lambda auction: auction.winner,
            limit=limit,
        ),
    )


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
    for sources in (_accounts_sources, _board_sources, _internships_sources):
        for model, stats_of, events_of in sources():
            if not _can_view(user, model):
                continue
            stats.extend(stats_of(window))
            events.extend(events_of(limit))
    events.sort(key=lambda event: (event.when, event.obj.pk), reverse=True)
    return {"stats": stats, "events": events[:limit], "since": window.since}
