"""Chats in the admin (search, filters, hiding abuse) and in `seed_demo`."""

import io

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from community import demo_chats
from community.models import Chat, Message
from community.tests.factories import chat_between, say


@pytest.mark.django_db
def test_admin_lists_search_and_hide(client):
    admin = UserFactory(staff=True)
    anna, boris = UserFactory(), UserFactory()
    chat = chat_between(anna, boris)
    message = say(chat, anna, "оскорбление")
    client.force_login(admin)
    for model in ("chat", "message", "reaction"):
        url = reverse(f"admin:community_{model}_changelist")
        assert client.get(url, {"q": "оскорбление"}).status_code == 200
    client.post(
        reverse("admin:community_message_changelist"),
        {"action": "hide_messages", "_selected_action": [message.pk]},
    )
    message.refresh_from_db()
    assert message.hidden
    client.force_login(boris)
    html = client.get(reverse("community:chat_detail", args=[chat.pk])).content.decode()
    assert "оскорбление" not in html and "скрыто модераторами" in html


@pytest.mark.django_db
def test_demo_chats_are_idempotent():
    for role in ("student",) * 4 + ("employer",):
        UserFactory(role=role)
    demo_chats.seed(scale=1, stdout=io.StringIO())
    chats, messages = Chat.objects.count(), Message.objects.count()
    assert chats == 3 and messages > 10
    assert Chat.objects.filter(is_group=True).exists()
    demo_chats.seed(scale=1, stdout=io.StringIO())
    assert (Chat.objects.count(), Message.objects.count()) == (chats, messages)
