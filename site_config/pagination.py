"""Pagination the same way on every list: `paginate()` and `includes/pagination.html`."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils.functional import SimpleLazyObject


def parse_int(value) -> int | None:
    """A positive integer that fits the database, or None (for ids and page sizes from URLs)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def paginate(request, items, per_page: int, *, param: str = "page") -> Page:
    """A page of items; a missing, bad or too large `?page=` gives a valid page."""
    return Paginator(items, per_page).get_page(request.GET.get(param))


def page_number(request) -> int | None:
    """The `?page=` a list page was on, to come back to it after an action; None for the
    first page or anything that is not a page number (the paginator clamps big ones)."""
    raw = request.GET.get("page", "")
    if raw.isascii() and raw.isdigit() and len(raw) <= 9 and int(raw) > 1:
        return int(raw)
    return None


def with_page(url: str, request) -> str:
    """`url` on the same `?page=` as the request (after a POST from a paged list)."""
    page = page_number(request)
    return f"{url}?page={page}" if page else url


MAX_TABLE_PER_PAGE = 100


def table_paginate(request, table, per_page: int, *, max_per_page: int = MAX_TABLE_PER_PAGE):
    """Sort a django-tables2 table by `?sort=` and show one page of it. `?per_page=` may
    ask for 1..max_per_page rows; anything else (0, -1, "all", huge) means `per_page`, and
    a bad `?page=` gives a valid page, as `paginate()` does."""
    from django.core.paginator import EmptyPage, PageNotAnInteger
    from django_tables2 import RequestConfig

    RequestConfig(request, paginate=False).configure(table)  # the ordering only
    requested = parse_int(request.GET.get(table.prefixed_per_page_field))
    size = min(requested, max_per_page) if requested else per_page
    page = request.GET.get(table.prefixed_page_field, 1)
    try:
        table.paginate(page=page, per_page=size)
    except PageNotAnInteger:
        table.paginate(page=1, per_page=size)
    except EmptyPage:
        table.paginate(page=table.paginator.num_pages, per_page=size)
    return table


CACHED_ROWS_TIMEOUT = 600


class CachedRows:
    """A list's count and pages, what `paginate()` (and `MergedList`) ask of it, cached under
    `key` and the data versions of `namespaces` (`site_config.cache.data_version`), so a
    write shows at once. `rows()` builds the queryset, only when the cache misses; a page
    is read when first used, so a page whose rendering comes from the fragment cache
    reads nothing but the count."""

    def __init__(self, rows, *, key: tuple, namespaces: tuple[str, ...]):
        from site_config.cache import data_version

        self.rows = rows
        raw = repr((data_version(*namespaces), key)).encode()
        self.key = "rows:" + hashlib.blake2b(raw, digest_size=16).hexdigest()
        self._count = None

    def _cached(self, suffix: str, compute):
        key = f"{self.key}:{suffix}"
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, CACHED_ROWS_TIMEOUT)
        return value

    def count(self) -> int:
        if self._count is None:
            self._count = self._cached("count", lambda: self.rows().count())
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        return SimpleLazyObject(
            lambda: self._cached(f"{start}:{stop}", lambda: list(self.rows()[start:stop]))
        )
