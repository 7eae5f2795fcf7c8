"""Newsletters: staff pages, sending in batches once per user, unsubscribing."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.tasks import outbox_retry_task
from board import selectors, services
from board.models import Newsletter, NewsletterDelivery
from board.tasks import newsletter_resume_stalled_task, newsletter_send_task
from board.tests.factories import NewsletterDeliveryFactory, NewsletterFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("board:newsletter_list")
CREATE = reverse("board:newsletter_create")


def url(name, newsletter):
    return reverse(f"board:{name}", args=[newsletter.pk])


def recipients_of_outbox() -> Counter:
    return Counter(address for message in mail.outbox for address in message.to)


# ---- Who may use the staff pages


def staff_routes(newsletter):
    return [
        ("get", LIST),
        ("get", CREATE),
        ("get", url("newsletter_detail", newsletter)),
        ("get", url("newsletter_update", newsletter)),
        ("get", url("newsletter_preview", newsletter)),
        ("get", url("newsletter_progress", newsletter)),
        ("post", url("newsletter_send", newsletter)),
    ]


def test_anonymous_is_sent_to_login(client):
    newsletter = NewsletterFactory()
    for method, path in staff_routes(newsletter):
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert response.url.startswith(reverse("account_login")), path
    newsletter.refresh_from_db()
    assert newsletter.state == "draft"


def test_non_staff_get_403(client, player):
    newsletter = NewsletterFactory()
    client.force_login(player)
    for method, path in staff_routes(newsletter):
        assert getattr(client, method)(path).status_code == 403, path
    assert client.post(CREATE, {"subject": "Взлом", "body": "<p>x</p>"}).status_code == 403
    newsletter.refresh_from_db()
    assert newsletter.state == "draft"
    assert Newsletter.objects.count() == 1


def test_get_on_send_is_405(client, staff):
    newsletter = NewsletterFactory()
    client.force_login(staff)
    assert client.get(url("newsletter_send", newsletter)).status_code == 405


# ---- Compose, preview


def test_staff_composes_a_sanitized_draft(client, staff):
    client.force_login(staff)
    assert client.get(CREATE).status_code == 200
    response = client.post(
        CREATE,
        {
            "subject": "Новый сезон",
            "body": '<p>Привет!</p><script>alert(1)</script><img src=x onerror="alert(1)">',
        },
    )
    newsletter = Newsletter.objects.get()
    assert response.status_code == 302
    assert response.url == newsletter.get_absolute_url()
    assert newsletter.state == "draft" and newsletter.created_by == staff
    assert "<script" not in newsletter.body and "onerror" not in newsletter.body
    assert mail.outbox == []


@pytest.mark.parametrize(
    "data", [{"subject": "", "body": "<p>x</p>"}, {"subject": "Тема", "body": ""}]
)
def test_bad_newsletter_input_is_a_form_error(client, staff, data):
    client.force_login(staff)
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Newsletter.objects.exists()


def test_a_double_submit_saves_one_draft(client, staff):
    client.force_login(staff)
    data = {"subject": "Новый сезон", "body": "<p>Привет!</p>"}
    first, second = client.post(CREATE, data), client.post(CREATE, data)
    newsletter = Newsletter.objects.get()
    assert first.url == second.url == newsletter.get_absolute_url()


def test_staff_edits_a_draft_but_not_a_sent_newsletter(client, staff):
    draft = NewsletterFactory()
    sent = NewsletterFactory(state="sent", subject="Отправлено")
    client.force_login(staff)
    client.post(url("newsletter_update", draft), {"subject": "Исправлено", "body": "<p>Новое</p>"})
    draft.refresh_from_db()
    assert draft.subject == "Исправлено"
    response = client.post(
        url("newsletter_update", sent), {"subject": "Поздно", "body": "<p>x</p>"}
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.subject == "Отправлено"


def test_list_and_detail_show_state_and_progress(client, staff):
    NewsletterFactory(subject="Черновик выпуска")
    NewsletterFactory(subject="Ушедший выпуск", state="sent", total_count=10, sent_count=10)
    client.force_login(staff)
    html = client.get(LIST).content.decode()
    assert "Черновик выпуска" in html and "Ушедший выпуск" in html
    assert "width: 100%" in html


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow_with_the_newsletters(
    client, staff, django_assert_max_num_queries, rows
):
    authors = UserFactory.create_batch(5, staff=True, profile=None)
    for i in range(rows):
        NewsletterFactory(created_by=authors[i % 5], state="sent", total_count=3, sent_count=3)
    client.force_login(staff)
    # session, user, count, page, recipient count, unread badge
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    assert response.status_code == 200


def test_empty_list_has_an_empty_state(client, staff):
    client.force_login(staff)
    assert CREATE in client.get(LIST).content.decode()


def test_preview_renders_the_mail_with_a_strict_csp(client, staff):
    newsletter = NewsletterFactory(
        body="<p>Событие <strong>в субботу</strong></p>"
        '<iframe src="https://www.youtube.com/embed/abc"></iframe>'
    )
    client.force_login(staff)
    detail = client.get(url("newsletter_detail", newsletter)).content.decode()
    assert url("newsletter_preview", newsletter) in detail
    response = client.get(url("newsletter_preview", newsletter))
    html = response.content.decode()
    assert "<strong>в субботу</strong>" in html
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # the detail page frames it
    # mail clients drop iframes: the video becomes a link
    assert "<iframe" not in html
    assert 'href="https://www.youtube.com/embed/abc"' in html
    assert "/newsletter/unsubscribe/" in html


# ---- Sending


@pytest.fixture
def audience(db):
    """Three subscribers, one who opted out, one inactive user."""
    subscribed = [UserFactory(email=f"fan{i}@example.com", profile=None) for i in range(3)]
    UserFactory(email="optout@example.com", newsletter_opt_out=True, profile=None)
    UserFactory(email="gone@example.com", is_active=False, profile=None)
    return subscribed


def test_send_mails_each_subscribed_active_user_once(
    client, staff, audience, django_capture_on_commit_callbacks
):
    newsletter = NewsletterFactory(subject="Новости недели")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("newsletter_send", newsletter))
    assert response.status_code == 302
    newsletter.refresh_from_db()
    assert newsletter.state == "sent" and newsletter.sent_at is not None
    expected = {u.email for u in audience} | {staff.email}
    assert recipients_of_outbox() == Counter(expected)
    assert newsletter.sent_count == newsletter.total_count == len(expected)
    assert NewsletterDelivery.objects.filter(newsletter=newsletter).count() == len(expected)
    assert "optout@example.com" not in recipients_of_outbox()
    assert "gone@example.com" not in recipients_of_outbox()
    assert all(message.subject == "Новости недели" for message in mail.outbox)


def test_each_mail_has_a_personal_unsubscribe_link_and_headers(
    settings, staff, audience, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://guildhall.example.com"
    newsletter = NewsletterFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_start(newsletter=newsletter)
    message = next(m for m in mail.outbox if m.to == [audience[0].email])
    # The token is signed with a timestamp: read it from the mail, then check whom it names.
    header = message.extra_headers["List-Unsubscribe"]
    prefix = "<https://guildhall.example.com/newsletter/unsubscribe/"
    assert header.startswith(prefix) and header.endswith("/>")
    token = header[len(prefix) : -2]
    assert selectors.user_from_unsubscribe_token(token=token) == audience[0]
    link = header[1:-1]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    assert f'href="{link}"' in message.alternatives[0][0]
    other = next(m for m in mail.outbox if m.to == [audience[1].email])
    assert link not in other.body


def test_running_the_task_twice_mails_nobody_twice(
    staff, audience, django_capture_on_commit_callbacks
):
    newsletter = NewsletterFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_start(newsletter=newsletter)
    sent = len(mail.outbox)
    # A re-delivered task (the queue ran it again) and one forced back to "sending".
    newsletter_send_task(newsletter.pk)
    Newsletter.objects.filter(pk=newsletter.pk).update(state="sending")
    newsletter_send_task(newsletter.pk)
    assert len(mail.outbox) == sent
    assert max(recipients_of_outbox().values()) == 1


def test_pressing_send_twice_starts_it_once(
    client, staff, audience, django_capture_on_commit_callbacks
):
    newsletter = NewsletterFactory()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("newsletter_send", newsletter))
        response = client.post(url("newsletter_send", newsletter), follow=True)
    assert response.status_code == 200
    assert max(recipients_of_outbox().values()) == 1


class WorkerKilled(BaseException):
    """What SIGKILL looks like from inside: nothing after it runs."""


class KillingBackend(LocmemBackend):
    """A mail server that works; the worker dies as it starts sending mail number `kill_at`."""

    sent = 0
    kill_at = 3

    def send_messages(self, messages):
        KillingBackend.sent += 1
        if KillingBackend.sent == KillingBackend.kill_at:
            raise WorkerKilled
        return super().send_messages(messages)


def test_a_worker_killed_mid_newsletter_resumes_within_a_minute_mailing_everyone_once(
    settings, monkeypatch, staff, audience
):
    settings.EMAIL_BACKEND = "board.tests.test_newsletters.KillingBackend"
    KillingBackend.sent = 0
    monkeypatch.setattr(services, "NEWSLETTER_BATCH_SIZE", 2)
    newsletter = NewsletterFactory()
    Newsletter.objects.filter(pk=newsletter.pk).update(
        state="sending", total_count=4, started_at=timezone.now()
    )
    with pytest.raises(WorkerKilled):
        newsletter_send_task.call_local(newsletter.pk)  # batch 1: 2 sent; batch 2: dies
    assert len(mail.outbox) == 2
    newsletter.refresh_from_db()
    assert newsletter.state == "sending" and newsletter.sent_count == 2

    # The consumer restarts; a minute later its periodic tasks pick the work up again.
    later = timezone.now() + timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    outbox_retry_task.call_local()
    newsletter_resume_stalled_task.call_local()
    newsletter.refresh_from_db()
    assert newsletter.state == "sent" and newsletter.sent_count == 4
    assert recipients_of_outbox() == Counter({u.email for u in audience} | {staff.email})


def test_smtp_down_mid_newsletter_keeps_it_sending_until_the_outbox_catches_up(
    settings, monkeypatch, staff, audience
):
    from accounts.tests.test_outbox import FlakyBackend, Server

    settings.EMAIL_BACKEND = "accounts.tests.test_outbox.FlakyBackend"
    assert FlakyBackend
    Server.mode = "down"
    newsletter = NewsletterFactory(state="sending")
    try:
        newsletter_send_task(newsletter.pk)
        newsletter.refresh_from_db()
        assert newsletter.state == "sending" and mail.outbox == []
        Server.mode = "up"
        later = timezone.now() + timedelta(minutes=5)
        monkeypatch.setattr(timezone, "now", lambda: later)
        outbox_retry_task.call_local()
        newsletter_resume_stalled_task.call_local()
    finally:
        Server.mode = "up"
    newsletter.refresh_from_db()
    assert newsletter.state == "sent"
    assert recipients_of_outbox() == Counter({u.email for u in audience} | {staff.email})


def test_unconfirmed_addresses_get_no_newsletter(staff, audience):
    # Anyone can sign up with someone else's address: until it is confirmed, no mail.
    UserFactory(email="unconfirmed@example.com", email_verified=False, profile=None)
    changed = UserFactory(email="new@example.com", profile=None)
    User.objects.filter(pk=changed.pk).update(email="changed@example.com")  # not confirmed
    newsletter = NewsletterFactory(state="sending")
    newsletter_send_task(newsletter.pk)
    assert "unconfirmed@example.com" not in recipients_of_outbox()
    assert "changed@example.com" not in recipients_of_outbox()
    assert recipients_of_outbox()[audience[0].email] == 1


def test_a_stalled_sending_is_resumed_by_the_watchdog(staff, audience):
    now = timezone.now()
    stalled = NewsletterFactory(state="sending", total_count=4)
    NewsletterDeliveryFactory(newsletter=stalled, user=audience[0])
    busy = NewsletterFactory(state="sending", total_count=4)
    NewsletterDeliveryFactory(newsletter=busy, user=audience[0])
    NewsletterFactory(state="draft")
    long_ago = now - timedelta(minutes=30)
    NewsletterDelivery.objects.filter(newsletter=stalled).update(sent_at=long_ago)
    Newsletter.objects.filter(pk__in=[stalled.pk, busy.pk]).update(started_at=long_ago)

    assert services.newsletters_stalled() == [stalled.pk]  # busy mailed someone just now
    assert newsletter_resume_stalled_task.call_local() == [stalled.pk]
    stalled.refresh_from_db()
    assert stalled.state == "sent"
    # the user mailed before the stall is not mailed again
    assert audience[0].email not in recipients_of_outbox()
    assert recipients_of_outbox() == Counter({u.email for u in audience[1:]} | {staff.email})
    # a sending that never mailed anyone counts from its start
    lost = NewsletterFactory(state="sending")
    Newsletter.objects.filter(pk=lost.pk).update(started_at=long_ago)
    assert services.newsletters_stalled() == [lost.pk]


def test_users_already_delivered_are_skipped(staff, audience):
    newsletter = NewsletterFactory(state="sending")
    NewsletterDeliveryFactory(newsletter=newsletter, user=audience[0])
    newsletter_send_task(newsletter.pk)
    assert audience[0].email not in recipients_of_outbox()
    assert recipients_of_outbox()[audience[1].email] == 1


def test_sending_goes_in_batches(monkeypatch, staff, audience):
    monkeypatch.setattr(services, "NEWSLETTER_BATCH_SIZE", 2)
    newsletter = NewsletterFactory(state="sending")
    batches = []
    real_batch = services.newsletter_send_batch

    def counting_batch(**kwargs):
        batches.append(kwargs)
        return real_batch(newsletter_id=kwargs["newsletter_id"], batch_size=2)

    monkeypatch.setattr(services, "newsletter_send_batch", counting_batch)
    newsletter_send_task(newsletter.pk)
    assert len(batches) == 3  # 2 + 2 + the empty check
    assert len(mail.outbox) == 4


def test_a_draft_or_missing_newsletter_sends_nothing(audience):
    draft = NewsletterFactory()
    newsletter_send_task(draft.pk)
    newsletter_send_task(987654)
    assert mail.outbox == []


def test_progress_polls_until_sent_then_stops_with_286(client, staff):
    newsletter = NewsletterFactory(state="sending", total_count=10, sent_count=4)
    client.force_login(staff)
    response = client.get(url("newsletter_progress", newsletter), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in html
    assert 'data-progress="40"' in html
    assert "<html" not in html
    Newsletter.objects.filter(pk=newsletter.pk).update(state="sent", sent_count=10)
    response = client.get(url("newsletter_progress", newsletter), headers={"HX-Request": "true"})
    assert response.status_code == 286
    assert "every 2s" not in response.content.decode()
    assert 'data-progress="100"' in response.content.decode()


def test_detail_while_sending_polls_for_progress(client, staff):
    newsletter = NewsletterFactory(state="sending", total_count=10, sent_count=4)
    client.force_login(staff)
    html = client.get(url("newsletter_detail", newsletter)).content.decode()
    assert url("newsletter_progress", newsletter) in html
    assert 'hx-trigger="every 2s"' in html


def test_htmx_send_returns_the_progress_fragment(client, staff, audience):
    newsletter = NewsletterFactory()
    client.force_login(staff)
    response = client.post(url("newsletter_send", newsletter), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="newsletter-progress"')
    newsletter.refresh_from_db()
    assert newsletter.state in {"sending", "sent"}


# ---- Unsubscribe


def unsubscribe_url(user):
    return reverse("board:newsletter_unsubscribe", args=[services.unsubscribe_token(user=user)])


def test_unsubscribe_get_asks_and_changes_nothing(client, player):
    response = client.get(unsubscribe_url(player))
    assert response.status_code == 200
    assert player.email in response.content.decode()
    assert 'method="post"' in response.content.decode()
    player.refresh_from_db()
    assert not player.newsletter_opt_out


def test_unsubscribe_post_opts_out_and_later_newsletters_skip_the_user(player, staff):
    csrf_client = Client(enforce_csrf_checks=True)  # a mail client's one-click POST
    response = csrf_client.post(unsubscribe_url(player), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    player.refresh_from_db()
    assert player.newsletter_opt_out
    # twice is fine
    assert csrf_client.post(unsubscribe_url(player)).status_code == 200

    newsletter = NewsletterFactory(state="sending")
    newsletter_send_task(newsletter.pk)
    assert player.email not in recipients_of_outbox()
    assert staff.email in recipients_of_outbox()


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "MQ:1tXyZ:abcdef",
        signing.dumps(1, salt="another.salt"),
        signing.dumps("1", salt=services.UNSUBSCRIBE_SALT),
        signing.dumps(987654, salt=services.UNSUBSCRIBE_SALT),
    ],
)
def test_bad_unsubscribe_token_is_a_styled_400(client, player, token):
    path = reverse("board:newsletter_unsubscribe", args=[token])
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert "css/site.css" in response.content.decode()
    player.refresh_from_db()
    assert not player.newsletter_opt_out


def test_a_tampered_token_does_not_unsubscribe_someone_else(client, player, stranger):
    token = services.unsubscribe_token(user=player)
    # the stranger's id with the player's signature
    stranger_payload = signing.dumps(stranger.pk, salt=services.UNSUBSCRIBE_SALT).split(":")[0]
    forged = f"{stranger_payload}:{token.split(':', 1)[1]}"
    assert forged != services.unsubscribe_token(user=stranger)
    response = client.post(reverse("board:newsletter_unsubscribe", args=[forged]))
    assert response.status_code == 400
    stranger.refresh_from_db()
    assert not stranger.newsletter_opt_out


def test_unsubscribe_token_names_only_its_user(player, stranger):
    assert services.unsubscribe_token(user=player) != services.unsubscribe_token(user=stranger)
    assert User.objects.filter(newsletter_opt_out=True).count() == 0


def test_sending_replaces_the_stale_draft_saved_message(client, staff, audience):
    """ "Draft saved" was left on the page after the newsletter went out."""
    newsletter = NewsletterFactory()
    client.force_login(staff)
    page = client.get(url("newsletter_detail", newsletter)).content.decode()
    assert 'id="messages"' in page  # the target is always there
    response = client.post(url("newsletter_send", newsletter), headers={"HX-Request": "true"})
    html = response.content.decode()
    oob = html.split('id="messages"')[1].split("</div>\n</div>")[0]
    assert 'hx-swap-oob="true"' in oob
    assert "Draft saved" not in html and "Черновик сохранён" not in html
    # Polling afterwards does not touch the messages.
    progress = client.get(url("newsletter_progress", newsletter), headers={"HX-Request": "true"})
    assert 'id="messages"' not in progress.content.decode()
