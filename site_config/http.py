"""Refusals and redirects, one way for every app.

Services raise `PermissionDenied(reason)`; Django's 403 handler (`site_config.views.
error_403`) renders the designed page with that reason. Views that refuse on their own
call `forbidden(request, reason)`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


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


# ---- Private files: the one way a stored upload is handed to someone allowed to have it

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def download_name(name: str, *, fallback: str = "file") -> str:
    """A file name safe to offer for download: no folders, control characters or quotes
    (they could forge headers or paths on the client), no leading dots, at most 150
    characters with the extension kept."""
    name = unicodedata.normalize("NFC", str(name or "")).rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    name = " ".join(_UNSAFE_NAME.sub("_", name).split()).lstrip(".").strip("_ ")
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 149 - len(ext)]}.{ext}" if dot and len(ext) <= 16 else name[:150]
    return name or fallback


def file_download(stored_file, *, filename: str = "", fallback: str = "file") -> FileResponse:
    """A permission-checked upload (the caller checked) as an attachment, never inline:
    the browser saves it instead of rendering it under the site's origin. A file gone
    from storage is a 404."""
    if not stored_file:
        raise Http404(_("No file was attached."))
    try:
        handle = stored_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("The file is gone.")) from None
    name = download_name(filename or stored_file.name, fallback=fallback)
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class _Echo:
    """A file-like object whose write returns the line: csv.writer then yields rows."""

    def write(self, value):
        return value


def csv_download(rows, *, filename: str) -> StreamingHttpResponse:
    """Rows (lists) as a CSV attachment, streamed row by row (a big table never sits in
    memory); cells starting with = + - @ are quoted as text so spreadsheets do not run
    them as formulas."""
    writer = csv.writer(_Echo())

    def safe(cell):
        if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + cell
        return cell

    response = StreamingHttpResponse(
        (writer.writerow([safe(cell) for cell in row]) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{download_name(filename)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
