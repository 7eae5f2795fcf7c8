"""Reads of the accounts app that join models or depend on who asks."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat, Left, StrIndex

from accounts.models import (
    Membership,
    MembershipRequest,
    Notification,
    Organization,
    Profile,
    Skill,
    User,
)
from accounts.permissions import remember_membership

ORGANIZATION_PREVIEW_MEMBERS = 5


def case_variants(term: str) -> set[str]:
    """Spellings of a term in the usual letter cases.

    SQLite compares non-ASCII letters case-sensitively (its LIKE and LOWER() only fold
    ASCII: https://www.sqlite.org/lang_expr.html#like), so "иван" would not find "Иван".
    Searching these variants too finds what people type on SQLite; on PostgreSQL the
    extra terms are harmless.
    """
    term = term.strip()
    return {term, term.lower(), term.upper(), term.capitalize(), term.title()} - {""}


def search_query(raw: str) -> str:
    """A search box's text made safe to query: NUL bytes dropped (PostgreSQL refuses them
    in text, which would be a 500), whitespace collapsed, at most 100 characters."""
    return " ".join(raw.replace("\x00", "").split())[:100]


def _icontains_any(field: str, term: str) -> Q:
    query = Q()
    for variant in case_variants(term):
        query |= Q(**{f"{field}__icontains": variant})
    return query


def home_highlights(*, user) -> dict:
    """What the home page shows from the accounts app."""
    return {
        "new_members": list(User.objects.active().order_by("-date_joined")[:6]),
        "organizations": list(Organization.objects.with_member_count().order_by("-created")[:6]),
        "member_count": User.objects.active().count(),
    }


UNREAD_COUNT_TIMEOUT = 10 * 60


def unread_count_key(user_id: int) -> str:
    return f"notif-unread:{user_id}"


def notification_unread_count(*, user) -> int:
    """The bell's number, on every logged-in page: cached per user until their
    notifications change (a signal on save/delete, `notification_mark_read` after its
    update())."""
    from django.core.cache import cache

    if not user.is_authenticated:
        return 0
    key = unread_count_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.for_user(user).unread().count()
        cache.set(key, count, UNREAD_COUNT_TIMEOUT)
    return count


def notification_inbox(*, user):
    return Notification.objects.for_user(user).order_by("-created", "-id")


def organization_members_prefetch() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.select_related("user").order_by("user__last_name"),
    )


# ---- People


def _user_cards(queryset: QuerySet[User]) -> QuerySet[User]:
    """Users with what a directory card shows, in a fixed number of queries."""
    return queryset.select_related("profile").prefetch_related(
        Prefetch("profile__skills", queryset=Skill.objects.order_by("name")),
        Prefetch("organizations", queryset=Organization.objects.order_by("name")),
    )


def _confirmed(users: QuerySet[User]) -> QuerySet[User]:
    """Users whose login address is confirmed: an unconfirmed signup (any name, any role,
    maybe someone else's address) stays invisible until the code is entered."""
    return users.filter(
        Exists(
            EmailAddress.objects.filter(
                user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
            )
        )
    )


def user_directory(*, query: str = "", role: str = "", skill: str = "") -> QuerySet[User]:
    """Active, confirmed users for /users/, filtered by role, a skill and a name/email/skill
    search."""
    users = _confirmed(User.objects.active())
    if role in User.Role.values:
        users = users.filter(role=role)
    skill = search_query(skill)
    if skill:
        # Any letter case, also non-ASCII on SQLite (see case_variants).
        users = users.filter(
            pk__in=Profile.skills.through.objects.filter(
                skill__name__in=case_variants(skill)
            ).values("profile__user_id")
        )
    query = search_query(query)
    if query:
        users = users.annotate(
            search_full_name=Concat("first_name", Value(" "), "last_name"),
            search_email_local=Left("email", StrIndex("email", Value("@")) - 1),
        )
        condition = Q()
        for field in (
            "first_name",
            "last_name",
            "search_full_name",
            "search_email_local",
            "profile__skills__name",
        ):
            condition |= _icontains_any(field, query)
        # A skill join can match one user several times.
        users = users.filter(condition).distinct()
    return _user_cards(users).order_by("last_name", "first_name", "id")


def user_profile(*, pk: int) -> User:
    """One active, confirmed user with profile, skills and organizations; raises
    User.DoesNotExist."""
    return (
        _confirmed(User.objects.active())
        .select_related("profile")
        .prefetch_related(
            Prefetch("profile__skills", queryset=Skill.objects.order_by("name")),
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organization").order_by(
                    "organization__name"
                ),
            ),
        )
        .get(pk=pk)
    )


