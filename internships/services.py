"""Writes of the internships app: postings, applications and their statuses, auctions, bids."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, RestrictedError, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as accounts_services
from accounts.models import Organization, Skill, User
from accounts.services import email_send_template, notification_create, recipient_language
from internships import permissions
from internships.models import (
    EMPLOYER_MOVES,
    SNIPE_WINDOW,
    WITHDRAWABLE,
    Application,
    ApplicationEvent,
    Auction,
    Bid,
    Posting,
)
from site_config.richtext import html_to_text, sanitize_html

AUCTION_MIN_DURATION = datetime.timedelta(hours=1)
AUCTION_MAX_DURATION = datetime.timedelta(days=14)
# The form shows minutes only: an end time picked "exactly one hour ahead" is a minute or
# so short by the time it is posted.
AUCTION_DURATION_SLACK = datetime.timedelta(minutes=2)
SKILLS_MAX = 15


def _field_error(field: str, message: str, *, code: str) -> ValidationError:
    """An error a form shows on one field, keeping its code for callers and tests."""
    return ValidationError({field: ValidationError(message, code=code)})


def rubles(amount: int | None) -> str:
    return f"{intcomma(amount)} ₽" if amount is not None else "—"


# ---- Postings


def _skills_from_names(names: Iterable[str]) -> list[Skill]:
    """Skill rows for the names (shared with profiles), at most SKILLS_MAX of them."""
    return accounts_services.skills_resolve(names=names, limit=SKILLS_MAX)


def _search_text(*, posting: Posting, skills: Iterable[Skill]) -> str:
    parts = [
        posting.title,
        html_to_text(posting.description),
        posting.organization.name,
        posting.location,
        *(skill.name for skill in skills),
    ]
    return " ".join(part for part in parts if part).casefold()


def _posting_validate(
    *,
    employer: User,
    organization: Organization,
    pay_min: int | None,
    pay_max: int | None,
    deadline: datetime.date,
    deadline_changed: bool = True,
) -> None:
    errors: dict[str, str] = {}
    if not employer.organizations.filter(pk=organization.pk).exists():
        errors["organization"] = _("Choose one of your own organizations.")
    if pay_min is not None and pay_max is not None and pay_min > pay_max:
        errors["pay_max"] = _("The upper bound must not be below the lower one.")
    if deadline_changed and deadline < timezone.localdate():
        errors["deadline"] = _("The deadline cannot be in the past.")
    if errors:
        raise ValidationError(errors)


def _posting_save(
    posting: Posting,
    *,
    organization: Organization,
    kind: str,
    title: str,
    description: str,
    deadline: datetime.date,
    location: str,
    remote: bool,
    pay_min: int | None,
    pay_max: int | None,
    skill_names: Iterable[str],
) -> Posting:
    """Write a validated posting's fields (sanitized HTML, search text, skills) and save."""
    posting.organization = organization
    posting.kind = kind
    posting.title = title.strip()
    posting.description = sanitize_html(description)
    posting.location = location.strip()
    posting.remote = remote
    posting.pay_min = pay_min
    posting.pay_max = pay_max
    posting.deadline = deadline
    skills = _skills_from_names(skill_names)
    posting.search_text = _search_text(posting=posting, skills=skills)
    posting.save()
    posting.skills.set(skills)
    return posting


@transaction.atomic
def posting_create(
    *,
    employer: User,
    organization: Organization,
    kind: str,
    title: str,
    description: str,
    deadline: datetime.date,
    location: str = "",
    remote: bool = False,
    pay_min: int | None = None,
    pay_max: int | None = None,
    skill_names: Iterable[str] = (),
) -> Posting:
    """Publish an internship or a job for one of the employer's organizations."""
    if not permissions.can_create_posting(employer):
        raise PermissionDenied(_("Only employers can publish internships and jobs."))
    _posting_validate(
        employer=employer,
        organization=organization,
        pay_min=pay_min,
        pay_max=pay_max,
        deadline=deadline,
    )
    return _posting_save(
        Posting(employer=employer),
        organization=organization,
        kind=kind,
        title=title,
        description=description,
        deadline=deadline,
        location=location,
        remote=remote,
        pay_min=pay_min,
        pay_max=pay_max,
        skill_names=skill_names,
    )


