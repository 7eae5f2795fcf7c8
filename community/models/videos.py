"""Videos: an uploaded file (mp4/webm) or a YouTube/VK/Rutube link, comments and likes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class VideoQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated and user.is_staff:
            return self.all()
        if user.is_authenticated:
            return self.filter(Q(is_hidden=False) | Q(uploader=user))
        return self.filter(is_hidden=False)


class Video(models.Model):
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="videos",
        verbose_name=_("uploader"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    file = models.FileField(_("video file"), upload_to="videos/", blank=True)
    content_type = models.CharField(_("file type"), max_length=20, blank=True, editable=False)
    poster = models.ImageField(_("poster"), upload_to="videos/posters/", blank=True)
    source_url = models.URLField(_("link"), max_length=500, blank=True)
    embed_url = models.URLField(_("embed address"), max_length=500, blank=True, editable=False)
    thumbnail_url = models.URLField(_("thumbnail"), max_length=500, blank=True, editable=False)
    is_hidden = models.BooleanField(_("hidden by moderators"), default=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = VideoQuerySet.as_manager()

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["is_hidden", "-created"], name="video_list_idx"),
            # The public list in its exact order (tests/test_query_plans.py).
            models.Index(
                fields=["-created", "-id"], name="video_public_idx", condition=Q(is_hidden=False)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(embed_url=""), name="video_has_file_or_link"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:video_detail", args=[self.pk])

    @property
    def is_upload(self) -> bool:
        return bool(self.file)

    @property
    def poster_url(self) -> str:
        # Only our own uploads: a remote thumbnail (i.ytimg.com) would tell the video host
        # every reader's IP, and the CSP's img-src is 'self'. Link videos show a placeholder.
        return self.poster.url if self.poster else ""


class VideoLike(models.Model):
    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="video_likes"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("video like")
        verbose_name_plural = _("video likes")
        constraints = [
            models.UniqueConstraint(fields=["video", "user"], name="video_like_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.pk}"


class VideoView(models.Model):
    video = models.ForeignKey(Video, on_delete=models.CASCADE, related_name="views")
    visitor = models.CharField(_("visitor"), max_length=64)
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("video view")
        verbose_name_plural = _("video views")
        constraints = [
            models.UniqueConstraint(
                fields=["video", "visitor", "day"], name="video_view_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk}"


class VideoComment(models.Model):
    TEXT_MAX_LENGTH = 3000

    video = models.ForeignKey(
        Video, on_delete=models.CASCADE, related_name="comments", verbose_name=_("video")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="video_comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    is_hidden = models.BooleanField(_("hidden by moderators"), default=False)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("video comment")
        verbose_name_plural = _("video comments")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["video", "-created"], name="video_comment_idx")]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return f"{self.video.get_absolute_url()}#comment-{self.pk}"

    @property
    def was_edited(self) -> bool:
        return (self.updated - self.created).total_seconds() > 60


class VideoCommentLike(models.Model):
    comment = models.ForeignKey(VideoComment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="video_comment_likes"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("video comment like")
        verbose_name_plural = _("video comment likes")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"], name="video_comment_like_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pk}"
