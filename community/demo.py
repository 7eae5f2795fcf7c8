"""Demo data of the community for `manage.py seed_demo` (idempotent: looked up by title).

Blog posts with tags, likes, comments and views spread over the last weeks (so the
popular list has an order), three forums with threads and replies (one pinned, one
locked), and videos (YouTube links) with comments — all in Russian. Rows are written
directly, not through the services, so seeding sends no notifications or mails.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from community import demo_chats
from community.models import (
    BlogComment,
    BlogPost,
    Forum,
    ForumPost,
    PostLike,
    PostView,
    Thread,
    ThreadBookmark,
    ThreadLike,
    ThreadSubscription,
    ThreadVisit,
    Video,
    VideoComment,
    VideoLike,
)
from community.services.blogs import tags_resolve
from community.services.common import count_refresh, text_to_html
from community.services.forums import thread_refresh
from community.services.videos import video_link_parse
from site_config.richtext import html_to_text

POSTS = [
    (
        "Как я прошёл стажировку в геймдеве и не сошёл с ума",
        ["стажировка", "геймдев", "карьера"],
        "<p>Три месяца в студии, которая делает онлайн-RPG. Рассказываю, что спрашивали на "
        "собеседовании, как выглядел первый день и почему <strong>код-ревью</strong> — лучшее, "
        "что со мной случилось.</p><h2>Собеседование</h2><p>Два этапа: тестовое задание на "
        "Python и разговор с тимлидом. Спрашивали про алгоритмы, но больше — про мои проекты."
        "</p><h2>Работа</h2><ul><li>Стендапы каждое утро</li><li>Задачи в трекере</li>"
        "<li>Ревью от двух человек</li></ul><p>Главный совет: не бойтесь спрашивать.</p>",
    ),
    (
        "Django за 30 дней: мой план обучения",
        ["django", "python", "обучение"],
        "<p>Составил себе план на месяц и делюсь им. Каждый день — час теории и час практики."
        "</p><ol><li>Неделя 1: модели и админка</li><li>Неделя 2: представления и шаблоны</li>"
        "<li>Неделя 3: формы, HTMX</li><li>Неделя 4: тесты и деплой</li></ol>"
        "<p>В конце — свой проект в портфолио.</p>",
    ),
    (
        "Резюме студента: 7 ошибок, которые я видел сотни раз",
        ["карьера", "резюме"],
        "<p>Я просматриваю резюме стажёров уже два года. Вот что чаще всего мешает "
        "кандидатам.</p><p><em>Ошибка №1</em>: список технологий без единого примера, где вы их "
        "применяли. Лучше два проекта со ссылками, чем двадцать строк ключевых слов.</p>",
    ),
    (
        "Гайд по рейду «Огненные Недра» для новичков",
        ["игры", "гайд"],
        "<p>Собрал всё, что нужно знать перед первым походом: состав группы, тактики боссов и "
        "расходники.</p>"
        "<blockquote>Главное — слушайте рейд-лидера и не стойте в огне.</blockquote>",
    ),
    (
        "Почему я полюбил тесты (и вы тоже полюбите)",
        ["python", "тестирование"],
        "<p>Раньше тесты казались мне потерей времени. Потом я сломал продакшен в пятницу "
        "вечером. Рассказываю, с чего начать: pytest, фабрики и один тест на каждый баг.</p>",
    ),
    (
        "Как выбрать первый онлайн-курс",
        ["обучение", "курсы"],
        "<p>Курсов тысячи, времени мало. Смотрите на три вещи: практические задания, обратная "
        "связь от преподавателя и живое сообщество студентов.</p>",
    ),
    (
        "Заметки с хакатона: 48 часов, 5 человек, 1 прототип",
        ["хакатон", "командная работа"],
        "<p>Мы сделали сервис поиска сокомандников для игр. Не победили, но получили "
        "приглашения на стажировку. Вот что мы поняли о работе в команде под дедлайном.</p>",
    ),
    (
        "Черновик: мысли о собеседованиях",
        ["карьера"],
        "<p>Пока собираю мысли, опубликую позже.</p>",
    ),
]
COMMENTS = [
    "Спасибо, очень полезно!",
    "А можно подробнее про тестовое задание?",
    "Сохранил себе в закладки 🔥",
    "У меня был похожий опыт, подтверждаю каждое слово.",
    "Отличный разбор, ждём продолжения.",
    "Не совсем согласен насчёт второго пункта, но в целом здорово.",
]
FORUMS = [
    (
        "Карьера и стажировки",
        "Резюме, собеседования, первые шаги в профессии.",
        [
            ("Правила раздела — прочтите перед публикацией", True, True),
            ("Где искать первую стажировку в 2026 году?", False, False),
            ("Сколько платят стажёрам-разработчикам?", False, False),
            ("Тестовое задание на 3 дня — это нормально?", False, False),
        ],
    ),
    (
        "Учёба и курсы",
        "Вопросы по курсам, домашним заданиям и учебным планам.",
        [
            ("Посоветуйте курс по алгоритмам", False, False),
            ("Как не бросить онлайн-курс на середине", False, False),
        ],
    ),
    (
        "Фан-сервер и игры",
        "Гильдии, рейды, торговля и всё о нашем MMORPG-сервере.",
        [
            ("Набор в гильдию «Северный Ветер»", True, False),
            ("Лучший билд для мага огня после патча", False, False),
            ("Ивент выходных: что дают за квест?", False, False),
        ],
    ),
]
REPLIES = [
    "Поддерживаю, у меня так же.",
    "Попробуйте начать с раздела стажировок на этом сайте — там много свежего.",
    "Я бы добавил: обязательно подготовьте пару вопросов работодателю.",
    "Спасибо за тему! Очень вовремя.",
    "А у кого-нибудь был опыт с удалённой стажировкой?",
    "Да, я проходил удалённо — всё отлично, если команда на связи.",
    "Плюсую, хороший совет.",
]
VIDEOS = [
    ("Me at the zoo — самое первое видео YouTube", "https://www.youtube.com/watch?v=jNQXAC9IVRw"),
    ("Big Buck Bunny — короткометражка Blender", "https://www.youtube.com/watch?v=YE7VzlLtp-4"),
    ("Sintel — открытый фильм Blender Foundation", "https://www.youtube.com/watch?v=eRsGyueVLvQ"),
    ("Tears of Steel — фантастика с открытой лицензией", "https://youtu.be/R6MlUcmOul8"),
]


def _ago(now, *, days: float):
    return now - timedelta(days=days)


def _blogs(*, users: list[User], now, rng: random.Random) -> int:
    created = 0
    for index, (title, tags, body) in enumerate(POSTS):
        author = users[index % len(users)]
        post = BlogPost.objects.filter(title=title).first()
        if post is not None:
            continue
        post = BlogPost.objects.create(
            author=author,
            title=title,
            body=body,
            body_text=html_to_text(body),
            is_published=not title.startswith("Черновик"),
        )
        # Back-dated as written then and never edited (`updated` too: "edited" shows when
        # they differ).
        written = _ago(now, days=index * 2 + 1)
        BlogPost.objects.filter(pk=post.pk).update(created=written, updated=written)
        post.tags.set(tags_resolve(tags))
        created += 1
        if not post.is_published:
            continue
        fans = rng.sample(users, k=min(len(users), max(1, 8 - index)))
        for fan in fans:
            like = PostLike.objects.create(post=post, user=fan)
            PostLike.objects.filter(pk=like.pk).update(created=_ago(now, days=rng.random() * 20))
        for number in range(rng.randint(1, 4)):
            comment = BlogComment.objects.create(
                post=post, author=rng.choice(users), text=COMMENTS[(index + number) % len(COMMENTS)]
            )
            written = _ago(now, days=rng.random() * index + 0.1)
            BlogComment.objects.filter(pk=comment.pk).update(created=written, updated=written)
        views = [
            PostView(post=post, visitor=f"demo-{n}", day=(now - timedelta(days=n % 25)).date())
            for n in range(rng.randint(5, 60))
        ]
        PostView.objects.bulk_create(views, ignore_conflicts=True)
        BlogPost.objects.filter(pk=post.pk).update(view_count=len(views) * 3)
        count_refresh(parent=post, field="like_count", rows=PostLike.objects, parent_field="post")
        count_refresh(
            parent=post, field="comment_count", rows=BlogComment.objects, parent_field="post"
        )
    return created


def _forums(*, users: list[User], now, rng: random.Random) -> int:
    created = 0
    for order, (title, description, threads) in enumerate(FORUMS):
        forum, _ = Forum.objects.get_or_create(
            title=title, defaults={"description": description, "order": order}
        )
        for number, (thread_title, pinned, locked) in enumerate(threads):
            if Thread.objects.filter(forum=forum, title=thread_title).exists():
                continue
            author = users[(order + number) % len(users)]
            started = _ago(now, days=10 - number)
            thread = Thread.objects.create(
                forum=forum,
                author=author,
                title=thread_title,
                is_pinned=pinned,
                is_locked=locked,
                last_activity=started,
            )
            Thread.objects.filter(pk=thread.pk).update(created=started)
            opening = f"{thread_title}\n\nДавайте обсудим. Делитесь опытом и ссылками."
            posts = [(author, opening)]
            for reply in range(rng.randint(1, 6)):
                posts.append((rng.choice(users), REPLIES[(number + reply) % len(REPLIES)]))
            for step, (poster, text) in enumerate(posts):
                post = ForumPost.objects.create(
                    thread=thread, author=poster, text=text, html=text_to_html(text)
                )
                ForumPost.objects.filter(pk=post.pk).update(
                    created=started + timedelta(hours=step * 5)
                )
                # Like a reply on the site: the poster has read the thread up to it.
                ThreadVisit.objects.update_or_create(
                    thread=thread, user=poster, defaults={"last_read_post_id": post.pk}
                )
            ThreadSubscription.objects.get_or_create(thread=thread, user=author)
            for fan in rng.sample(users, k=min(3, len(users))):
                ThreadLike.objects.get_or_create(thread=thread, user=fan)
            ThreadBookmark.objects.get_or_create(thread=thread, user=users[0])
            count_refresh(
                parent=thread, field="like_count", rows=ThreadLike.objects, parent_field="thread"
            )
            thread_refresh(thread=thread)
            created += 1
    return created


def _videos(*, users: list[User], now, rng: random.Random) -> int:
    created = 0
    for index, (title, link) in enumerate(VIDEOS):
        if Video.objects.filter(title=title).exists():
            continue
        embed, thumb = video_link_parse(link)
        video = Video.objects.create(
            uploader=users[(index + 2) % len(users)],
            title=title,
            description="Открытое видео для демонстрации раздела. Пишите в комментариях!",
            source_url=link,
            embed_url=embed,
            thumbnail_url=thumb,
            view_count=rng.randint(20, 400),
        )
        Video.objects.filter(pk=video.pk).update(created=_ago(now, days=index * 3 + 1))
        for number in range(rng.randint(1, 3)):
            VideoComment.objects.create(
                video=video, author=rng.choice(users), text=COMMENTS[(index + number) % 6]
            )
        for fan in rng.sample(users, k=min(4, len(users))):
            VideoLike.objects.get_or_create(video=video, user=fan)
        count_refresh(
            parent=video, field="like_count", rows=VideoLike.objects, parent_field="video"
        )
        count_refresh(
            parent=video, field="comment_count", rows=VideoComment.objects, parent_field="video"
        )
        created += 1
    return created


def seed(*, scale: int, stdout) -> None:
    """Create the community's demo data (running it again changes nothing)."""
    users = list(User.objects.active().exclude(is_staff=True).order_by("pk")[: 20 * max(scale, 1)])
    if len(users) < 2:
        stdout.write("community: fewer than two users, nothing seeded (seed accounts first).")
        return
    now = timezone.now()
    rng = random.Random(8)
    with transaction.atomic():
        posts = _blogs(users=users, now=now, rng=rng)
        threads = _forums(users=users, now=now, rng=rng)
        videos = _videos(users=users, now=now, rng=rng)
    stdout.write(
        f"community: {BlogPost.objects.count()} blog posts ({posts} new), "
        f"{Thread.objects.count()} threads ({threads} new), "
        f"{Video.objects.count()} videos ({videos} new)."
    )
    demo_chats.seed(scale=scale, stdout=stdout)
