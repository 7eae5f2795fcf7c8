"""Chat factories (blogs, forums and videos add theirs)."""

import factory

from accounts.tests.factories import UserFactory
from community.models import Chat, ChatMember, Message


class ChatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chat

    created_by = factory.SubFactory(UserFactory)


def chat_between(*users, title: str = "") -> Chat:
    """A chat of these users (a group when more than two)."""
    chat = Chat.objects.create(
        created_by=users[0], title=title, is_group=len(users) > 2 or bool(title)
    )
    for user in users:
        ChatMember.objects.create(chat=chat, user=user)
    return chat


def say(chat: Chat, sender, text: str = "Привет") -> Message:
    message = Message.objects.create(chat=chat, sender=sender, text=text)
    Chat.objects.filter(pk=chat.pk).update(last_message=message, last_activity=message.created)
    return message
