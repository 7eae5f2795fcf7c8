"""Forums: threads, replies, @mentions, likes, bookmarks, subscriptions, moderation."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import case_variants
from accounts.services import email_send_template, notification_create, recipient_language
from community import permissions
from community.models import (
    Forum,
    ForumPost,
    ForumPostLike,
    Thread,
    ThreadBookmark,
    ThreadLike,
    ThreadSubscription,
    ThreadVisit,
)
from community.services.common import (
    DUPLICATE_SECONDS,
    clean_plain_text,
    clean_title,
    like_set,
    text_to_html,
    toggle,
)
from site_config.cache import bump
from site_config.siteurl import site_url

MENTIONS_MAX = 10
# "@Имя_Фамилия": a member's first and last name joined by an underscore (the site has no
# user names); hyphenated names ("Анна-Мария") work too.
_NAME = r"[^\W\d_]+(?:-[^\W\d_]+)*"
MENTION = re.compile(rf"(?<![\w@/])@({_NAME})_({_NAME})")


def mention_handle(user: User) -> str:
    """How to mention a member in a post: @First_Last."""
    first = "-".join(user.first_name.split())
    last = "-".join(user.last_name.split())
    return f"@{first}_{last}" if first and last else ""


def mentions_find(text: str) -> list[User]:
    """The active members a text mentions (one query, at most MENTIONS_MAX names)."""
    pairs = list(dict.fromkeys(MENTION.findall(text)))[:MENTIONS_MAX]
    if not pairs:
        return []
    condition = Q()
    for first, last in pairs:
        firsts = case_variants(first.replace("-", " ")) | case_variants(first)
        lasts = case_variants(last.replace("-", " ")) | case_variants(last)
        condition |= Q(first_name__in=firsts, last_name__in=lasts)
    return list(User.objects.active().filter(condition)[: MENTIONS_MAX * 2])


def post_render(text: str, mentioned: list[User]) -> str:
    """The stored HTML of a post: escaped text, links, mentions linking to profiles."""
    by_name = {
        (u.first_name.casefold().replace(" ", "-"), u.last_name.casefold().replace(" ", "-")): u
        for u in mentioned
    }

    def replace(fragment: str) -> str:
        def link(match):
            user = by_name.get((match.group(1).casefold(), match.group(2).casefold()))
            if user is None:
                return match.group(0)
            return f'<a href="{user.get_absolute_url()}">{match.group(0)}</a>'

        return MENTION.sub(link, fragment)

    return text_to_html(text, replace=replace)


def _thread_url(post: ForumPost) -> str:
    return post.get_absolute_url()


def _notify_mentions(*, post: ForumPost, mentioned: list[User], skip: set[int]) -> set[int]:
    name = post.author.get_full_name() or post.author.email
    notified = set()
    for user in mentioned:
        if user.pk in skip or user.pk == post.author_id:
            continue
        with recipient_language(user):
            notification_create(
                recipient=user,
                message=_("%(name)s mentioned you in “%(title)s”.")
                % {"name": name, "title": post.thread.title},
                link=_thread_url(post),
            )
        notified.add(user.pk)
    return notified


def _notify_subscribers(*, post: ForumPost, mentioned: set[int]) -> None:
    """In-app for every reply (the mentioned already got theirs); a mail only to those
    not mailed since their last visit: one mail per burst of replies, not one per reply.
    The caller holds the thread's row lock, so parallel replies claim each person once."""
    thread = post.thread
    subscriptions = list(
        ThreadSubscription.objects.filter(thread=thread, user__is_active=True)
        .exclude(user_id=post.author_id)
        .select_related("user")
    )
    if not subscriptions:
        return
    name = post.author.get_full_name() or post.author.email
    link = _thread_url(post)
    mailed = {s.pk for s in subscriptions if s.mailed_at is None}
    ThreadSubscription.objects.filter(pk__in=mailed, mailed_at__isnull=True).update(
        mailed_at=timezone.now()
    )
    for subscription in subscriptions:
        user = subscription.user
        with recipient_language(user):
            if user.pk not in mentioned:
                notification_create(
                    recipient=user,
                    message=_("%(name)s replied in “%(title)s”.")
                    % {"name": name, "title": thread.title},
                    link=link,
                )
            if subscription.pk in mailed and user.email:
                email_send_template(
                    template="community_thread_reply",
                    to=[user.email],
                    context={"thread": thread, "post": post, "name": name, "link": link},
                )