@transaction.atomic
def posting_update(
    *,
    posting: Posting,
    by: User,
    organization: Organization,
    kind: str,
    title: str,
    description: str,
    deadline: datetime.date,
    location: str = "",
    remote: bool = False,
    pay_min: int | None = None,
    pay_max: int | None = None,
    skill_names: Iterable[str] = (),
) -> Posting:
    """Change a posting (its owner or staff); the organization stays one of the owner's."""
    if not permissions.can_manage_posting(by, posting):
        raise PermissionDenied(_("Only the posting's owner can edit it."))
    _posting_validate(
        employer=posting.employer,
        organization=organization,
        pay_min=pay_min,
        pay_max=pay_max,
        deadline=deadline,
        deadline_changed=deadline != posting.deadline,
    )
    return _posting_save(
        posting,
        organization=organization,
        kind=kind,
        title=title,
        description=description,
        deadline=deadline,
        location=location,
        remote=remote,
        pay_min=pay_min,
        pay_max=pay_max,
        skill_names=skill_names,
    )


def posting_close(*, posting: Posting, by: User) -> bool:
    """Stop taking applications; returns whether the posting was open."""
    if not permissions.can_manage_posting(by, posting):
        raise PermissionDenied(_("Only the posting's owner can close it."))
    changed = Posting.objects.filter(pk=posting.pk, status=Posting.Status.PUBLISHED).update(
        status=Posting.Status.CLOSED, updated=timezone.now()
    )
    posting.status = Posting.Status.CLOSED
    return bool(changed)


def posting_reopen(*, posting: Posting, by: User) -> bool:
    """Publish a closed posting again (its deadline must still be ahead)."""
    if not permissions.can_manage_posting(by, posting):
        raise PermissionDenied(_("Only the posting's owner can reopen it."))
    if posting.is_past_deadline:
        raise ValidationError(
            _("The deadline has passed: move it forward before reopening."), code="deadline"
        )
    changed = Posting.objects.filter(pk=posting.pk, status=Posting.Status.CLOSED).update(
        status=Posting.Status.PUBLISHED, updated=timezone.now()
    )
    posting.status = Posting.Status.PUBLISHED
    return bool(changed)


def postings_close(*, postings, by: User) -> int:
    """Close several postings at once (the admin action); returns how many were open."""
    if not permissions.can_moderate_postings(by):
        raise PermissionDenied(_("Only staff can close postings in bulk."))
    return postings.filter(status=Posting.Status.PUBLISHED).update(
        status=Posting.Status.CLOSED, updated=timezone.now()
    )


def posting_delete(*, posting: Posting, by: User) -> None:
    """Delete a posting and its applications; one that auction bids name cannot go."""
    if not permissions.can_manage_posting(by, posting):
        raise PermissionDenied(_("Only the posting's owner can delete it."))
    try:
        with transaction.atomic():
            posting.delete()
    except RestrictedError:
        raise ValidationError(
            _("Auction bids name this posting, so it cannot be deleted. Close it instead."),
            code="has_bids",
        ) from None


# ---- Applications


def _notify_status(*, application: Application) -> None:
    """Every status change reaches the student in the app and by mail (sent by Huey), in
    the student's language (the employer's request may speak another)."""
    posting = application.posting
    student = application.student
    with recipient_language(student):
        status = application.get_status_display()
        notification_create(
            recipient=student,
            message=_("Your application to “%(title)s” is now: %(status)s.")
            % {"title": posting.title, "status": status.lower()},
            link=reverse("internships:application_list"),
        )
        email_send_template(
            template="internships_status_changed",
            to=[student.email],
            context={
                "student": student,
                "posting": posting,
                "organization": posting.organization,
                "status": application.status,
                "status_label": status,
                "path": reverse("internships:application_list"),
            },
        )


