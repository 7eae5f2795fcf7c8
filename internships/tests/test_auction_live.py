"""The auction's live layer: the latest N bids with "show all" paged, updates that carry
only what changed (their size does not grow with the bids), and the socket pushing new
bids and the end, with bidders shown to each viewer as the page shows them."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from internships import services
from internships.models import Auction, Bid
from internships.selectors import BIDS_SHOWN
from internships.tests.factories import AuctionFactory, EmployerFactory, PostingFactory
from tests.ws import communicator, db, run_async


def live_url(auction):
    return reverse("internships:auction_live", args=[auction.pk])


def bid_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="bid-(\d+)"', html)]


def fill_bids(auction, count: int) -> list[Bid]:
    """`count` accepted bids from alternating employers (each beats the previous)."""
    employers = [EmployerFactory(), EmployerFactory()]
    postings = [PostingFactory(employer=e) for e in employers]
    bids = []
    for i in range(count):
        bids.append(
            services.bid_place(
                auction=auction,
                employer=employers[i % 2],
                posting=postings[i % 2],
                amount=auction.reserve + i * auction.min_step,
            )
        )
    return bids


@pytest.fixture
def live_auction(student):
    return AuctionFactory(
        student=student,
        reserve=40000,
        min_step=1000,
        ends_at=timezone.now() + datetime.timedelta(days=1),
    )


@pytest.mark.django_db
def test_page_shows_only_the_latest_bids_and_pages_all(login, student, live_auction):
    bids = fill_bids(live_auction, BIDS_SHOWN + 5)
    client = login(student)
    html = client.get(live_auction.get_absolute_url()).content.decode()
    aside = html[html.index('id="bid-list"') :]
    assert bid_ids(aside)[:BIDS_SHOWN] == [b.pk for b in reversed(bids)][:BIDS_SHOWN]
    assert len(set(bid_ids(aside))) == BIDS_SHOWN
    assert "?bids=all#all-bids" in html
    every = client.get(live_auction.get_absolute_url(), {"bids": "all"}).context["all_bids"]
    assert every.paginator.count == BIDS_SHOWN + 5


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_update_carries_only_what_changed(
    login, student, live_auction, count, django_assert_max_num_queries
):
    bids = fill_bids(live_auction, count)
    client = login(student)
    with django_assert_max_num_queries(8):
        response = client.get(
            live_url(live_auction), {"after": bids[-2].pk}, headers={"HX-Request": "true"}
        )
    html = response.content.decode()
    assert bid_ids(html) == [bids[-1].pk]
    assert 'id="auction-summary" hx-swap-oob="true"' in html
    # Nothing new: no bids at all in the update.
    assert (
        bid_ids(client.get(live_url(live_auction), {"after": bids[-1].pk}).content.decode()) == []
    )


@pytest.mark.django_db
def test_update_size_does_not_grow_with_the_bids(login):
    from internships.tests.factories import StudentFactory

    sizes = []
    for count in (5, 60):
        auction = AuctionFactory(
            student=StudentFactory(),
            reserve=40000,
            min_step=1000,
            ends_at=timezone.now() + datetime.timedelta(days=1),
        )
        bids = fill_bids(auction, count)
        client = login(auction.student)
        html = client.get(live_url(auction), {"after": bids[-2].pk}).content
        sizes.append(len(html))
    # The same one new bid: the same size within the names' lengths (one bid's HTML is
    # ~600 bytes, so carrying the whole history would make it ~12 times bigger).
    assert sizes[1] < sizes[0] * 1.2, sizes


@pytest.mark.django_db(transaction=True)
def test_socket_pushes_bids_with_bidders_hidden_from_other_employers(
    channel_layer, student, live_auction
):
    first, second = EmployerFactory(last_name="Первый"), EmployerFactory(last_name="Второй")
    p1, p2 = PostingFactory(employer=first), PostingFactory(employer=second)
    watcher = communicator(f"/ws/auctions/{live_auction.pk}/", second)
    owner = communicator(f"/ws/auctions/{live_auction.pk}/", student)

    async def run():
        for ws in (watcher, owner):
            connected, _ = await ws.connect()
            assert connected
        bid = await db(services.bid_place)(
            auction=live_auction, employer=first, posting=p1, amount=41000
        )
        to_second = await watcher.receive_from(timeout=3)
        to_student = await owner.receive_from(timeout=3)
        assert bid_ids(to_second) == [bid.pk] == bid_ids(to_student)
        assert "Первый" not in to_second and "Первый" in to_student
        assert 'id="bid-minimum" hx-swap-oob="true"' in to_second  # the next minimum
        # Reconnect: a resume from the last bid seen gets only newer ones.
        await watcher.disconnect()
        newer = await db(services.bid_place)(
            auction=live_auction, employer=second, posting=p2, amount=43000
        )
        await owner.receive_from(timeout=3)
        again = communicator(f"/ws/auctions/{live_auction.pk}/", second)
        await again.connect()
        await again.send_json_to({"type": "resume", "after": bid.pk})
        assert bid_ids(await again.receive_from(timeout=3)) == [newer.pk]
        # The end is pushed too.
        await db(Auction.objects.filter(pk=live_auction.pk).update)(
            ends_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        await db(services.auction_finish)(auction_id=live_auction.pk)
        ended = await again.receive_from(timeout=3)
        assert (
            'data-auction-state="finished"' in ended and 'id="bid-box" hx-swap-oob="true"' in ended
        )
        await again.disconnect()
        await owner.disconnect()

    run_async(run)


@pytest.mark.django_db(transaction=True)
def test_auction_socket_needs_login(channel_layer, live_auction):
    from site_config.consumers import CLOSE_UNAUTHENTICATED

    async def run():
        ws = communicator(f"/ws/auctions/{live_auction.pk}/", None)
        await ws.connect()
        assert (await ws.receive_output(timeout=3))["code"] == CLOSE_UNAUTHENTICATED

    run_async(run)
