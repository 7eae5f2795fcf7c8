"""Write operations of the board: ads, responses, newsletters and unsubscribing."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Max, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.models import OutgoingMail, User
from accounts.services import (
    email_enqueue,
    email_send_template,
    notification_create,
    outbox_deliver,
    recipient_language,
)
from board import permissions
from board.models import Ad, Category, Newsletter, NewsletterDelivery, Response
from site_config.cache import bump
from site_config.richtext import html_to_text, sanitize_html
from site_config.siteurl import absolute_url, site_url

_IMG_SRC = re.compile(r'<img\b[^>]*?\ssrc="([^"]+)"', re.IGNORECASE)
DUPLICATE_WINDOW = timedelta(seconds=60)
NEWSLETTER_BATCH_SIZE = 50
# A newsletter still "sending" with no new delivery for this long lost its task (a worker
# was killed): the watchdog (every minute) queues it again; re-running is harmless.
NEWSLETTER_STALLED_AFTER = timedelta(minutes=1)
UNSUBSCRIBE_SALT = "board.newsletter.unsubscribe"


# ---- Ads


def ad_apply_content(*, ad: Ad, title: str, category: str, body: str) -> None:
    """Set an ad's content and what derives from it (plain text, cover, video); no save."""
    title = " ".join(title.split())
    max_length = Ad._meta.get_field("title").max_length
    if not 3 <= len(title) <= max_length:
        raise ValidationError(
            {"title": _("The title must be 3 to %(max)s characters long.") % {"max": max_length}}
        )
    if category not in Category.values:
        raise ValidationError({"category": _("Choose one of the categories.")})
    # Defense in depth: the form field sanitizes too, but any caller may reach this.
    clean = sanitize_html(body)
    text = html_to_text(clean)
    if not text and "<img" not in clean and "<iframe" not in clean:
        raise ValidationError({"body": _("Write something about your ad.")})
    ad.title = title
    ad.category = category
    ad.body = clean
    ad.body_text = text
    ad.cover_url = _cover_url(clean)
    ad.has_video = "<iframe" in clean


def _cover_url(clean_html: str) -> str:
    """The first picture of sanitized HTML: one of our uploads or an https image."""
    match = _IMG_SRC.search(clean_html)
    if not match:
        return ""
    url = html.unescape(match.group(1))
    if url.startswith((settings.MEDIA_URL, "https://")) and len(url) <= 500:
        return url
    return ""


