"""Talent auctions: the list, opening one, the live page, bidding, cancelling."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from internships import permissions, selectors, services
from internships.forms import AuctionForm, BidForm
from internships.models import Auction
from site_config.cache import cache_anonymous_page
from site_config.htmx import (
    HttpResponseStopPolling,
    template_for,
    trigger_client_event,
    vary_on_htmx,
)
from site_config.http import error_text
from site_config.pagination import paginate, parse_int

PAGE_SIZE = 12
ALL_BIDS_PAGE = 25
# htmx stops polling when a response has this status.
# https://htmx.org/attributes/hx-trigger/#polling


@require_safe
@cache_anonymous_page(namespaces=("internships", "people"))
def auction_list(request):
    """Live auctions ending soonest first (`?status=active`), or ended ones."""
    status = "finished" if request.GET.get("status") == "finished" else "active"
    page_obj = paginate(request, selectors.auction_list(status=status), PAGE_SIZE)
    my_auction = None
    if request.user.is_authenticated and request.user.is_student:
        my_auction = Auction.objects.live().filter(student=request.user).first()
    template_name = template_for(request, "internships/auction_list.html", "auction-list")
    context = {"page_obj": page_obj, "status": status, "my_auction": my_auction}
    return vary_on_htmx(render(request, template_name, context))


@login_required
@require_http_methods(["GET", "POST"])
def auction_create(request):
    """A student opens an auction on themselves."""
    if not permissions.can_open_auction(request.user):
        raise PermissionDenied(_("Only students can open an auction on themselves."))
    form = AuctionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            auction = services.auction_create(student=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your auction is open. Employers can bid now."))
            return redirect(auction)
    my_auction = Auction.objects.live().filter(student=request.user).first()
    return render(
        request, "internships/auction_form.html", {"form": form, "my_auction": my_auction}
    )


def _auction_or_404(pk: int) -> Auction:
    auction = selectors.auction_for_page(pk)
    if auction is None:
        raise Http404
    return auction


def _bid_form(request, auction: Auction, data=None) -> BidForm | None:
    if not permissions.can_bid(request.user, auction):
        return None
    return BidForm(
        data,
        postings=selectors.bid_postings(employer=request.user),
        initial={"amount": auction.minimum_bid},
    )


def _standing(user, auction: Auction, *, has_bid: bool) -> str:
    """Where the viewing employer stands: "won", "lost", "leading", "outbid" or ""."""
    if not has_bid:
        return ""
    mine_is_best = auction.best_bid is not None and auction.best_bid.employer_id == user.pk
    if auction.effective_status == Auction.Status.FINISHED:
        return "won" if mine_is_best else "lost"
    if auction.is_live:
        return "leading" if mine_is_best else "outbid"
    return ""


def _has_bid(user, auction: Auction) -> bool:
    if not getattr(user, "is_employer", False):
        return False
    return selectors.employer_has_bid(auction=auction, employer=user)


def _bids_viewer(user, auction: Auction, *, sees_bidders: bool):
    """Who the latest bids are rendered for: viewers with the same value see the same list
    (the student and staff every name; an employer their own; everyone else none)."""
    if sees_bidders:
        return "all"
    return user.pk if getattr(user, "is_employer", False) else ""


def _page_context(
    request, auction: Auction, *, bid_form=None, bid_placed=None, offer_form=False
) -> dict:
    """`bid_form`: the form to show (bound: its errors); `offer_form`: an empty one to
    those who may bid, built only when its cached fragment is stale."""
    user = request.user
    sees_bidders = permissions.can_see_bidders(user, auction)
    bid_form_cache = ""
    if bid_form is None and offer_form and permissions.can_bid(user, auction):
        bid_form = SimpleLazyObject(lambda: _bid_form(request, auction))
        bid_form_cache = "auction-bid-form"
    return {
        "auction": auction,
        # Read only when the cached list is stale (the template's "auction-bids" fragment).
        "bids": SimpleLazyObject(lambda: selectors.auction_bids(auction=auction, user=user)),
        "bids_viewer": _bids_viewer(user, auction, sees_bidders=sees_bidders),
        "bids_shown": selectors.BIDS_SHOWN,
        "sees_bidders": sees_bidders,
        "bid_form": bid_form,
        "may_bid": bid_form is not None,
        # A bound form (errors, the values posted) is rendered for this request only.
        "bid_form_cache": bid_form_cache,
        "bid_placed": bid_placed,
        "standing": _standing(user, auction, has_bid=_has_bid(user, auction)),
        "poll_seconds": 2,
    }


def live_update_context(auction: Auction, *, user, after: int) -> dict:
    """What changed since bid `after`: the summary and only the newer bids (the socket
    pushes the same fragment)."""
    return {
        "auction": auction,
        "new_bids": selectors.auction_bids_after(auction=auction, user=user, after=after),
        "bids_shown": selectors.BIDS_SHOWN,
        "sees_bidders": permissions.can_see_bidders(user, auction),
        "user": user,
        "standing": _standing(user, auction, has_bid=_has_bid(user, auction)),
    }


# Public and read-only like the list: anonymous visitors see the auction, employers bid.
@never_cache
@require_safe
def auction_detail(request, pk: int):
    """The auction; `?bids=all` adds every bid, paged."""
    auction = _auction_or_404(pk)
    context = _page_context(request, auction, offer_form=True)
    if request.GET.get("bids") == "all":
        page = paginate(request, selectors.auction_bid_queryset(auction=auction), ALL_BIDS_PAGE)
        context["all_bids"] = selectors.auction_bids_page(
            auction=auction, user=request.user, page=page
        )
    return render(request, "internships/auction_detail.html", context)


@never_cache
@require_safe
def auction_live(request, pk: int):
    """The fallback poll while the socket is down: `?after=<last bid id seen>` gets only
    what changed; without it, the whole live panel. 286 once the auction is over stops it."""
    auction = _auction_or_404(pk)
    after = parse_int(request.GET.get("after"))
    if after is not None or request.GET.get("after") == "0":
        context = live_update_context(auction, user=request.user, after=after or 0)
        response = render(request, "internships/_auction_update.html", context)
    else:
        context = {**_page_context(request, auction), "live_response": True}
        response = render(request, "internships/auction_detail.html#auction-live", context)
    if not auction.is_live:
        response.status_code = HttpResponseStopPolling.status_code
    return response


@login_required
@require_POST
def auction_bid(request, pk: int):
    """An employer bids. A stale form (outbid meanwhile) comes back with the new best."""
    auction = get_object_or_404(Auction, pk=pk)
    if not permissions.can_bid(request.user, auction):
        raise PermissionDenied(_("Only employers can bid in talent auctions."))
    form = _bid_form(request, auction, request.POST)
    bid = None
    if form.is_valid():
        try:
            bid = services.bid_place(
                auction=auction,
                employer=request.user,
                posting=form.cleaned_data["posting"],
                amount=form.cleaned_data["amount"],
                message=form.cleaned_data["message"],
                seen_best=form.cleaned_data["seen_best"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    auction = _auction_or_404(pk)
    if bid is not None:
        if not request.htmx:
            messages.success(request, _("Your bid is placed."))
            return redirect(auction)
        context = _page_context(request, auction, offer_form=True, bid_placed=bid)
        response = render(request, "internships/auction_detail.html#bid-box", context)
        return trigger_client_event(response, "bidPlaced")
    context = _page_context(request, auction, bid_form=form)
    template_name = template_for(request, "internships/auction_detail.html", "bid-box")
    return render(request, template_name, context, status=422)


@login_required
@require_POST
def auction_cancel(request, pk: int):
    auction = get_object_or_404(Auction, pk=pk)
    try:
        cancelled = services.auction_cancel(auction=auction, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        if cancelled:
            messages.success(request, _("The auction is cancelled; the bidders were told."))
        else:
            messages.info(request, _("The auction was not active."))
    return redirect(auction)
