"""Pagination the same way on every list: `paginate()` and `includes/pagination.html`."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


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