@transaction.atomic
def ad_create(*, author: User, title: str, category: str, body: str) -> Ad:
    """Post a new ad; its body is stored sanitized.

    The same ad posted again by its author within a minute (a double click on "Publish",
    a resent form) is not created twice: the one already on the board is returned.
    """
    ad = Ad(author=author)
    ad_apply_content(ad=ad, title=title, category=category, body=body)
    # Two identical posts at once are checked one after the other (the author's row is
    # the lock; on SQLite the IMMEDIATE transaction already serializes writers).
    User.objects.select_for_update().filter(pk=author.pk).exists()
    twin = (
        Ad.objects.by(author)
        .filter(
            title=ad.title,
            category=ad.category,
            body=ad.body,
            created__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        .first()
    )
    if twin is not None:
        return twin
    ad.save()
    return ad


@transaction.atomic
def ad_update(*, ad: Ad, by: User, title: str, category: str, body: str) -> Ad:
    """Change an ad's title, category and text (its author or a moderator)."""
    if not permissions.can_edit_ad(by, ad):
        raise PermissionDenied(_("Only the ad's author can change it."))
    ad_apply_content(ad=ad, title=title, category=category, body=body)
    ad.save(
        update_fields=[
            "title",
            "category",
            "body",
            "body_text",
            "cover_url",
            "has_video",
            "updated",
        ]
    )
    return ad


def ad_delete(*, ad: Ad, by: User) -> None:
    """Delete an ad and its responses (its author or a moderator)."""
    if not permissions.can_edit_ad(by, ad):
        raise PermissionDenied(_("Only the ad's author can delete it."))
    ad.delete()


def ads_set_hidden(*, ads: QuerySet[Ad], hidden: bool, by: User) -> int:
    """Moderation: hide ads from the public board (or show them again); returns how many."""
    if not permissions.can_moderate_ads(by):
        raise PermissionDenied(_("Only moderators can hide ads."))
    changed = ads.exclude(is_hidden=hidden).update(is_hidden=hidden)
    # update() sends no signals: the cached board must learn of it here.
    bump("board")
    return changed


# ---- Responses


@transaction.atomic
def response_create(*, ad: Ad, author: User, text: str) -> Response:
    """Respond to an ad: notifies and mails the ad's author once the response is saved.

    Refused (ValidationError) on one's own ad, on a hidden ad, and when the same text
    was sent to the same ad in the last minute (a double click or a resent form).
    """
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a few words to the author.")})
    if len(text) > Response.TEXT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("Keep it under %(max)s characters.") % {"max": Response.TEXT_MAX_LENGTH}}
        )
    # Lock the ad's row so two identical posts at once are checked one after the other
    # (a no-op on SQLite, whose IMMEDIATE transactions already serialize writers).
    ad = Ad.objects.select_for_update().select_related("author").get(pk=ad.pk)
    if ad.author_id == author.pk:
        raise ValidationError(_("You cannot respond to your own ad."), code="own_ad")
    if ad.is_hidden:
        raise ValidationError(_("This ad is not open for responses."), code="hidden")
    duplicate = Response.objects.filter(
        ad=ad, author=author, text=text, created__gte=timezone.now() - DUPLICATE_WINDOW
    ).exists()
    if duplicate:
        raise ValidationError(
            _("You have just sent this same response. Wait a minute or change the text."),
            code="duplicate",
        )
    response = Response.objects.create(ad=ad, ad_author=ad.author, author=author, text=text)

    link = f"{reverse('board:response_list')}?ad={ad.pk}"
    author_name = author.get_full_name() or author.email
    # Written for the ad's author, in their language, not in the responder's.
    with recipient_language(ad.author):
        notification_create(
            recipient=ad.author,
            message=_("%(name)s responded to your ad “%(title)s”.")
            % {"name": author_name, "title": ad.title},
            link=link,
        )
        email_send_template(
            template="board_new_response",
            to=[ad.author.email],
            context={"ad": ad, "response": response, "responder": author_name, "link": link},
        )
    return response


@transaction.atomic
def response_accept(*, response: Response, by: User) -> bool:
    """The ad's author accepts a response; returns False if it already was. The responder
    is notified and mailed only the first time."""
    if not permissions.can_manage_response(by, response):
        raise PermissionDenied(_("Only the ad's author can accept its responses."))
    changed = Response.objects.filter(pk=response.pk, status=Response.Status.PENDING).update(
        status=Response.Status.ACCEPTED, accepted_at=timezone.now()
    )
    bump("board")
    response.refresh_from_db(fields=["status", "accepted_at"])
    if not changed:
        return False
    ad = response.ad
    link = reverse("board:my_responses")
    with recipient_language(response.author):
        notification_create(
            recipient=response.author,
            message=_("Your response to “%(title)s” was accepted.") % {"title": ad.title},
            link=link,
        )
        email_send_template(
            template="board_response_accepted",
            to=[response.author.email],
            context={"ad": ad, "response": response, "link": link},
        )
    return True


def response_delete(*, response: Response, by: User) -> None:
    """The ad's author deletes a response to it."""
    if not permissions.can_manage_response(by, response):
        raise PermissionDenied(_("Only the ad's author can delete its responses."))
    response.delete()


# ---- Newsletters


@transaction.atomic
def newsletter_create(*, created_by: User, subject: str, body: str) -> Newsletter:
    """Save a newsletter draft (body stored sanitized); the same draft saved again within
    a minute (a double click) is returned instead of being created twice."""
    if not permissions.can_send_newsletters(created_by):
        raise PermissionDenied(_("Only staff can write newsletters."))
    subject, body = subject.strip(), sanitize_html(body)
    User.objects.select_for_update().filter(pk=created_by.pk).exists()
    twin = Newsletter.objects.filter(
        created_by=created_by,
        subject=subject,
        body=body,
        state=Newsletter.State.DRAFT,
        created__gte=timezone.now() - DUPLICATE_WINDOW,
    ).first()
    return twin or Newsletter.objects.create(created_by=created_by, subject=subject, body=body)


