"""Reports of abuse and hiding what they point at.

`REPORTABLE` names each kind of content members may report; another area (chats) adds
its own with `register_reportable(kind, model, may_report=...)`, saying who may report
one (only what the reporter may see: other people's chats stay unknown).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from community import permissions
from community.models import BlogComment, BlogPost, ForumPost, Report, Thread, Video, VideoComment
from site_config.cache import bump

REPORTABLE: dict[str, type] = {
    "blog_post": BlogPost,
    "blog_comment": BlogComment,
    "thread": Thread,
    "forum_post": ForumPost,
    "video": Video,
    "video_comment": VideoComment,
}


def _may_report_default(user, target) -> bool:
    if isinstance(target, BlogPost):
        return permissions.can_view_blog_post(user, target)
    return True


MAY_REPORT: dict[str, object] = {}


def register_reportable(kind: str, model: type, *, may_report=None) -> None:
    """Let members report `model` as `kind`; `may_report(user, target)` says whether this
    member may see (and so report) this one."""
    REPORTABLE[kind] = model
    if may_report is not None:
        MAY_REPORT[kind] = may_report


def is_hidden(target) -> bool:
    return bool(getattr(target, "is_hidden", False))


def reportable_target(*, kind: str, pk: int, user: User):
    """The content a member may report, or None (unknown kind, missing, hidden, or not
    visible to them: the view answers 404 alike)."""
    model = REPORTABLE.get(kind)
    if model is None or not pk:
        return None
    target = model._default_manager.filter(pk=pk).first()
    if target is None or is_hidden(target):
        return None
    may_report = MAY_REPORT.get(kind, _may_report_default)
    return target if may_report(user, target) else None


def report_create(*, reporter: User, target, reason: str, comment: str = "") -> Report:
    """Flag content for the moderators; a second report by the same member is the same
    report (returned unchanged)."""
    if not permissions.is_member(reporter):
        raise PermissionDenied(_("Log in to report content."))
    kind = next((k for k, m in REPORTABLE.items() if isinstance(target, m)), None)
    if kind is None or reportable_target(kind=kind, pk=target.pk, user=reporter) is None:
        raise PermissionDenied(_("This content cannot be reported."))
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
    from community.models import Message
    from community.services import blogs, chats, forums, videos

    if not permissions.can_moderate(by):
        raise PermissionDenied(_("Only moderators can hide content."))
    if isinstance(target, Message):
        chats.message_set_hidden(message=target, hidden=hidden, by=by)
    elif isinstance(target, ForumPost):
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
        bump("community")


def reports_hide_targets(*, reports, by: User) -> int:
    """Admin action: hide what the selected reports point at and resolve them."""
    hidden = 0
    with transaction.atomic():
        for report in reports:
            target = report.target
            if target is not None and not is_hidden(target):
                content_set_hidden(target=target, hidden=True, by=by)
                hidden += 1
        Report.objects.filter(pk__in=[r.pk for r in reports]).update(resolved=True)
    return hidden
