"""The admin, the demo data and the home page section of the internships app."""

import datetime
import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.tests.factories import OrganizationFactory
from internships import selectors, services
from internships.demo import seed
from internships.models import Application, ApplicationEvent, Auction, Bid, Posting
from internships.tests.factories import (
    ApplicationFactory,
    AuctionFactory,
    EmployerFactory,
    PostingFactory,
    StudentFactory,
)

# ---- Admin


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["posting", "application", "auction", "bid"])
def test_admin_changelists_and_forms_render(client, staff, model, employer):
    auction = AuctionFactory()
    posting = PostingFactory(employer=employer)
    services.bid_place(auction=auction, employer=employer, posting=posting, amount=40000)
    ApplicationFactory(posting=posting)
    client.force_login(staff)
    changelist = reverse(f"admin:internships_{model}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "x"}).status_code == 200
    obj = {
        "posting": posting,
        "application": Application.objects.first(),
        "auction": auction,
        "bid": Bid.objects.first(),
    }[model]
    assert (
        client.get(reverse(f"admin:internships_{model}_change", args=[obj.pk])).status_code == 200
    )


@pytest.mark.django_db
def test_admin_closes_postings(client, staff):
    postings = PostingFactory.create_batch(2)
    client.force_login(staff)
    response = client.post(
        reverse("admin:internships_posting_changelist"),
        {"action": "close_postings", "_selected_action": [p.pk for p in postings]},
    )
    assert response.status_code == 302
    assert set(Posting.objects.values_list("status", flat=True)) == {"closed"}


@pytest.mark.django_db
def test_admin_cancels_auctions_and_notifies_bidders(client, staff, employer):
    auction = AuctionFactory()
    services.bid_place(
        auction=auction, employer=employer, posting=PostingFactory(employer=employer), amount=40000
    )
    client.force_login(staff)
    response = client.post(
        reverse("admin:internships_auction_changelist"),
        {"action": "cancel_auctions", "_selected_action": [auction.pk]},
    )
    assert response.status_code == 302
    auction.refresh_from_db()
    assert auction.status == Auction.Status.CANCELLED
    # The bid told the student once; the cancellation tells the student and the bidder.
    assert Notification.objects.filter(recipient=employer).count() == 1
    assert Notification.objects.filter(recipient=auction.student).count() == 2


@pytest.mark.django_db
def test_admin_change_forms_cannot_set_a_status_silently(client, staff, employer):
    """Statuses change through the site or the admin actions, which notify and keep history."""
    auction = AuctionFactory()
    application = ApplicationFactory(posting=PostingFactory(employer=employer))
    client.force_login(staff)
    for model, obj in (("auction", auction), ("application", application)):
        url = reverse(f"admin:internships_{model}_change", args=[obj.pk])
        form = client.get(url).context["adminform"].form
        assert "status" not in form.fields
    url = reverse("admin:internships_auction_add")
    assert "status" in client.get(url).context["adminform"].form.fields


@pytest.mark.django_db
def test_admin_is_for_staff_only(login, employer):
    response = login(employer).get(reverse("admin:internships_posting_changelist"))
    assert response.status_code == 302


# ---- Demo data


def _counts() -> tuple:
    return (
        Posting.objects.count(),
        Application.objects.count(),
        ApplicationEvent.objects.count(),
        Auction.objects.count(),
        Bid.objects.count(),
    )


@pytest.mark.django_db
def test_demo_seed_is_complete_and_idempotent():
    organization = OrganizationFactory()
    EmployerFactory.create_batch(2, organization=organization)
    EmployerFactory(organization=False)  # an employer without an organization gets one
    StudentFactory.create_batch(6)
    out = io.StringIO()
    seed(scale=1, stdout=out)
    first = _counts()
    seed(scale=1, stdout=out)
    assert _counts() == first
    assert "postings" in out.getvalue()

    assert Posting.objects.count() == 12
    assert set(Posting.objects.values_list("kind", flat=True)) == {"internship", "job"}
    assert Posting.objects.open().count() == 12
    assert set(Application.objects.values_list("status", flat=True)) == set(
        Application.Status.values
    )
    live = Auction.objects.live().get()
    assert live.bids.count() == 3 and live.best_amount == max(
        live.bids.values_list("amount", flat=True)
    )
    finished = Auction.objects.get(status=Auction.Status.FINISHED)
    assert finished.winner is not None and finished.best_bid.employer == finished.winner
    assert Application.objects.filter(
        student=finished.student, posting=finished.winner_posting, status="shortlisted"
    ).exists()
    for employer in EmployerFactory._meta.model.objects.employers():
        assert employer.organizations.exists()


@pytest.mark.django_db
def test_demo_scale_multiplies_postings():
    EmployerFactory()
    StudentFactory.create_batch(3)
    seed(scale=2, stdout=io.StringIO())
    assert Posting.objects.count() == 24


@pytest.mark.django_db
def test_demo_without_employers_does_nothing():
    out = io.StringIO()
    seed(scale=1, stdout=out)
    assert not Posting.objects.exists()
    assert "no employers" in out.getvalue()


# ---- Home page section


@pytest.mark.django_db
def test_home_section_lists_newest_open_postings_and_soonest_auctions():
    now = timezone.now()
    PostingFactory(status=Posting.Status.CLOSED, title="Закрыта")
    for index in range(5):
        PostingFactory(title=f"П{index}", created=now - datetime.timedelta(days=index))
    AuctionFactory(ends_at=now + datetime.timedelta(days=5), title="Долгий")
    for hours in (1, 2, 3):
        AuctionFactory(ends_at=now + datetime.timedelta(hours=hours), title=f"{hours} ч")
    AuctionFactory(ends_at=now - datetime.timedelta(minutes=1), title="Прошёл")
    context = selectors.home_section()
    assert [p.title for p in context["home_postings"]] == ["П0", "П1", "П2", "П3"]
    assert [a.title for a in context["home_auctions"]] == ["1 ч", "2 ч", "3 ч"]


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.django_db
def test_home_section_query_count_is_constant(rf, django_assert_max_num_queries, count):
    for _ in range(count):
        PostingFactory()
        AuctionFactory()
    request = rf.get("/")
    request.user = StudentFactory()
    with django_assert_max_num_queries(4):
        html = render_to_string(
            "internships/_home_section.html", selectors.home_section(), request=request
        )
    assert html.count("<article") == 4


@pytest.mark.django_db
def test_home_section_has_empty_states(rf):
    request = rf.get("/")
    request.user = StudentFactory()
    html = render_to_string(
        "internships/_home_section.html", selectors.home_section(), request=request
    )
    assert reverse("internships:auction_create") in html
    assert "<article" not in html