@transaction.atomic
def newsletter_update(*, newsletter: Newsletter, by: User, subject: str, body: str) -> Newsletter:
    """Change a draft (staff); a newsletter that is going out or gone is final."""
    if not permissions.can_send_newsletters(by):
        raise PermissionDenied(_("Only staff can change newsletters."))
    if not newsletter.is_draft:
        raise ValidationError(_("Only a draft can be changed."), code="not_draft")
    newsletter.subject = subject.strip()
    newsletter.body = sanitize_html(body)
    newsletter.save(update_fields=["subject", "body"])
    return newsletter


def newsletter_recipients(*, newsletter: Newsletter | None = None) -> QuerySet[User]:
    """Active users with a confirmed address who did not opt out; without those already
    mailed this newsletter.

    An unconfirmed address may belong to someone else (anyone can sign up with any
    address), so it gets no newsletters.
    """
    confirmed = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    users = (
        User.objects.active()
        .filter(newsletter_opt_out=False)
        .exclude(email="")
        .filter(Exists(confirmed))
    )
    if newsletter is not None:
        users = users.exclude(
            pk__in=NewsletterDelivery.objects.filter(newsletter=newsletter).values("user_id")
        )
    return users


def newsletter_start(*, newsletter: Newsletter, by: User | None = None) -> bool:
    """Start sending a draft (state → sending, Huey task queued after commit).

    Returns False when it was already started: a double click sends nothing twice.
    `by` is the staff member sending it (PermissionDenied for anyone else); None is the
    site itself (a script, the demo data).
    """
    from board.tasks import newsletter_send_task

    if by is not None and not permissions.can_send_newsletters(by):
        raise PermissionDenied(_("Only staff can send newsletters."))

    with transaction.atomic():
        started = Newsletter.objects.filter(pk=newsletter.pk, state=Newsletter.State.DRAFT).update(
            state=Newsletter.State.SENDING,
            total_count=newsletter_recipients().count(),
            sent_count=0,
            started_at=timezone.now(),
        )
        if started:
            pk = newsletter.pk
            # The task runs outside this request: it builds links for where it came from.
            origin = site_url()
            transaction.on_commit(lambda: newsletter_send_task(pk, site_url=origin))
    newsletter.refresh_from_db()
    return bool(started)


def unsubscribe_token(*, user: User) -> str:
    """A signed token naming the user, for the newsletter's unsubscribe link."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(*, user: User) -> str:
    path = reverse("board:newsletter_unsubscribe", args=[unsubscribe_token(user=user)])
    return absolute_url(path)


_IFRAME = re.compile(r'<iframe\b[^>]*?\ssrc="([^"]+)"[^>]*>\s*</iframe>', re.IGNORECASE)
_IMG_TAG = re.compile(r"<img\b", re.IGNORECASE)


def newsletter_mail_html(body: str) -> str:
    """A sanitized body made fit for mail clients: they drop iframes, so a video becomes a
    link to it, and pictures shrink to the mail's width."""
    label = escape(_("Watch the video"))
    body = _IFRAME.sub(
        lambda m: (
            f'<p><a href="{m.group(1)}" style="color:#4f46e5;font-weight:600;">'
            f"&#9654; {label}</a></p>"
        ),
        sanitize_html(body),
    )
    return _IMG_TAG.sub('<img style="max-width:100%;height:auto;border-radius:8px;"', body)


def newsletter_mail_context(*, newsletter: Newsletter, user: User) -> dict:
    """What the newsletter's mail templates need, for one recipient."""
    return {
        "newsletter": newsletter,
        "user": user,
        "unsubscribe_url": unsubscribe_url(user=user),
        "body_html": newsletter_mail_html(newsletter.body),
        "body_text": html_to_text(newsletter.body),
        "site_url": site_url(),
        "site_name": settings.SITE_NAME,
    }


def newsletter_outbox_group(newsletter_id: int) -> str:
    return f"newsletter:{newsletter_id}"