def profile_for_edit(*, user: User) -> Profile:
    """The user's profile, or an unsaved empty one: reading never writes (the profile is
    created by `profile_update` when the form is first saved)."""
    profile = Profile.objects.filter(user=user).first()
    return profile if profile is not None else Profile(user=user)


# ---- Organizations


def organization_name_taken(*, name: str, exclude_pk: int | None = None) -> bool:
    """Whether another organization has this name, ignoring letter case (also non-ASCII)."""
    name = " ".join(name.split())
    condition = Q(name__iexact=name) | Q(name__in=case_variants(name))
    if connection.vendor == "sqlite" and not name.isascii():
        # The case variants miss mixed spellings ("ТехноПарк" for "технопарк"). SQLite's
        # REGEXP is Python's re (Django registers it), whose (?i) folds every letter.
        # https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-string-matching
        condition |= Q(name__iregex=rf"^{re.escape(name)}$")
    candidates = Organization.objects.filter(condition)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    key = name.casefold()
    return any(existing.casefold() == key for existing in candidates.values_list("name", flat=True))


def organization_directory(*, query: str = "") -> QuerySet[Organization]:
    """Organizations for /organizations/ with member counts and a few members' faces."""
    organizations = Organization.objects.with_member_count()
    query = search_query(query)
    if query:
        organizations = organizations.filter(
            _icontains_any("name", query) | _icontains_any("description", query)
        )
    return organizations.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(user__is_active=True)
            .select_related("user")
            .order_by(F("role").desc(), "joined", "pk")[:ORGANIZATION_PREVIEW_MEMBERS],
            to_attr="preview_memberships",
        )
    ).order_by("name", "pk")


def organization_detail(*, pk: int) -> Organization:
    """One organization with its member and owner counts; raises Organization.DoesNotExist.

    `owner_count` counts every owner (active or not): it is what decides whether an owner
    may be removed, and the rule that protects the last owner counts them all too.
    """
    return (
        Organization.objects.with_member_count()
        .annotate(
            owner_count=Count(
                "memberships",
                filter=Q(memberships__role=Membership.Role.OWNER),
                distinct=True,
            )
        )
        .select_related("created_by")
        .get(pk=pk)
    )


def organization_members(*, organization: Organization) -> QuerySet[Membership]:
    """The organization's active members, owners first."""
    return (
        organization.memberships.filter(user__is_active=True)
        .select_related("user", "user__profile")
        .order_by(F("role").desc(), "user__last_name", "user__first_name", "pk")
    )


def membership_of(*, organization: Organization, user) -> Membership | None:
    """The user's membership of the organization (None for anonymous visitors and others).

    It is remembered on `organization`, so permission checks on the same page need no query.
    """
    if not user.is_authenticated:
        return None
    membership = Membership.objects.filter(organization=organization, user=user).first()
    remember_membership(organization, user, membership)
    return membership


def membership_request_of(*, organization: Organization, user) -> MembershipRequest | None:
    """The user's pending request to join this organization, if any."""
    if not user.is_authenticated:
        return None
    return MembershipRequest.objects.filter(organization=organization, user=user).first()


def organization_join_requests(*, organization: Organization) -> QuerySet[MembershipRequest]:
    """Pending requests to join, oldest first (what the owners decide on)."""
    return (
        organization.join_requests.filter(user__is_active=True)
        .select_related("user", "user__profile")
        .order_by("created", "pk")
    )


def organization_choices(*, user=None) -> QuerySet[Organization]:
    """Organizations for the profile's checkbox list: the user's own first, then by name."""
    organizations = Organization.objects.all()
    if user is not None and user.is_authenticated:
        organizations = organizations.annotate(
            is_mine=Exists(Membership.objects.filter(organization=OuterRef("pk"), user=user))
        ).order_by(F("is_mine").desc(), "name", "pk")
        return organizations
    return organizations.order_by("name", "pk")
