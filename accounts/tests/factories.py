"""factory-boy factories of the accounts app; other apps' tests import UserFactory.

user = UserFactory()                       # a student with a profile and a verified email
employer = UserFactory(role="employer")
UserFactory(email_verified=False)          # allauth will ask for the code at login
UserFactory(profile=None)                  # no Profile row
UserFactory(password="other-secret")       # a different password (hashed once per value)
"""

from __future__ import annotations

import functools

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from accounts.models import Membership, Notification, Organization, Profile, Skill, User

PASSWORD = "password123!"


@functools.cache
def _hashed(raw: str) -> str:
    # Hashing with the production hasher takes a fraction of a second; do it once per
    # password, not once per user, so a test that creates 50 users stays fast.
    return make_password(raw)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ["user"]
        skip_postgeneration_save = True

    user = factory.SubFactory("accounts.tests.factories.UserFactory", profile=None)
    headline = factory.Faker("job", locale="ru_RU")
    city = factory.Faker("city_name", locale="ru_RU")
    bio = ""

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name", locale="ru_RU")
    last_name = factory.Faker("last_name", locale="ru_RU")
    role = User.Role.STUDENT
    language = "ru"  # the site's language; UserFactory(language="en") for an English speaker
    is_active = True
    profile = factory.RelatedFactory(ProfileFactory, factory_related_name="user")

    class Params:
        staff = factory.Trait(is_staff=True, is_superuser=True)

    @classmethod
    def _create(cls, model_class, *args, password: str | None = None, **kwargs):
        kwargs["password"] = _hashed(password or PASSWORD)
        return super()._create(model_class, *args, **kwargs)

    @classmethod
    def _build(cls, model_class, *args, password: str | None = None, **kwargs):
        kwargs["password"] = _hashed(password or PASSWORD)
        return super()._build(model_class, *args, **kwargs)

    @factory.post_generation
    def email_verified(self, create, extracted, **kwargs):
        """A verified, primary allauth EmailAddress (mandatory verification lets them in)."""
        if not create:
            return
        verified = True if extracted is None else bool(extracted)
        EmailAddress.objects.update_or_create(
            user=self, email=self.email, defaults={"verified": verified, "primary": True}
        )


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Skill {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organization {n}")
    description = factory.Faker("catch_phrase", locale="ru_RU")
    website = ""
    created_by = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    message = factory.Sequence(lambda n: f"Notification {n}")
    link = ""
    read = False
