"""Pieces the community's areas share: toggles, daily views, counters, plain text."""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import escape, urlize
from django.utils.translation import gettext as _

from site_config.richtext import sanitize_html


def visitor_key(request) -> str:
    """Who is looking, for "one view per visitor per day": the member, else the browser's
    session (created on the first visit); stored hashed, never the session key itself."""
    if request.user.is_authenticated:
        raw = f"user:{request.user.pk}"
    else:
        if not request.session.session_key:
            request.session["community_visitor"] = True
            request.session.save()
        raw = f"session:{request.session.session_key}"
    return hashlib.sha256(raw.encode()).hexdigest()


def view_register(*, view_model, parent, parent_field: str, visitor: str) -> bool:
    """Count a view of `parent` once per visitor per day; returns whether it counted."""
    day = timezone.localdate()
    try:
        with transaction.atomic():
            view_model.objects.create(**{parent_field: parent, "visitor": visitor, "day": day})
    except IntegrityError:
        return False  # this visitor was counted today already (or a parallel reload was)
    type(parent).objects.filter(pk=parent.pk).update(view_count=F("view_count") + 1)
    parent.view_count += 1
    return True


def count_refresh(*, parent, field: str, rows, parent_field: str) -> int:
    """Recount a denormalized counter in one UPDATE from the rows themselves (so parallel
    toggles never leave it off by one); returns the new value."""
    count = (
        rows.filter(**{parent_field: OuterRef("pk")})
        .order_by()
        .values(parent_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    model = type(parent)
    model.objects.filter(pk=parent.pk).update(**{field: Coalesce(Subquery(count), Value(0))})
    value = model.objects.filter(pk=parent.pk).values_list(field, flat=True).first() or 0
    setattr(parent, field, value)
    return value


def toggle(*, model, lookup: dict, on: bool | None) -> bool:
    """Set a one-per-user row (a like, a bookmark) on or off; `on=None` flips it.

    Idempotent when `on` is given (a double click sends the same wish twice) and safe
    under races: the unique constraint settles two parallel "on"s. Returns the new state.
    """
    with transaction.atomic():
        exists = model.objects.filter(**lookup).exists()
        wanted = (not exists) if on is None else on
        if wanted and not exists:
            try:
                with transaction.atomic():
                    model.objects.create(**lookup)
            except IntegrityError:
                pass  # the same row was just created by a parallel request
        elif not wanted and exists:
            model.objects.filter(**lookup).delete()
    return wanted


def clean_title(title: str, *, max_length: int, field: str = "title") -> str:
    title = " ".join((title or "").split())
    if not 3 <= len(title) <= max_length:
        raise ValidationError(
            {field: _("The title must be 3 to %(max)s characters long.") % {"max": max_length}}
        )
    return title


def clean_plain_text(text: str, *, max_length: int, field: str = "text") -> str:
    text = (text or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({field: _("Write something first.")})
    if len(text) > max_length:
        raise ValidationError({field: _("Keep it under %(max)s characters.") % {"max": max_length}})
    return text


_TAG = re.compile(r"(<[^>]*>)")


def text_to_html(text: str, *, replace=None) -> str:
    """Plain text as safe HTML: escaped, links made clickable, paragraphs and line breaks
    kept; `replace(fragment)` may rewrite the escaped text between tags (mentions)."""
    linked = urlize(escape(text), nofollow=True, autoescape=False)
    if replace is not None:
        parts = _TAG.split(linked)
        inside_link = False
        for index, part in enumerate(parts):
            if part.startswith("<a "):
                inside_link = True
            elif part == "</a>":
                inside_link = False
            elif not part.startswith("<") and not inside_link:
                parts[index] = replace(part)
        linked = "".join(parts)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", linked) if p.strip()]
    html = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return sanitize_html(html)