def _notify_after_commit(
    post: ForumPost, *, mentions_only: bool = False, skip_ids: list[int] | None = None
) -> None:
    """Queue the notifications of a new post on Huey once its transaction commits: a
    reply in a thread with many subscribers does not wait for their notifications and
    mails, and a rollback notifies nobody."""
    from community.tasks import forum_post_notify_task

    post_id, origin, skip = post.pk, site_url(), list(skip_ids or [])
    transaction.on_commit(
        lambda: forum_post_notify_task(
            post_id, mentions_only=mentions_only, site_url=origin, skip_ids=skip
        )
    )


@transaction.atomic
def post_notify(
    *, post_id: int, mentions_only: bool = False, skip_ids: list[int] | None = None
) -> None:
    """Notify the members a post mentions (but `skip_ids`: those an edited post already
    mentioned) and, for a reply, the thread's subscribers, each in their own language
    (the Huey task's service). A post hidden or gone by then, or in a thread hidden
    meanwhile, notifies nobody."""
    post = (
        ForumPost.objects.filter(pk=post_id, is_hidden=False, thread__is_hidden=False)
        .select_related("author")
        .first()
    )
    if post is None:
        return
    # The thread's row lock serializes the "mailed since the last visit" claims.
    post.thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    mentioned = mentions_find(post.text)
    notified = _notify_mentions(post=post, mentioned=mentioned, skip=set(skip_ids or []))
    if not mentions_only:
        _notify_subscribers(post=post, mentioned=notified)


def forum_refresh(*forum_ids: int) -> None:
    """Recount forums' visible threads and posts and find their latest post (after a
    hide, a move or a delete). The forum's row is locked first, so a reply's F() increment
    waits for the recount (or the recount sees the reply): no update is lost."""
    with transaction.atomic():
        for forum_id in sorted({pk for pk in forum_ids if pk}):
            if not Forum.objects.select_for_update().filter(pk=forum_id).exists():
                continue
            threads = Thread.objects.filter(forum_id=forum_id, is_hidden=False)
            posts = ForumPost.objects.filter(
                thread__forum_id=forum_id, thread__is_hidden=False, is_hidden=False
            )
            last = (
                threads.exclude(last_post=None)
                .order_by("-last_activity", "-id")
                .values_list("last_post_id", flat=True)
                .first()
            )
            Forum.objects.filter(pk=forum_id).update(
                thread_count=threads.count(), post_count=posts.count(), last_post_id=last
            )
        bump("community")


_pending = threading.local()


def _pending_ids() -> dict[str, set[int]]:
    if not hasattr(_pending, "ids"):
        _pending.ids = {"threads": set(), "forums": set()}
    return _pending.ids


def _refresh_pending() -> None:
    ids = _pending_ids()
    thread_ids, forum_ids = set(ids["threads"]), set(ids["forums"])
    ids["threads"].clear()
    ids["forums"].clear()
    for thread in Thread.objects.filter(pk__in=thread_ids):
        forum_ids.discard(thread.forum_id)
        thread_refresh(thread=thread)
    if forum_ids:
        forum_refresh(*forum_ids)


def counts_after_delete(sender, instance, **kwargs) -> None:
    """A thread or post deleted (the admin, a cascade, an erased member): its thread and
    forum are recounted once, after the commit (a cascade of many posts recounts once)."""
    ids = _pending_ids()
    if isinstance(instance, Thread):
        ids["forums"].add(instance.forum_id)
    else:
        ids["threads"].add(instance.thread_id)
    transaction.on_commit(_refresh_pending)