def application_create(*, posting: Posting, student: User, cover_letter: str = "") -> Application:
    """A student applies to an open posting, once."""
    if not permissions.can_apply(student, posting):
        raise PermissionDenied(_("Only students can apply to internships and jobs."))
    if posting.status != Posting.Status.PUBLISHED:
        raise ValidationError(
            _("This posting is closed and no longer takes applications."), code="closed"
        )
    if posting.is_past_deadline:
        raise ValidationError(_("The deadline for this posting has passed."), code="past_deadline")
    duplicate = ValidationError(_("You have already applied to this posting."), code="duplicate")
    if Application.objects.filter(posting=posting, student=student).exists():
        raise duplicate
    try:
        with transaction.atomic():
            application = Application.objects.create(
                posting=posting, student=student, cover_letter=cover_letter.strip()
            )
            ApplicationEvent.objects.create(
                application=application, status=application.status, actor=student
            )
            with recipient_language(posting.employer):
                notification_create(
                    recipient=posting.employer,
                    message=_("%(student)s applied to “%(title)s”.")
                    % {"student": student, "title": posting.title},
                    link=application.get_absolute_url(),
                )
    except IntegrityError:
        # A second request raced past the check above; the unique constraint caught it.
        raise duplicate from None
    return application


@transaction.atomic
def application_set_status(*, application: Application, status: str, by: User) -> Application:
    """The posting's owner (or staff) moves an application forward; the student is told."""
    if not permissions.can_change_application_status(by, application):
        raise PermissionDenied(_("Only the posting's owner can change the status."))
    current = application.status
    if status not in EMPLOYER_MOVES.get(current, ()):
        raise ValidationError(
            _("An application that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": application.get_status_display().lower(),
                "new": str(dict(Application.Status.choices).get(status, status)).lower(),
            },
            code="invalid_transition",
        )
    # Only from the status we checked: a concurrent change (a withdrawal) wins.
    changed = Application.objects.filter(pk=application.pk, status=current).update(
        status=status, updated=timezone.now()
    )
    if not changed:
        application.refresh_from_db()
        raise ValidationError(
            _("The application changed in the meantime: it is now “%(status)s”.")
            % {"status": application.get_status_display().lower()},
            code="stale",
        )
    application.status = status
    ApplicationEvent.objects.create(application=application, status=status, actor=by)
    _notify_status(application=application)
    return application


@transaction.atomic
def application_mark_viewed(*, application: Application, by: User) -> bool:
    """The owner opened a submitted application: it becomes "viewed" and the student is told.

    Called by a POST the application page sends once it has loaded, never by the GET itself:
    a link preview or a prefetch must not mark anything as viewed.
    """
    if (
        by.pk != application.posting.employer_id
        or application.status != Application.Status.SUBMITTED
    ):
        return False
    changed = Application.objects.filter(
        pk=application.pk, status=Application.Status.SUBMITTED
    ).update(status=Application.Status.VIEWED, updated=timezone.now())
    if changed:
        application.status = Application.Status.VIEWED
        ApplicationEvent.objects.create(
            application=application, status=Application.Status.VIEWED, actor=by
        )
        _notify_status(application=application)
    return bool(changed)


@transaction.atomic
def application_withdraw(*, application: Application, by: User) -> Application:
    """The student takes back an application that is not decided yet."""
    if not permissions.can_withdraw_application(by, application):
        raise PermissionDenied(_("Only the applicant can withdraw it."))
    changed = Application.objects.filter(pk=application.pk, status__in=WITHDRAWABLE).update(
        status=Application.Status.WITHDRAWN, updated=timezone.now()
    )
    if not changed:
        application.refresh_from_db()
        raise ValidationError(
            _("An application that is “%(status)s” can no longer be withdrawn.")
            % {"status": application.get_status_display().lower()},
            code="decided",
        )
    application.status = Application.Status.WITHDRAWN
    ApplicationEvent.objects.create(
        application=application, status=Application.Status.WITHDRAWN, actor=by
    )
    employer = application.posting.employer
    with recipient_language(employer):
        notification_create(
            recipient=employer,
            message=_("%(student)s withdrew their application to “%(title)s”.")
            % {"student": application.student, "title": application.posting.title},
            link=application.get_absolute_url(),
        )
    return application


# ---- Auctions


def _auction_one_active_error() -> ValidationError:
    return ValidationError(
        _("You already have an active auction. Wait until it ends to open another one."),
        code="one_active",
    )


