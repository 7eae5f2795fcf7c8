"""factory-boy factories of the internships app (users come from accounts' factories).

employer = EmployerFactory()            # an employer who belongs to an organization
posting = PostingFactory(employer=employer)
ApplicationFactory(posting=posting)     # a student's submitted application
auction = AuctionFactory()              # a live auction of a new student
"""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from accounts.models import Membership, User
from accounts.tests.factories import OrganizationFactory, UserFactory
from internships.models import Application, ApplicationEvent, Auction, Bid, Posting
from internships.services import _search_text


class StudentFactory(UserFactory):
    role = User.Role.STUDENT


class TeacherFactory(UserFactory):
    role = User.Role.TEACHER


class EmployerFactory(UserFactory):
    """An employer with one organization (pass `organization=` to choose it)."""

    role = User.Role.EMPLOYER

    @factory.post_generation
    def organization(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        organization = extracted or OrganizationFactory()
        Membership.objects.get_or_create(
            organization=organization, user=self, defaults={"role": Membership.Role.OWNER}
        )


def _organization_of(posting) -> object:
    return posting.employer.organizations.order_by("pk").first() or OrganizationFactory()


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting
        skip_postgeneration_save = True

    employer = factory.SubFactory(EmployerFactory)
    organization = factory.LazyAttribute(_organization_of)
    kind = Posting.Kind.INTERNSHIP
    title = factory.Sequence(lambda n: f"Стажировка {n}")
    description = "<p>Работа в дружной команде.</p>"
    location = "Москва"
    remote = False
    pay_min = 40000
    pay_max = 60000
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = Posting.Status.PUBLISHED
    search_text = factory.LazyAttribute(lambda o: _search_text(posting=o, skills=[]))

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)
            self.search_text = _search_text(posting=self, skills=extracted)
            self.save(update_fields=["search_text"])


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    posting = factory.SubFactory(PostingFactory)
    student = factory.SubFactory(StudentFactory)
    cover_letter = "Хочу к вам!"
    status = Application.Status.SUBMITTED

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            ApplicationEvent.objects.create(
                application=self, status=self.status, actor=self.student
            )


class AuctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Auction

    student = factory.SubFactory(StudentFactory)
    title = factory.Sequence(lambda n: f"Python-разработчик {n}")
    pitch = "Пишу на Python два года."
    reserve = 40000
    min_step = 1000
    ends_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))
    status = Auction.Status.ACTIVE


class BidFactory(factory.django.DjangoModelFactory):
    """A bid row written directly (tests of the rules call services.bid_place instead)."""

    class Meta:
        model = Bid

    auction = factory.SubFactory(AuctionFactory)
    employer = factory.SubFactory(EmployerFactory)
    posting = factory.LazyAttribute(lambda o: PostingFactory(employer=o.employer))
    amount = 50000
    message = ""
