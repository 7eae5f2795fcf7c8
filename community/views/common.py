"""What the community's views share: the like/bookmark toggle answer, reports, and the
moderators' "hide" / "show again" button on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import permissions
from community.forms import ReportForm
from community.services import moderation
from community.toggles import toggle_for
from site_config.htmx import vary_on_htmx, wants_partial
from site_config.http import safe_next
from site_config.pagination import parse_int


def wanted_state(request) -> bool | None:
    """The state a toggle form asks for ("on" = 1 or 0); None flips the current one."""
    return {"1": True, "0": False}.get(request.POST.get("on", ""))


def toggle_view(request, obj, set_state, kind: str = "like"):
    """The one like / bookmark / subscribe view body: `set_state(on)` calls the service
    with the wished state (None flips) and returns the new one."""
    active = set_state(wanted_state(request))
    toggle = toggle_for(obj, kind, active=active)
    return toggle_response(request, toggle=toggle, fallback=obj.get_absolute_url())


def toggle_response(request, *, toggle: dict, fallback: str):
    """HTMX gets the button back in its new state; a plain form post goes back."""
    if wants_partial(request):
        toggle = {**toggle, "next_url": safe_next(request, fallback)}
        return vary_on_htmx(render(request, "community/_toggle.html", {"toggle": toggle}))
    return redirect(safe_next(request, fallback))


def _target_for(request, kind: str, pk: int):
    target = moderation.reportable_target(kind=kind, pk=pk, user=request.user)
    if target is None:
        raise Http404
    return target


@login_required
@require_POST
def report_create(request, kind: str, pk: int):
    """Flag content for the moderators (the admin's reports queue)."""
    target = _target_for(request, kind, parse_int(pk) or 0)
    form = ReportForm(request.POST, kind=kind, pk=target.pk)
    fallback = target.get_absolute_url()
    if form.is_valid():
        try:
            moderation.report_create(reporter=request.user, target=target, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
    if wants_partial(request):
        status = 200 if form.is_valid() else 422
        context = {"done": form.is_valid(), "report_form": form, "kind": kind, "target": target}
        return render(request, "community/_report.html", context, status=status)
    if form.is_valid():
        messages.success(request, _("Thank you: the moderators will take a look."))
    else:
        messages.error(request, _("Choose a reason for the report."))
    return redirect(safe_next(request, fallback))


# What staff hide from the page itself (threads and forum posts have the forum's own
# moderation buttons; chat messages are hidden from the reports queue and the admin).
HIDEABLE = ("blog_post", "blog_comment", "video", "video_comment", "thread", "forum_post")


@login_required
@require_POST
def content_hide(request, kind: str, pk: int):
    """Staff hide a post, video or comment (`hidden=1`) or show it again (`hidden=0`)."""
    if kind not in HIDEABLE:
        raise Http404
    if not permissions.can_moderate(request.user):
        raise PermissionDenied(_("Only moderators can hide content."))
    model = moderation.REPORTABLE[kind]
    target = get_object_or_404(model._default_manager, pk=parse_int(pk) or 0)
    hidden = request.POST.get("hidden", "1") == "1"
    moderation.content_set_hidden(target=target, hidden=hidden, by=request.user)
    if hidden:
        messages.success(request, _("Hidden: only the author and the moderators see it now."))
    else:
        messages.success(request, _("Shown again to everyone."))
    return redirect(safe_next(request, target.get_absolute_url()))
