"""Joining an organization is a request its owners approve; only members publish for it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Membership, MembershipRequest, Notification
from accounts.tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from internships import services as internship_services
from internships.models import Posting
from internships.tests.test_postings import valid_data

pytestmark = pytest.mark.django_db


def url(name, organization, person=None):
    args = [organization.pk] + ([person.pk] if person else [])
    return reverse(f"accounts:{name}", args=args)


@pytest.fixture
def organization():
    return OrganizationFactory(name="ТехноПарк")


@pytest.fixture
def owner(organization):
    person = UserFactory(role="employer", language="en")
    MembershipFactory(organization=organization, user=person, role=Membership.Role.OWNER)
    return person


@pytest.fixture
def applicant():
    return UserFactory(role="employer", first_name="Пётр", last_name="Новиков")


def as_user(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_join_pending_then_approved_by_an_owner(organization, owner, applicant):
    as_user(applicant).post(url("organization_join", organization))
    assert MembershipRequest.objects.filter(organization=organization, user=applicant).exists()
    assert not Membership.objects.filter(organization=organization, user=applicant).exists()
    # The owner is told, in their language, and sees the request on the page.
    note = Notification.objects.get(recipient=owner)
    assert "Пётр Новиков" in note.message and "asks to join" in note.message
    page = as_user(owner).get(organization.get_absolute_url()).content.decode()
    assert url("organization_request_approve", organization, applicant) in page
    # ...and the organization's page does not list the applicant as a member.
    members = as_user(owner).get(organization.get_absolute_url()).context["members"]
    assert applicant not in [m.user for m in members]
    members_html = as_user(applicant).get(organization.get_absolute_url()).content.decode()
    assert url("organization_request_approve", organization, applicant) not in members_html

    response = as_user(owner).post(url("organization_request_approve", organization, applicant))
    assert response.status_code == 302
    assert Membership.objects.filter(
        organization=organization, user=applicant, role=Membership.Role.MEMBER
    ).exists()
    assert not MembershipRequest.objects.exists()
    assert Notification.objects.filter(recipient=applicant).exists()


def test_an_owner_declines_with_htmx(organization, owner, applicant):
    services.organization_join(organization=organization, user=applicant)
    response = as_user(owner).post(
        url("organization_request_decline", organization, applicant),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="organization-members"')
    assert not MembershipRequest.objects.exists()
    assert not Membership.objects.filter(user=applicant).exists()


def test_only_owners_decide(organization, owner, applicant):
    services.organization_join(organization=organization, user=applicant)
    member = UserFactory()
    MembershipFactory(organization=organization, user=member)
    for person in (member, applicant, UserFactory()):
        response = as_user(person).post(
            url("organization_request_approve", organization, applicant)
        )
        assert response.status_code == 403
    anonymous = Client().post(url("organization_request_approve", organization, applicant))
    assert anonymous.status_code == 302 and reverse("account_login") in anonymous["Location"]
    assert (
        as_user(owner).get(url("organization_request_approve", organization, applicant)).status_code
        == 405
    )
    assert not Membership.objects.filter(user=applicant).exists()
    # A request that does not exist is a 404.
    assert (
        as_user(owner).post(url("organization_request_approve", organization, member)).status_code
        == 404
    )


def test_a_pending_member_cannot_publish_for_the_organization(organization, owner, applicant):
    services.organization_join(organization=organization, user=applicant)
    client = as_user(applicant)
    response = client.post(reverse("internships:posting_create"), valid_data(organization))
    assert response.status_code == 200
    assert not Posting.objects.exists()
    with pytest.raises(ValidationError):  # the service refuses too
        internship_services.posting_create(
            employer=applicant,
            organization=organization,
            kind="internship",
            title="Стажёр",
            description="<p>x</p>",
            deadline=datetime.date.today() + datetime.timedelta(days=9),
        )
    assert not Posting.objects.exists()
    # Approved: now they may.
    services.organization_request_decide(
        join_request=MembershipRequest.objects.get(), by=owner, approve=True
    )
    response = client.post(reverse("internships:posting_create"), valid_data(organization))
    assert response.status_code == 302
    assert Posting.objects.filter(organization=organization, employer=applicant).exists()


def test_the_profile_checkbox_also_only_asks(organization, owner, applicant):
    services.profile_update(
        user=applicant, user_data={}, profile_data={}, organizations=[organization]
    )
    assert not Membership.objects.filter(user=applicant).exists()
    assert MembershipRequest.objects.filter(user=applicant, organization=organization).exists()
