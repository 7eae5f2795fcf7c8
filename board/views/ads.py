"""Ads: the board, one ad (with its responses), create, edit, delete, respond."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget

from board import permissions, selectors, services
from board.forms import AdForm, ResponseForm
from board.models import Ad, Category
from site_config.cache import cache_anonymous_page, data_version
from site_config.htmx import vary_on_htmx, wants_partial
from site_config.pagination import paginate

ADS_PER_PAGE = 12
AD_PAGE_RESPONSES = 10


def _get_ad(request, pk: int) -> Ad:
    try:
        return selectors.ad_for_viewer(viewer=request.user, pk=pk)
    except Ad.DoesNotExist:
        raise Http404 from None


@require_safe
@cache_anonymous_page(namespaces=("board", "people"))
def ad_list(request):
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    query = " ".join(request.GET.get("q", "").split())[: selectors.SEARCH_MAX_LENGTH]
    ads = selectors.ad_list(viewer=request.user, category=category, query=query)
    page_obj = paginate(request, ads, ADS_PER_PAGE)

    counts = selectors.category_counts(viewer=request.user, query=query)
    # Reversed once per page, not per chip and card.
    board_url = reverse("board:ad_list")
    base = {"q": query} if query else {}
    chips = [
        {
            "slug": "",
            "label": _("All"),
            "count": sum(counts.values()),
            "active": not category,
            "url": f"{board_url}?{urlencode(base)}" if base else f"{board_url}?",
        }
    ]
    for value, label in Category.choices:
        chips.append(
            {
                "slug": value,
                "label": label,
                "count": counts.get(value, 0),
                "active": value == category,
                "url": f"{board_url}?{urlencode({**base, 'category': value})}",
            }
        )
    # The chips' cache key: whatever they show (the counts, the active one, the search).
    chips_key = hashlib.blake2b(
        repr((sorted(counts.items()), category, query)).encode(), digest_size=12
    ).hexdigest()
    context = {
        "page_obj": page_obj,
        "ads": page_obj.object_list,
        "chips": chips,
        "chips_key": chips_key,
        "board_url": board_url,
        "people_version": data_version("people"),
        # The grid's key: which ads and their "x ago" (the one live part of a card), so the
        # cached grid is rendered again only when one of them moves on.
        "cards_key": "|".join(f"{ad.pk}:{naturaltime(ad.created)}" for ad in page_obj.object_list),
        "everywhere_url": chips[0]["url"],  # the same search in every category (full URL)
        "category": category,
        "category_label": Category(category).label if category else "",
        "query": query,
    }
    template_name = "board/ad_list.html"
    if wants_partial(request):
        template_name += "#ad-results"
    return vary_on_htmx(render(request, template_name, context))


def _detail_context(request, ad: Ad, form: ResponseForm | None = None) -> dict:
    user = request.user
    is_author = user.is_authenticated and user.pk == ad.author_id
    can_respond = permissions.can_respond_to_ad(user, ad)
    # The newest few beside the ad; the rest are on the responses pages.
    responses = selectors.ad_responses_for_viewer(ad=ad, viewer=user)
    shown = list(responses[:AD_PAGE_RESPONSES])
    count = len(shown) if len(shown) < AD_PAGE_RESPONSES else responses.count()
    return {
        "ad": ad,
        "is_author": is_author,
        "can_respond": can_respond,
        "responses": shown,
        "response_count": count,
        "form": form if form is not None else (ResponseForm() if can_respond else None),
    }


@require_safe
@cache_anonymous_page(namespaces=("board", "people"))
def ad_detail(request, pk: int):
    ad = _get_ad(request, pk)
    context = _detail_context(request, ad)
    template_name = "board/ad_detail.html"
    # The author's responses card refreshes itself after an accept or a delete.
    fragment = wants_partial(request) and request.htmx.target == "author-responses"
    if fragment and context["is_author"]:
        template_name += "#author-responses"
    return vary_on_htmx(render(request, template_name, context))


@login_required
@require_http_methods(["GET", "POST"])
def ad_create(request):
    form = AdForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            ad = services.ad_create(author=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your ad is on the board."))
            return redirect(ad)
    return render(request, "board/ad_form.html", {"form": form, "ad": None})


@login_required
@require_http_methods(["GET", "POST"])
def ad_update(request, pk: int):
    ad = _get_ad(request, pk)
    if not permissions.can_edit_ad(request.user, ad):
        raise PermissionDenied(_("Only the ad's author can change it."))
    form = AdForm.for_ad(ad, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ad_update(ad=ad, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The ad has been saved."))
            return redirect(ad)
    return render(request, "board/ad_form.html", {"form": form, "ad": ad})


@login_required
@require_POST
def ad_delete(request, pk: int):
    services.ad_delete(ad=_get_ad(request, pk), by=request.user)
    messages.success(request, _("The ad has been deleted."))
    return redirect("board:ad_list")


@login_required
@require_POST
def ad_respond(request, pk: int):
    """Respond to an ad. HTMX gets the updated response list and a fresh form (out of
    band); a plain POST is redirected back to the ad."""
    ad = _get_ad(request, pk)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.response_create(ad=ad, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else "text", exc)
    if form.is_valid():
        if wants_partial(request):
            context = _detail_context(request, ad, form=ResponseForm())
            context["oob"] = True
            return render(request, "board/ad_detail.html#respond-success", context)
        messages.success(request, _("Your response has been sent to the author."))
        return redirect(f"{ad.get_absolute_url()}#responses")

    if wants_partial(request):
        # The list stays; the form comes back with its errors in place of the old one.
        context = _detail_context(request, ad, form=form)
        response = render(request, "board/ad_detail.html#response-form", context)
        return reswap(retarget(response, "#response-form"), "outerHTML")
    if request.user.pk == ad.author_id or ad.is_hidden:
        # No form on these pages to show the error on.
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(ad)
    return render(request, "board/ad_detail.html", _detail_context(request, ad, form=form))
