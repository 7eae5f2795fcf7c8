"""The one way the site answers HTMX: a partial or the whole page, and django-htmx's helpers.

Views call `template_for(request, "app/page.html", "dom-id")`; the partial is a
`{% partialdef dom-id %}` in that template. A history restore (Back after a cache miss)
and a boosted link that replaces the whole body need the whole page; a boosted link inside
an `hx-target` wrapper (pagination, sort and filter links) swaps one element, so it gets
the partial: https://django-htmx.readthedocs.io/en/latest/middleware.html
"""

from __future__ import annotations

from django.utils.cache import patch_vary_headers
from django_htmx.http import (  # noqa: F401 - re-exported: the site's one set of helpers
    HttpResponseClientRedirect,
    HttpResponseClientRefresh,
    HttpResponseStopPolling,
    push_url,
    reswap,
    retarget,
    trigger_client_event,
)


def wants_partial(request) -> bool:
    """An HTMX request that swaps a part of the page, not the whole body."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request:
        return False
    return not htmx.boosted or bool(htmx.target)


def template_for(request, template_name: str, partial: str) -> str:
    """`template_name#partial` for an HTMX swap, the whole template otherwise."""
    return f"{template_name}#{partial}" if wants_partial(request) else template_name


def vary_on_htmx(response):
    """The same URL answers with a page or a partial: caches must keep them apart."""
    patch_vary_headers(response, ("HX-Request",))
    return response


def current_path(request) -> str:
    """The page an HTMX request came from (`HX-Current-URL`, same origin only) as a path,
    or "" — also for a header that is no URL at all (hostile clients send anything)."""
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return ""
    try:
        return htmx.current_url_abs_path or ""
    except ValueError:  # urlsplit() refuses e.g. "http://[::1"
        return ""