def thread_refresh(*, thread: Thread) -> None:
    """Recount a thread's replies and find its last visible post (after hiding or moving)."""
    visible = ForumPost.objects.filter(thread=thread, is_hidden=False)
    last = visible.order_by("-created", "-id").first()
    count = visible.count()
    thread.reply_count = max(count - 1, 0)
    thread.last_post = last
    thread.last_activity = last.created if last else thread.created
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=thread.reply_count,
        last_post=last,
        last_activity=thread.last_activity,
    )
    bump("community")  # update() sends no signals: the cached lists must learn of it
    forum_refresh(thread.forum_id)


@transaction.atomic
def thread_create(*, forum: Forum, author: User, title: str, text: str) -> Thread:
    """Start a thread with its first post; the author is subscribed to it."""
    if not permissions.is_member(author):
        raise PermissionDenied(_("Log in to start a thread."))
    title = clean_title(title, max_length=Thread.TITLE_MAX_LENGTH)
    text = clean_plain_text(text, max_length=ForumPost.TEXT_MAX_LENGTH)
    User.objects.select_for_update().filter(pk=author.pk).exists()
    since = timezone.now() - timedelta(seconds=DUPLICATE_SECONDS)
    twin = Thread.objects.filter(
        forum=forum, author=author, title=title, created__gte=since
    ).first()
    if twin is not None:
        return twin
    now = timezone.now()
    thread = Thread.objects.create(forum=forum, author=author, title=title, last_activity=now)
    mentioned = mentions_find(text)
    post = ForumPost.objects.create(
        thread=thread, author=author, text=text, html=post_render(text, mentioned)
    )
    thread.last_post = post
    thread.last_activity = post.created
    thread.save(update_fields=["last_post", "last_activity"])
    Forum.objects.filter(pk=forum.pk).update(
        thread_count=F("thread_count") + 1, post_count=F("post_count") + 1, last_post=post
    )
    ThreadSubscription.objects.create(thread=thread, user=author)
    ThreadVisit.objects.create(thread=thread, user=author, last_read_post_id=post.pk)
    _notify_after_commit(post, mentions_only=True)
    return thread


@transaction.atomic
def post_create(
    *, thread: Thread, author: User, text: str, quote: ForumPost | None = None
) -> ForumPost:
    """Reply in a thread: subscribers and mentioned members are notified.

    Refused (PermissionDenied) in a locked or hidden thread; the same text sent twice
    within a minute (a double Enter) is saved once.
    """
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not permissions.can_reply_thread(author, thread):
        if thread.is_locked:
            raise PermissionDenied(_("This thread is locked: no new replies."))
        raise PermissionDenied(_("You cannot reply in this thread."))
    text = clean_plain_text(text, max_length=ForumPost.TEXT_MAX_LENGTH)
    if quote is not None and (quote.thread_id != thread.pk or quote.is_hidden):
        quote = None
    since = timezone.now() - timedelta(seconds=DUPLICATE_SECONDS)
    twin = ForumPost.objects.filter(
        thread=thread, author=author, text=text, created__gte=since
    ).first()
    if twin is not None:
        return twin
    mentioned = mentions_find(text)
    post = ForumPost.objects.create(
        thread=thread, author=author, text=text, quote=quote, html=post_render(text, mentioned)
    )
    Thread.objects.filter(pk=thread.pk).update(
        last_post=post, last_activity=post.created, reply_count=thread.reply_count + 1
    )
    Forum.objects.filter(pk=thread.forum_id).update(post_count=F("post_count") + 1, last_post=post)
    thread.last_post, thread.last_activity = post, post.created
    thread.reply_count += 1
    post.thread = thread
    # The replier has read everything up to their own post.
    ThreadVisit.objects.update_or_create(
        thread=thread, user=author, defaults={"last_read_post_id": post.pk}
    )
    _notify_after_commit(post)
    return post


