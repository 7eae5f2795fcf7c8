"""Internships, jobs, applications and auctions over the API, with their refusals."""

from __future__ import annotations

import datetime
import itertools
import threading

import pytest
from django.db import connection
from django.utils import timezone

from internships.models import Application, Auction, Bid, Posting
from internships.tests.factories import (
    ApplicationFactory,
    AuctionFactory,
    EmployerFactory,
    PostingFactory,
)
from tests.api import assert_error, client_for

pytestmark = pytest.mark.django_db


def posting_body(organization, **overrides):
    return {
        "organization": organization.pk,
        "title": "Стажёр-аналитик",
        "description": "<p>SQL и <b>Python</b></p><script>x()</script>",
        "location": "Казань",
        "remote": True,
        "pay_min": 30000,
        "pay_max": 50000,
        "skills": ["SQL", "Python"],
        "deadline": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        **overrides,
    }


# ---- Postings


def test_lists_are_public_and_filtered(api, posting):
    job = PostingFactory(kind="job", title="Бэкенд-разработчик", remote=True)
    PostingFactory(status="closed")
    client = api()
    assert client.get("/api/internships/").json()["count"] == 2
    assert client.get("/api/internships/?kind=job").json()["results"][0]["id"] == job.pk
    assert [p["id"] for p in client.get("/api/jobs/").json()["results"]] == [job.pk]
    assert client.get("/api/internships/?remote=true").json()["count"] == 1
    assert client.get("/api/internships/?q=python").json()["results"][0]["id"] == posting.pk
    assert client.get("/api/internships/?sort=deadline").status_code == 200
    assert_error(client.get("/api/internships/?kind=gig"), 400, field="kind")
    assert_error(client.get(f"/api/jobs/{posting.pk}/"), 404)  # an internship, not a job
    assert client.get(f"/api/internships/{posting.pk}/").json()["can_manage"] is False


def test_employer_creates_updates_deletes(api, employer, organization):
    client = api(employer)
    response = client.post("/api/internships/", posting_body(organization))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "internship" and sorted(body["skills"]) == ["Python", "SQL"]
    assert "<script" not in body["description"]
    pk = body["id"]
    job = client.post("/api/jobs/", posting_body(organization, kind="internship")).json()
    assert job["kind"] == "job"

    response = client.patch(f"/api/internships/{pk}/", {"title": "Стажёр-инженер"})
    assert response.json()["title"] == "Стажёр-инженер"
    assert response.json()["location"] == "Казань"
    assert client.post(f"/api/internships/{pk}/close/").json()["status"] == "closed"
    assert client.post(f"/api/internships/{pk}/reopen/").json()["status"] == "published"
    assert client.delete(f"/api/internships/{pk}/").status_code == 204
    assert not Posting.objects.filter(pk=pk).exists()


def test_posting_refusals(api, employer, other_employer, student, organization, posting):
    assert_error(api().post("/api/internships/", posting_body(organization)), 401)
    assert_error(api(student).post("/api/internships/", posting_body(organization)), 403)
    # Someone else's organization, bad money and dates: field errors, nothing saved.
    error = assert_error(
        api(other_employer).post(
            "/api/internships/",
            posting_body(organization, pay_min=9, pay_max=1, deadline="tomorrow"),
        ),
        400,
    )
    assert {"organization", "deadline"} <= set(error["fields"])
    assert Posting.objects.count() == 1
    stranger = api(other_employer)
    assert_error(stranger.patch(f"/api/internships/{posting.pk}/", {"title": "x"}), 403)
    assert_error(stranger.delete(f"/api/internships/{posting.pk}/"), 403)
    assert_error(stranger.post(f"/api/internships/{posting.pk}/close/"), 403)
    assert_error(stranger.get(f"/api/internships/{posting.pk}/applications/"), 403)
    assert_error(api().get(f"/api/internships/{posting.pk}/applications/"), 401)
    assert_error(
        api(employer).patch(f"/api/internships/{posting.pk}/", {"pay_min": 9, "pay_max": 1}),
        400,
        field="pay_max",
    )
    posting.refresh_from_db()
    assert posting.pay_max == 60000


def test_posting_with_bids_cannot_be_deleted(api, employer, posting):
    Bid.objects.create(auction=AuctionFactory(), employer=employer, posting=posting, amount=50000)
    assert_error(api(employer).delete(f"/api/internships/{posting.pk}/"), 409, "has_bids")


# ---- Applications


