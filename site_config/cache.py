"""Caching that stays correct: data versions bumped on write, and short whole-page caching
of anonymous pages.

- `data_version("board")` is a number stored in the cache that changes on every write to
  the board's tables (`invalidate_on_write(Ad, Response, namespace="board")` connects the
  model signals; services that write with `QuerySet.update()` call `bump("board")`). Keys
  of cached fragments and pages include it, so an edited, new or hidden ad shows at once.
- `cache_anonymous_page(namespaces=..., timeout=..., every_request=...)`: an anonymous GET
  answered from the cache for a few seconds, keyed by the path, the language, the HTMX
  headers and those data versions. The CSRF token of the stored copy is swapped for the
  visitor's own; `every_request` still runs for each request (counting a view).
- `request_memo` (middleware): inside a request each namespace's version is read from the
  cache once, not once per fragment; a `bump()` in the request forgets it, so the
  request's own writes show in what it renders next.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import re
import time

from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

PAGE_TIMEOUT = 5  # seconds: anonymous pages may be this old (data changes show at once)
_CSRF_PLACEHOLDER = "__CSRF_TOKEN_PLACEHOLDER__"
_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
# The HTMX request headers the site's views answer differently to.
_HTMX_HEADERS = (
    "HX-Request",
    "HX-Target",
    "HX-Trigger",
    "HX-Boosted",
    "HX-History-Restore-Request",
)


# The versions read in the current request ({namespace: version}); None outside requests.
_request_versions: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "data_versions", default=None
)


def request_memo(get_response):
    """Each data version is read from the cache once per request (see `data_version`)."""

    def middleware(request):
        token = _request_versions.set({})
        try:
            return get_response(request)
        finally:
            _request_versions.reset(token)

    return middleware


def _version_key(namespace: str) -> str:
    return f"datav:{namespace}"


def data_version(*namespaces: str) -> str:
    """The current version of each namespace's data, joined ("17-4"), for cache keys."""
    memo = _request_versions.get()
    if memo is None:
        memo = {}
    missing = [namespace for namespace in namespaces if namespace not in memo]
    if missing:
        keys = {_version_key(namespace): namespace for namespace in missing}
        found = cache.get_many(list(keys))
        for key, namespace in keys.items():
            if key not in found:
                # A fresh start (cleared or evicted cache): a new, never used number, so
                # keys cached under an old version are never read again.
                cache.add(key, time.time_ns(), timeout=None)
                found[key] = cache.get(key, 0)
            memo[namespace] = found[key]
    return "-".join(str(memo[namespace]) for namespace in namespaces)


def _bump_now(namespaces) -> None:
    memo = _request_versions.get()
    for namespace in namespaces:
        if memo is not None:
            memo.pop(namespace, None)
        key = _version_key(namespace)
        try:
            cache.incr(key)
        except ValueError:  # not there (yet, or any more)
            cache.set(key, time.time_ns(), timeout=None)


def bump(*namespaces: str) -> None:
    """The namespaces' data changed: now (this request sees it) and again after commit
    (a reader that cached the old rows meanwhile stored them under the old version)."""
    _bump_now(namespaces)
    transaction.on_commit(lambda: _bump_now(namespaces))


# A login stamps `last_login`: nothing any page caches.
_IGNORED_UPDATES = frozenset({"last_login"})


