"""Internships and jobs: postings, applications with a status history, talent auctions."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, Skill
from site_config.richtext import SanitizedHTMLField

# A bid this close to the end pushes the end back by the same amount (anti-sniping).
SNIPE_WINDOW = timedelta(minutes=2)


class PostingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Posting.Status.PUBLISHED)

    def open(self):
        """Published and still taking applications (the deadline day included)."""
        return self.published().filter(deadline__gte=timezone.localdate())

    def owned_by(self, user):
        return self.filter(employer=user)


class Posting(models.Model):
    """An internship or a job an employer publishes for one of their organizations."""

    class Kind(models.TextChoices):
        INTERNSHIP = "internship", _("Internship")
        JOB = "job", _("Job")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    employer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="postings",
        verbose_name=_("employer"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="postings",
        verbose_name=_("organization"),
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.INTERNSHIP, db_index=True
    )
    title = models.CharField(_("title"), max_length=200)
    description = SanitizedHTMLField(_("description"))
    location = models.CharField(_("location"), max_length=100, blank=True)
    remote = models.BooleanField(_("remote"), default=False)
    pay_min = models.PositiveIntegerField(_("pay from"), null=True, blank=True)
    pay_max = models.PositiveIntegerField(_("pay up to"), null=True, blank=True)
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="postings", verbose_name=_("skills wanted")
    )
    deadline = models.DateField(_("apply by"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PUBLISHED
    )
    # Lower-cased title, text, organization and skills: SQLite's LIKE folds ASCII only,
    # so a search for "стажировка" would miss "Стажировка" without it.
    search_text = models.TextField(editable=False, blank=True, default="")
    created = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-created", "-id"]
        # The lists walk these newest first, skipping past-deadline rows on the way: no
        # sort, whatever the table's size. (No `(status, deadline)` index: SQLite's planner
        # would take its range and sort every open posting instead.)
        indexes = [
            models.Index(fields=["status", "-created", "-id"], name="posting_newest_idx"),
            models.Index(fields=["status", "kind", "-created", "-id"], name="posting_kind_idx"),
            models.Index(fields=["employer", "-created", "-id"], name="posting_employer_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_min__isnull=True)
                | Q(pay_max__isnull=True)
                | Q(pay_min__lte=F("pay_max")),
                name="posting_pay_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("internships:posting_detail", args=[self.pk])

    @property
    def is_past_deadline(self) -> bool:
        return self.deadline < timezone.localdate()

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PUBLISHED and not self.is_past_deadline


class ApplicationQuerySet(models.QuerySet):
    def of_student(self, user):
        return self.filter(student=user)


class Application(models.Model):
    """A student's application to a posting; its status moves along `EMPLOYER_MOVES`."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VIEWED = "viewed", _("Viewed")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    posting = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="applications", verbose_name=_("posting")
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("student"),
    )
    cover_letter = models.TextField(_("cover letter"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    created = models.DateTimeField(_("applied"), default=timezone.now, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["student", "-created", "-id"], name="application_student_idx"),
            models.Index(fields=["posting", "-created", "-id"], name="application_posting_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "student"], name="one_application_per_posting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.posting}"

    def get_absolute_url(self) -> str:
        return reverse("internships:application_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED

    @property
    def can_withdraw(self) -> bool:
        return self.status in WITHDRAWABLE

    @property
    def employer_moves(self) -> list[tuple[str, str]]:
        """The statuses the posting's owner may move this application to, with labels."""
        allowed = EMPLOYER_MOVES.get(self.status, frozenset())
        return [(value, label) for value, label in self.Status.choices if value in allowed]


S = Application.Status
# Forward only: the owner may skip steps (accept straight away) but never go back.
EMPLOYER_MOVES: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.VIEWED, S.SHORTLISTED, S.ACCEPTED, S.REJECTED}),
    S.VIEWED: frozenset({S.SHORTLISTED, S.ACCEPTED, S.REJECTED}),
    S.SHORTLISTED: frozenset({S.ACCEPTED, S.REJECTED}),
}
WITHDRAWABLE = frozenset({S.SUBMITTED, S.VIEWED, S.SHORTLISTED})
DECIDED = frozenset({S.ACCEPTED, S.REJECTED})
del S


