"""The chat socket: participants only, live messages/changes, removal stops delivery, the
Origin check, and reconnect-with-resume delivering every missed message exactly once.
Runs on the in-memory channel layer and, with REDIS_URL set, on channels_redis."""

import re

import pytest

from accounts.tests.factories import UserFactory
from community.models import Message
from community.services import chats as services
from community.tests.factories import chat_between
from site_config.consumers import CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED
from tests.ws import communicator, db, run_async

pytestmark = pytest.mark.django_db(transaction=True)


def ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="message-(\d+)"', html)]


@pytest.fixture
def people(db):
    return UserFactory(first_name="Анна"), UserFactory(first_name="Борис"), UserFactory()


def test_participant_receives_new_messages_and_changes(channel_layer, people):
    anna, boris, _ = people
    chat = chat_between(anna, boris)
    ws = communicator(f"/ws/chats/{chat.pk}/", boris)

    async def run():
        connected, _ = await ws.connect()
        assert connected
        await ws.send_json_to({"type": "resume", "after": 0})
        assert await ws.receive_nothing(timeout=0.3)  # nothing to catch up on
        message = await db(services.message_send)(
            chat=chat, sender=anna, text="Привет, <b>Борис</b>"
        )
        html = await ws.receive_from(timeout=3)
        assert ids(html) == [message.pk] and "&lt;b&gt;Борис&lt;/b&gt;" in html
        assert 'hx-swap-oob="beforeend:#chat-messages"' in html
        await db(services.reaction_toggle)(message=message, by=anna, emoji="❤️")
        html = await ws.receive_from(timeout=3)
        assert f'id="message-{message.pk}"' in html
        assert 'data-reaction="❤️"' in html and 'hx-swap-oob="true"' in html
        await db(services.message_delete)(message=message, by=anna)
        assert "Сообщение удалено" in await ws.receive_from(timeout=3)
        await ws.disconnect()

    run_async(run)


def test_stranger_anonymous_and_foreign_origin_are_refused(channel_layer, people):
    anna, boris, stranger = people
    chat = chat_between(anna, boris)

    async def run():
        ws = communicator(f"/ws/chats/{chat.pk}/", stranger)
        connected, _ = await ws.connect()
        assert connected
        closed = await ws.receive_output(timeout=3)
        assert closed == {"type": "websocket.close", "code": CLOSE_NOT_FOUND}
        ws = communicator(f"/ws/chats/{chat.pk}/", None)
        await ws.connect()
        assert (await ws.receive_output(timeout=3))["code"] == CLOSE_UNAUTHENTICATED
        # A page on another site must not open a socket with our user's cookie.
        ws = communicator(f"/ws/chats/{chat.pk}/", anna, origin="http://evil.example")
        connected, _ = await ws.connect()
        assert not connected
        # No Origin at all (a script outside any browser page) is refused too.
        ws = communicator(f"/ws/chats/{chat.pk}/", anna, origin="")
        connected, _ = await ws.connect()
        assert not connected

    run_async(run)
    assert not Message.objects.exists()


def test_stranger_socket_cannot_post_or_listen(channel_layer, people):
    anna, boris, stranger = people
    chat = chat_between(anna, boris)

    async def run():
        ws = communicator(f"/ws/chats/{chat.pk}/", stranger)
        await ws.connect()
        await ws.receive_output(timeout=3)  # closed
        await db(services.message_send)(chat=chat, sender=anna, text="секрет")
        assert await ws.receive_nothing(timeout=0.3)

    run_async(run)


def test_removed_member_stops_receiving(channel_layer, people):
    anna, boris, carl = people
    chat = services.chat_start(by=anna, members=[boris, carl], title="Группа")
    ws = communicator(f"/ws/chats/{chat.pk}/", carl)

    async def run():
        connected, _ = await ws.connect()
        assert connected
        await db(services.chat_member_remove)(chat=chat, by=anna, user=carl)
        # The next event finds Carl out of the chat: the socket closes, nothing is sent.
        output = await ws.receive_output(timeout=3)
        assert output == {"type": "websocket.close", "code": CLOSE_NOT_FOUND}
        await db(services.message_send)(chat=chat, sender=anna, text="без Карла")
        assert await ws.receive_nothing(timeout=0.3)

    run_async(run)


def test_reconnect_gets_every_missed_message_once(channel_layer, people):
    anna, boris, _ = people
    chat = chat_between(anna, boris)
    seen = services.message_send(chat=chat, sender=anna, text="до обрыва")

    async def run():
        first = communicator(f"/ws/chats/{chat.pk}/", boris)
        await first.connect()
        await first.send_json_to({"type": "resume", "after": seen.pk})
        assert await first.receive_nothing(timeout=0.3)  # nothing new yet
        await first.disconnect()  # the connection drops
        missed = []
        for i in range(3):
            missed.append(
                await db(services.message_send)(chat=chat, sender=anna, text=f"пока нет {i}")
            )
        second = communicator(f"/ws/chats/{chat.pk}/", boris)
        await second.connect()
        await second.send_json_to({"type": "resume", "after": seen.pk})
        html = await second.receive_from(timeout=3)
        assert ids(html) == [m.pk for m in missed]
        # A message sent after the resume arrives once, not again with the old ones.
        late = await db(services.message_send)(chat=chat, sender=anna, text="после")
        assert ids(await second.receive_from(timeout=3)) == [late.pk]
        assert await second.receive_nothing(timeout=0.3)
        await second.disconnect()

    run_async(run)


def test_typing_hint_reaches_the_others(channel_layer, people):
    anna, boris, _ = people
    chat = chat_between(anna, boris)

    async def run():
        a = communicator(f"/ws/chats/{chat.pk}/", anna)
        b = communicator(f"/ws/chats/{chat.pk}/", boris)
        await a.connect()
        await b.connect()
        await a.send_json_to({"type": "typing"})
        html = await b.receive_from(timeout=3)
        assert 'id="chat-typing"' in html and "Анна" in html and "печатает" in html
        assert await a.receive_nothing(timeout=0.3)  # not to the typist
        await a.disconnect()
        await b.disconnect()

    run_async(run)


def test_bell_is_pushed(channel_layer, people):
    from accounts.services import notification_create

    anna, _, _ = people

    async def run():
        ws = communicator("/ws/notifications/", anna)
        await ws.connect()
        await db(notification_create)(recipient=anna, message="Новая ставка", link="/")
        html = await ws.receive_from(timeout=3)
        assert 'id="notification-badge" hx-swap-oob="true"' in html and 'data-count="1"' in html
        await ws.disconnect()

    run_async(run)


def test_bell_stops_for_an_account_deactivated_meanwhile(channel_layer, people):
    from accounts.models import User
    from accounts.services import notification_create

    anna, _, _ = people

    async def run():
        ws = communicator("/ws/notifications/", anna)
        connected, _ = await ws.connect()
        assert connected
        await db(User.objects.filter(pk=anna.pk).update)(is_active=False)
        await db(notification_create)(recipient=anna, message="Секрет", link="/")
        output = await ws.receive_output(timeout=3)
        assert output == {"type": "websocket.close", "code": CLOSE_NOT_FOUND}

    run_async(run)
