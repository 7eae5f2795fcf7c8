"""The internships rules (internships/permissions.py): services refuse with
PermissionDenied; the views turn it into the designed 403 that says why."""

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from internships import permissions, services
from internships.models import Application, Auction, Posting
from internships.tests.factories import ApplicationFactory, AuctionFactory

pytestmark = pytest.mark.django_db


def test_named_rules(employer, other_employer, student, staff, posting):
    assert rules.has_perm("internships.edit_posting", employer, posting)
    assert rules.has_perm("internships.edit_posting", staff, posting)
    assert not rules.has_perm("internships.edit_posting", other_employer, posting)
    assert employer.has_perm("internships.publish_posting")
    assert not student.has_perm("internships.publish_posting")
    assert student.has_perm("internships.open_auction")
    assert not employer.has_perm("internships.open_auction")
    auction = AuctionFactory(student=student)
    assert permissions.can_see_bidders(student, auction)
    assert permissions.can_see_bidders(staff, auction)
    assert not permissions.can_see_bidders(employer, auction)


def test_posting_services_refuse_strangers(other_employer, student, posting):
    for user in (other_employer, student):
        with pytest.raises(PermissionDenied):
            services.posting_close(posting=posting, by=user)
        with pytest.raises(PermissionDenied):
            services.posting_delete(posting=posting, by=user)
    with pytest.raises(PermissionDenied):
        services.postings_close(postings=Posting.objects.all(), by=other_employer)
    posting.refresh_from_db()
    assert posting.status == Posting.Status.PUBLISHED


def test_application_services_refuse_strangers(other_employer, other_student, student, posting):
    application = ApplicationFactory(posting=posting, student=student)
    with pytest.raises(PermissionDenied):
        services.application_set_status(
            application=application, status=Application.Status.ACCEPTED, by=other_employer
        )
    with pytest.raises(PermissionDenied):
        services.application_withdraw(application=application, by=other_student)
    with pytest.raises(PermissionDenied):
        services.application_create(posting=posting, student=other_employer)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_auction_services_refuse_the_wrong_roles(employer, student, posting):
    auction = AuctionFactory(student=student)
    with pytest.raises(PermissionDenied):
        services.bid_place(auction=auction, employer=student, posting=posting, amount=10**6)
    with pytest.raises(PermissionDenied):
        services.auction_cancel(auction=auction, by=employer)
    auction.refresh_from_db()
    assert auction.status == Auction.Status.ACTIVE and auction.bid_count == 0


def test_the_403_page_says_why(login, other_employer, posting):
    response = login(other_employer).post(reverse("internships:posting_close", args=[posting.pk]))
    assert response.status_code == 403
    assert "errors/403.html" in [t.name for t in response.templates]
    assert response.context["reason"]
