"""Reads of the accounts app that join models or depend on who asks."""

from __future__ import annotations

from django.db.models import Prefetch

from accounts.models import Membership, Notification, Organization, User


def home_highlights(*, user) -> dict:
    """What the home page shows from the accounts app."""
    return {
        "new_members": list(User.objects.active().order_by("-date_joined")[:6]),
        "organizations": list(Organization.objects.with_member_count().order_by("-created")[:6]),
        "member_count": User.objects.active().count(),
    }


def notification_unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.for_user(user).unread().count()


def notification_inbox(*, user):
    return Notification.objects.for_user(user).order_by("-created", "-id")


def organization_members_prefetch() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("user").order_by("user__last_name"),
    )
