"""Talent auctions: opening, the live page, bidding rules and races, finishing, cancelling."""

import contextlib
import datetime
import itertools
import json
import threading

import pytest
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from internships import services, tasks
from internships.models import SNIPE_WINDOW, Application, Auction, Bid, Posting
from internships.tests.factories import (
    ApplicationFactory,
    AuctionFactory,
    EmployerFactory,
    PostingFactory,
    StudentFactory,
)

LIST = reverse("internships:auction_list")
NEW = reverse("internships:auction_create")


def bid_url(auction):
    return reverse("internships:auction_bid", args=[auction.pk])


def live_url(auction):
    return reverse("internships:auction_live", args=[auction.pk])


def local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def auction_data(**overrides):
    data = {
        "title": "Python-разработчик на полставки",
        "pitch": "Пишу на Django два года.",
        "reserve": "40000",
        "min_step": "2000",
        "ends_at": local_input(timezone.now() + datetime.timedelta(days=3)),
    }
    data.update(overrides)
    return data


def place(auction, employer, amount, **kwargs):
    posting = kwargs.pop("posting", None) or PostingFactory(employer=employer)
    return services.bid_place(
        auction=auction, employer=employer, posting=posting, amount=amount, **kwargs
    )


@pytest.fixture
def auction(student):
    return AuctionFactory(student=student, reserve=40000, min_step=1000)


# ---- Opening an auction


@pytest.mark.django_db
def test_student_opens_an_auction(login, student):
    response = login(student).post(NEW, auction_data())
    auction = Auction.objects.get()
    assert response.status_code == 302 and response["Location"] == auction.get_absolute_url()
    assert auction.student == student and auction.status == Auction.Status.ACTIVE
    assert (auction.reserve, auction.min_step) == (40000, 2000)


@pytest.mark.django_db
def test_one_active_auction_per_student(login, student, auction):
    response = login(student).post(NEW, auction_data(title="Второй"))
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "one_active")
    assert Auction.objects.count() == 1


@pytest.mark.django_db
def test_an_ended_auction_does_not_block_a_new_one(login, student):
    AuctionFactory(student=student, ends_at=timezone.now() - datetime.timedelta(minutes=1))
    response = login(student).post(NEW, auction_data(title="Второй"))
    assert response.status_code == 302
    assert Auction.objects.filter(status=Auction.Status.ACTIVE).count() == 1
    assert Auction.objects.filter(status=Auction.Status.FINISHED).count() == 1


@pytest.mark.django_db
def test_the_database_allows_one_active_auction_per_student(student, auction):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AuctionFactory(student=student)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ends_at",
    [
        datetime.timedelta(minutes=30),
        datetime.timedelta(days=15),
        -datetime.timedelta(hours=1),
    ],
)
def test_end_time_must_be_one_hour_to_fourteen_days_ahead(login, student, ends_at):
    data = auction_data(ends_at=local_input(timezone.now() + ends_at))
    response = login(student).post(NEW, data)
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"]
    assert not Auction.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("reserve", "-1"), ("min_step", "0"), ("title", ""), ("ends_at", "завтра")]
)
def test_bad_auction_input_is_a_form_error(login, student, field, value):
    response = login(student).post(NEW, auction_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Auction.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["employer", "teacher"])
def test_only_students_open_auctions(request, login, who):
    client = login(request.getfixturevalue(who))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, auction_data()).status_code == 403
    assert not Auction.objects.exists()


@pytest.mark.django_db
def test_opening_needs_login(client):
    assert reverse("account_login") in client.get(NEW)["Location"]


# ---- The list


@pytest.mark.django_db
def test_list_active_ending_soonest_first_and_finished(client, student, other_student):
    now = timezone.now()
    later = AuctionFactory(ends_at=now + datetime.timedelta(days=3), title="Позже")
    sooner = AuctionFactory(ends_at=now + datetime.timedelta(hours=2), title="Раньше")
    overdue = AuctionFactory(ends_at=now - datetime.timedelta(minutes=1), title="Просрочен")
    done = AuctionFactory(
        ends_at=now - datetime.timedelta(days=1), status=Auction.Status.FINISHED, title="Готов"
    )
    active = client.get(LIST)
    assert list(active.context["page_obj"].object_list) == [sooner, later]
    finished = client.get(LIST, {"status": "finished"})
    assert list(finished.context["page_obj"].object_list) == [overdue, done]
    assert client.get(LIST, {"status": "nonsense"}).context["status"] == "active"