def auction_create(
    *,
    student: User,
    title: str,
    pitch: str,
    reserve: int,
    min_step: int,
    ends_at: datetime.datetime,
) -> Auction:
    """A student opens an auction on themselves (one active at a time)."""
    if not permissions.can_open_auction(student):
        raise PermissionDenied(_("Only students can open an auction on themselves."))
    now = timezone.now()
    if ends_at < now + AUCTION_MIN_DURATION - AUCTION_DURATION_SLACK:
        raise _field_error(
            "ends_at", _("The auction must last at least one hour."), code="too_short"
        )
    if ends_at > now + AUCTION_MAX_DURATION:
        raise _field_error("ends_at", _("The auction can last at most 14 days."), code="too_long")
    if min_step < 1:
        raise _field_error("min_step", _("The step must be at least 1 ₽."), code="min_step")
    # An auction past its end that the periodic task has not reached yet must not block
    # a new one: finish it now.
    for auction_id in Auction.objects.due(now).filter(student=student).values_list("pk", flat=True):
        auction_finish(auction_id=auction_id, now=now)
    if Auction.objects.filter(student=student, status=Auction.Status.ACTIVE).exists():
        raise _auction_one_active_error()
    try:
        with transaction.atomic():
            return Auction.objects.create(
                student=student,
                title=title.strip(),
                pitch=pitch.strip(),
                reserve=reserve,
                min_step=min_step,
                ends_at=ends_at,
            )
    except IntegrityError:
        raise _auction_one_active_error() from None


def _bid_too_low_error(*, auction: Auction, seen_best: int | None) -> ValidationError:
    minimum = rubles(auction.minimum_bid)
    if auction.best_amount is not None and seen_best != auction.best_amount:
        return _field_error(
            "amount",
            _("Outbid: the best bid is now %(best)s. Bid at least %(minimum)s.")
            % {"best": rubles(auction.best_amount), "minimum": minimum},
            code="outbid",
        )
    return _field_error(
        "amount", _("Bid at least %(minimum)s.") % {"minimum": minimum}, code="too_low"
    )


def _auction_ended_error() -> ValidationError:
    return ValidationError(_("This auction has ended: bids are closed."), code="ended")


