"""The community's admin-activity sources (registered in `apps.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from community.models import BlogComment, BlogPost, ForumPost, Report, Thread, Video, VideoComment
from site_config.activity import Source, counts, events


def _source(model, *, key, label, event_label, queryset, title, actor) -> Source:
    return (
        model,
        lambda window: [counts(model, key=key, label=label, field="created", window=window)],
        lambda limit: events(
            queryset,
            kind=key,
            label=event_label,
            when="created",
            title=title,
            actor=actor,
            limit=limit,
        ),
    )


def sources() -> Iterable[Source]:
    yield _source(
        BlogPost,
        key="blog_posts",
        label=_("Blog posts"),
        event_label=_("Blog post written"),
        queryset=BlogPost.objects.select_related("author").defer("body", "body_text"),
        title=lambda post: post.title,
        actor=lambda post: post.author,
    )
    yield _source(
        BlogComment,
        key="blog_comments",
        label=_("Blog comments"),
        event_label=_("Blog comment"),
        queryset=BlogComment.objects.select_related("author", "post").defer(
            "post__body", "post__body_text"
        ),
        title=lambda comment: comment.post.title,
        actor=lambda comment: comment.author,
    )
    yield _source(
        Thread,
        key="threads",
        label=_("Forum threads"),
        event_label=_("Thread started"),
        queryset=Thread.objects.select_related("author"),
        title=lambda thread: thread.title,
        actor=lambda thread: thread.author,
    )
    yield _source(
        ForumPost,
        key="forum_posts",
        label=_("Forum posts"),
        event_label=_("Forum reply"),
        queryset=ForumPost.objects.select_related("author", "thread").defer("html", "text"),
        title=lambda post: post.thread.title,
        actor=lambda post: post.author,
    )
    yield _source(
        Video,
        key="videos",
        label=_("Videos"),
        event_label=_("Video shared"),
        queryset=Video.objects.select_related("uploader").defer("description"),
        title=lambda video: video.title,
        actor=lambda video: video.uploader,
    )
    yield _source(
        VideoComment,
        key="video_comments",
        label=_("Video comments"),
        event_label=_("Video comment"),
        queryset=VideoComment.objects.select_related("author", "video").defer("video__description"),
        title=lambda comment: comment.video.title,
        actor=lambda comment: comment.author,
    )
    yield _source(
        Report,
        key="reports",
        label=_("Abuse reports"),
        event_label=_("Content reported"),
        queryset=Report.objects.select_related("reporter", "content_type"),
        title=lambda report: str(report),
        actor=lambda report: report.reporter,
    )
