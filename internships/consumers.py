"""The auction socket (`/ws/auctions/<id>/`): new bids and the end, pushed as the same
fragment the fallback poll gets; each viewer sees bidders as the page shows them."""

from __future__ import annotations

from django.template.loader import render_to_string

from internships import selectors
from internships.models import Auction
from site_config.consumers import LiveConsumer
from site_config.realtime import auction_group


class AuctionConsumer(LiveConsumer):
    def connect(self):
        self.auction_id = int(self.scope["url_route"]["kwargs"]["auction_id"])
        self.cursor = None  # the newest bid id this socket has delivered
        super().connect()

    def groups_for(self) -> list[str]:
        return [auction_group(self.auction_id)]

    def allowed(self) -> bool:
        return Auction.objects.filter(pk=self.auction_id).exists()

    def _update(self, after: int) -> str:
        from internships.views.auctions import live_update_context

        auction = selectors.auctions_for_page().get(pk=self.auction_id)
        context = live_update_context(auction, user=self.user, after=after)
        if context["new_bids"]:
            self.cursor = max(after, *(bid.pk for bid in context["new_bids"]))
        elif self.cursor is None:
            self.cursor = after
        return render_to_string("internships/_auction_update.html", context)

    def render_resume(self, after: int) -> str:
        return self._update(after)

    def render_event(self, event: dict) -> str:
        if event.get("kind") == "bid":
            bid_id = int(event["bid_id"])
            if self.cursor is not None and bid_id <= self.cursor:
                return ""
            return self._update(self.cursor if self.cursor is not None else bid_id - 1)
        if event.get("kind") == "state":
            return self._update(self.cursor or 0)
        return ""
