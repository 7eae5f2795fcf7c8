"""Demo chats for `seed_demo`: a few one-to-one and group chats with history and reactions,
in Russian. Idempotent: a chat is recognised by its members (and title), never doubled."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from community.models import Chat, ChatMember, Message, Reaction
from community.services.chats import chat_lists_changed

DIRECT = [
    [
        (0, "Здравствуйте! Видела вашу стажировку по бэкенду — она ещё открыта?"),
        (1, "Добрый день! Да, набираем до конца месяца. Пришлите, пожалуйста, резюме."),
        (0, "Отправила отклик на сайте. Вот мой GitHub: https://github.com/example"),
        (1, "Спасибо, посмотрел — отличные проекты на Django. Созвонимся в четверг?"),
        (0, "Да, в четверг после 15:00 мне удобно 👍"),
    ],
    [
        (0, "Привет! Ты уже начал курс по алгоритмам?"),
        (1, "Да, прошёл два модуля. Задачи на графы — огонь 🔥"),
        (0, "Поделишься конспектом по динамическому программированию?"),
        (1, "Конечно, скину вечером."),
    ],
]
GROUP_TITLE = "Хакатон: команда «Полярная звезда»"
GROUP = [
    (0, "Всем привет! Регистрация на хакатон закрывается в пятницу."),
    (1, "Я беру фронтенд, могу на htmx и Tailwind."),
    (2, "А я бэкенд и базу данных. Кто делает презентацию?"),
    (0, "Презентацию беру на себя. Встречаемся в субботу в 11:00 в коворкинге."),
    (3, "Отлично, буду! Захвачу ноутбук и удлинитель 😂"),
]
REACT = ["👍", "❤️", "🔥", "😂"]


def _history(chat: Chat, people: list[User], lines, start) -> int:
    created = 0
    for i, (who, text) in enumerate(lines):
        message = Message.objects.create(
            chat=chat, sender=people[who], text=text, created=start + timedelta(minutes=7 * i)
        )
        created += 1
        if i % 2 == 0:
            reactor = people[(who + 1) % len(people)]
            Reaction.objects.get_or_create(message=message, user=reactor, emoji=REACT[i % 4])
    last = chat.messages.order_by("-id").first()
    Chat.objects.filter(pk=chat.pk).update(last_message=last, last_activity=last.created)
    chat.members.update(chat_activity=last.created)
    # Everyone has read up to their own last message; the rest stays unread.
    for member in chat.members.all():
        mine = chat.messages.filter(sender=member.user).order_by("-id").first()
        ChatMember.objects.filter(pk=member.pk).update(last_read_id=mine.pk if mine else 0)
    chat_lists_changed(chat.pk)  # update() sends no signals: the cached lists must learn of it
    return created


def seed(*, scale: int, stdout) -> None:
    students = list(User.objects.students().filter(is_active=True).order_by("pk")[:4])
    employers = list(User.objects.employers().filter(is_active=True).order_by("pk")[:1])
    if len(students) < 2:
        stdout.write("chats: not enough members, nothing to seed")
        return
    now = timezone.now()
    made = 0
    with transaction.atomic():
        pairs = []
        if employers:
            pairs.append([students[0], employers[0]])
        pairs.append([students[0], students[1]])
        for n, (pair, lines) in enumerate(zip(pairs, DIRECT, strict=False)):
            key = Chat.direct_key_for(pair[0].pk, pair[1].pk)
            chat, created = Chat.objects.get_or_create(
                direct_key=key, defaults={"created_by": pair[0]}
            )
            if created:
                ChatMember.objects.bulk_create([ChatMember(chat=chat, user=u) for u in pair])
                made += _history(chat, pair, lines, now - timedelta(days=2 - n, hours=3))
        group_people = students[:4] if len(students) >= 4 else students
        if not Chat.objects.filter(title=GROUP_TITLE).exists() and len(group_people) >= 3:
            chat = Chat.objects.create(created_by=group_people[0], title=GROUP_TITLE, is_group=True)
            ChatMember.objects.bulk_create([ChatMember(chat=chat, user=u) for u in group_people])
            lines = [(who % len(group_people), text) for who, text in GROUP]
            made += _history(chat, group_people, lines, now - timedelta(hours=5))
    stdout.write(f"chats: {made} new messages")
