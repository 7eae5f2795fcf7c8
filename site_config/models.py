"""Site-wide models: the record of every file a user stored (site_config.uploads)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Upload(models.Model):
    """One stored user file: what counts toward the owner's quota, and what the hourly
    cleanup deletes once no content references it (site_config.uploads)."""

    class Kind(models.TextChoices):
        AVATAR = "avatar", _("Avatar")
        AVATAR_HELD = "avatar_held", _("Avatar kept for a form")
        EDITOR_IMAGE = "editor_image", _("Image in a text")
        COURSE_COVER = "course_cover", _("Course cover")
        MATERIAL = "material", _("Lesson material")
        SUBMISSION = "submission", _("Assignment file")
        POST_COVER = "post_cover", _("Post cover")
        VIDEO = "video", _("Video")
        VIDEO_POSTER = "video_poster", _("Video poster")
        OTHER = "other", _("Other")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,  # the file stays until the cleanup finds it unused
        null=True,
        blank=True,
        related_name="uploads",
    )
    name = models.CharField(_("file"), max_length=255, unique=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    created = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["owner", "created"], name="upload_owner_created")]

    def __str__(self) -> str:
        return self.name