def _newsletter_mail(*, newsletter: Newsletter, user: User) -> OutgoingMail:
    # The staff write the newsletter itself in one language; its frame (the footer, the
    # unsubscribe line, "Watch the video") speaks the recipient's, so everyone finds how
    # to unsubscribe.
    with recipient_language(user):
        context = newsletter_mail_context(newsletter=newsletter, user=user)
        subject = " ".join(render_to_string("emails/newsletter_subject.txt", context).split())
        body = render_to_string("emails/newsletter_message.txt", context)
        html_body = render_to_string("emails/newsletter_message.html", context)
    return email_enqueue(
        subject=subject,
        body=body,
        html=html_body,
        to=[user.email],
        # RFC 2369 and RFC 8058: mail clients show an "Unsubscribe" button that POSTs here.
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        key=f"newsletter:{newsletter.pk}:{user.pk}",
        group=newsletter_outbox_group(newsletter.pk),
        send=False,  # this worker sends the batch itself, below
    )


def newsletter_send_batch(*, newsletter_id: int, batch_size: int | None = None) -> bool:
    """Queue the next batch of recipients in the outbox and send it; True when more remain.

    The delivery rows and the batch's outbox rows are written in one transaction (a user
    with a delivery row is never queued again), then the outbox sends them, each claimed
    and marked sent on its own. A worker killed mid-batch leaves pending rows that the
    outbox's retry loop sends within a minute, and the watchdog queues the rest.
    """
    newsletter = Newsletter.objects.filter(pk=newsletter_id).first()
    if newsletter is None or newsletter.state != Newsletter.State.SENDING:
        return False
    batch_size = batch_size or NEWSLETTER_BATCH_SIZE
    batch = list(newsletter_recipients(newsletter=newsletter).order_by("pk")[:batch_size])
    mail_ids = []
    with transaction.atomic():
        for user in batch:
            try:
                with transaction.atomic():
                    NewsletterDelivery.objects.create(newsletter=newsletter, user=user)
                    mail_ids.append(_newsletter_mail(newsletter=newsletter, user=user).pk)
            except IntegrityError:
                continue  # another worker has just queued this user
    outbox_deliver(mail_ids=mail_ids)
    more = len(batch) == batch_size
    newsletter_refresh_progress(newsletter_id=newsletter.pk, all_queued=not more)
    return more


def newsletter_refresh_progress(*, newsletter_id: int, all_queued: bool | None = None) -> None:
    """Count the newsletter's sent mails; once everyone is queued and nothing waits in the
    outbox any more, the newsletter is sent."""
    mails = OutgoingMail.objects.filter(group=newsletter_outbox_group(newsletter_id))
    sent = mails.filter(state=OutgoingMail.State.SENT).count()
    Newsletter.objects.filter(pk=newsletter_id).update(sent_count=sent)
    if all_queued is None:
        newsletter = Newsletter.objects.get(pk=newsletter_id)
        all_queued = not newsletter_recipients(newsletter=newsletter).exists()
    waiting = mails.filter(
        state__in=[OutgoingMail.State.PENDING, OutgoingMail.State.SENDING]
    ).exists()
    if all_queued and not waiting:
        Newsletter.objects.filter(pk=newsletter_id, state=Newsletter.State.SENDING).update(
            state=Newsletter.State.SENT,
            sent_at=timezone.now(),
            # Members who joined or opted out meanwhile change the plan; the bar ends full.
            total_count=F("sent_count"),
        )


def newsletters_stalled(*, now=None) -> list[int]:
    """Newsletters stuck in "sending": nobody was queued for NEWSLETTER_STALLED_AFTER.

    Queuing their task again is safe: deliveries are recorded per user, so it resumes
    with whoever has not been queued yet.
    """
    cutoff = (now or timezone.now()) - NEWSLETTER_STALLED_AFTER
    return list(
        Newsletter.objects.filter(state=Newsletter.State.SENDING)
        .annotate(last_activity=Coalesce(Max("deliveries__sent_at"), "started_at", "created"))
        .filter(last_activity__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def newsletter_unsubscribe(*, user: User) -> bool:
    """Opt the user out of newsletters; returns False if they already were."""
    changed = User.objects.filter(pk=user.pk, newsletter_opt_out=False).update(
        newsletter_opt_out=True
    )
    user.newsletter_opt_out = True
    return bool(changed)


# ---- Deleting an account (accounts.services.account_delete asks every app)


def user_erase(*, user: User) -> None:
    """What a member wrote on the board goes with their account: their ads (with the
    responses to them) and the responses they sent."""
    Response.objects.filter(author=user).delete()
    Ad.objects.filter(author=user).delete()
