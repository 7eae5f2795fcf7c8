"""Two members chat in two browser contexts against a live ASGI server (daphne, as in
production): each sees the other's message and reaction arrive over the WebSocket without
a reload; the chat list shows the unread count. Screenshots at 390 and 1280 px."""

from __future__ import annotations

from functools import partial

import pytest
from channels.testing.live import make_application, set_database_connection
from daphne.testing import DaphneProcess
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from playwright.sync_api import expect

from board.tests.factories import PASSWORD, UserFactory
from community.models import Message, Reaction
from community.tests.factories import chat_between, say
from tests.e2e.conftest import login, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi_server(transactional_db):
    """daphne in a child process on the test database, serving pages, static files and
    /ws/ (what channels' ChannelsLiveServerTestCase does, as a pytest fixture)."""
    process = DaphneProcess(
        "127.0.0.1",
        partial(make_application, static_wrapper=ASGIStaticFilesHandler),
        setup=set_database_connection,
    )
    process.start()
    assert process.ready.wait(timeout=20), "daphne did not start"
    yield f"http://127.0.0.1:{process.port.value}"
    process.terminate()
    process.join(timeout=10)


def test_two_members_chat_live(asgi_server, new_page, screenshot_dir):
    anna = UserFactory(first_name="Анна", last_name="Смирнова", email="anna@example.com")
    boris = UserFactory(first_name="Борис", last_name="Ершов", email="boris@example.com")
    chat = chat_between(anna, boris)
    say(chat, boris, "Привет! Ты на хакатон идёшь?")
    base = asgi_server

    pages = {}
    for user in (anna, boris):
        page = new_page()
        login(page, base, user.email, PASSWORD)
        pages[user.pk] = page
    a, b = pages[anna.pk], pages[boris.pk]

    # Anna's list shows Boris's unread message.
    a.goto(f"{base}/chats/")
    expect(a.locator(f'[data-chat="{chat.pk}"] [data-unread="1"]')).to_be_visible()
    shoot(a, screenshot_dir, "chat-list")

    for page in (a, b):
        page.goto(f"{base}/chats/{chat.pk}/")
        page.evaluate("window.__sameDocument = true")
        expect(page.locator('#chat[data-live="open"]')).to_be_attached(timeout=10_000)

    # Anna writes; Enter sends, twice quickly — one message; Boris sees it pushed.
    a.fill("#chat-text", "Да! Возьмёшь бэкенд? https://example.com/hack")
    a.press("#chat-text", "Enter")
    a.press("#chat-text", "Enter")
    expect(b.locator("#chat-messages")).to_contain_text("Возьмёшь бэкенд?", timeout=5000)
    expect(a.locator("#chat-messages")).to_contain_text("Возьмёшь бэкенд?")
    expect(a.locator("#chat-text")).to_be_focused()
    expect(a.locator("#chat-text")).to_have_value("")
    assert Message.objects.filter(sender=anna).count() == 1
    message = Message.objects.get(sender=anna)
    expect(b.locator(f'#message-{message.pk} a[href="https://example.com/hack"]')).to_be_visible()

    # Boris types: Anna sees the hint; Boris answers and reacts.
    b.type("#chat-text", "Конечно")
    expect(a.locator("#chat-typing")).to_contain_text("Борис", timeout=5000)
    b.press("#chat-text", "Enter")
    expect(a.locator("#chat-messages")).to_contain_text("Конечно", timeout=5000)
    b.locator(f"#message-{message.pk} [data-react-menu]").click()
    b.locator(f'#message-{message.pk} [data-react="🔥"]').click()
    expect(a.locator(f'#message-{message.pk} [data-reaction="🔥"]')).to_be_visible(timeout=5000)
    assert Reaction.objects.filter(message=message, user=boris, emoji="🔥").count() == 1

    # Boris's connection drops (his socket closes, and his polls fail too): Anna corrects
    # her message and writes another. When his socket comes back, the resume brings both.
    socket = "document.getElementById('chat')['htmx-internal-data'].webSocket"
    b.route("**/updates/**", lambda route: route.abort())
    b.evaluate(f"{socket}.close()")
    expect(b.locator('#chat[data-live="closed"]')).to_be_attached()
    a.locator(f"#message-{message.pk} [data-edit-menu]").click()
    a.fill(f"#edit-{message.pk}", "Да! Возьмёшь бэкенд и деплой?")
    a.locator(f"#message-{message.pk} form[action$='/edit/'] button[type=submit]").click()
    expect(a.locator(f"#message-{message.pk} [data-edited]")).to_be_visible()
    a.fill("#chat-text", "Пока тебя не было")
    a.press("#chat-text", "Enter")
    expect(a.locator("#chat-messages")).to_contain_text("Пока тебя не было")
    b.wait_for_timeout(500)
    expect(b.locator("#chat-messages")).not_to_contain_text("Пока тебя не было")
    b.evaluate(f"{socket}.init()")  # what the ext does after an abnormal close
    expect(b.locator('#chat[data-live="open"]')).to_be_attached(timeout=10_000)
    expect(b.locator(f"#message-{message.pk}")).to_contain_text("и деплой", timeout=5000)
    expect(b.locator("#chat-messages")).to_contain_text("Пока тебя не было")
    away = Message.objects.get(text="Пока тебя не было")
    expect(b.locator(f"#message-{away.pk}")).to_have_count(1)
    b.unroute("**/updates/**")

    # Without the socket, polling the same partials keeps Boris up to date.
    b.evaluate(f"{socket}.close()")
    expect(b.locator('#chat[data-live="closed"]')).to_be_attached()
    a.once("dialog", lambda dialog: dialog.accept())
    a.locator(f"#message-{away.pk} form[action$='/delete/'] button").click()
    expect(b.locator(f"#message-{away.pk}")).to_contain_text("Сообщение удалено", timeout=10_000)
    expect(b.locator(f"#message-{away.pk}")).to_have_count(1)

    for page in (a, b):
        assert page.evaluate("window.__sameDocument") is True
    shoot(a, screenshot_dir, "chat-detail")
    shoot(b, screenshot_dir, "chat-detail-other")
