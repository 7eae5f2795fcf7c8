"""Blog reads: the list with search and tags, the popular ranking, one post, comments."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.selectors import case_variants, search_query
from community.models import BlogComment, BlogPost, PostLike, PostView, Tag

POPULAR_DAYS = 30
# score = LIKE_WEIGHT × likes + COMMENT_WEIGHT × comments + views, each counted over the
# last POPULAR_DAYS days (README.md, "Community").
LIKE_WEIGHT = 5
COMMENT_WEIGHT = 3
VIEW_WEIGHT = 1


def _search(posts: QuerySet[BlogPost], query: str) -> QuerySet[BlogPost]:
    if settings.IS_POSTGRES:
        terms = re.findall(r"\w+", query)[:10]
        if not terms:
            return posts
        tsquery = SearchQuery(
            " & ".join(f"{term}:*" for term in terms), config="russian", search_type="raw"
        )
        vector = SearchVector("title", "body_text", config="russian")
        return posts.annotate(search=vector).filter(search=tsquery)
    condition = Q()
    for variant in case_variants(query):
        condition |= Q(title__icontains=variant) | Q(body_text__icontains=variant)
    return posts.filter(condition)


def _for_cards(posts: QuerySet[BlogPost]) -> QuerySet[BlogPost]:
    return posts.select_related("author").prefetch_related("tags").defer("body")


def blog_list(
    *, viewer, query: str = "", tag: Tag | None = None, mine: bool = False
) -> QuerySet[BlogPost]:
    """Newest first: public posts, or (mine) the viewer's own including drafts."""
    if mine and viewer.is_authenticated:
        posts = BlogPost.objects.filter(author=viewer)
    else:
        posts = BlogPost.objects.public()
    if tag is not None:
        posts = posts.filter(tags=tag)
    query = search_query(query)
    if query:
        posts = _search(posts, query)
    return _for_cards(posts).order_by("-created", "-id")


def _recent_count(model, *, since, field: str, extra: dict | None = None):
    rows = (
        model.objects.filter(post=OuterRef("pk"), **{f"{field}__gte": since}, **(extra or {}))
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), Value(0))


def blog_popular(*, now=None, days: int = POPULAR_DAYS) -> QuerySet[BlogPost]:
    """Public posts ranked by what happened to them in the last `days` days, computed in
    the database: score = 5·likes + 3·comments + 1·views (views once per visitor a day)."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    since_day = timezone.localdate(now) - timedelta(days=days)
    posts = BlogPost.objects.public().annotate(
        recent_likes=_recent_count(PostLike, since=since, field="created"),
        recent_comments=_recent_count(
            BlogComment, since=since, field="created", extra={"is_hidden": False}
        ),
        recent_views=_recent_count(PostView, since=since_day, field="day"),
    )
    posts = posts.annotate(
        score=F("recent_likes") * LIKE_WEIGHT
        + F("recent_comments") * COMMENT_WEIGHT
        + F("recent_views") * VIEW_WEIGHT
    ).filter(score__gt=0)
    return _for_cards(posts).order_by("-score", "-created", "-id")


def blog_post_for_viewer(*, viewer, pk: int) -> BlogPost:
    """One post the viewer may read (drafts only for the author); DoesNotExist otherwise."""
    posts = BlogPost.objects.visible_to(viewer).select_related("author").prefetch_related("tags")
    if viewer.is_authenticated:
        posts = posts.annotate(
            liked=Exists(PostLike.objects.filter(post=OuterRef("pk"), user=viewer))
        )
    return posts.get(pk=pk)


def blog_comments(*, post: BlogPost, viewer) -> QuerySet[BlogComment]:
    comments = post.comments.select_related("author")
    if not (viewer.is_authenticated and viewer.is_staff):
        comments = comments.filter(is_hidden=False)
    return comments.order_by("created", "id")


def tags_popular(limit: int = 20) -> list[Tag]:
    return list(
        Tag.objects.annotate(
            n=Count("posts", filter=Q(posts__is_published=True, posts__is_hidden=False))
        )
        .filter(n__gt=0)
        .order_by("-n", "name")[:limit]
    )


def home_blog_posts(limit: int = 3) -> list[BlogPost]:
    return list(_for_cards(BlogPost.objects.public()).order_by("-created", "-id")[:limit])
