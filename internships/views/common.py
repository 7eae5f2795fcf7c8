"""Small helpers the internships views share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def template_for(request, template_name: str, partial: str) -> str:
    """The partial for an HTMX request, the whole page otherwise.

    A history-restore request (back button after a cache miss) wants the whole page.
    https://django-htmx.readthedocs.io/en/latest/middleware.html
    """
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return f"{template_name}#{partial}"
    return template_name


def vary_on_htmx(response):
    """The same URL answers with a page or a partial: caches must keep them apart."""
    patch_vary_headers(response, ["HX-Request"])
    return response


def error_text(error: ValidationError) -> str:
    """One readable sentence from a service's ValidationError."""
    return " ".join(str(message) for message in error.messages)


def forbidden(request, reason: str):
    """A 403 page that says why (e.g. "Only employers can publish postings.")."""
    return render(request, "internships/forbidden.html", {"reason": reason}, status=403)
