"""Newsletters: the staff's compose / preview / send pages and the public unsubscribe link."""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_update
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseStopPolling

from accounts.models import User
from board import selectors, services
from board.forms import NewsletterForm
from board.models import Newsletter
from site_config.htmx import wants_partial
from site_config.http import staff_required
from site_config.pagination import paginate

NEWSLETTERS_PER_PAGE = 20
# The preview is the mail itself: nothing in it may run scripts or load other pages, only
# show pictures and the allowed video players.
PREVIEW_CSP = (
    "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; "
    "frame-src https://www.youtube.com https://youtube.com https://www.youtube-nocookie.com "
    "https://vk.com https://vkvideo.ru https://rutube.ru"
)


@require_safe
@staff_required
def newsletter_list(request):
    page_obj = paginate(request, selectors.newsletter_list(), NEWSLETTERS_PER_PAGE)
    context = {
        "page_obj": page_obj,
        "newsletters": page_obj.object_list,
        "recipient_count": services.newsletter_recipients().count(),
    }
    return render(request, "board/newsletter_list.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def newsletter_create(request):
    form = NewsletterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        newsletter = services.newsletter_create(created_by=request.user, **form.cleaned_data)
        messages.success(request, _("Draft saved. Check the preview, then send it."))
        return redirect(newsletter)
    return render(request, "board/newsletter_form.html", {"form": form, "newsletter": None})


@require_http_methods(["GET", "POST"])
@staff_required
def newsletter_update(request, pk: int):
    newsletter = get_object_or_404(Newsletter, pk=pk)
    if not newsletter.is_draft:
        messages.info(request, _("This newsletter has been sent and can no longer be changed."))
        return redirect(newsletter)
    form = NewsletterForm.for_newsletter(
        newsletter, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.newsletter_update(newsletter=newsletter, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(newsletter)
    return render(request, "board/newsletter_form.html", {"form": form, "newsletter": newsletter})


def _detail_context(newsletter: Newsletter) -> dict:
    return {
        "newsletter": newsletter,
        "recipient_count": services.newsletter_recipients().count()
        if newsletter.is_draft
        else newsletter.total_count,
    }


@require_safe
@staff_required
# The preview of the mail is a same-origin frame; the site-wide policy allows only video
# players in frames. https://django-csp.readthedocs.io/en/latest/decorators.html
@csp_update({"frame-src": [SELF]})
def newsletter_detail(request, pk: int):
    newsletter = get_object_or_404(Newsletter.objects.select_related("created_by"), pk=pk)
    return render(request, "board/newsletter_detail.html", _detail_context(newsletter))


@xframe_options_sameorigin  # framed by the newsletter's own page
@require_safe
@staff_required
def newsletter_preview(request, pk: int):
    """The mail as a recipient gets it (addressed to the staff member looking at it)."""
    newsletter = get_object_or_404(Newsletter, pk=pk)
    context = services.newsletter_mail_context(newsletter=newsletter, user=request.user)
    response = render(request, "emails/newsletter_message.html", context)
    response["Content-Security-Policy"] = PREVIEW_CSP
    return response


@require_safe
@staff_required
def newsletter_progress(request, pk: int):
    """The progress bar, polled every 2 s while sending; 286 tells htmx to stop polling."""
    newsletter = get_object_or_404(Newsletter, pk=pk)
    response = render(
        request, "board/newsletter_detail.html#newsletter-progress", _detail_context(newsletter)
    )
    if newsletter.state == Newsletter.State.SENT:
        response.status_code = HttpResponseStopPolling.status_code
    return response


@require_POST
@staff_required
def newsletter_send(request, pk: int):
    newsletter = get_object_or_404(Newsletter, pk=pk)
    started = services.newsletter_start(newsletter=newsletter, by=request.user)
    if started:
        messages.success(request, _("Sending has started."))
    else:
        messages.info(request, _("This newsletter is already going out."))
    if wants_partial(request):
        # The page's flash ("Draft saved…") is replaced out of band by this one.
        return render(
            request,
            "board/newsletter_detail.html#newsletter-progress",
            {**_detail_context(newsletter), "replace_messages": True},
        )
    return redirect(newsletter)


# Mail clients unsubscribe with a one-click POST (RFC 8058) that carries no CSRF token and
# no cookies, so this one view is exempt. That is safe: the signed token in the URL is the
# credential, and the only thing it can do is switch newsletters off for its own user.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def newsletter_unsubscribe(request, token: str):
    try:
        person = selectors.user_from_unsubscribe_token(token=token)
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "board/newsletter_unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        services.newsletter_unsubscribe(user=person)
        done = True
    context = {"person": person, "done": done, "token": token}
    return render(request, "board/newsletter_unsubscribe.html", context)