@transaction.atomic
def post_update(*, post: ForumPost, by: User, text: str) -> ForumPost:
    """The author (or staff) edits a post; it shows as edited."""
    if not permissions.can_edit_forum_post(by, post):
        raise PermissionDenied(_("Only the author can edit this post."))
    text = clean_plain_text(text, max_length=ForumPost.TEXT_MAX_LENGTH)
    if text == post.text:
        return post
    before = [user.pk for user in mentions_find(post.text)]
    mentioned = mentions_find(text)
    post.text = text
    post.html = post_render(text, mentioned)
    post.edited = timezone.now()
    post.save(update_fields=["text", "html", "edited"])
    # A member the edit mentions for the first time is told; the others were already.
    if {user.pk for user in mentioned} - set(before):
        _notify_after_commit(post, mentions_only=True, skip_ids=before)
    return post


def post_set_hidden(*, post: ForumPost, by: User, hidden: bool) -> None:
    if not permissions.can_moderate(by):
        raise PermissionDenied(_("Only moderators can hide posts."))
    with transaction.atomic():
        ForumPost.objects.filter(pk=post.pk).update(is_hidden=hidden)
        bump("community")
        post.is_hidden = hidden
        thread_refresh(thread=post.thread)


class ModerationAction:
    PIN, UNPIN, LOCK, UNLOCK, HIDE, UNHIDE, MOVE = (
        "pin",
        "unpin",
        "lock",
        "unlock",
        "hide",
        "unhide",
        "move",
    )
    FIELDS = {
        "pin": ("is_pinned", True),
        "unpin": ("is_pinned", False),
        "lock": ("is_locked", True),
        "unlock": ("is_locked", False),
        "hide": ("is_hidden", True),
        "unhide": ("is_hidden", False),
    }


@transaction.atomic
def thread_moderate(*, thread: Thread, by: User, action: str, forum: Forum | None = None) -> Thread:
    """Staff pin, lock, hide or move a thread."""
    if not permissions.can_moderate(by):
        raise PermissionDenied(_("Only moderators can do this."))
    if action == ModerationAction.MOVE:
        if forum is None:
            raise ValidationError({"forum": _("Choose the forum to move the thread to.")})
        before = thread.forum_id
        thread.forum = forum
        thread.save(update_fields=["forum"])
        forum_refresh(before, forum.pk)
        return thread
    if action not in ModerationAction.FIELDS:
        raise ValidationError(_("Unknown action."))
    field, value = ModerationAction.FIELDS[action]
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    if field == "is_hidden":
        forum_refresh(thread.forum_id)
    return thread


def thread_like(*, thread: Thread, user: User, on: bool | None = None) -> bool:
    return like_set(obj=thread, user=user, on=on, like_model=ThreadLike, parent_field="thread")


def post_like(*, post: ForumPost, user: User, on: bool | None = None) -> bool:
    if post.is_hidden:
        raise PermissionDenied(_("Hidden posts cannot be liked."))
    return like_set(obj=post, user=user, on=on, like_model=ForumPostLike, parent_field="post")


def thread_bookmark(*, thread: Thread, user: User, on: bool | None = None) -> bool:
    if not permissions.is_member(user):
        raise PermissionDenied(_("Log in to bookmark threads."))
    return toggle(model=ThreadBookmark, lookup={"thread": thread, "user": user}, on=on)


def thread_subscribe(*, thread: Thread, user: User, on: bool | None = None) -> bool:
    if not permissions.is_member(user):
        raise PermissionDenied(_("Log in to subscribe to threads."))
    return toggle(model=ThreadSubscription, lookup={"thread": thread, "user": user}, on=on)


def thread_mark_read(*, thread: Thread, user: User, up_to_post_id: int) -> None:
    """Remember how far a member has read; the next reply may mail them again."""
    if not user.is_authenticated or not up_to_post_id:
        return
    with transaction.atomic():
        updated = ThreadVisit.objects.filter(
            thread=thread, user=user, last_read_post_id__lt=up_to_post_id
        ).update(last_read_post_id=up_to_post_id, visited=timezone.now())
        if not updated and not ThreadVisit.objects.filter(thread=thread, user=user).exists():
            try:
                with transaction.atomic():
                    ThreadVisit.objects.create(
                        thread=thread, user=user, last_read_post_id=up_to_post_id
                    )
            except IntegrityError:
                pass
        ThreadSubscription.objects.filter(thread=thread, user=user, mailed_at__isnull=False).update(
            mailed_at=None
        )
