"""factory-boy factories of the board (users come from the accounts app's factory).

ad = AdFactory()                                  # a public ad by a new user
AdFactory(author=user, category="healers", is_hidden=True)
ResponseFactory(ad=ad, status="accepted")
NewsletterFactory(state="sent")
"""

from __future__ import annotations

import factory

from accounts.tests.factories import PASSWORD, UserFactory
from board.models import Ad, Category, Newsletter, NewsletterDelivery, Response
from site_config.richtext import html_to_text

__all__ = [
    "PASSWORD",
    "AdFactory",
    "NewsletterDeliveryFactory",
    "NewsletterFactory",
    "ResponseFactory",
    "UserFactory",
]


class AdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ad

    author = factory.SubFactory(UserFactory, profile=None)
    title = factory.Sequence(lambda n: f"Ищу группу в рейд №{n}")
    category = Category.TANKS
    body = "<p>Нужен <strong>танк</strong> на вторник, 20:00 МСК.</p>"
    body_text = factory.LazyAttribute(lambda ad: html_to_text(ad.body))
    is_hidden = False


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    ad = factory.SubFactory(AdFactory)
    ad_author = factory.LazyAttribute(lambda response: response.ad.author)
    author = factory.SubFactory(UserFactory, profile=None)
    text = factory.Sequence(lambda n: f"Готов пойти, паладин 60 уровня (№{n})")
    status = Response.Status.PENDING


class NewsletterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Newsletter

    subject = factory.Sequence(lambda n: f"Новости сервера №{n}")
    body = "<p>Новый сезон начинается в пятницу!</p>"
    created_by = None
    state = Newsletter.State.DRAFT


class NewsletterDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsletterDelivery

    newsletter = factory.SubFactory(NewsletterFactory)
    user = factory.SubFactory(UserFactory, profile=None)