def invalidate_on_write(*models, namespace: str) -> None:
    """Bump `namespace` whenever a row of these models is saved or deleted."""

    def handler(sender, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= _IGNORED_UPDATES:
            return
        bump(namespace)

    for model in models:
        uid = f"datav-{namespace}-{model._meta.label_lower}"
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def _page_key(request, namespaces) -> str:
    htmx = "|".join(request.headers.get(name, "") for name in _HTMX_HEADERS)
    raw = f"{request.get_full_path()}#{htmx}".encode()
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    return f"page:{data_version(*namespaces)}:{get_language()}:{digest}"


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    # Flash messages are shown once, to one visitor: such a page is rendered for them.
    storage = getattr(request, "_messages", None)
    return not (storage is not None and len(storage))


def _without_csrf_tokens(request, content: str) -> str:
    """Every CSRF token of the request in the page replaced by a placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content

    def replace(match):
        token = match.group(0)
        return _CSRF_PLACEHOLDER if _unmask_cipher_token(token) == secret else token

    return _TOKEN_RE.sub(replace, content)


def cache_anonymous_page(
    *, namespaces: tuple[str, ...], timeout: int = PAGE_TIMEOUT, every_request=None
):
    """Serve anonymous GETs of the view from the cache for `timeout` seconds.

    `every_request(request, *args, cached=..., **kwargs)`, if given, runs for every request:
    what a view must do even when its page comes from the cache (count a view). With
    `cached=False` (the page is rendered) it looks the object up (a 404 for what the visitor
    may not see) and returns the keyword arguments it adds to the view's, so the view does
    not look it up again. With `cached=True` the stored page was rendered under the same
    data versions, so what it shows is still there and visible: the hook only needs to do
    what the request itself changes, and its return value is not used."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            cacheable_request = _cacheable_request(request)
            if cacheable_request:
                key = _page_key(request, namespaces)
                stored = cache.get(key)
                if stored is not None:
                    if every_request is not None:
                        every_request(request, *args, cached=True, **kwargs)
                    content, content_type, vary = stored
                    content = content.replace(_CSRF_PLACEHOLDER, get_token(request))
                    response = HttpResponse(content, content_type=content_type)
                    if vary:
                        response["Vary"] = vary
                    return response
            if every_request is not None:
                added = every_request(request, *args, cached=False, **kwargs)
                kwargs = {**kwargs, **(added or {})}
            if not cacheable_request:
                return view(request, *args, **kwargs)
            response = view(request, *args, **kwargs)
            cacheable = (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and "private" not in response.get("Cache-Control", "")
                and "no-store" not in response.get("Cache-Control", "")
            )
            if cacheable:
                charset = response.charset or "utf-8"
                content = response.content.decode(charset)
                cache.set(
                    key,
                    (
                        _without_csrf_tokens(request, content),
                        response["Content-Type"],
                        response.get("Vary", ""),
                    ),
                    timeout,
                )
            return response

        return wrapped

    return decorator


# Each process's memory (settings.CACHES["fragments"]): what is cheap to keep per process
# and read many times a second (rendered fragments, rows of a list).
FRAGMENTS = "fragments"


def versioned(name, namespaces: tuple[str, ...], compute, *, timeout=600, alias=FRAGMENTS):
    """`compute()`'s value kept under `name` and the data versions of `namespaces`, so it
    is computed again only after a write bumps one of them: in each process's memory, or
    with `alias="default"` in the shared cache. None is never kept (asked again)."""
    key = f"{name}:{data_version(*namespaces)}"
    store = caches[alias]
    value = store.get(key)
    if value is None:
        value = compute()
        if value is not None:
            store.set(key, value, timeout)
    return value


class VersionedRows:
    """A list's count and pages, what the paginator (and `MergedList`) ask of it, kept in
    each process's memory under the data versions of `namespaces`, so any write to them
    changes the keys at once. Unpickling a page of rows costs a fraction of compiling and
    running its query.

    `rows`: the queryset, or a function that builds it (built only when the cache misses).
    `key`: names the rows (their filters, the viewer): two lists with the same key must
    have the same rows. A slice is read when first used, so a page whose rendering comes
    from the fragment cache reads nothing but the count; `list()` reads all of them now.
    """

    def __init__(self, rows, *, key, namespaces: tuple[str, ...], timeout: int = 600):
        self._rows = rows
        self.key = hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()
        self.namespaces = namespaces
        self.timeout = timeout
        self._count = None

    def queryset(self):
        """The rows as a queryset (for query plans and tests)."""
        return self._rows() if callable(self._rows) else self._rows

    def _cached(self, part: str, compute):
        return versioned(f"rows:{self.key}:{part}", self.namespaces, compute, timeout=self.timeout)

    def count(self) -> int:
        if self._count is None:
            self._count = self._cached("count", lambda: self.queryset().count())
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        return SimpleLazyObject(
            lambda: self._cached(f"{start}-{stop}", lambda: list(self.queryset()[start:stop]))
        )

    def list(self) -> list:
        return self._cached("all", lambda: list(self.queryset()))