def bid_place(
    *,
    auction: Auction,
    employer: User,
    posting: Posting,
    amount: int,
    message: str = "",
    seen_best: int | None = None,
) -> Bid:
    """An employer bids; the database settles races so only a bid that beats the best wins.

    `seen_best` is the best amount the bidder's form showed: when it changed meanwhile, a
    too-low bid is reported as "outbid" with the new best.
    """
    if not permissions.can_bid(employer, auction):
        raise PermissionDenied(_("Only employers can bid in talent auctions."))
    if (
        posting.employer_id != employer.pk
        or posting.kind != Posting.Kind.INTERNSHIP
        or not posting.is_open
    ):
        raise _field_error("posting", _("Offer one of your own open internships."), code="posting")
    with transaction.atomic():
        # PostgreSQL: the row lock queues concurrent bids on this auction. SQLite ignores
        # select_for_update (https://docs.djangoproject.com/en/5.2/ref/models/querysets/
        # #select-for-update) but its IMMEDIATE transactions serialize writers. Either way
        # the conditional UPDATE below is what guarantees a bid only lands if it still
        # beats the best bid, checked by the database at write time.
        locked = Auction.objects.select_for_update().get(pk=auction.pk)
        now = timezone.now()
        if locked.status != Auction.Status.ACTIVE or locked.ends_at <= now:
            raise _auction_ended_error()
        if (
            locked.best_bid_id
            and Bid.objects.filter(pk=locked.best_bid_id, employer=employer).exists()
        ):
            raise _field_error("amount", _("You already hold the best bid."), code="already_best")
        if amount < locked.minimum_bid:
            raise _bid_too_low_error(auction=locked, seen_best=seen_best)
        snipe_edge = now + SNIPE_WINDOW
        in_window = Q(ends_at__lte=snipe_edge)
        changed = (
            Auction.objects.filter(
                pk=locked.pk, status=Auction.Status.ACTIVE, ends_at__gt=now, reserve__lte=amount
            )
            .alias(next_minimum=F("best_amount") + F("min_step"))
            .filter(Q(best_amount__isnull=True) | Q(next_minimum__lte=amount))
            # `extensions` before `ends_at`: MySQL evaluates SET left to right.
            .update(
                best_amount=amount,
                bid_count=F("bid_count") + 1,
                extensions=Case(
                    When(in_window, then=F("extensions") + 1),
                    default=F("extensions"),
                    output_field=models.PositiveIntegerField(),
                ),
                ends_at=Case(
                    When(in_window, then=F("ends_at") + SNIPE_WINDOW),
                    default=F("ends_at"),
                    output_field=models.DateTimeField(),
                ),
            )
        )
        if changed != 1:
            current = Auction.objects.get(pk=locked.pk)
            if current.status != Auction.Status.ACTIVE or current.ends_at <= now:
                raise _auction_ended_error()
            raise _bid_too_low_error(auction=current, seen_best=seen_best)
        previous_best = locked.best_bid
        bid = Bid.objects.create(
            auction=locked,
            employer=employer,
            posting=posting,
            amount=amount,
            message=message.strip(),
            extended=locked.ends_at <= snipe_edge,
            created=now,
        )
        Auction.objects.filter(pk=locked.pk).update(best_bid=bid)
        with recipient_language(locked.student):
            notification_create(
                recipient=locked.student,
                message=_("New bid on “%(title)s”: %(amount)s a month.")
                % {"title": locked.title, "amount": rubles(amount)},
                link=locked.get_absolute_url(),
            )
        if previous_best is not None and previous_best.employer_id != employer.pk:
            with recipient_language(previous_best.employer):
                notification_create(
                    recipient=previous_best.employer,
                    message=_("You were outbid on “%(title)s”: the best bid is now %(amount)s.")
                    % {"title": locked.title, "amount": rubles(amount)},
                    link=locked.get_absolute_url(),
                )
    return bid


def auction_finish(*, auction_id: int, now: datetime.datetime | None = None) -> Auction | None:
    """Finish an auction past its end: the best bid wins. Returns None if nothing to do."""
    now = now or timezone.now()
    with transaction.atomic():
        # Conditional: a late bid that extended the end, or a second run, changes nothing.
        changed = (
            Auction.objects.filter(pk=auction_id)
            .due(now)
            .update(status=Auction.Status.FINISHED, finished_at=now)
        )
        if not changed:
            return None
        auction = Auction.objects.select_related(
            "student", "best_bid__employer", "best_bid__posting__organization"
        ).get(pk=auction_id)
        best = auction.best_bid
        if best is None:
            with recipient_language(auction.student):
                notification_create(
                    recipient=auction.student,
                    message=_("Your auction “%(title)s” ended without bids.")
                    % {"title": auction.title},
                    link=auction.get_absolute_url(),
                )
                email_send_template(
                    template="internships_auction_finished",
                    to=[auction.student.email],
                    context={"auction": auction, "bid": None, "path": auction.get_absolute_url()},
                )
            return auction

        auction.winner = best.employer
        auction.winner_posting = best.posting
        auction.save(update_fields=["winner", "winner_posting"])
        application, created = Application.objects.get_or_create(
            posting=best.posting,
            student=auction.student,
            defaults={"status": Application.Status.SHORTLISTED, "cover_letter": auction.pitch},
        )
        if created or application.status in {
            Application.Status.SUBMITTED,
            Application.Status.VIEWED,
        }:
            if not created:
                Application.objects.filter(pk=application.pk).update(
                    status=Application.Status.SHORTLISTED, updated=now
                )
            ApplicationEvent.objects.create(
                application=application, status=Application.Status.SHORTLISTED, actor=best.employer
            )

        # Each party is written to in their own language; `rubles()` groups digits the
        # way that language does, so the amount is formatted per recipient too.
        with recipient_language(auction.student):
            notification_create(
                recipient=auction.student,
                message=_(
                    "Your auction “%(title)s” ended: won by %(organization)s"
                    " with %(amount)s a month."
                )
                % {
                    "title": auction.title,
                    "organization": best.posting.organization.name,
                    "amount": rubles(best.amount),
                },
                link=reverse("internships:application_list"),
            )
            email_send_template(
                template="internships_auction_finished",
                to=[auction.student.email],
                context={
                    "auction": auction,
                    "bid": best,
                    "amount": rubles(best.amount),
                    "path": reverse("internships:application_list"),
                },
            )
        with recipient_language(best.employer):
            notification_create(
                recipient=best.employer,
                message=_("You won the auction “%(title)s” with %(amount)s a month.")
                % {"title": auction.title, "amount": rubles(best.amount)},
                link=application.get_absolute_url(),
            )
            email_send_template(
                template="internships_auction_won",
                to=[best.employer.email],
                context={
                    "auction": auction,
                    "bid": best,
                    "amount": rubles(best.amount),
                    "path": application.get_absolute_url(),
                },
            )
        losers = User.objects.filter(bids__auction=auction).exclude(pk=best.employer_id).distinct()
        for loser in losers:
            with recipient_language(loser):
                notification_create(
                    recipient=loser,
                    message=_("The auction “%(title)s” ended: another offer won (%(amount)s).")
                    % {"title": auction.title, "amount": rubles(best.amount)},
                    link=auction.get_absolute_url(),
                )
    return auction


