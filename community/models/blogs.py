"""Blogs: posts with a rich body, tags, likes, plain-text comments and daily views."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BlogPostQuerySet(models.QuerySet):
    def public(self):
        """Published posts moderators did not hide: what everyone sees."""
        return self.filter(is_published=True, is_hidden=False)

    def visible_to(self, user):
        """Public posts plus, for their author, drafts and hidden ones; staff see all."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        if user.is_authenticated:
            return self.filter(Q(is_published=True, is_hidden=False) | Q(author=user))
        return self.public()


class BlogPost(models.Model):
    """A blog post written with the rich-text editor (stored sanitized)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blog_posts",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    body_text = models.TextField(_("plain text"), blank=True, editable=False)
    cover = models.ImageField(_("cover"), upload_to="blogs/covers/", blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("tags"))
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Drafts are seen only by their author.")
    )
    is_hidden = models.BooleanField(_("hidden by moderators"), default=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = BlogPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(
                fields=["-created", "-id"],
                name="blog_public_idx",
                condition=Q(is_published=True, is_hidden=False),
            ),
            models.Index(fields=["author", "-created"], name="blog_author_idx"),
            # "My posts" in its exact order (tests/test_query_plans.py).
            models.Index(fields=["author", "-created", "-id"], name="blog_author_list_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:blog_detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.is_published and not self.is_hidden

    @property
    def was_edited(self) -> bool:
        return (self.updated - self.created).total_seconds() > 60


class PostLike(models.Model):
    post = models.ForeignKey(BlogPost, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blog_likes"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("blog like")
        verbose_name_plural = _("blog likes")
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="blog_like_once_per_user")
        ]
        indexes = [models.Index(fields=["post", "created"], name="blog_like_recent_idx")]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.post}"


class PostView(models.Model):
    """One visitor (a member or an anonymous session) read a post on one day."""

    post = models.ForeignKey(BlogPost, on_delete=models.CASCADE, related_name="views")
    visitor = models.CharField(_("visitor"), max_length=64)
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("blog view")
        verbose_name_plural = _("blog views")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "visitor", "day"], name="blog_view_once_per_day"
            )
        ]
        indexes = [models.Index(fields=["post", "day"], name="blog_view_recent_idx")]

    def __str__(self) -> str:
        return f"{self.post} · {self.day}"


class BlogComment(models.Model):
    TEXT_MAX_LENGTH = 3000

    post = models.ForeignKey(
        BlogPost, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="blog_comments",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    is_hidden = models.BooleanField(_("hidden by moderators"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("blog comment")
        verbose_name_plural = _("blog comments")
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["post", "created"], name="blog_comment_post_idx")]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @property
    def was_edited(self) -> bool:
        return (self.updated - self.created).total_seconds() > 60
