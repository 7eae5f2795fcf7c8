"""The outbox: mail survives a mail server that is down for a day, is sent exactly once,
and what failed for good is visible in the admin and can be resent."""

import smtplib
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.urls import reverse
from django.utils import timezone

from accounts import services, tasks
from accounts.models import OutgoingMail
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class Server:
    """What the fake SMTP server does: accept, be down, or refuse a mailbox."""

    mode = "up"


class FlakyBackend(LocmemBackend):
    def open(self):
        if Server.mode == "down":
            raise ConnectionRefusedError("[Errno 111] Connection refused")
        return super().open()

    def send_messages(self, messages):
        if Server.mode == "down":
            raise ConnectionRefusedError("[Errno 111] Connection refused")
        if Server.mode == "refuse":
            raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"No such user")})
        return super().send_messages(messages)


@pytest.fixture
def server(settings):
    settings.EMAIL_BACKEND = "accounts.tests.test_outbox.FlakyBackend"
    Server.mode = "up"
    yield Server
    Server.mode = "up"


@pytest.fixture
def clock(monkeypatch):
    """Move time forward: `clock.advance(hours=3)`."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += timedelta(**delta)

    c = Clock()
    monkeypatch.setattr(timezone, "now", lambda: c.now)
    return c


def enqueue(n=0, **overrides):
    data = {"subject": f"Письмо {n}", "body": "Текст", "to": [f"user{n}@example.com"]}
    data.update(overrides)
    return services.email_enqueue(**data)


def sent_to() -> Counter:
    return Counter(address for message in mail.outbox for address in message.to)


def test_a_mail_is_a_row_marked_sent_by_the_task(django_capture_on_commit_callbacks, server):
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue()
    row.refresh_from_db()
    assert row.state == "sent" and row.sent_at is not None and row.attempts == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id


def test_smtp_down_for_a_day_then_up_sends_every_mail_once(
    django_capture_on_commit_callbacks, server, clock
):
    server.mode = "down"
    with django_capture_on_commit_callbacks(execute=True):
        rows = [enqueue(n) for n in range(5)]
    assert mail.outbox == []
    # The old Huey retries gave up after ~2.5 minutes; the outbox keeps trying.
    for _minute in range(0, 26 * 60, 7):
        clock.advance(minutes=7)
        tasks.outbox_retry_task.call_local()
    assert mail.outbox == []
    assert all(r.state == "pending" for r in OutgoingMail.objects.all())
    first = OutgoingMail.objects.get(pk=rows[0].pk)
    assert first.attempts >= 10 and "Connection refused" in first.last_error
    # Backoff: far fewer attempts than minutes, the next one at most two hours away.
    assert first.attempts < 40
    assert first.next_attempt_at - clock.now <= timedelta(hours=2)

    server.mode = "up"
    clock.advance(hours=2)
    tasks.outbox_retry_task.call_local()
    tasks.outbox_retry_task.call_local()
    assert sent_to() == Counter({f"user{n}@example.com": 1 for n in range(5)})
    assert set(OutgoingMail.objects.values_list("state", flat=True)) == {"sent"}


def test_backoff_doubles_and_is_capped():
    assert services.outbox_backoff(1) == timedelta(minutes=1)
    assert services.outbox_backoff(2) == timedelta(minutes=2)
    assert services.outbox_backoff(5) == timedelta(minutes=16)
    assert services.outbox_backoff(30) == timedelta(hours=2)


def test_gives_up_only_after_two_days(django_capture_on_commit_callbacks, server, clock):
    server.mode = "down"
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue()
    clock.advance(hours=25)
    tasks.outbox_retry_task.call_local()
    row.refresh_from_db()
    assert row.state == "pending"
    clock.advance(hours=24)
    tasks.outbox_retry_task.call_local()
    row.refresh_from_db()
    assert row.state == "failed" and "Connection refused" in row.last_error


def test_a_refused_mailbox_fails_for_good_at_once(django_capture_on_commit_callbacks, server):
    server.mode = "refuse"
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue()
    row.refresh_from_db()
    assert row.state == "failed" and "No such user" in row.last_error
    assert tasks.outbox_retry_task.call_local() == 0


def test_a_claimed_row_is_sent_by_one_worker_only(server):
    row = enqueue(send=False)
    assert services.outbox_claim(mail_id=row.pk) is not None
    assert services.outbox_claim(mail_id=row.pk) is None  # the second worker loses
    assert services.outbox_deliver(mail_ids=[row.pk]) == 0
    assert mail.outbox == []


def test_a_sent_mail_is_never_sent_again(django_capture_on_commit_callbacks, server, clock):
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue()
    clock.advance(hours=1)
    tasks.outbox_retry_task.call_local()
    tasks.outbox_send_task.call_local(row.pk)  # a re-delivered task
    assert len(mail.outbox) == 1


def test_a_worker_killed_while_sending_is_taken_over_within_a_minute(server, clock):
    row = enqueue(send=False)
    services.outbox_claim(mail_id=row.pk)  # ...and the worker dies
    tasks.outbox_retry_task.call_local()
    assert mail.outbox == []  # a live sender might still be busy with it
    clock.advance(seconds=50)
    tasks.outbox_retry_task.call_local()
    assert len(mail.outbox) == 1


def test_the_same_key_queues_one_mail(server):
    first = enqueue(key="welcome:1")
    second = enqueue(key="welcome:1", subject="Другое")
    assert first.pk == second.pk
    assert OutgoingMail.objects.count() == 1


def test_signup_code_mail_goes_through_the_outbox(
    client, server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "new@example.com",
                "password1": "Very-secret-42",
                "password2": "Very-secret-42",
                "first_name": "Нина",
                "last_name": "Орлова",
                "role": "student",
            },
        )
    assert response.status_code == 302
    row = OutgoingMail.objects.get()
    assert row.to == ["new@example.com"] and row.state == "sent"
    assert len(mail.outbox) == 1


def test_admin_shows_failures_with_their_error_and_resends(
    client, server, django_capture_on_commit_callbacks
):
    admin = UserFactory(is_staff=True, is_superuser=True)
    server.mode = "refuse"
    with django_capture_on_commit_callbacks(execute=True):
        failed = enqueue(1)
    old = enqueue(2, send=False)
    OutgoingMail.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(hours=3))
    enqueue(3, send=False)  # just queued: not "waiting too long"
    client.force_login(admin)
    changelist = reverse("admin:accounts_outgoingmail_changelist")
    html = client.get(changelist, {"attention": "failed"}).content.decode()
    assert "user1@example.com" in html and "No such user" in html
    assert "user2@example.com" not in html
    html = client.get(changelist, {"attention": "waiting"}).content.decode()
    assert "user2@example.com" in html and "user3@example.com" not in html
    assert (
        client.get(reverse("admin:accounts_outgoingmail_change", args=[failed.pk])).status_code
        == 200
    )

    server.mode = "up"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            changelist, {"action": "resend", "_selected_action": [failed.pk]}, follow=True
        )
    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.state == "sent"
    assert sent_to()["user1@example.com"] == 1