def test_student_applies_lists_and_withdraws(api, student, posting, employer):
    client = api(student)
    base = f"/api/users/{student.pk}/internships/"
    response = client.post(base, {"posting": posting.pk, "cover_letter": "Возьмите меня"})
    assert response.status_code == 201, response.content
    app_id = response.json()["id"]
    assert response.json()["history"][0]["status"] == "submitted"
    assert_error(client.post(base, {"posting": posting.pk}), 409, "duplicate")
    assert client.get(base).json()["count"] == 1
    assert client.get(f"/api/users/{student.pk}/jobs/").json()["count"] == 0
    assert client.get(f"{base}{app_id}/").json()["status"] == "submitted"

    # The employer sees and moves it.
    owner = api(employer)
    applicants = owner.get(f"/api/internships/{posting.pk}/applications/").json()
    assert [a["id"] for a in applicants["results"]] == [app_id]
    assert owner.post(f"/api/applications/{app_id}/viewed/").json()["status"] == "viewed"
    assert_error(owner.post(f"/api/applications/{app_id}/status/", {"status": "?"}), 400)

    assert client.delete(f"{base}{app_id}/").status_code == 204
    assert Application.objects.get(pk=app_id).status == "withdrawn"
    assert_error(client.delete(f"{base}{app_id}/"), 409, "decided")


def test_application_refusals(api, student, other_student, employer, posting):
    base = f"/api/users/{student.pk}/internships/"
    assert_error(api().get(base), 401)
    assert_error(api(other_student).get(base), 403)
    assert_error(api(other_student).post(base, {"posting": posting.pk}), 403)
    assert_error(
        api(employer).post(f"/api/users/{employer.pk}/internships/", {"posting": posting.pk}), 403
    )
    job = PostingFactory(kind="job")
    assert_error(api(student).post(base, {"posting": job.pk}), 400, field="posting")
    assert_error(api(student).post(base, {"posting": "x"}), 400, field="posting")
    closed = PostingFactory(status="closed")
    assert_error(api(student).post(base, {"posting": closed.pk}), 409, "closed")
    assert_error(api(student).post(base, {"posting": posting.pk, "cover_letter": "x" * 5001}), 400)
    assert not Application.objects.exists()

    application = ApplicationFactory(posting=posting, student=other_student)
    assert_error(api(student).get(f"{base}{application.pk}/"), 404)
    assert_error(api(student).delete(f"{base}{application.pk}/"), 404)
    assert_error(api(student).get(f"/api/applications/{application.pk}/"), 404)
    assert_error(
        api(EmployerFactory()).post(
            f"/api/applications/{application.pk}/status/", {"status": "accepted"}
        ),
        404,
    )
    assert_error(
        api(other_student).post(
            f"/api/applications/{application.pk}/status/", {"status": "accepted"}
        ),
        403,
    )
    ok = api(employer).post(f"/api/applications/{application.pk}/status/", {"status": "accepted"})
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"


def test_list_query_counts(api, student, employer, posting, django_assert_max_num_queries):
    for n in (5, 50):
        while Posting.objects.count() < n:
            p = PostingFactory(employer=employer, skills=[])
            ApplicationFactory(posting=p, student=student)
        with django_assert_max_num_queries(5):
            assert api().get("/api/internships/?page_size=100").json()["count"] == n
        with django_assert_max_num_queries(7):
            body = api(student).get(f"/api/users/{student.pk}/internships/?page_size=100").json()
            assert body["count"] == n - 1
        while Auction.objects.count() < n:
            AuctionFactory()
        with django_assert_max_num_queries(5):
            assert api(student).get("/api/auctions/?page_size=100").json()["count"] == n


# ---- Auctions


def test_auction_create_and_bids(api, student, employer, posting, other_employer):
    ends = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    body = {"title": "Python", "pitch": "Пишу", "reserve": 40000, "min_step": 1000, "ends_at": ends}
    assert_error(api(employer).post("/api/auctions/", body), 403)
    response = api(student).post("/api/auctions/", body)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert_error(api(student).post("/api/auctions/", body), 409, "one_active")

    url = f"/api/auctions/{pk}/bids/"
    assert_error(api(student).post(url, {"amount": 50000, "posting": posting.pk}), 403)
    assert_error(api().post(url, {"amount": 50000}), 401)
    assert_error(
        api(employer).post(url, {"amount": 1000, "posting": posting.pk}), 400, field="amount"
    )
    other_posting = PostingFactory(employer=other_employer)
    assert_error(
        api(employer).post(url, {"amount": 50000, "posting": other_posting.pk}),
        400,
        field="posting",
    )
    bid = api(employer).post(url, {"amount": 50000, "posting": posting.pk, "message": "Ждём"})
    assert bid.status_code == 201, bid.content
    # Outbid: the other employer saw 0 and bids too low.
    assert_error(
        api(other_employer).post(
            url, {"amount": 50500, "posting": other_posting.pk, "seen_best": 0}
        ),
        409,
        "outbid",
    )
    # Amounts for everyone; who bid only for the student, staff and the bidder.
    seen_by_rival = api(other_employer).get(url).json()["results"][0]
    assert seen_by_rival["amount"] == 50000 and seen_by_rival["employer"] is None
    assert seen_by_rival["message"] is None
    seen_by_student = api(student).get(f"/api/auctions/{pk}/").json()["bids"][0]
    assert seen_by_student["employer"]["id"] == employer.pk
    assert Bid.objects.count() == 1
    assert_error(api(student).post(f"/api/auctions/{pk}/cancel/"), 403)