class ApplicationEvent(models.Model):
    """One step of an application's history: who moved it to which status, and when."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    status = models.CharField(_("status"), max_length=16, choices=Application.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.status}"


class AuctionQuerySet(models.QuerySet):
    def live(self, now=None):
        """Active and not yet past the end time."""
        return self.filter(status=Auction.Status.ACTIVE, ends_at__gt=now or timezone.now())

    def ended(self, now=None):
        """Finished or cancelled, or active but past the end (the finishing task may be late)."""
        return self.filter(
            Q(status__in=[Auction.Status.FINISHED, Auction.Status.CANCELLED])
            | Q(status=Auction.Status.ACTIVE, ends_at__lte=now or timezone.now())
        )

    def due(self, now=None):
        """Active auctions whose end time has passed: the periodic task finishes these."""
        return self.filter(status=Auction.Status.ACTIVE, ends_at__lte=now or timezone.now())


class Auction(models.Model):
    """A student puts themselves up; employers bid a monthly stipend until the end time."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="auctions",
        verbose_name=_("student"),
    )
    title = models.CharField(_("title"), max_length=150)
    pitch = models.TextField(_("pitch"), max_length=1000)
    reserve = models.PositiveIntegerField(_("minimum monthly stipend"))
    min_step = models.PositiveIntegerField(_("minimum bid step"), default=1000)
    ends_at = models.DateTimeField(_("ends at"), db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    best_amount = models.PositiveIntegerField(_("best bid"), null=True, blank=True)
    best_bid = models.ForeignKey(
        "Bid",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("best bid"),
    )
    bid_count = models.PositiveIntegerField(_("bids"), default=0)
    extensions = models.PositiveIntegerField(_("extensions"), default=0)
    winner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="won_auctions",
        verbose_name=_("winner"),
    )
    winner_posting = models.ForeignKey(
        Posting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="won_auctions",
        verbose_name=_("winning posting"),
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = AuctionQuerySet.as_manager()

    class Meta:
        verbose_name = _("auction")
        verbose_name_plural = _("auctions")
        ordering = ["ends_at", "id"]
        indexes = [
            models.Index(fields=["status", "ends_at", "id"], name="auction_live_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(status="active"),
                name="one_active_auction_per_student",
            ),
            models.CheckConstraint(condition=Q(min_step__gte=1), name="auction_step_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("internships:auction_detail", args=[self.pk])

    @property
    def effective_status(self) -> str:
        """The status a visitor should see: "finished" as soon as the end time has passed."""
        if self.status == self.Status.ACTIVE and self.ends_at <= timezone.now():
            return self.Status.FINISHED
        return self.status

    @property
    def is_live(self) -> bool:
        return self.effective_status == self.Status.ACTIVE

    @property
    def minimum_bid(self) -> int:
        """The smallest amount the next bid may have."""
        if self.best_amount is None:
            return self.reserve
        return max(self.reserve, self.best_amount + self.min_step)

    @property
    def seconds_left(self) -> int:
        return max(0, int((self.ends_at - timezone.now()).total_seconds()))


class Bid(models.Model):
    """An employer's final offer in an auction, for one of their own open internships."""

    auction = models.ForeignKey(
        Auction, on_delete=models.CASCADE, related_name="bids", verbose_name=_("auction")
    )
    employer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bids",
        verbose_name=_("employer"),
    )
    # RESTRICT: a bid is final, so the posting it was made for cannot be deleted on its
    # own (deleting the employer, which cascades to both, still works).
    # https://docs.djangoproject.com/en/5.2/ref/models/fields/#django.db.models.RESTRICT
    posting = models.ForeignKey(
        Posting, on_delete=models.RESTRICT, related_name="bids", verbose_name=_("posting")
    )
    amount = models.PositiveIntegerField(_("monthly stipend"))
    message = models.CharField(_("message"), max_length=500, blank=True)
    extended = models.BooleanField(_("extended the end"), default=False)
    created = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["-created", "-id"]
        # The auction page's latest bids (best first) and a live update's "bids after the
        # last one seen": each an index range in its order, however long the history.
        indexes = [
            models.Index(
                fields=["auction", "-amount", "-created", "-id"], name="internships_bid_best_idx"
            ),
            models.Index(fields=["auction", "-id"], name="internships_bid_new_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} ({self.employer})"