@pytest.mark.django_db
def test_list_htmx_tab_returns_the_partial(client):
    AuctionFactory()
    response = client.get(LIST, {"status": "finished"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="auction-list"' in html and "<html" not in html


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.django_db
def test_list_query_count_is_constant(login, student, django_assert_max_num_queries, count):
    for index in range(count):
        auction = AuctionFactory()
        if index % 2:
            place(auction, EmployerFactory(), 45000)
    client = login(student)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(count, 12)


# ---- The page and who sees what


@pytest.mark.django_db
def test_page_is_public_and_read_only_for_anonymous_visitors(client, auction, employer):
    """/auctions/ is public, so is each auction: read-only, with a way in for employers."""
    place(auction, employer, auction.reserve)
    response = client.get(auction.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert auction.title in html
    assert f'action="{bid_url(auction)}"' not in html  # no bid form
    assert f"/accounts/login/?next={auction.get_absolute_url()}" in html
    assert employer.get_full_name() not in html  # bidders stay private
    assert f'href="/users/{auction.student_id}/"' not in html  # profiles need a login
    assert client.get(live_url(auction)).status_code == 200
    # Bidding still needs a login.
    response = client.post(bid_url(auction), {"amount": auction.reserve + 1000})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_student_and_staff_see_every_bidder(
    login, student, staff, auction, employer, other_employer
):
    place(auction, employer, 40000)
    place(auction, other_employer, 42000)
    for viewer in (student, staff):
        html = login(viewer).get(auction.get_absolute_url()).content.decode()
        assert "Ольга Котова" in html and "Пётр Глебов" in html
        assert "Северное сияние" in html


@pytest.mark.django_db
def test_employers_see_amounts_but_not_other_bidders(login, auction, employer, other_employer):
    place(auction, employer, 40000, message="Секретное сообщение")
    place(auction, other_employer, 42000)
    response = login(other_employer).get(auction.get_absolute_url())
    html = response.content.decode()
    assert 'data-bid-amount="40000"' in html and 'data-bid-amount="42000"' in html
    assert "Ольга Котова" not in html and "Северное сияние" not in html
    assert "Секретное сообщение" not in html
    bids = response.context["bids"]
    assert [bid.show_bidder for bid in bids] == [True, False]  # own bid first (highest)


@pytest.mark.django_db
def test_live_partial_polls_while_active(login, student, auction):
    response = login(student).get(live_url(auction))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s' in html and "<html" not in html


@pytest.mark.django_db
def test_page_shows_finished_as_soon_as_the_end_passes(login, student, auction):
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    client = login(student)
    live = client.get(live_url(auction))
    assert live.status_code == 286  # htmx stops polling
    assert 'data-auction-state="finished"' in live.content.decode()
    assert "every 2s" not in live.content.decode()
    page = client.get(auction.get_absolute_url()).content.decode()
    assert 'data-auction-state="finished"' in page
    auction.refresh_from_db()
    assert auction.status == Auction.Status.ACTIVE  # the task has not run, the page knows


@pytest.mark.django_db
def test_live_partial_closes_the_bid_form_for_employers_when_over(login, employer, auction):
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    html = login(employer).get(live_url(auction)).content.decode()
    assert 'id="bid-box" hx-swap-oob="true"' in html


# ---- Bidding through the page


@pytest.mark.django_db
def test_employer_bids(login, employer, posting, auction, student):
    response = login(employer).post(
        bid_url(auction), {"amount": "45000", "posting": posting.pk, "message": "Ждём!"}
    )
    assert response.status_code == 302
    auction.refresh_from_db()
    bid = Bid.objects.get()
    assert (bid.amount, bid.employer, bid.posting, bid.message) == (
        45000,
        employer,
        posting,
        "Ждём!",
    )
    assert auction.best_amount == 45000 and auction.best_bid == bid and auction.bid_count == 1
    assert Notification.objects.filter(recipient=student).count() == 1


@pytest.mark.django_db
def test_bid_over_htmx_triggers_a_refresh(login, employer, posting, auction):
    response = login(employer).post(
        bid_url(auction), {"amount": "45000", "posting": posting.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "bidPlaced" in json.loads(response["HX-Trigger"])
    html = response.content.decode()
    assert 'id="bid-box"' in html and "<html" not in html
    assert 'value="46000"' in html  # the fresh form offers the next minimum


@pytest.mark.django_db
def test_stale_form_says_outbid_with_the_new_best(
    login, employer, posting, auction, other_employer
):
    client = login(employer)
    # The employer's page showed no bids; meanwhile another employer bid 50 000.
    place(auction, other_employer, 50000)
    response = client.post(
        bid_url(auction),
        {"amount": "45000", "posting": posting.pk, "seen_best": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "50\xa0000" in html or "50 000" in html or "50,000" in html
    assert 'role="alert"' in html
    response = client.post(bid_url(auction), {"amount": "45000", "posting": posting.pk})
    assert response.context["bid_form"].has_error("amount", "outbid")
    assert Bid.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["student", "other_student", "teacher"])
def test_only_employers_bid(request, login, auction, posting, who):
    response = login(request.getfixturevalue(who)).post(
        bid_url(auction), {"amount": "90000", "posting": posting.pk}
    )
    assert response.status_code == 403
    assert not Bid.objects.exists()


@pytest.mark.django_db
def test_bid_needs_login_and_post(client, login, employer, auction, posting):
    response = client.post(bid_url(auction), {"amount": "90000", "posting": posting.pk})
    assert response.status_code == 302
    assert login(employer).get(bid_url(auction)).status_code == 405
    assert not Bid.objects.exists()


@pytest.mark.django_db
def test_bid_for_someone_elses_posting_is_refused(login, other_employer, posting, auction):
    response = login(other_employer).post(
        bid_url(auction), {"amount": "90000", "posting": posting.pk}
    )
    assert response.status_code == 422
    assert response.context["bid_form"].errors["posting"]
    assert not Bid.objects.exists()


@pytest.mark.django_db
def test_bid_with_garbage_is_a_form_error(login, employer, posting, auction):
    response = login(employer).post(bid_url(auction), {"amount": "много", "posting": posting.pk})
    assert response.status_code == 422
    assert response.context["bid_form"].errors["amount"]
    assert not Bid.objects.exists()


# ---- Bidding rules (the service)


@pytest.mark.django_db
def test_bid_rules_reserve_step_and_final(auction, employer, other_employer):
    with pytest.raises(ValidationError) as below_reserve:
        place(auction, employer, 39999)
    assert below_reserve.value.error_dict["amount"][0].code == "too_low"
    first = place(auction, employer, 40000)
    with pytest.raises(ValidationError) as below_step:
        place(auction, other_employer, 40999, seen_best=40000)
    assert below_step.value.error_dict["amount"][0].code == "too_low"
    second = place(auction, other_employer, 41000)
    with pytest.raises(ValidationError) as own_best:
        place(auction, other_employer, 60000)
    assert own_best.value.error_dict["amount"][0].code == "already_best"
    auction.refresh_from_db()
    assert auction.best_amount == 41000 and auction.best_bid == second
    assert auction.bid_count == 2
    assert list(auction.bids.order_by("id")) == [first, second]


@pytest.mark.django_db
def test_bids_sequence_always_rises_by_the_step(auction):
    employers = [EmployerFactory() for _ in range(6)]
    amounts = [40000, 40500, 41000, 41000, 43000, 43999]
    for employer, amount in zip(employers, amounts, strict=True):
        with contextlib.suppress(ValidationError):
            place(auction, employer, amount)
    accepted = list(auction.bids.order_by("created", "id").values_list("amount", flat=True))
    assert accepted == [40000, 41000, 43000]
    auction.refresh_from_db()
    assert auction.best_amount == 43000 and auction.bid_count == 3


@pytest.mark.django_db
def test_bid_for_a_job_or_a_closed_posting_is_refused(auction, employer):
    job = PostingFactory(employer=employer, kind=Posting.Kind.JOB)
    closed = PostingFactory(employer=employer, status=Posting.Status.CLOSED)
    for posting in (job, closed):
        with pytest.raises(ValidationError) as error:
            place(auction, employer, 90000, posting=posting)
        assert "posting" in error.value.error_dict
    assert not Bid.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Auction.Status.FINISHED, Auction.Status.CANCELLED])
def test_bids_on_ended_auctions_are_refused(student, employer, status):
    auction = AuctionFactory(student=student, status=status)
    with pytest.raises(ValidationError) as error:
        place(auction, employer, 90000)
    assert error.value.code == "ended"


@pytest.mark.django_db
def test_bid_after_the_end_time_is_refused_before_the_task_runs(auction, employer):
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError) as error:
        place(auction, employer, 90000)
    assert error.value.code == "ended"
    assert not Bid.objects.exists()


@pytest.mark.django_db
def test_a_bid_in_the_last_two_minutes_extends_the_end(auction, employer, other_employer):
    ends_at = timezone.now() + datetime.timedelta(seconds=90)
    Auction.objects.filter(pk=auction.pk).update(ends_at=ends_at)
    bid = place(auction, employer, 40000)
    auction.refresh_from_db()
    assert auction.ends_at == ends_at + SNIPE_WINDOW
    assert auction.extensions == 1 and bid.extended
    # Far from the end, nothing moves.
    Auction.objects.filter(pk=auction.pk).update(ends_at=ends_at + datetime.timedelta(minutes=10))
    bid = place(auction, other_employer, 41000)
    auction.refresh_from_db()
    assert auction.ends_at == ends_at + datetime.timedelta(minutes=10)
    assert auction.extensions == 1 and not bid.extended


@pytest.mark.django_db
def test_extension_is_shown_to_everyone(login, teacher, auction, employer):
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() + datetime.timedelta(seconds=30)
    )
    place(auction, employer, 40000)
    html = login(teacher).get(live_url(auction)).content.decode()
    assert 'data-extensions="1"' in html


def _race(auction_pk: int, bidders: list, amounts: list[int]) -> list:
    """Every bidder bids at once (a barrier releases them together); returns the outcomes."""
    barrier = threading.Barrier(len(bidders))
    outcomes: list = [None] * len(bidders)

    def run(index: int) -> None:
        employer, posting = bidders[index]
        try:
            barrier.wait(timeout=10)
            outcomes[index] = services.bid_place(
                auction=Auction(pk=auction_pk),
                employer=employer,
                posting=posting,
                amount=amounts[index],
            )
        except ValidationError as error:
            outcomes[index] = error
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(bidders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _assert_consistent(auction: Auction, outcomes: list, step: int) -> None:
    unexpected = [o for o in outcomes if not isinstance(o, Bid | ValidationError)]
    assert not unexpected, unexpected
    accepted = list(auction.bids.order_by("created", "id"))
    assert len(accepted) == sum(isinstance(o, Bid) for o in outcomes)
    assert accepted, "at least one bid must land"
    assert accepted[0].amount >= auction.reserve
    for previous, current in itertools.pairwise(accepted):
        assert current.amount >= previous.amount + step
    auction.refresh_from_db()
    assert auction.best_amount == max(bid.amount for bid in accepted)
    assert auction.best_bid_id == accepted[-1].pk
    assert auction.bid_count == len(accepted)


AMOUNTS = [10000, 10500, 11000, 11000, 12000, 12500, 13000, 20000]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bids_on_postgresql(settings):
    if not settings.IS_POSTGRES:
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    for _round in range(3):
        auction = AuctionFactory(reserve=10000, min_step=1000)
        bidders = []
        for _ in range(8):
            employer = EmployerFactory()
            bidders.append((employer, PostingFactory(employer=employer)))
        outcomes = _race(auction.pk, bidders, AMOUNTS)
        _assert_consistent(auction, outcomes, step=1000)
        auction.refresh_from_db()
        assert auction.best_amount == 20000  # the top bid always beats whatever landed first


@pytest.mark.django_db(transaction=True)
def test_concurrent_bids_on_sqlite(settings):
    if settings.IS_POSTGRES:
        pytest.skip("the PostgreSQL version above covers this")
    auction = AuctionFactory(reserve=10000, min_step=1000)
    bidders = []
    for _ in range(4):
        employer = EmployerFactory()
        bidders.append((employer, PostingFactory(employer=employer)))
    outcomes = _race(auction.pk, bidders, [10000, 10500, 11000, 20000])
    _assert_consistent(auction, outcomes, step=1000)
    auction.refresh_from_db()
    assert auction.best_amount == 20000


# ---- Finishing


@pytest.mark.django_db
def test_finishing_picks_the_best_bid(
    auction, student, employer, other_employer, django_capture_on_commit_callbacks
):
    third = EmployerFactory()
    place(auction, employer, 40000)
    winning_posting = PostingFactory(employer=other_employer, title="Стажировка мечты")
    place(auction, other_employer, 45000, posting=winning_posting)
    place(auction, third, 46000)
    place(auction, employer, 50000)  # the first employer wins in the end
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    before = {
        u.pk: Notification.objects.filter(recipient=u).count()
        for u in (student, employer, other_employer, third)
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.finish_due_auctions_task.call_local() == 1

    auction.refresh_from_db()
    assert auction.status == Auction.Status.FINISHED and auction.finished_at
    assert auction.winner == employer
    assert auction.winner_posting == auction.best_bid.posting
    application = Application.objects.get(student=student)
    assert application.posting == auction.best_bid.posting
    assert application.status == Application.Status.SHORTLISTED
    assert application.events.get().status == "shortlisted"
    after = {
        u.pk: Notification.objects.filter(recipient=u).count()
        for u in (student, employer, other_employer, third)
    }
    assert {pk: after[pk] - before[pk] for pk in after} == {
        student.pk: 1,
        employer.pk: 1,
        other_employer.pk: 1,
        third.pk: 1,
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([student.email, employer.email])


@pytest.mark.django_db
def test_finishing_twice_changes_nothing(auction, student, employer):
    place(auction, employer, 40000)
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert services.auctions_finish_due() == 1
    notifications = Notification.objects.count()
    assert services.auctions_finish_due() == 0
    assert services.auction_finish(auction_id=auction.pk) is None
    assert Application.objects.count() == 1
    assert Notification.objects.count() == notifications


@pytest.mark.django_db
def test_winning_promotes_an_existing_application(auction, student, employer, posting):
    existing = ApplicationFactory(posting=posting, student=student)
    place(auction, employer, 40000, posting=posting)
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    services.auctions_finish_due()
    existing.refresh_from_db()
    assert existing.status == Application.Status.SHORTLISTED
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_an_auction_without_bids_finishes_without_winner(
    auction, student, django_capture_on_commit_callbacks
):
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.auctions_finish_due()
    auction.refresh_from_db()
    assert auction.status == Auction.Status.FINISHED
    assert auction.winner is None and auction.best_bid is None
    assert not Application.objects.exists()
    assert Notification.objects.filter(recipient=student).count() == 1
    assert [m.to for m in mail.outbox] == [[student.email]]


@pytest.mark.django_db
def test_auctions_not_yet_due_are_left_alone(auction, employer):
    place(auction, employer, 40000)
    assert services.auctions_finish_due() == 0
    auction.refresh_from_db()
    assert auction.status == Auction.Status.ACTIVE


@pytest.mark.django_db
def test_a_late_bid_extension_saves_the_auction_from_finishing(auction, employer):
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() + datetime.timedelta(seconds=30)
    )
    place(auction, employer, 40000)  # extends to about now + 2.5 minutes
    soon = timezone.now() + datetime.timedelta(seconds=60)
    assert services.auctions_finish_due(now=soon) == 0


# ---- Cancelling


@pytest.mark.django_db
def test_staff_cancels_and_bidders_are_told(
    login, staff, auction, student, employer, other_employer
):
    place(auction, employer, 40000)
    place(auction, other_employer, 41000)
    place(auction, employer, 42000)
    before = Notification.objects.count()
    response = login(staff).post(reverse("internships:auction_cancel", args=[auction.pk]))
    assert response.status_code == 302
    auction.refresh_from_db()
    assert auction.status == Auction.Status.CANCELLED
    # The student and two distinct bidders.
    assert Notification.objects.count() - before == 3
    with pytest.raises(ValidationError):
        place(auction, other_employer, 90000)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["student", "employer", "teacher"])
def test_only_staff_cancel(request, login, auction, who):
    response = login(request.getfixturevalue(who)).post(
        reverse("internships:auction_cancel", args=[auction.pk])
    )
    assert response.status_code == 403
    auction.refresh_from_db()
    assert auction.status == Auction.Status.ACTIVE


@pytest.mark.django_db
def test_student_sees_the_won_application(login, student, auction, employer):
    place(auction, employer, 40000)
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    services.auctions_finish_due()
    html = login(student).get(reverse("internships:application_list")).content.decode()
    assert 'data-status="shortlisted"' in html
    page = login(StudentFactory()).get(auction.get_absolute_url()).content.decode()
    assert 'data-auction-state="finished"' in page


@pytest.mark.django_db
def test_cancel_route_needs_login_and_post(client, login, staff, auction):
    url = reverse("internships:auction_cancel", args=[auction.pk])
    assert reverse("account_login") in client.post(url)["Location"]
    assert login(staff).get(url).status_code == 405
    auction.refresh_from_db()
    assert auction.status == Auction.Status.ACTIVE


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["teacher", "student", "employer", "staff"])
def test_everyone_logged_in_can_browse_auctions(request, login, auction, who):
    client = login(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 200
    assert client.get(auction.get_absolute_url()).status_code == 200
    assert client.get(live_url(auction)).status_code == 200


@pytest.mark.django_db
def test_teachers_and_students_get_no_bid_form(login, teacher, other_student, auction):
    for viewer in (teacher, other_student):
        response = login(viewer).get(auction.get_absolute_url())
        assert response.context["bid_form"] is None
        assert 'id="bid-box"' not in response.content.decode()


# ---- Where an employer stands, and what happens after the end


@pytest.mark.django_db
def test_an_outbid_employer_is_told_on_the_open_page(login, auction, employer, other_employer):
    place(auction, employer, 40000)
    place(auction, other_employer, 45000)
    client = login(employer)
    html = client.get(auction.get_absolute_url()).content.decode()
    assert "data-outbid" in html
    assert "45" in html.split("data-outbid")[1].split("</p>")[0]
    # The polled live part brings the news too, out of band.
    live = client.get(live_url(auction), headers={"HX-Request": "true"}).content.decode()
    standing = live.split('id="bid-standing"')[1].split("</div>")[0]
    assert 'hx-swap-oob="true"' in standing and "data-outbid" in standing
    # The leader is not told they were outbid.
    leader = login(other_employer).get(auction.get_absolute_url()).content.decode()
    assert "data-outbid" not in leader


@pytest.mark.django_db
def test_a_finished_auction_has_no_bid_card_and_the_winner_sees_what_next(
    login, auction, employer, other_employer
):
    place(auction, employer, 40000)
    bid = place(auction, other_employer, 45000)
    services.auction_finish(auction_id=auction.pk, now=auction.ends_at + datetime.timedelta(1))
    loser = login(employer).get(auction.get_absolute_url()).content.decode()
    assert 'id="bid-box"' not in loser
    assert f'action="{bid_url(auction)}"' not in loser
    winner_client = login(other_employer)
    won = winner_client.get(auction.get_absolute_url()).content.decode()
    assert "data-auction-won" in won
    applicants = reverse("internships:posting_applications", args=[bid.posting_id])
    assert f'href="{applicants}"' in won
    assert Application.objects.filter(posting=bid.posting, student=auction.student).exists()
    # The polling page of the winner swaps its bid card for the same card.
    live = winner_client.get(live_url(auction), headers={"HX-Request": "true"})
    assert live.status_code == 286
    assert "data-auction-won" in live.content.decode()
    anonymous = login(None)
    anonymous.logout()
    html = anonymous.get(auction.get_absolute_url()).content.decode()
    assert 'id="bid-box"' not in html and "data-auction-won" not in html


@pytest.mark.django_db
def test_the_live_part_of_an_ended_auction_removes_the_bid_card_for_others(
    login, auction, employer, other_employer
):
    place(auction, other_employer, 45000)
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    live = login(employer).get(live_url(auction), headers={"HX-Request": "true"})
    html = live.content.decode()
    assert '<div id="bid-box" hx-swap-oob="true" hidden></div>' in html
    assert "Place a bid" not in html and "Сделать ставку" not in html
