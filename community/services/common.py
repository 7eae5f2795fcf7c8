"""Pieces the community's areas share: toggles and likes, daily views, counters, plain
text, and the plain-text comments of blog posts and videos (`Comments`)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import escape, urlize
from django.utils.translation import gettext as _

from community import permissions
from site_config.cache import bump
from site_config.ratelimit import client_ip
from site_config.richtext import sanitize_html

# The same text from the same author on the same page within this window is a double
# submit (a second click, a retried request): the first comment is returned.
DUPLICATE_SECONDS = 60
# How long "this visitor was counted today" is remembered in front of the database.
VIEW_MARK_SECONDS = 26 * 3600


def visitor_key(request) -> str:
    """Who is looking, for "one view per visitor per day": the member; else the browser's
    session when it has one; else its address and user agent. Reading creates no session
    (no write and no cookie per anonymous page view), so a client that keeps no cookies —
    a crawler, a link preview — is still one visitor, not one per reload. Stored hashed."""
    if request.user.is_authenticated:
        raw = f"user:{request.user.pk}"
    elif request.session.session_key:
        raw = f"session:{request.session.session_key}"
    else:
        agent = request.META.get("HTTP_USER_AGENT", "")[:300]
        raw = f"client:{client_ip(request)}:{agent}"
    return hashlib.sha256(raw.encode()).hexdigest()


def view_register(
    *, view_model, parent, parent_field: str, visitor: str, pk: int | None = None, counts=None
) -> bool:
    """Count a view of `parent` once per visitor per day; returns whether it counted.

    The database's unique row decides; a cache mark in front of it answers a reload of the
    same day without a write (a lost or evicted mark only costs the refused insert).
    `parent` may be lazy (a page served from the cache) with its `pk` given: it is read
    only for the visitor's first view of the day. `counts(parent)`: whether it counts at
    all (a draft, a hidden video do not)."""
    pk = parent.pk if pk is None else pk
    day = timezone.localdate()
    seen_key = f"viewed:{view_model._meta.label_lower}:{pk}:{visitor}:{day.isoformat()}"
    if not cache.add(seen_key, 1, timeout=VIEW_MARK_SECONDS):
        return False
    if counts is not None and not counts(parent):
        return False
    try:
        with transaction.atomic():
            view_model.objects.create(**{f"{parent_field}_id": pk, "visitor": visitor, "day": day})
    except IntegrityError:
        return False  # this visitor was counted today already (or a parallel reload was)
    parent.__class__.objects.filter(pk=pk).update(view_count=F("view_count") + 1)
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
    bump("community")  # update() sends no signals: the cached lists must learn of it
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


def like_set(*, obj, user, on: bool | None, like_model, parent_field: str) -> bool:
    """Like `obj` (or take the like back) and recount its `like_count` from the rows:
    the one like toggle behind posts, threads, forum posts, videos and comments."""
    if not permissions.is_member(user):
        raise PermissionDenied(_("Log in to like."))
    with transaction.atomic():
        liked = toggle(model=like_model, lookup={parent_field: obj, "user": user}, on=on)
        count_refresh(
            parent=obj, field="like_count", rows=like_model.objects, parent_field=parent_field
        )
    return liked


@dataclass(frozen=True)
class Comments:
    """Plain-text comments under one kind of page (a blog post, a video): writing one
    (a double submit returns the first), editing, deleting and hiding, with the page's
    `comment_count` recounted from the visible rows each time."""

    model: type  # BlogComment, VideoComment
    parent_field: str  # "post", "video"
    may_comment: Callable  # predicate (user, parent)
    may_edit: Callable  # predicate (user, comment)
    refusal: Callable[[], str]  # the reason when may_comment says no (translated now)

    def refresh_count(self, parent) -> None:
        count_refresh(
            parent=parent,
            field="comment_count",
            rows=self.model.objects.filter(is_hidden=False),
            parent_field=self.parent_field,
        )

    def create(self, *, parent, author, text: str):
        if not self.may_comment(author, parent):
            raise PermissionDenied(self.refusal())
        text = clean_plain_text(text, max_length=self.model.TEXT_MAX_LENGTH)
        with transaction.atomic():
            # One writer per page at a time: the double-submit check below then holds.
            type(parent).objects.select_for_update().filter(pk=parent.pk).exists()
            since = timezone.now() - timedelta(seconds=DUPLICATE_SECONDS)
            lookup = {self.parent_field: parent, "author": author, "text": text}
            twin = self.model.objects.filter(**lookup, created__gte=since).first()
            if twin is not None:
                return twin
            comment = self.model.objects.create(**lookup)
            self.refresh_count(parent)
        return comment

    def update(self, *, comment, by, text: str):
        if not self.may_edit(by, comment):
            raise PermissionDenied(_("Only the author can edit this comment."))
        comment.text = clean_plain_text(text, max_length=self.model.TEXT_MAX_LENGTH)
        comment.save(update_fields=["text", "updated"])
        return comment

    def delete(self, *, comment, by) -> None:
        if not self.may_edit(by, comment):
            raise PermissionDenied(_("Only the author can delete this comment."))
        parent = getattr(comment, self.parent_field)
        with transaction.atomic():
            comment.delete()
            self.refresh_count(parent)

    def set_hidden(self, *, comment, hidden: bool) -> None:
        """Moderation (the caller checked it is staff): hide a comment or show it again."""
        with transaction.atomic():
            self.model.objects.filter(pk=comment.pk).update(is_hidden=hidden)
            bump("community")
            comment.is_hidden = hidden
            self.refresh_count(getattr(comment, self.parent_field))


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
