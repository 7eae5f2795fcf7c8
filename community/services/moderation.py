"""Reports of abuse and hiding what they point at.

`REPORTABLE` names each kind of content members may report; another area (chats) adds
its own with `register_reportable`.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from community import permissions
from community.models import BlogComment, BlogPost, ForumPost, Report, Thread, Video, VideoComment

REPORTABLE: dict[str, type] = {
    "blog_post": BlogPost,
    "blog_comment": BlogComment,
    "thread": Thread,
    "forum_post": ForumPost,
    "video": Video,
    "video_comment": VideoComment,
}


def register_reportable(kind: str, model: type) -> None:
    REPORTABLE[kind] = model


def report_create(*, reporter: User, target, reason: str, comment: str = "") -> Report:
    """Flag content for the moderators; a second report by the same member is the same
    report (returned unchanged)."""
    if not permissions.is_member(reporter):
        raise PermissionDenied(_("Log in to report content."))
    if reason not in Report.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    content_type = ContentType.objects.get_for_model(type(target))
    lookup = {"reporter": reporter, "content_type": content_type, "object_id": target.pk}
    try:
        with transaction.atomic():
            return Report.objects.create(**lookup, reason=reason, comment=comment.strip()[:500])
    except IntegrityError:
        return Report.objects.get(**lookup)


def content_set_hidden(*, target, hidden: bool, by: User) -> None:
    """Hide (or show again) any reportable content; counters follow."""
    from community.services import blogs, forums, videos

    if not permissions.can_moderate(by):
        raise PermissionDenied(_("Only moderators can hide content."))
    if isinstance(target, ForumPost):
        forums.post_set_hidden(post=target, by=by, hidden=hidden)
    elif isinstance(target, Thread):
        forums.thread_moderate(thread=target, by=by, action="hide" if hidden else "unhide")
    elif isinstance(target, BlogComment):
        blogs.blog_comment_set_hidden(comment=target, hidden=hidden)
    elif isinstance(target, VideoComment):
        videos.video_comment_set_hidden(comment=target, hidden=hidden)
    elif hasattr(target, "is_hidden"):
        type(target).objects.filter(pk=target.pk).update(is_hidden=hidden)
        target.is_hidden = hidden


def reports_hide_targets(*, reports, by: User) -> int:
    """Admin action: hide what the selected reports point at and resolve them."""
    hidden = 0
    with transaction.atomic():
        for report in reports:
            target = report.target
            if target is not None and not getattr(target, "is_hidden", True):
                content_set_hidden(target=target, hidden=True, by=by)
                hidden += 1
        Report.objects.filter(pk__in=[r.pk for r in reports]).update(resolved=True)
    return hidden
