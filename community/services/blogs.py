"""Blog posts, their likes, views and comments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from community import permissions
from community.models import BlogComment, BlogPost, PostLike, PostView, Tag
from community.services.common import (
    DUPLICATE_SECONDS,
    Comments,
    clean_title,
    like_set,
    view_register,
)
from site_config.models import Upload
from site_config.richtext import html_to_text, sanitize_html
from site_config.uploads import upload_delete_later, upload_save

TAGS_MAX = 8


def tags_parse(raw: str | Iterable[str]) -> list[str]:
    """Tag names from "python, django" (or a list): trimmed, distinct, at most TAGS_MAX."""
    items = raw.split(",") if isinstance(raw, str) else raw
    names: dict[str, str] = {}
    for item in items:
        name = " ".join(str(item).strip().lstrip("#").split())[
            : Tag._meta.get_field("name").max_length
        ]
        if name and slugify(name, allow_unicode=True) and name.casefold() not in names:
            names[name.casefold()] = name
    if len(names) > TAGS_MAX:
        raise ValidationError({"tags": _("At most %(max)s tags.") % {"max": TAGS_MAX}})
    return list(names.values())


def tags_resolve(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        slug = slugify(name, allow_unicode=True)[:50]
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name.lower()})
        tags.append(tag)
    return tags


def _apply(post: BlogPost, *, title: str, body: str) -> None:
    post.title = clean_title(title, max_length=BlogPost._meta.get_field("title").max_length)
    clean = sanitize_html(body)
    text = html_to_text(clean)
    if not text and "<img" not in clean and "<iframe" not in clean:
        raise ValidationError({"body": _("Write the text of your post.")})
    post.body, post.body_text = clean, text


def _set_cover(post: BlogPost, cover: ContentFile | None, remove_cover: bool) -> None:
    old = post.cover.name if post.cover else ""
    if cover is not None:  # within the author's upload quota and rate
        upload_save(
            owner=post.author,
            file=post.cover,
            content=cover,
            kind=Upload.Kind.POST_COVER,
            field="cover",
        )
    elif remove_cover:
        post.cover = ""
    new = post.cover.name if post.cover else ""
    if old and old != new:
        upload_delete_later(name=old, storage=post.cover.storage)


@transaction.atomic
def blog_post_create(
    *,
    author: User,
    title: str,
    body: str,
    tags: str | Iterable[str] = "",
    cover: ContentFile | None = None,
    is_published: bool = True,
) -> BlogPost:
    """Write a post (a draft when not published); a double-submitted one is not doubled."""
    if not permissions.is_member(author):
        raise PermissionDenied(_("Log in to write in the blogs."))
    post = BlogPost(author=author, is_published=is_published)
    _apply(post, title=title, body=body)
    names = tags_parse(tags)
    User.objects.select_for_update().filter(pk=author.pk).exists()
    since = timezone.now() - timedelta(seconds=DUPLICATE_SECONDS)
    twin = BlogPost.objects.filter(
        author=author, title=post.title, body=post.body, created__gte=since
    ).first()
    if twin is not None:
        return twin
    _set_cover(post, cover, False)
    post.save()
    post.tags.set(tags_resolve(names))
    return post


@transaction.atomic
def blog_post_update(
    *,
    post: BlogPost,
    by: User,
    title: str,
    body: str,
    tags: str | Iterable[str] = "",
    cover: ContentFile | None = None,
    remove_cover: bool = False,
    is_published: bool = True,
) -> BlogPost:
    if not permissions.can_edit_blog_post(by, post):
        raise PermissionDenied(_("Only the author can edit this post."))
    _apply(post, title=title, body=body)
    names = tags_parse(tags)
    _set_cover(post, cover, remove_cover)
    post.is_published = is_published
    post.save()
    post.tags.set(tags_resolve(names))
    return post


@transaction.atomic
def blog_post_delete(*, post: BlogPost, by: User) -> None:
    if not permissions.can_edit_blog_post(by, post):
        raise PermissionDenied(_("Only the author can delete this post."))
    if post.cover:
        upload_delete_later(name=post.cover.name, storage=post.cover.storage)
    post.delete()


def blog_post_like(*, post: BlogPost, user: User, on: bool | None = None) -> bool:
    """Like a post (or take the like back); returns whether the user likes it now."""
    if not post.is_public:
        raise PermissionDenied(_("Drafts and hidden posts cannot be liked."))
    return like_set(obj=post, user=user, on=on, like_model=PostLike, parent_field="post")


def blog_post_register_view(*, post: BlogPost, visitor: str, pk: int | None = None) -> bool:
    """Count one view per visitor per day (reloads do not count); drafts count nothing.
    `post` may be lazy with its `pk` given: read only when the view counts."""
    return view_register(
        view_model=PostView,
        parent=post,
        pk=pk,
        parent_field="post",
        visitor=visitor,
        counts=lambda post: post.is_public,
    )


COMMENTS = Comments(
    model=BlogComment,
    parent_field="post",
    may_comment=permissions.can_comment_blog_post,
    may_edit=permissions.can_edit_blog_comment,
    refusal=lambda: _("You cannot comment on this post."),
)


def blog_comment_create(*, post: BlogPost, author: User, text: str) -> BlogComment:
    return COMMENTS.create(parent=post, author=author, text=text)


def blog_comment_update(*, comment: BlogComment, by: User, text: str) -> BlogComment:
    return COMMENTS.update(comment=comment, by=by, text=text)


def blog_comment_delete(*, comment: BlogComment, by: User) -> None:
    COMMENTS.delete(comment=comment, by=by)


def blog_comment_set_hidden(*, comment: BlogComment, hidden: bool) -> None:
    """Moderation (the caller is staff): hide a comment or show it again."""
    COMMENTS.set_hidden(comment=comment, hidden=hidden)
