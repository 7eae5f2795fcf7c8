"""Who may do what with postings, applications and talent auctions: named predicates.

Views and services call them (`can_manage_posting(user, posting)`), templates ask
`{% has_perm "internships.edit_posting" user posting as may_edit %}`, and the API uses
the same names. What depends on an object's state (a closed posting, an ended auction) is
validation in the services, not permission.
"""

from __future__ import annotations

import rules

from accounts.permissions import is_employer, is_member, is_staff, is_student


@rules.predicate
def can_create_posting(user) -> bool:
    """Employers publish postings (staff moderate them but do not publish)."""
    return bool(is_employer(user))


@rules.predicate
def can_manage_posting(user, posting) -> bool:
    """A posting's owner, and staff, edit, close, reopen and delete it and review its
    applicants."""
    return bool(
        posting is not None
        and is_member(user)
        and (user.is_staff or posting.employer_id == user.pk)
    )


@rules.predicate
def can_apply(user, posting=None) -> bool:
    """Students apply; whether a posting still takes applications is the service's check."""
    return bool(is_student(user))


@rules.predicate
def can_withdraw_application(user, application) -> bool:
    return bool(application is not None and is_member(user) and application.student_id == user.pk)


@rules.predicate
def can_change_application_status(user, application) -> bool:
    """The posting's owner (or staff) moves an application on."""
    return bool(application is not None and can_manage_posting(user, application.posting))


@rules.predicate
def can_view_dashboard(user) -> bool:
    return bool(is_employer(user))


@rules.predicate
def can_open_auction(user) -> bool:
    """Students open an auction on themselves."""
    return bool(is_student(user))


@rules.predicate
def can_bid(user, auction=None) -> bool:
    """Employers bid (with one of their own open internships: the service checks that)."""
    return bool(is_employer(user))


@rules.predicate
def can_see_bidders(user, auction) -> bool:
    """The auction's student and staff see who bid; everyone else sees amounts only."""
    return bool(
        auction is not None and is_member(user) and (user.is_staff or auction.student_id == user.pk)
    )


@rules.predicate
def can_cancel_auction(user, auction=None) -> bool:
    """Staff (moderators) stop an auction."""
    return bool(is_staff(user))


@rules.predicate
def can_moderate_postings(user) -> bool:
    return bool(is_staff(user))


# Permissions asked without an object use names that are not Django's model permissions
# (`<app>.add_<model>`): the admin asks `user.has_perm("board.add_ad")` for its own rights.
rules.add_perm("internships.publish_posting", can_create_posting)
rules.add_perm("internships.edit_posting", can_manage_posting)
rules.add_perm("internships.remove_posting", can_manage_posting)
rules.add_perm("internships.view_applicants", can_manage_posting)
rules.add_perm("internships.moderate_posting", can_moderate_postings)
rules.add_perm("internships.apply_to_posting", can_apply)
rules.add_perm("internships.withdraw_application", can_withdraw_application)
rules.add_perm("internships.edit_application", can_change_application_status)
rules.add_perm("internships.view_dashboard", can_view_dashboard)
rules.add_perm("internships.open_auction", can_open_auction)
rules.add_perm("internships.place_bid", can_bid)
rules.add_perm("internships.view_bidders", can_see_bidders)
rules.add_perm("internships.cancel_auction", can_cancel_auction)


@rules.predicate
def can_read_applications_of(user, student) -> bool:
    """A student's list of their own applications; staff may read anyone's."""
    return bool(
        student is not None and is_member(user) and (user.pk == student.pk or user.is_staff)
    )
