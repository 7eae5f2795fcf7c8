"""Nothing is lost on a flaky connection: every change of a chat (new messages, edits,
deletions, hiding, reactions) takes a change number, and a socket that reconnects — or
the polling fallback — gets every change after the one it saw, once."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from community.models import Chat, Message
from community.services import chats as services
from community.tests.factories import chat_between
from tests.ws import communicator, db, run_async

HX = {"HX-Request": "true"}


def ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="message-(\d+)"', html)]


def seq_in(html: str) -> int:
    return int(re.search(r'id="chat-seq" hidden data-seq="(\d+)"', html).group(1))


@pytest.fixture
def people(db):
    return (
        UserFactory(first_name="Анна"),
        UserFactory(first_name="Борис"),
        UserFactory(first_name="Чужой"),
    )


def updates(chat):
    return reverse("community:chat_updates", args=[chat.pk])


# ---- services


@pytest.mark.django_db
def test_every_change_takes_the_next_change_number(people):
    anna, boris, _ = people
    chat = chat_between(anna, boris)
    first = services.message_send(chat=chat, sender=anna, text="раз")
    second = services.message_send(chat=chat, sender=boris, text="два")
    assert (first.seq, second.seq) == (1, 2)
    services.reaction_toggle(message=first, by=boris, emoji="👍")
    assert Message.objects.get(pk=first.pk).seq == 3
    services.message_edit(message=second, by=boris, text="два!")
    edited = Message.objects.get(pk=second.pk)
    assert (edited.seq, edited.text, edited.edited) == (4, "два!", True)
    services.message_delete(message=first, by=anna)
    assert Message.objects.get(pk=first.pk).seq == 5
    assert Chat.objects.get(pk=chat.pk).seq == 5


@pytest.mark.django_db
def test_edit_refusals(people):
    anna, boris, stranger = people
    chat = chat_between(anna, boris)
    message = services.message_send(chat=chat, sender=anna, text="моё")
    for who in (boris, stranger):
        with pytest.raises(PermissionDenied):
            services.message_edit(message=message, by=who, text="чужое")
    with pytest.raises(ValidationError):
        services.message_edit(message=message, by=anna, text="   ")
    services.message_delete(message=message, by=anna)
    with pytest.raises(PermissionDenied):
        services.message_edit(message=message, by=anna, text="воскрешаю")
    assert Message.objects.get(pk=message.pk).text == ""


@pytest.mark.django_db
def test_only_staff_hide_messages_and_the_change_is_numbered(people):
    anna, boris, _ = people
    staff = UserFactory(is_staff=True)
    chat = chat_between(anna, boris)
    message = services.message_send(chat=chat, sender=anna, text="грубость")
    with pytest.raises(PermissionDenied):
        services.message_set_hidden(message=message, hidden=True, by=boris)
    services.message_set_hidden(message=message, hidden=True, by=staff)
    hidden = Message.objects.get(pk=message.pk)
    assert hidden.hidden and hidden.seq == 2
    services.message_set_hidden(message=hidden, hidden=True, by=staff)  # no change, no number
    assert Chat.objects.get(pk=chat.pk).seq == 2
    services.message_set_hidden(message=hidden, hidden=False, by=staff)
    assert not Message.objects.get(pk=message.pk).hidden


# ---- pages: the polling fallback and editing


@pytest.mark.django_db
def test_polling_since_a_change_number_returns_every_change(client, people):
    anna, boris, _ = people
    chat = chat_between(anna, boris)
    old = services.message_send(chat=chat, sender=anna, text="старое")
    other = services.message_send(chat=chat, sender=anna, text="не трогали")
    client.force_login(boris)
    page = client.get(reverse("community:chat_detail", args=[chat.pk])).content.decode()
    since = seq_in(page)
    assert since == 2
    services.reaction_toggle(message=old, by=anna, emoji="🔥")
    services.message_edit(message=other, by=anna, text="исправлено")
    new = services.message_send(chat=chat, sender=anna, text="новое")
    html = client.get(updates(chat), {"after": other.pk, "since": since}).content.decode()
    assert sorted(ids(html)) == sorted([old.pk, other.pk, new.pk])
    assert 'data-reaction="🔥"' in html and "исправлено" in html
    assert html.count('hx-swap-oob="beforeend:#chat-messages"') == 1
    assert f'id="message-{old.pk}" data-id="{old.pk}" data-seq="3"' in html
    assert seq_in(html) == 5
    # Caught up: the next poll brings nothing but the change number.
    html = client.get(updates(chat), {"after": new.pk, "since": 5}).content.decode()
    assert ids(html) == [] and seq_in(html) == 5


@pytest.mark.django_db
def test_polling_refuses_strangers_and_anonymous(client, people):
    anna, boris, stranger = people
    chat = chat_between(anna, boris)
    response = client.get(updates(chat), {"since": 0})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(stranger)
    assert client.get(updates(chat), {"since": 0}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [5, 50])
def test_polling_queries_constant(client, people, rows, django_assert_max_num_queries):
    anna, boris, _ = people
    chat = chat_between(anna, boris)
    messages = [services.message_send(chat=chat, sender=anna, text=f"m{i}") for i in range(3)]
    for i in range(rows):
        # Reactions change the first messages again and again (a rate limit would refuse
        # a flood of sends, but not of reactions).
        services.reaction_toggle(message=messages[i % 3], by=boris, emoji="👍")
    client.force_login(boris)
    with django_assert_max_num_queries(8):
        response = client.get(updates(chat), {"after": 0, "since": 0})
    assert sorted(ids(response.content.decode())) == sorted(m.pk for m in messages)


@pytest.mark.django_db
def test_edit_page_actions(client, people):
    anna, boris, stranger = people
    chat = chat_between(anna, boris)
    message = services.message_send(chat=chat, sender=anna, text="опечатка")
    url = reverse("community:message_edit", args=[chat.pk, message.pk])
    assert client.post(url, {"text": "x"}).status_code == 302  # to the login
    client.force_login(stranger)
    assert client.post(url, {"text": "чужое"}).status_code == 404
    client.force_login(boris)
    assert client.get(url).status_code == 405
    assert client.post(url, {"text": "не моё"}).status_code == 403
    client.force_login(anna)
    response = client.post(url, {"text": "исправила <script>alert(1)</script>"}, headers=HX)
    html = response.content.decode()
    assert response.status_code == 200 and "data-edited" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    response = client.post(url, {"text": "   "}, headers=HX)
    assert response.status_code == 422
    assert client.post(url, {"text": "без JS"}).status_code == 302
    assert Message.objects.get(pk=message.pk).text == "без JS"


# ---- the socket


pytestmark_socket = pytest.mark.django_db(transaction=True)


@pytestmark_socket
def test_reconnect_replays_every_change_since_once(channel_layer, people):
    anna, boris, _ = people
    staff = UserFactory(is_staff=True)
    chat = chat_between(anna, boris)
    kept = services.message_send(chat=chat, sender=anna, text="останется")
    edited = services.message_send(chat=chat, sender=anna, text="до правки")
    deleted = services.message_send(chat=chat, sender=anna, text="удалю")
    hidden = services.message_send(chat=chat, sender=anna, text="грубость")
    seen_seq = Chat.objects.get(pk=chat.pk).seq

    async def run():
        first = communicator(f"/ws/chats/{chat.pk}/", boris)
        await first.connect()
        await first.send_json_to({"type": "resume", "after": hidden.pk, "since": seen_seq})
        assert await first.receive_nothing(timeout=0.3)
        await first.disconnect()  # the connection drops; meanwhile:
        await db(services.reaction_toggle)(message=kept, by=anna, emoji="❤️")
        await db(services.message_edit)(message=edited, by=anna, text="после правки")
        await db(services.message_delete)(message=deleted, by=anna)
        await db(services.message_set_hidden)(message=hidden, hidden=True, by=staff)
        new = await db(services.message_send)(chat=chat, sender=anna, text="новое")

        second = communicator(f"/ws/chats/{chat.pk}/", boris)
        await second.connect()
        await second.send_json_to({"type": "resume", "after": hidden.pk, "since": seen_seq})
        html = await second.receive_from(timeout=3)
        assert sorted(ids(html)) == sorted([kept.pk, edited.pk, deleted.pk, hidden.pk, new.pk])
        assert 'data-reaction="❤️"' in html and "после правки" in html
        assert "Сообщение удалено" in html and "скрыто" in html
        assert f'id="message-{new.pk}"' in html.split('beforeend:#chat-messages"')[1]
        assert seq_in(html) == seen_seq + 5
        # Later changes arrive once each, never the replayed ones again.
        await db(services.reaction_toggle)(message=new, by=anna, emoji="👍")
        assert ids(await second.receive_from(timeout=3)) == [new.pk]
        assert await second.receive_nothing(timeout=0.3)
        await second.disconnect()

    run_async(run)


@pytestmark_socket
def test_an_event_before_the_resume_is_not_sent_twice(channel_layer, people):
    anna, boris, _ = people
    chat = chat_between(anna, boris)
    seen = services.message_send(chat=chat, sender=anna, text="видел")
    since = Chat.objects.get(pk=chat.pk).seq

    async def run():
        ws = communicator(f"/ws/chats/{chat.pk}/", boris)
        await ws.connect()
        missed = await db(services.message_send)(chat=chat, sender=anna, text="пропустил")
        live = await db(services.message_send)(chat=chat, sender=anna, text="вживую")
        received = ids(await ws.receive_from(timeout=3))
        received += ids(await ws.receive_from(timeout=3))
        await ws.send_json_to({"type": "resume", "after": seen.pk, "since": since})
        while not await ws.receive_nothing(timeout=0.3):
            received += ids(await ws.receive_from(timeout=1))
        assert sorted(received) == [missed.pk, live.pk]
        await ws.disconnect()

    run_async(run)


@pytestmark_socket
def test_a_stranger_resuming_gets_nothing(channel_layer, people):
    anna, boris, stranger = people
    chat = chat_between(anna, boris)
    services.message_send(chat=chat, sender=anna, text="секрет")

    async def run():
        ws = communicator(f"/ws/chats/{chat.pk}/", stranger)
        await ws.connect()
        assert (await ws.receive_output(timeout=3))["type"] == "websocket.close"
        await ws.send_json_to({"type": "resume", "after": 0, "since": 0})
        assert await ws.receive_nothing(timeout=0.3)

    run_async(run)


# ---- reports of chat messages


@pytest.mark.django_db
def test_members_report_messages_and_the_queue_hides_them(client, people):
    from community.models import Report
    from community.services.moderation import reports_hide_targets

    anna, boris, stranger = people
    staff = UserFactory(is_staff=True)
    chat = chat_between(anna, boris)
    rude = services.message_send(chat=chat, sender=anna, text="грубость")
    url = reverse("community:report_create", args=["chat_message", rude.pk])
    client.force_login(boris)
    page = client.get(reverse("community:chat_detail", args=[chat.pk])).content.decode()
    assert url in page  # Boris sees a report button on Anna's message
    response = client.post(url, {"reason": "abuse"}, headers=HX)
    assert response.status_code == 200 and Report.objects.count() == 1
    # Not one's own message, not a chat one is not in, not without a reason.
    client.force_login(anna)
    assert url not in client.get(reverse("community:chat_detail", args=[chat.pk])).content.decode()
    assert client.post(url, {"reason": "abuse"}).status_code == 404
    client.force_login(stranger)
    assert client.post(url, {"reason": "spam"}).status_code == 404
    assert Report.objects.count() == 1
    client.force_login(boris)
    other = services.message_send(chat=chat, sender=anna, text="ещё")
    bad = reverse("community:report_create", args=["chat_message", other.pk])
    assert client.post(bad, {"reason": "nonsense"}, headers=HX).status_code == 422
    assert Report.objects.count() == 1

    assert reports_hide_targets(reports=list(Report.objects.all()), by=staff) == 1
    rude.refresh_from_db()
    assert rude.hidden and rude.seq == Chat.objects.get(pk=chat.pk).seq
    assert Report.objects.get().resolved
    # Hidden: nothing left to report.
    assert client.post(url, {"reason": "abuse"}).status_code == 404


@pytest.mark.django_db
def test_admin_hides_messages_through_the_service(client, people):
    anna, boris, _ = people
    staff = UserFactory(is_staff=True, is_superuser=True)
    chat = chat_between(anna, boris)
    message = services.message_send(chat=chat, sender=anna, text="спам")
    client.force_login(staff)
    response = client.post(
        reverse("admin:community_message_changelist"),
        {"action": "hide_messages", "_selected_action": [message.pk]},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.hidden and message.seq == 2
