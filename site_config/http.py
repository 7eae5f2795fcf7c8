"""Refusals and redirects, one way for every app.

Services raise `PermissionDenied(reason)`; Django's 403 handler (`site_config.views.
error_403`) renders the designed page with that reason. Views that refuse on their own
call `forbidden(request, reason)`.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def forbidden(request, reason: str = ""):
    """The designed 403 page, saying why when there is a reason."""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def not_found(request, reason: str = ""):
    """The designed 404 page."""
    return render(request, "errors/404.html", {"reason": reason}, status=404)


def is_safe_url(request, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next(request, fallback: str, *, param: str = "next") -> str:
    """The POSTed (or GET) `next` if it points into this site, else the fallback."""
    candidate = request.POST.get(param) or request.GET.get(param) or ""
    return candidate if is_safe_url(request, candidate) else fallback


def staff_required(view):
    """Anonymous visitors go to the login page; logged-in non-staff get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def error_text(error) -> str:
    """One readable sentence from a ValidationError."""
    return " ".join(str(message) for message in error.messages)