def test_auction_list_filter(api, student):
    live = AuctionFactory()
    AuctionFactory(ends_at=timezone.now() - datetime.timedelta(hours=1))
    assert [a["id"] for a in api(student).get("/api/auctions/").json()["results"]] == [live.pk]
    assert api(student).get("/api/auctions/?status=finished").json()["count"] == 1
    assert_error(api(student).get("/api/auctions/?status=soon"), 400, field="status")
    assert_error(api().get("/api/auctions/"), 401)


@pytest.mark.django_db(transaction=True)
def test_concurrent_bids_over_the_api_keep_the_invariants():
    """Bidders posting at once: only bids that beat the best at write time land."""
    auction = AuctionFactory(reserve=10000, min_step=1000)
    amounts = [10000, 10500, 11000, 20000]
    bidders = []
    for _ in amounts:
        employer = EmployerFactory()
        bidders.append((employer, PostingFactory(employer=employer)))
    barrier = threading.Barrier(len(bidders))
    statuses: list = [None] * len(bidders)

    def run(index: int) -> None:
        employer, posting = bidders[index]
        client = client_for(employer)
        try:
            barrier.wait(timeout=10)
            response = client.post(
                f"/api/auctions/{auction.pk}/bids/",
                {"amount": amounts[index], "posting": posting.pk},
                format="json",
            )
            statuses[index] = response.status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(bidders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert set(statuses) <= {201, 400, 409}, statuses
    accepted = list(auction.bids.order_by("created", "id"))
    assert len(accepted) == statuses.count(201) >= 1
    for previous, current in itertools.pairwise(accepted):
        assert current.amount >= previous.amount + 1000
    auction.refresh_from_db()
    assert auction.best_amount == 20000 == max(b.amount for b in accepted)
    assert auction.bid_count == len(accepted)


def test_student_applies_to_a_job_and_withdraws(api, student, employer):
    """`/api/users/{user_id}/jobs/` is the same flow as internships, for job postings."""
    job = PostingFactory(employer=employer, kind="job")
    internship = PostingFactory(employer=employer, kind="internship")
    client = api(student)
    base = f"/api/users/{student.pk}/jobs/"
    assert_error(client.post(base, {"posting": internship.pk}), 400, field="posting")
    response = client.post(base, {"posting": job.pk, "cover_letter": "Готов к работе"})
    assert response.status_code == 201, response.content
    app_id = response.json()["id"]
    assert_error(client.post(base, {"posting": job.pk}), 409, "duplicate")
    assert [a["id"] for a in client.get(base).json()["results"]] == [app_id]
    assert client.get(f"/api/users/{student.pk}/internships/").json()["count"] == 0
    assert client.get(f"{base}{app_id}/").json()["status"] == "submitted"
    assert_error(api().get(base), 401)
    assert_error(api(employer).get(base), 403)

    # The employer's applicants of the job, and a status change the student sees.
    applicants = api(employer).get(f"/api/jobs/{job.pk}/applications/").json()
    assert [a["id"] for a in applicants["results"]] == [app_id]
    moved = api(employer).post(f"/api/applications/{app_id}/status/", {"status": "viewed"})
    assert moved.status_code == 200 and moved.json()["status"] == "viewed"
    assert client.get(f"{base}{app_id}/").json()["status"] == "viewed"

    assert client.delete(f"{base}{app_id}/").status_code == 204
    assert Application.objects.get(pk=app_id).status == "withdrawn"
    assert_error(client.delete(f"{base}{app_id}/"), 409, "decided")


def test_staff_read_a_students_applications_but_never_apply_for_them(api, student, posting, staff):
    ApplicationFactory(posting=posting, student=student)
    base = f"/api/users/{student.pk}/internships/"
    assert api(staff).get(base).json()["count"] == 1
    assert_error(api(staff).post(base, {"posting": posting.pk}), 403)
    assert_error(api(staff).get("/api/users/999999/internships/"), 403)
    assert Application.objects.count() == 1
