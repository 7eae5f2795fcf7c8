"""Video reads: the grid, one video, its comments."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.selectors import case_variants, search_query
from community.models import Video, VideoComment, VideoCommentLike, VideoLike


def video_list(*, viewer, query: str = "") -> QuerySet[Video]:
    videos = Video.objects.filter(is_hidden=False)
    query = search_query(query)
    if query:
        condition = Q()
        for variant in case_variants(query):
            condition |= Q(title__icontains=variant) | Q(description__icontains=variant)
        videos = videos.filter(condition)
    return videos.select_related("uploader").defer("description").order_by("-created", "-id")


def video_for_viewer(*, viewer, pk: int) -> Video:
    videos = Video.objects.visible_to(viewer).select_related("uploader")
    if viewer.is_authenticated:
        videos = videos.annotate(
            liked=Exists(VideoLike.objects.filter(video=OuterRef("pk"), user=viewer))
        )
    return videos.get(pk=pk)


def video_comments(*, video: Video, viewer) -> QuerySet[VideoComment]:
    comments = video.comments.select_related("author")
    if not (viewer.is_authenticated and viewer.is_staff):
        comments = comments.filter(is_hidden=False)
    if viewer.is_authenticated:
        comments = comments.annotate(
            liked=Exists(VideoCommentLike.objects.filter(comment=OuterRef("pk"), user=viewer))
        )
    return comments.order_by("-created", "-id")


def home_videos(limit: int = 4) -> list[Video]:
    videos = Video.objects.filter(is_hidden=False).select_related("uploader")
    return list(videos.defer("description").order_by("-created", "-id")[:limit])
