"""Forums: staff-made forums, threads, posts, likes, bookmarks, subscriptions, visits."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Forum(models.Model):
    title = models.CharField(_("title"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # Kept by the forum services (`forum_refresh`, F() increments on a reply): the forum
    # list reads them instead of counting every post of every forum on each view.
    thread_count = models.PositiveIntegerField(_("threads"), default=0, editable=False)
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    last_post = models.ForeignKey(
        "ForumPost",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("latest post"),
    )

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["order", "id"], name="forum_order_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:forum_detail", args=[self.pk])


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.filter(is_hidden=False)


class Thread(models.Model):
    TITLE_MAX_LENGTH = 200

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="threads", verbose_name=_("forum")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_threads",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden by moderators"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    # Kept by the services (a reply, a hidden post): lists sort and count without joins.
    last_activity = models.DateTimeField(_("last activity"), db_index=True)
    last_post = models.ForeignKey(
        "ForumPost",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last post"),
    )
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    like_count = models.PositiveIntegerField(_("likes"), default=0)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-is_pinned", "-last_activity", "-id"]
        indexes = [
            models.Index(
                fields=["forum", "is_hidden", "-is_pinned", "-last_activity"],
                name="forum_thread_list_idx",
            ),
            # A forum's visible threads in their exact order (tests/test_query_plans.py).
            models.Index(
                fields=["forum", "-is_pinned", "-last_activity", "-id"],
                name="forum_thread_public_idx",
                condition=Q(is_hidden=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:thread_detail", args=[self.forum_id, self.pk])


class ForumPostQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.filter(is_hidden=False)


class ForumPost(models.Model):
    """A post in a thread: plain text (links and @mentions become links), stored with its
    sanitized HTML rendering; the thread's first post is its opening message."""

    TEXT_MAX_LENGTH = 10000

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_posts",
        verbose_name=_("author"),
    )
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    html = models.TextField(_("HTML"), editable=False, blank=True)
    quote = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quoted post"),
    )
    is_hidden = models.BooleanField(_("hidden by moderators"), default=False)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    edited = models.DateTimeField(_("edited"), null=True, blank=True)

    objects = ForumPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum post")
        verbose_name_plural = _("forum posts")
        ordering = ["created", "id"]
        indexes = [
            models.Index(fields=["thread", "is_hidden", "id"], name="forum_post_thread_idx"),
            models.Index(fields=["author", "-created"], name="forum_post_author_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("community:post_jump", args=[self.pk])


class _UserThreadRow(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.user_id} · {self.pk}"


class ThreadLike(_UserThreadRow):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_likes"
    )

    class Meta:
        verbose_name = _("thread like")
        verbose_name_plural = _("thread likes")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_like_once_per_user")
        ]


class ForumPostLike(_UserThreadRow):
    post = models.ForeignKey(ForumPost, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_post_likes"
    )

    class Meta:
        verbose_name = _("forum post like")
        verbose_name_plural = _("forum post likes")
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="forum_post_like_once_per_user")
        ]


class ThreadBookmark(_UserThreadRow):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="bookmarks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_bookmarks"
    )

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_bookmark_once")
        ]
        indexes = [models.Index(fields=["user", "-created"], name="thread_bookmark_user_idx")]


class ThreadSubscription(_UserThreadRow):
    """Replies notify the subscriber in the app; a mail goes out at most once until they
    visit the thread again (`mailed_at` is cleared by the visit)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_subscriptions"
    )
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("thread subscription")
        verbose_name_plural = _("thread subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_subscription_once")
        ]


class ThreadVisit(models.Model):
    """How far a member has read a thread: the newest post id they were shown."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_visits"
    )
    last_read_post_id = models.PositiveBigIntegerField(_("last read post"), default=0)
    visited = models.DateTimeField(_("visited"), auto_now=True)

    class Meta:
        verbose_name = _("thread visit")
        verbose_name_plural = _("thread visits")
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="thread_visit_once")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.thread_id}"
