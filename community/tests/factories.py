"""factory-boy factories of the community app."""

from __future__ import annotations

import factory
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory  # noqa: F401 - re-exported
from community.models import (
    BlogComment,
    BlogPost,
    Chat,
    ChatMember,
    Forum,
    ForumPost,
    Message,
    Tag,
    Thread,
    Video,
    VideoComment,
)
from community.services.forums import forum_refresh


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"тег{n}")
    slug = factory.LazyAttribute(lambda o: o.name)


class BlogPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlogPost
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Пост номер {n}")
    body = "<p>Текст поста о стажировке и учёбе.</p>"
    body_text = "Текст поста о стажировке и учёбе."
    is_published = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class BlogCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlogComment

    post = factory.SubFactory(BlogPostFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Комментарий {n}")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    title = factory.Sequence(lambda n: f"Форум {n}")
    description = "Обсуждения"
    order = factory.Sequence(int)


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its opening post (as `thread_create` makes it)."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    forum = factory.SubFactory(ForumFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Тема {n}")
    last_activity = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def opening(self, create, extracted, **kwargs):
        if not create:
            return
        post = ForumPost.objects.create(
            thread=self, author=self.author, text="Первое сообщение", html="<p>Первое сообщение</p>"
        )
        Thread.objects.filter(pk=self.pk).update(last_post=post, last_activity=post.created)
        self.last_post, self.last_activity = post, post.created
        forum_refresh(self.forum_id)


class ForumPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumPost
        skip_postgeneration_save = True

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Ответ {n}")
    html = factory.LazyAttribute(lambda o: f"<p>{o.text}</p>")

    @factory.post_generation
    def counts(self, create, extracted, **kwargs):
        # The forum's stored counts, as the services keep them.
        if create:
            forum_refresh(self.thread.forum_id)


class VideoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Video

    uploader = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Видео {n}")
    description = "Описание видео"
    source_url = "https://www.youtube.com/watch?v=jNQXAC9IVRw"
    embed_url = "https://www.youtube.com/embed/jNQXAC9IVRw"
    thumbnail_url = "https://i.ytimg.com/vi/jNQXAC9IVRw/hqdefault.jpg"


class VideoCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VideoComment

    video = factory.SubFactory(VideoFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Комментарий к видео {n}")


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
        ChatMember.objects.create(chat=chat, user=user, chat_activity=chat.last_activity)
    return chat


def say(chat: Chat, sender, text: str = "Привет") -> Message:
    message = Message.objects.create(chat=chat, sender=sender, text=text)
    Chat.objects.filter(pk=chat.pk).update(last_message=message, last_activity=message.created)
    chat.members.update(chat_activity=message.created)  # as `message_send` does
    return message
