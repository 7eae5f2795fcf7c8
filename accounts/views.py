"""Views of the accounts app."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts import selectors, services
from accounts.models import Notification

# ---- Notifications


def _render_inbox(request):
    page = Paginator(selectors.notification_inbox(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    template_name = "accounts/notification_list.html"
    if request.htmx:
        template_name += "#notification-list"
    return render(request, template_name, {"page_obj": page, "notifications": page.object_list})


@login_required
@require_GET
def notification_list(request):
    return _render_inbox(request)


@require_GET
def notification_badge(request):
    """The unread count in the nav; polled by HTMX."""
    count = selectors.notification_unread_count(user=request.user)
    return render(request, "accounts/_notification_badge.html", {"unread_count": count})


@login_required
@require_POST
def notification_mark_read(request):
    raw_id = request.POST.get("id")
    notification_id = int(raw_id) if raw_id and raw_id.isdigit() else None
    services.notification_mark_read(user=request.user, notification_id=notification_id)
    if request.htmx:
        response = _render_inbox(request)
        response["HX-Trigger"] = "notificationsChanged"
        return response
    return redirect("accounts:notification_list")


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark a notification read and go to the page it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("accounts:notification_list")


# ---- Profiles, directory, organizations: see below.
def _todo(request, *args, **kwargs):
    return HttpResponse("")


profile_edit = user_list = user_detail = organization_list = organization_create = _todo
organization_detail = organization_join = organization_leave = _todo