def auctions_finish_due(*, now: datetime.datetime | None = None) -> int:
    """Finish every auction whose end time has passed (the periodic task); returns how many."""
    now = now or timezone.now()
    finished = 0
    for auction_id in Auction.objects.due(now).values_list("pk", flat=True):
        if auction_finish(auction_id=auction_id, now=now) is not None:
            finished += 1
    return finished


@transaction.atomic
def auction_cancel(*, auction: Auction, by: User) -> bool:
    """Staff stop an active auction; the student and every bidder are told."""
    if not permissions.can_cancel_auction(by, auction):
        raise PermissionDenied(_("Only staff can cancel an auction."))
    changed = Auction.objects.filter(pk=auction.pk, status=Auction.Status.ACTIVE).update(
        status=Auction.Status.CANCELLED, finished_at=timezone.now()
    )
    if not changed:
        return False
    auction.status = Auction.Status.CANCELLED
    recipients = [auction.student, *User.objects.filter(bids__auction=auction).distinct()]
    for recipient in recipients:
        # One message, written once per recipient: each reads it in their own language.
        with recipient_language(recipient):
            notification_create(
                recipient=recipient,
                message=_("The auction “%(title)s” was cancelled by the moderators.")
                % {"title": auction.title},
                link=auction.get_absolute_url(),
            )
    return True


# ---- Deleting an account (accounts.services.account_delete asks every app)


def user_erase(*, user: User) -> None:
    """A deleted account's part in internships, by the rules in README.md:

    - a student's applications are deleted, and so are their auctions with their bids
      (the bidders of a live one are told);
    - an employer's postings are closed, not deleted, so the students who applied keep
      their application and its history; their bids in live auctions are withdrawn (the
      best bid is recomputed), bids in ended auctions stay as part of the result.
    """
    Application.objects.filter(student=user).delete()
    for auction in Auction.objects.filter(student=user, status=Auction.Status.ACTIVE):
        bidders = User.objects.filter(bids__auction=auction).exclude(pk=user.pk).distinct()
        for bidder in bidders:
            with recipient_language(bidder):
                notification_create(
                    recipient=bidder,
                    message=_("The auction “%(title)s” was withdrawn: the student left the site.")
                    % {"title": auction.title},
                )
    Auction.objects.filter(student=user).delete()

    Posting.objects.filter(employer=user, status=Posting.Status.PUBLISHED).update(
        status=Posting.Status.CLOSED
    )
    live = Auction.objects.live().filter(bids__employer=user).distinct()
    for auction in live:
        auction.bids.filter(employer=user).delete()
        best = auction.bids.order_by("-amount", "created", "pk").first()
        Auction.objects.filter(pk=auction.pk).update(
            best_bid=best,
            best_amount=best.amount if best else None,
            bid_count=auction.bids.count(),
        )
