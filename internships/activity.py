"""The internships app's admin-activity sources (registered in `apps.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from internships.models import Application, Auction, Bid, Posting
from site_config.activity import Source, counts, events


def sources() -> Iterable[Source]:
    yield (
        Posting,
        lambda window: [
            counts(Posting, key="postings", label=_("Postings"), field="created", window=window)
        ],
        lambda limit: events(
            Posting.objects.select_related("organization", "employer").defer(
                "description", "search_text"
            ),
            kind="posting",
            label=_("Posting published"),
            when="created",
            title=lambda posting: posting.title,
            actor=lambda posting: posting.organization,
            limit=limit,
        ),
    )
    yield (
        Application,
        lambda window: [
            counts(
                Application,
                key="applications",
                label=_("Applications"),
                field="created",
                window=window,
            )
        ],
        lambda limit: events(
            Application.objects.select_related("student", "posting").defer(
                "cover_letter", "posting__description", "posting__search_text"
            ),
            kind="application",
            label=_("Application submitted"),
            when="created",
            title=lambda application: application.posting.title,
            actor=lambda application: application.student,
            limit=limit,
        ),
    )
    yield (
        Bid,
        lambda window: [counts(Bid, key="bids", label=_("Bids"), field="created", window=window)],
        lambda limit: events(
            Bid.objects.select_related("employer", "auction").defer("auction__pitch"),
            kind="bid",
            label=_("Bid placed"),
            when="created",
            title=lambda bid: bid.auction.title,
            actor=lambda bid: bid.employer,
            limit=limit,
        ),
    )
    yield (
        Auction,
        lambda window: [
            counts(
                Auction,
                key="auctions",
                label=_("Active auctions"),
                field="created",
                window=window,
                only={"status__exact": Auction.Status.ACTIVE},
            )
        ],
        lambda limit: events(
            Auction.objects.filter(status=Auction.Status.FINISHED, finished_at__isnull=False)
            .select_related("winner")
            .defer("pitch"),
            kind="auction",
            label=_("Auction finished"),
            when="finished_at",
            title=lambda auction: auction.title,
            actor=lambda auction: auction.winner,
            limit=limit,
        ),
    )
