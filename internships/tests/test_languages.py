"""What an employer's, a student's or the moderators' action sends to someone else
reaches them in their own language, not in the language of the request that caused it."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Notification
from accounts.tests.factories import UserFactory
from internships import services
from internships.models import Auction
from internships.tests.factories import (
    ApplicationFactory,
    AuctionFactory,
    EmployerFactory,
    PostingFactory,
    StudentFactory,
)

pytestmark = pytest.mark.django_db


def _browse_in(client, user, language):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _only_message(user) -> str:
    return Notification.objects.get(recipient=user).message


# ---- Applications


def test_english_student_hears_of_a_russian_employers_status_change_in_english(
    client, django_capture_on_commit_callbacks
):
    student = StudentFactory(first_name="Emma", language="en")
    employer = EmployerFactory(language="ru")
    posting = PostingFactory(employer=employer, title="Python intern")
    application = ApplicationFactory(posting=posting, student=student)
    _browse_in(client, employer, "ru")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("internships:application_status", args=[application.pk]),
            {"status": "shortlisted"},
        )
    assert response.status_code == 302
    # The employer browses in Russian; the student reads English.
    assert response["Content-Language"] == "ru"
    assert _only_message(student) == "Your application to “Python intern” is now: shortlisted."
    (message,) = mail.outbox
    assert message.to == [student.email]
    assert message.subject == "Your application to “Python intern”: Shortlisted"
    assert "Hello, Emma!" in message.body
    assert "You are on the shortlist" in message.body
    assert 'lang="en"' in message.alternatives[0][0]


def test_russian_student_hears_of_an_english_employers_status_change_in_russian(
    client, django_capture_on_commit_callbacks
):
    student = StudentFactory(first_name="Анна", language="ru")
    employer = EmployerFactory(language="en")
    posting = PostingFactory(employer=employer, title="Стажёр")
    application = ApplicationFactory(posting=posting, student=student)
    _browse_in(client, employer, "en")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("internships:application_status", args=[application.pk]),
            {"status": "shortlisted"},
        )
    assert _only_message(student) == "Статус вашего отклика на «Стажёр»: в шорт-листе."
    (message,) = mail.outbox
    assert message.subject == "Ваш отклик на «Стажёр»: В шорт-листе"
    assert "Здравствуйте, Анна!" in message.body
    assert 'lang="ru"' in message.alternatives[0][0]


def test_the_employer_hears_of_applications_and_withdrawals_in_their_language(client):
    employer = EmployerFactory(language="ru")
    student = StudentFactory(first_name="Emma", last_name="Brown", language="en")
    posting = PostingFactory(employer=employer, title="Стажёр")
    _browse_in(client, student, "en")
    response = client.post(reverse("internships:posting_apply", args=[posting.pk]), {})
    assert response.status_code == 302
    assert _only_message(employer) == "Emma Brown откликается на «Стажёр»."

    application = student.applications.get()
    client.post(reverse("internships:application_withdraw", args=[application.pk]))
    assert Notification.objects.filter(recipient=employer).first().message == (
        "Emma Brown отзывает отклик на «Стажёр»."
    )


# ---- Auctions


def _bid(auction, employer, amount):
    posting = PostingFactory(employer=employer)
    return services.bid_place(auction=auction, employer=employer, posting=posting, amount=amount)


def test_bids_are_announced_in_each_recipients_language():
    student = StudentFactory(language="en")
    auction = AuctionFactory(student=student, title="Python dev", reserve=40000, min_step=1000)
    first = EmployerFactory(language="ru")
    second = EmployerFactory(language="en")
    with translation.override("ru"):
        _bid(auction, first, 40000)
        _bid(auction, second, 50000)
    student_messages = set(
        Notification.objects.filter(recipient=student).values_list("message", flat=True)
    )
    assert student_messages == {
        "New bid on “Python dev”: 40,000 ₽ a month.",
        "New bid on “Python dev”: 50,000 ₽ a month.",
    }
    # Outbid, in Russian (with Russian digit grouping), though the bid came in English.
    assert _only_message(first).startswith("Вашу ставку на аукционе «Python dev» перебили")
    assert "50\xa0000 ₽" in _only_message(first)


def test_a_finished_auction_tells_everyone_in_their_language(django_capture_on_commit_callbacks):
    student = StudentFactory(language="en")
    winner = EmployerFactory(language="ru")
    loser = EmployerFactory(language="en")
    auction = AuctionFactory(student=student, title="Python dev", reserve=40000, min_step=1000)
    _bid(auction, loser, 40000)
    _bid(auction, winner, 45000)
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    Notification.objects.all().delete()
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        assert services.auctions_finish_due() == 1

    assert _only_message(student).startswith("Your auction “Python dev” ended: won by")
    assert "45,000 ₽" in _only_message(student)
    assert (
        _only_message(winner) == "Вы выиграли аукцион «Python dev» со ставкой 45\xa0000 ₽ в месяц."
    )
    assert _only_message(loser) == ("The auction “Python dev” ended: another offer won (45,000 ₽).")
    mails = {message.to[0]: message for message in mail.outbox}
    assert mails[student.email].subject == "Your auction “Python dev” has a winner"
    assert mails[winner.email].subject == "Вы выиграли аукцион «Python dev»"


def test_an_auction_without_bids_tells_the_student_in_their_language(
    django_capture_on_commit_callbacks,
):
    student = StudentFactory(language="en")
    auction = AuctionFactory(student=student, title="Python dev")
    Auction.objects.filter(pk=auction.pk).update(
        ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        services.auctions_finish_due()
    assert _only_message(student) == "Your auction “Python dev” ended without bids."
    (message,) = mail.outbox
    assert message.subject == "Your auction “Python dev” ended without bids"


def test_a_cancelled_auction_tells_everyone_in_their_language(client):
    student = StudentFactory(language="ru")
    bidder = EmployerFactory(language="en")
    auction = AuctionFactory(student=student, title="Python dev", reserve=40000)
    _bid(auction, bidder, 40000)
    Notification.objects.all().delete()
    staff = UserFactory(role="teacher", staff=True, language="en")
    response = _browse_in(client, staff, "en").post(
        reverse("internships:auction_cancel", args=[auction.pk])
    )
    assert response.status_code == 302
    assert _only_message(student) == "Модераторы отменили аукцион «Python dev»."
    assert _only_message(bidder) == "The auction “Python dev” was cancelled by the moderators."
