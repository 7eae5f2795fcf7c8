"""Accounts: the user (email login), organizations, profiles and notifications."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class UserQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """A bulk update sends no signal: the `people` data version is bumped here, so the
        session's user (accounts/backends.py) and cached names and menus are read afresh."""
        from site_config.cache import bump

        changed = super().update(**kwargs)
        if changed:
            bump("people")
        return changed

    def active(self):
        return self.filter(is_active=True)

    def students(self):
        return self.filter(role=User.Role.STUDENT)

    def employers(self):
        return self.filter(role=User.Role.EMPLOYER)

    def teachers(self):
        return self.filter(role=User.Role.TEACHER)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    """Manager for a user model whose login is the email address."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("The email address must be set.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields.get("is_staff") is not True or extra_fields.get("is_superuser") is not True:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A Guildhall user: the email address is the login; there is no username."""

    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        EMPLOYER = "employer", _("Employer")
        TEACHER = "teacher", _("Teacher")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    phone = PhoneNumberField(_("phone"), blank=True)
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.STUDENT, db_index=True
    )
    newsletter_opt_out = models.BooleanField(
        _("no newsletters"),
        default=False,
        help_text=_("Do not send me the site's newsletters."),
    )
    # Mails and notifications other people cause reach the user in this language, not in
    # the language of whoever caused them. Kept current by the language switch.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of mails and notifications."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="user_name_idx"),
            models.Index(fields=["date_joined"], name="user_joined_idx"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    # An account deleted by its owner stays as an anonymous tombstone (services.account_delete).
    DELETED_EMAIL_SUFFIX = "@deleted.invalid"

    @property
    def is_deleted(self) -> bool:
        return not self.is_active and self.email.endswith(self.DELETED_EMAIL_SUFFIX)

    def get_full_name(self) -> str:
        if self.is_deleted:
            return str(_("Deleted account"))
        return super().get_full_name()

    @property
    def is_student(self) -> bool:
        return self.role == self.Role.STUDENT

    @property
    def is_employer(self) -> bool:
        return self.role == self.Role.EMPLOYER

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def initials(self) -> str:
        if self.is_deleted:
            return "?"
        letters = (self.first_name[:1] + self.last_name[:1]) or self.email[:1]
        return letters.upper()


class Skill(models.Model):
    """A skill that profiles list and employers search for."""

    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """What a user tells about themselves: bio, skills, education, experience, links."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    headline = models.CharField(_("headline"), max_length=120, blank=True)
    bio = models.TextField(_("about me"), max_length=4000, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="profiles", verbose_name=_("skills")
    )
    education = models.TextField(
        _("education"),
        max_length=4000,
        blank=True,
        help_text=_("Schools, universities, courses: one per line."),
    )
    experience = models.TextField(
        _("work experience"),
        max_length=4000,
        blank=True,
        help_text=_("Jobs, internships and projects: one per line."),
    )
    website = models.URLField(_("website"), blank=True)
    github = models.URLField(_("GitHub"), blank=True)
    linkedin = models.URLField(_("LinkedIn"), blank=True)
    telegram = models.URLField(_("Telegram"), blank=True)
    vk = models.URLField(_("VK"), blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    # What a user edits on /profile/ (the form and the service both use this list).
    EDITABLE_FIELDS = (
        "headline",
        "city",
        "bio",
        "education",
        "experience",
        "website",
        "github",
        "linkedin",
        "telegram",
        "vk",
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        pairs = [
            ("Website", self.website),
            ("GitHub", self.github),
            ("LinkedIn", self.linkedin),
            ("Telegram", self.telegram),
            ("VK", self.vk),
        ]
        return [(label, url) for label, url in pairs if url]


class OrganizationQuerySet(models.QuerySet):
    def with_member_count(self):
        """Annotate `member_count`: members whose accounts are active."""
        return self.annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__user__is_active=True), distinct=True
            )
        )


class Organization(models.Model):
    """A company, university or guild that users belong to."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("short description"), max_length=2000, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="organizations",
        verbose_name=_("members"),
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            # "Acme" and "ACME" are one organization. The form checks first (also for
            # non-ASCII names, which SQLite's LOWER() leaves alone); this settles races.
            models.UniqueConstraint(Lower("name"), name="organization_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organization_detail", args=[self.pk])


class Membership(models.Model):
    """A user's membership in an organization."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"


class MembershipRequest(models.Model):
    """A user asks to join an organization; an owner approves it (it becomes a Membership)
    or declines it. Until then the user is no member: they cannot publish in its name."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("organization"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership_requests",
        verbose_name=_("user"),
    )
    created = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="unique_membership_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read=False)

    def for_user(self, user):
        return self.filter(recipient=user)


class Notification(models.Model):
    """An in-app message to one user, optionally linking to the page it is about."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    message = models.CharField(_("message"), max_length=300)
    link = models.CharField(_("link"), max_length=500, blank=True)
    read = models.BooleanField(_("read"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read", "-created"], name="notif_inbox_idx"),
        ]

    def __str__(self) -> str:
        return self.message


class OutgoingMailQuerySet(models.QuerySet):
    def due(self, *, now, claim_timeout):
        """Rows a sender may claim now: pending ones whose time has come, and ones whose
        sender died holding the claim (it went quiet for `claim_timeout`)."""
        return self.filter(
            Q(state=OutgoingMail.State.PENDING, next_attempt_at__lte=now)
            | Q(state=OutgoingMail.State.SENDING, claimed_at__lt=now - claim_timeout)
        )


class OutgoingMail(models.Model):
    """One outgoing mail (the outbox): written in the transaction that causes it, sent by
    a Huey task, retried with backoff by a periodic task; staff see failures in the admin."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # Makes queuing idempotent: a second row with the same key is never written
    # ("newsletter:12:345" mails user 345 once however often the batch is re-run).
    key = models.CharField(_("key"), max_length=120, unique=True, null=True, blank=True)
    group = models.CharField(_("group"), max_length=60, blank=True, db_index=True)
    to = models.JSONField(_("recipients"), default=list)
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # The same Message-ID on every attempt: should a mail go out twice (the sender died
    # after the server accepted it), mailbox providers show it once.
    message_id = models.CharField(_("Message-ID"), max_length=200)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
