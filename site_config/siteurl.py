"""Where the site is served, for absolute links in mails and notifications.

Inside a request it is the request's own origin (`SiteUrlMiddleware`), so a mail sent
while someone uses the site on `http://127.0.0.1:8211/` links there. Outside a request
(Huey tasks, management commands) it is `settings.SITE_URL`: the `SITE_URL` environment
variable, else derived from the `HOST`/`PORT` that `make run` serves on. A task started
from a request passes `site_url()` along and runs inside `site_url_override(...)`.
An explicitly configured `SITE_URL` (production's canonical address) always wins.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_origin: ContextVar[str] = ContextVar("site_origin", default="")


def site_url() -> str:
    """The site's base URL without a trailing slash: `http://127.0.0.1:8211`."""
    configured = settings.SITE_URL
    if configured != getattr(settings, "SITE_URL_DERIVED", configured):
        return configured  # set on purpose (environment, tests): the canonical address
    return _origin.get() or configured


def absolute_url(path: str) -> str:
    """`/board/ads/3/` → `http://127.0.0.1:8211/board/ads/3/`."""
    return f"{site_url()}{path}"


@contextmanager
def site_url_override(url: str | None) -> Iterator[None]:
    """Build links for `url` (a request's origin handed to a task); None changes nothing."""
    if not url:
        yield
        return
    token = _origin.set(url.rstrip("/"))
    try:
        yield
    finally:
        _origin.reset(token)


class SiteUrlMiddleware:
    """Remember the request's origin (scheme and validated Host) while it is handled."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            origin = f"{request.scheme}://{request.get_host()}"
        except Exception:  # noqa: BLE001 - a disallowed Host: CommonMiddleware answers 400
            origin = ""
        token = _origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
