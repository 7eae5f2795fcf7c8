"""Responses: the private page of responses to my ads (accept, delete) and the ones I sent."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import trigger_client_event

from board import selectors, services
from board.models import Ad, Response
from site_config.cache import VersionedRows
from site_config.htmx import vary_on_htmx, wants_partial
from site_config.http import safe_next
from site_config.pagination import paginate, parse_int

RESPONSES_PER_PAGE = 20


def _my_response(request, pk: int) -> Response:
    """A response to one of the user's ads; anyone else's is a 404 (its existence is
    private)."""
    try:
        return selectors.response_of_my_ad(user=request.user, pk=pk)
    except Response.DoesNotExist:
        raise Http404 from None


def _list_url(ad_id: int | None = None) -> str:
    url = reverse("board:response_list")
    return f"{url}?{urlencode({'ad': ad_id})}" if ad_id else url


@login_required
@require_safe
def response_list(request):
    selected_ad = None
    ad_id = parse_int(request.GET.get("ad"))
    if ad_id is not None:
        try:
            selected_ad = selectors.my_ad(user=request.user, pk=ad_id)
        except Ad.DoesNotExist:
            raise Http404 from None
    status = request.GET.get("status", "")
    if status not in Response.Status.values:
        status = ""
    # The page's rows and total are kept under the board and people versions (any new,
    # accepted or deleted response, any rename changes them at once).
    rows = VersionedRows(
        lambda: selectors.responses_to_my_ads(user=request.user, ad=selected_ad, status=status),
        key=("responses-to", request.user.pk, selected_ad.pk if selected_ad else None, status),
        namespaces=("board", "people"),
    )
    page_obj = paginate(request, rows, RESPONSES_PER_PAGE)
    # Read only when the cached ad filter is stale (the template's "response-filter-ad").
    my_ads = SimpleLazyObject(
        lambda: list(selectors.my_ads_with_response_counts(user=request.user))
    )
    context = {
        "page_obj": page_obj,
        "responses": page_obj.object_list,
        "my_ads": my_ads,
        # An ad whose responses were all deleted stays selectable while it is the filter.
        "selected_ad_missing": SimpleLazyObject(
            lambda: selected_ad is not None and all(my_ad.pk != selected_ad.pk for my_ad in my_ads)
        ),
        # After an accept or a delete the list re-fetches itself: its counts in the ad
        # select change too, so the select comes along (out of band).
        "refresh": wants_partial(request) and request.htmx.trigger == "response-list",
        "selected_ad": selected_ad,
        "status": status,
        "statuses": Response.Status.choices,
        "list_url": _list_url(selected_ad.pk if selected_ad else None),
        # Where each card's buttons come back to (once per page, not per card).
        "next_url": request.get_full_path(),
        # The cards' "x ago", in the key of the cached grid: it is rendered again when one
        # of them moves on (at most once a minute), else it is one lookup for 20 cards.
        "card_times": "|".join(str(naturaltime(response.created)) for response in page_obj),
    }
    template_name = "board/response_list.html"
    if wants_partial(request):
        template_name += "#response-list"
    return vary_on_htmx(render(request, template_name, context))


@login_required
@require_POST
def response_accept(request, pk: int):
    response = _my_response(request, pk)
    changed = services.response_accept(response=response, by=request.user)
    if wants_partial(request):
        context = {
            "response": response,
            "show_ad": request.POST.get("show_ad") == "1",
            "next_url": safe_next(request, _list_url(response.ad_id)),
        }
        card = render(request, "board/_response_card.html", context)
        # Listeners (the lists' counters) refresh themselves.
        return trigger_client_event(card, "responseAccepted", {"ad": response.ad_id})
    if changed:
        messages.success(request, _("Response accepted: the player has been told."))
    return redirect(safe_next(request, _list_url(response.ad_id)))


@login_required
@require_POST
def response_delete(request, pk: int):
    response = _my_response(request, pk)
    ad_id = response.ad_id
    services.response_delete(response=response, by=request.user)
    if wants_partial(request):
        # An empty answer swapped over the card removes it; listeners update counters.
        return trigger_client_event(HttpResponse(""), "responseDeleted", {"ad": ad_id})
    messages.success(request, _("The response has been deleted."))
    return redirect(safe_next(request, _list_url(ad_id)))


@login_required
@require_safe
def my_responses(request):
    status = request.GET.get("status", "")
    if status not in Response.Status.values:
        status = ""
    responses = selectors.responses_sent(user=request.user, status=status)
    page_obj = paginate(request, responses, RESPONSES_PER_PAGE)
    context = {
        "page_obj": page_obj,
        "responses": page_obj.object_list,
        "status": status,
        "statuses": Response.Status.choices,
    }
    return render(request, "board/my_responses.html", context)
