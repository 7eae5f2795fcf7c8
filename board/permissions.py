"""Who may do what on the board: named predicates, one per action.

Views and services call them (`can_edit_ad(user, ad)`), templates ask
`{% has_perm "board.edit_ad" user ad as may_edit %}`, and the API uses the same names.
"""

from __future__ import annotations

import rules

from accounts.permissions import is_member, is_staff


@rules.predicate
def can_edit_ad(user, ad) -> bool:
    """An ad's author edits and deletes it; staff (moderators) may too."""
    return bool(ad is not None and is_member(user) and (user.is_staff or ad.author_id == user.pk))


@rules.predicate
def can_respond_to_ad(user, ad) -> bool:
    """Any member but the author responds to an ad that is on the public board."""
    return bool(ad is not None and is_member(user) and ad.author_id != user.pk and not ad.is_hidden)


@rules.predicate
def can_manage_response(user, response) -> bool:
    """The ad's author accepts or deletes the responses to it."""
    return bool(response is not None and is_member(user) and response.ad.author_id == user.pk)


@rules.predicate
def can_moderate_ads(user) -> bool:
    return bool(is_staff(user))


@rules.predicate
def can_send_newsletters(user) -> bool:
    """Staff write, change and send the site's newsletters."""
    return bool(is_staff(user))


# Permissions asked without an object use names that are not Django's model permissions
# (`<app>.add_<model>`): the admin asks `user.has_perm("board.add_ad")` for its own rights.
rules.add_perm("board.post_ad", is_member)
rules.add_perm("board.edit_ad", can_edit_ad)
rules.add_perm("board.remove_ad", can_edit_ad)
rules.add_perm("board.respond_to_ad", can_respond_to_ad)
rules.add_perm("board.edit_response", can_manage_response)
rules.add_perm("board.remove_response", can_manage_response)
rules.add_perm("board.moderate_ad", can_moderate_ads)
rules.add_perm("board.write_newsletter", can_send_newsletters)
rules.add_perm("board.edit_newsletter", can_send_newsletters)
rules.add_perm("board.send_newsletter", can_send_newsletters)
