"""The logged-in user of a request, read from each process's memory instead of the
database on every request.

Django's session authentication loads the user with one query per request (~0.4 ms of CPU,
a tenth of a logged-in page). These backends keep the user's row in the "fragments" cache
(each process's memory) under the `people` data version, which every save or delete of a
user bumps (`site_config.cache.invalidate_on_write`, and `UserQuerySet.update()` for bulk
updates): a changed password, a deactivation or a new name
is read from the database on the very next request. The session hash and `is_active` are
checked as Django checks them, on the fresh or cached row alike.

They replace Django's and allauth's backends in AUTHENTICATION_BACKENDS (those stay listed
after them, so sessions made before still resolve).
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from site_config.cache import versioned

# How long a row may stay unread in memory (its key changes with every user write anyway).
USER_SECONDS = 300


def cached_user(user_id):
    """The user with this pk from memory (or the database), or None."""
    model = get_user_model()
    fields = model._meta.concrete_fields

    def row():
        try:
            user = model._default_manager.get(pk=user_id)
        except (model.DoesNotExist, ValueError, TypeError):
            return None
        return [getattr(user, field.attname) for field in fields]

    values = versioned(f"session-user:{user_id}", ("people",), row, timeout=USER_SECONDS)
    if values is None:
        return None
    return model.from_db("default", [field.attname for field in fields], values)


class _CachedGetUser:
    def get_user(self, user_id):
        user = cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class CachedModelBackend(_CachedGetUser, ModelBackend):
    """Django's ModelBackend, with the session's user read from memory."""


class CachedAuthenticationBackend(_CachedGetUser, AuthenticationBackend):
    """allauth's backend (email + password login), with the session's user read from memory."""
