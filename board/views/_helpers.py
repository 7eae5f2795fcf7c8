"""Small helpers the board's views share."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


def wants_fragment(request) -> bool:
    """An HTMX request that swaps a part of the page.

    Boosted requests and history restores (a back button after a cache miss) need the
    whole page: https://django-htmx.readthedocs.io/en/latest/middleware.html
    """
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def vary_on_htmx(response):
    """The same URL answers with a page or a fragment: caches must tell them apart."""
    patch_vary_headers(response, ("HX-Request",))
    return response


def paginate(request, items, per_page: int) -> Page:
    """A page of items; a missing, bad or too large `?page=` gives a valid page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def parse_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def safe_next(request, fallback: str) -> str:
    """The POSTed `next` if it points into this site, else the fallback."""
    candidate = request.POST.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def staff_required(view):
    """Anonymous visitors go to the login page; logged-in non-staff get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
