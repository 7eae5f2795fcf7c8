"""Mails and notifications reach their recipient in the recipient's language, whatever
language the person who caused them was browsing in."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.models import Notification
from board import services
from board.tests.factories import AdFactory, NewsletterFactory, ResponseFactory, UserFactory

pytestmark = pytest.mark.django_db


def _respond(client, ad, *, language, capture):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with capture(execute=True):
        response = client.post(
            reverse("board:ad_respond", args=[ad.pk]), {"text": "Паладин 60, готов в среду"}
        )
    assert response.status_code == 302


def test_russian_author_hears_of_an_english_speakers_response_in_russian(
    client, django_capture_on_commit_callbacks
):
    author = UserFactory(first_name="Анна", last_name="Смирнова", language="ru")
    player = UserFactory(first_name="John", last_name="Smith", language="en")
    ad = AdFactory(author=author, title="Ищу танка")
    client.force_login(player)
    _respond(client, ad, language="en", capture=django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == [author.email]
    assert message.subject == "Новый отклик на ваше объявление «Ищу танка»"
    assert "John Smith откликается на ваше объявление «Ищу танка»:" in message.body
    assert "responded" not in message.body
    assert 'lang="ru"' in message.alternatives[0][0]
    notification = Notification.objects.get(recipient=author)
    assert notification.message == "John Smith откликается на ваше объявление «Ищу танка»."


def test_english_author_hears_of_a_russian_speakers_response_in_english(
    client, django_capture_on_commit_callbacks
):
    author = UserFactory(first_name="John", last_name="Smith", language="en")
    player = UserFactory(first_name="Иван", last_name="Петров", language="ru")
    ad = AdFactory(author=author, title="LFG raid")
    client.force_login(player)
    _respond(client, ad, language="ru", capture=django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == [author.email]
    assert message.subject == "New response to your ad “LFG raid”"
    assert "Иван Петров responded to your ad “LFG raid”:" in message.body
    assert 'lang="en"' in message.alternatives[0][0]
    notification = Notification.objects.get(recipient=author)
    assert notification.message == "Иван Петров responded to your ad “LFG raid”."


@pytest.mark.parametrize(
    ("responder_language", "browsing", "subject", "notification"),
    [
        (
            "en",
            "ru",
            "Your response to “Ищу хила” was accepted",
            "Your response to “Ищу хила” was accepted.",
        ),
        (
            "ru",
            "en",
            "Ваш отклик на объявление «Ищу хила» принят",
            "Ваш отклик на объявление «Ищу хила» принят.",
        ),
    ],
    ids=["english-responder", "russian-responder"],
)
def test_acceptance_reaches_the_responder_in_their_language(
    client,
    django_capture_on_commit_callbacks,
    responder_language,
    browsing,
    subject,
    notification,
):
    author = UserFactory(language=browsing)
    player = UserFactory(language=responder_language)
    answer = ResponseFactory(ad=AdFactory(author=author, title="Ищу хила"), author=player)
    client.force_login(author)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = browsing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("board:response_accept", args=[answer.pk]))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [player.email]
    assert message.subject == subject
    assert Notification.objects.get(recipient=player).message == notification


def test_newsletter_frame_speaks_each_recipients_language(django_capture_on_commit_callbacks):
    russian = UserFactory(email="ru@example.com", language="ru")
    english = UserFactory(email="en@example.com", language="en")
    newsletter = NewsletterFactory(
        subject="Новости недели",
        body='<p>Сезон!</p><iframe src="https://www.youtube.com/embed/abc"></iframe>',
    )
    # Sent from an English-speaking staff member's request.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.newsletter_start(newsletter=newsletter)
    by_address = {message.to[0]: message for message in mail.outbox}

    to_russian, to_english = by_address[russian.email], by_address[english.email]
    # The newsletter itself is the staff's text, the same for everyone.
    assert to_russian.subject == to_english.subject == "Новости недели"
    assert "Отписаться" in to_russian.alternatives[0][0]
    assert "Unsubscribe" not in to_russian.alternatives[0][0]
    assert "Unsubscribe" in to_english.alternatives[0][0]
    assert "Отписаться" not in to_english.alternatives[0][0]
    assert "Watch the video" in to_english.alternatives[0][0]
    assert "Смотреть видео" in to_russian.alternatives[0][0]
