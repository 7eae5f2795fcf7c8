"""Who may do what in the accounts app: named predicates, one per action.

Views, services, templates (`{% load rules %}{% has_perm "accounts.edit_organization"
user organization as may_edit %}`) and the API all ask these, so a rule changes in one
place. Predicates take the acting user first and the object second; they are plain
callables too: `can_manage_organization(user, organization)`.
"""

from __future__ import annotations

import rules

from accounts.models import Membership


@rules.predicate
def is_member(user) -> bool:
    """A logged-in, active account."""
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_staff(user) -> bool:
    return bool(is_member(user) and user.is_staff)


@rules.predicate
def is_student(user) -> bool:
    return bool(is_member(user) and user.is_student)


@rules.predicate
def is_employer(user) -> bool:
    return bool(is_member(user) and user.is_employer)


@rules.predicate
def is_teacher(user) -> bool:
    return bool(is_member(user) and user.is_teacher)


@rules.predicate
def can_edit_profile(user, person) -> bool:
    """Only ever one's own profile (staff use the admin)."""
    return bool(is_member(user) and person is not None and person.pk == user.pk)


_MEMO = "_owner_memo"


def remember_membership(organization, user, membership: Membership | None) -> None:
    """Note the viewer's own membership on the organization object, so the predicates
    below (asked by the view and by `{% has_perm %}` on one page) need no query."""
    if user is not None and user.is_authenticated:
        memo = organization.__dict__.setdefault(_MEMO, {})
        memo[user.pk] = membership is not None and membership.role == Membership.Role.OWNER


@rules.predicate
def is_organization_owner(user, organization) -> bool:
    if not is_member(user) or organization is None:
        return False
    memo = organization.__dict__.setdefault(_MEMO, {})
    if user.pk not in memo:
        memo[user.pk] = Membership.objects.filter(
            organization=organization, user=user, role=Membership.Role.OWNER
        ).exists()
    return memo[user.pk]


@rules.predicate
def can_manage_organization(user, organization) -> bool:
    """Owners edit an organization and manage its members; staff may too."""
    return bool(is_staff(user) or is_organization_owner(user, organization))


@rules.predicate
def can_join_organization(user, organization) -> bool:
    return bool(is_member(user) and organization is not None)


# Permissions asked without an object use names that are not Django's model permissions
# (`<app>.add_<model>`): the admin asks `user.has_perm("board.add_ad")` for its own rights.
rules.add_perm("accounts.edit_profile", can_edit_profile)
rules.add_perm("accounts.create_organization", is_member)
rules.add_perm("accounts.edit_organization", can_manage_organization)
rules.add_perm("accounts.manage_members", can_manage_organization)
rules.add_perm("accounts.join_organization", can_join_organization)
