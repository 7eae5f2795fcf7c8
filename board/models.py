"""Board: the MMORPG fan-server bulletin board, responses to ads, and staff newsletters."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from site_config.richtext import SanitizedHTMLField


class Category(models.TextChoices):
    """The ten fixed categories; the values are stable slugs used in `?category=`."""

    TANKS = "tanks", _("Tanks")
    HEALERS = "healers", _("Healers")
    DD = "dd", _("DD")
    TRADERS = "traders", _("Traders")
    GUILDMASTERS = "guildmasters", _("Guildmasters")
    QUESTGIVERS = "questgivers", _("Questgivers")
    BLACKSMITHS = "blacksmiths", _("Blacksmiths")
    LEATHERWORKERS = "leatherworkers", _("Leatherworkers")
    POTION_MAKERS = "potion-makers", _("Potion makers")
    SPELLMASTERS = "spellmasters", _("Spellmasters")


class AdQuerySet(models.QuerySet):
    def visible(self):
        """Ads on the public board (not hidden by moderators)."""
        return self.filter(is_hidden=False)

    def visible_to(self, user):
        """Public ads plus, for their author (and staff), hidden ones."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        if user.is_authenticated:
            return self.filter(Q(is_hidden=False) | Q(author=user))
        return self.visible()

    def listed_for(self, user):
        """The board's list: public ads, plus the viewer's own hidden ones (with a badge)."""
        if user.is_authenticated:
            return self.filter(Q(is_hidden=False) | Q(author=user))
        return self.visible()

    def in_category(self, category: str):
        return self.filter(category=category) if category in Category.values else self

    def by(self, user):
        return self.filter(author=user)


class Ad(models.Model):
    """An ad on the board, written with the rich-text editor (stored sanitized)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="board_ads",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=150)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    body = SanitizedHTMLField(_("text"))
    # Plain text of the body: the teaser on the list and what search looks at.
    body_text = models.TextField(_("plain text"), blank=True, editable=False)
    # The first picture of the body (for the card on the list) and whether it embeds a video.
    cover_url = models.CharField(_("cover picture"), max_length=500, blank=True, editable=False)
    has_video = models.BooleanField(_("has a video"), default=False, editable=False)
    is_hidden = models.BooleanField(
        _("hidden"),
        default=False,
        help_text=_("Hidden by moderators: not on the public board; the author still sees it."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = AdQuerySet.as_manager()

    class Meta:
        verbose_name = _("ad")
        verbose_name_plural = _("ads")
        ordering = ["-created", "-id"]
        # Partial indexes over the public ads, in the list's exact order (-created, -id):
        # Django writes `filter(is_hidden=False)` as `WHERE NOT "is_hidden"`, which neither
        # SQLite nor PostgreSQL can match to an `(is_hidden, created)` index (a full scan and
        # a sort at 10,000 ads); a partial index with that same condition they do use.
        # tests/test_query_plans.py keeps it so on both databases.
        indexes = [
            models.Index(
                fields=["-created", "-id"],
                condition=Q(is_hidden=False),
                name="board_ad_public_idx",
            ),
            models.Index(
                fields=["category", "-created", "-id"],
                condition=Q(is_hidden=False),
                name="board_ad_category_idx",
            ),
            models.Index(fields=["author", "-created", "-id"], name="board_ad_author_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("board:ad_detail", args=[self.pk])

    @property
    def was_edited(self) -> bool:
        return (self.updated - self.created).total_seconds() > 60


class ResponseQuerySet(models.QuerySet):
    def to_ads_of(self, user):
        """Responses to the ads this user wrote (through the denormalized `ad_author`)."""
        return self.filter(ad_author=user)

    def sent_by(self, user):
        return self.filter(author=user)

    def pending(self):
        return self.filter(status=Response.Status.PENDING)

    def accepted(self):
        return self.filter(status=Response.Status.ACCEPTED)


class Response(models.Model):
    """A player's reply to an ad; the ad's author may accept it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")

    TEXT_MAX_LENGTH = 1000

    ad = models.ForeignKey(
        Ad, on_delete=models.CASCADE, related_name="responses", verbose_name=_("ad")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="board_responses",
        verbose_name=_("author"),
    )
    # A copy of `ad.author`: "responses to my ads" is then one index range in its order
    # (`board_resp_ad_author_idx`), not a join on the ads and a sort of the viewer's
    # responses. Set by `response_create` (and the admin); an ad's author never changes
    # outside the admin, which copies the change here.
    ad_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("ad's author"),
        editable=False,
    )
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["ad", "status", "-created"], name="board_resp_ad_status_idx"),
            models.Index(fields=["ad", "-created", "-id"], name="board_resp_ad_idx"),
            models.Index(fields=["author", "-created", "-id"], name="board_resp_author_idx"),
            models.Index(
                fields=["author", "status", "-created", "-id"], name="board_resp_author_st_idx"
            ),
            models.Index(fields=["ad_author", "-created", "-id"], name="board_resp_ad_author_idx"),
            models.Index(
                fields=["ad_author", "status", "-created", "-id"],
                name="board_resp_ad_auth_st_idx",
            ),
            # The per-ad counts of the page's ad filter, read from the index alone.
            models.Index(fields=["ad_author", "ad", "status"], name="board_resp_ad_auth_ad_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author} → {self.ad}"

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED


class Newsletter(models.Model):
    """A mail from the staff to every subscribed member, sent by a Huey task in batches."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject = models.CharField(_("subject"), max_length=200)
    body = SanitizedHTMLField(_("text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    total_count = models.PositiveIntegerField(_("recipients"), default=0)
    sent_count = models.PositiveIntegerField(_("sent"), default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("board:newsletter_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def progress_percent(self) -> int:
        if self.state == self.State.SENT:
            return 100
        if not self.total_count:
            return 0
        return min(100, round(100 * self.sent_count / self.total_count))


class NewsletterDelivery(models.Model):
    """One newsletter mailed to one user: a re-run task skips whoever has a row."""

    newsletter = models.ForeignKey(
        Newsletter,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("newsletter"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="newsletter_deliveries",
        verbose_name=_("user"),
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "user"], name="board_delivery_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.newsletter} → {self.user}"
