"""The accounts app's admin-activity sources (registered in `apps.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from site_config.activity import Source, Stat, Window, admin_url, events


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
                url=admin_url(User, "changelist", query=only),
                recent_url=admin_url(
                    User, "changelist", query={**only, **window.params("date_joined")}
                ),
            )
        )
    return stats


def sources() -> Iterable[Source]:
    yield (
        User,
        _user_stats,
        lambda limit: events(
            User.objects.all(),
            kind="user",
            label=_("Signed up"),
            when="date_joined",
            title=str,
            actor=lambda user: None,
            limit=limit,
        ),
    )
