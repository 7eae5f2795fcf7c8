"""Demo data of the internships app, called by `manage.py seed_demo` after the accounts data.

Idempotent: postings are looked up by organization and title, applications by posting and
student, auctions by student and title; a second run creates nothing. Rows are written
directly (no notifications or mails for seeded history).
"""

from __future__ import annotations

import datetime
import itertools

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organization, User
from internships.models import Application, ApplicationEvent, Auction, Bid, Posting
from internships.services import _search_text, _skills_from_names
from site_config.richtext import sanitize_html

INTERNSHIP, JOB = Posting.Kind.INTERNSHIP, Posting.Kind.JOB
OFFER = (
    "<h3>Что мы предлагаем</h3><ul><li>Наставника и понятный план развития</li>"
    "<li>Гибкий график, совмещение с учёбой</li>"
    "<li>Возможность остаться в команде после стажировки</li></ul>"
)
POSTINGS = [
    {
        "kind": INTERNSHIP,
        "title": "Стажёр-бэкенд-разработчик на Python",
        "location": "Москва",
        "remote": True,
        "pay_min": 40000,
        "pay_max": 60000,
        "skills": ["Python", "Django", "PostgreSQL"],
        "text": (
            "Присоединяйтесь к команде, которая делает сервис планирования доставки. Вы "
            "будете писать API на Django, покрывать код тестами и разбираться, как устроены "
            "очереди задач."
        ),
    },
    {
        "kind": INTERNSHIP,
        "title": "Стажёр в отдел аналитики данных",
        "location": "Санкт-Петербург",
        "remote": False,
        "pay_min": 35000,
        "pay_max": 50000,
        "skills": ["SQL", "Python", "pandas"],
        "text": (
            "Помогите нам понять игроков: считать метрики удержания, строить дашборды и "
            "проверять гипотезы A/B-тестами. Наставник — ведущий аналитик студии."
        ),
    },
    {
        "kind": INTERNSHIP,
        "title": "Junior QA-инженер (стажировка)",
        "location": "Казань",
        "remote": True,
        "pay_min": 30000,
        "pay_max": 45000,
        "skills": ["Тестирование", "Postman", "SQL"],
        "text": (
            "Будете тестировать веб- и мобильные приложения, писать чек-листы и автотесты, "
            "общаться с разработчиками и помогать выпускать релизы без багов."
        ),
    },
    {
        "kind": INTERNSHIP,
        "title": "Стажёр-геймдизайнер",
        "location": "Санкт-Петербург",
        "remote": False,
        "pay_min": 30000,
        "pay_max": 40000,
        "skills": ["Геймдизайн", "Excel", "Unity"],
        "text": (
            "Баланс экономики, квесты и события для онлайн-RPG. Нужны внимательность к "
            "деталям, любовь к играм и умение считать в таблицах."
        ),
    },
    {
        "kind": INTERNSHIP,
        "title": "Frontend-стажёр (React)",
        "location": "",
        "remote": True,
        "pay_min": 45000,
        "pay_max": 65000,
        "skills": ["JavaScript", "React", "TypeScript"],
        "text": (
            "Полностью удалённая стажировка в продуктовой команде. Вёрстка интерфейсов, "
            "работа с дизайн-системой, код-ревью от старших коллег каждый день."
        ),
    },
    {
        "kind": INTERNSHIP,
        "title": "Стажёр по машинному обучению",
        "location": "Москва",
        "remote": False,
        "pay_min": 50000,
        "pay_max": 70000,
        "skills": ["Python", "PyTorch", "Machine Learning"],
        "text": (
            "Рекомендательные модели для e-commerce: подготовка данных, обучение и оценка "
            "моделей, вывод в прод вместе с MLOps-командой."
        ),
    },
    {
        "kind": INTERNSHIP,
        "title": "Стажёр UX/UI-дизайнер",
        "location": "Новосибирск",
        "remote": True,
        "pay_min": None,
        "pay_max": 40000,
        "skills": ["Figma", "UX-исследования"],
        "text": (
            "Проектируйте экраны для B2B-сервиса, проводите интервью с пользователями и "
            "готовьте макеты для разработки."
        ),
    },
    {
        "kind": JOB,
        "title": "Python-разработчик (Junior)",
        "location": "Москва",
        "remote": True,
        "pay_min": 90000,
        "pay_max": 130000,
        "skills": ["Python", "Django", "Docker"],
        "text": (
            "Ищем разработчика в команду платформы: микросервисы, интеграции с партнёрами, "
            "высокая нагрузка. Гибкий график, ДМС, обучение за счёт компании."
        ),
    },
    {
        "kind": JOB,
        "title": "Аналитик данных",
        "location": "Санкт-Петербург",
        "remote": False,
        "pay_min": 100000,
        "pay_max": 140000,
        "skills": ["SQL", "Python", "Tableau"],
        "text": (
            "Отвечаете за продуктовую аналитику: метрики, отчёты для руководства, "
            "исследования поведения пользователей. Опыт от года или сильная стажировка."
        ),
    },
    {
        "kind": JOB,
        "title": "Junior DevOps-инженер",
        "location": "",
        "remote": True,
        "pay_min": 110000,
        "pay_max": 150000,
        "skills": ["Linux", "Docker", "Kubernetes"],
        "text": (
            "CI/CD, мониторинг, инфраструктура как код. Расскажем и покажем всё, что не "
            "знаете, — важны любопытство и аккуратность."
        ),
    },
    {
        "kind": JOB,
        "title": "Преподаватель-ассистент курса по Python",
        "location": "Москва",
        "remote": False,
        "pay_min": 60000,
        "pay_max": 80000,
        "skills": ["Python", "Преподавание"],
        "text": (
            "Проверка домашних заданий, консультации студентов, подготовка материалов для "
            "курса по основам программирования."
        ),
    },
    {
        "kind": JOB,
        "title": "Мобильный разработчик (Kotlin)",
        "location": "Казань",
        "remote": True,
        "pay_min": 120000,
        "pay_max": 170000,
        "skills": ["Kotlin", "Android"],
        "text": (
            "Развиваем приложение для курьеров с сотнями тысяч пользователей. Чистая "
            "архитектура, код-ревью, современный стек."
        ),
    },
]
COVER_LETTERS = [
    "Здравствуйте! Учусь на третьем курсе и уже год пишу пет-проекты на этом стеке. "
    "Очень хочу попасть в команду, где можно расти рядом с опытными коллегами.",
    "Добрый день! Прошёл онлайн-курс и сделал дипломный проект по этой теме, ссылка в профиле. "
    "Готов выделять 30 часов в неделю.",
    "Здравствуйте! Мне близка ваша сфера, а стажировка — отличный способ проверить себя в деле.",
    "",
]
STATUS_PATHS = {
    Application.Status.SUBMITTED: [],
    Application.Status.VIEWED: [Application.Status.VIEWED],
    Application.Status.SHORTLISTED: [Application.Status.VIEWED, Application.Status.SHORTLISTED],
    Application.Status.ACCEPTED: [
        Application.Status.VIEWED,
        Application.Status.SHORTLISTED,
        Application.Status.ACCEPTED,
    ],
    Application.Status.REJECTED: [Application.Status.VIEWED, Application.Status.REJECTED],
    Application.Status.WITHDRAWN: [Application.Status.WITHDRAWN],
}


def _ensure_organization(employer: User) -> Organization:
    """An employer's organization; one without any joins the first organization (or a new one)."""
    organization = employer.organizations.order_by("pk").first()
    if organization is not None:
        return organization
    organization = Organization.objects.order_by("pk").first()
    if organization is None:
        organization, _created = Organization.objects.get_or_create(
            name="Демо-компания", defaults={"description": "Компания для демонстрации."}
        )
    Membership.objects.get_or_create(organization=organization, user=employer)
    return organization


def _postings(*, employers: list[User], scale: int, now: datetime.datetime) -> list[Posting]:
    postings = []
    today = timezone.localdate()
    for index, (round_, spec) in enumerate(itertools.product(range(scale), POSTINGS)):
        title = spec["title"]
        if round_:
            title = f"{title} · {round_ + 1}"
        employer = employers[index % len(employers)]
        organization = _ensure_organization(employer)
        posting = Posting.objects.filter(organization=organization, title=title).first()
        if posting is None:
            posting = Posting(
                employer=employer,
                organization=organization,
                kind=spec["kind"],
                title=title,
                description=sanitize_html(f"<p>{spec['text']}</p>{OFFER}"),
                location=spec["location"],
                remote=spec["remote"],
                pay_min=spec["pay_min"],
                pay_max=spec["pay_max"],
                deadline=today + datetime.timedelta(days=14 + (index * 5) % 45),
                created=now - datetime.timedelta(days=(index * 3) % 28, hours=index),
            )
            skill_rows = _skills_from_names(spec["skills"])
            posting.search_text = _search_text(posting=posting, skills=skill_rows)
            posting.save()
            posting.skills.set(skill_rows)
        postings.append(posting)
    return postings


def _applications(
    *, postings: list[Posting], students: list[User], scale: int, now: datetime.datetime
) -> int:
    statuses = itertools.cycle(Application.Status.values)
    created = 0
    per_posting = min(len(students), 3 + scale)
    for p_index, posting in enumerate(postings):
        for s_index in range(per_posting):
            student = students[(p_index + s_index) % len(students)]
            status = next(statuses)
            if Application.objects.filter(posting=posting, student=student).exists():
                continue
            applied = now - datetime.timedelta(days=(p_index * 2 + s_index * 3) % 27, hours=s_index)
            application = Application.objects.create(
                posting=posting,
                student=student,
                status=status,
                cover_letter=COVER_LETTERS[(p_index + s_index) % len(COVER_LETTERS)],
                created=applied,
            )
            events = [
                ApplicationEvent(
                    application=application,
                    status=Application.Status.SUBMITTED,
                    actor=student,
                    created=applied,
                )
            ]
            for step, next_status in enumerate(STATUS_PATHS[status], start=1):
                actor = student if next_status == Application.Status.WITHDRAWN else posting.employer
                events.append(
                    ApplicationEvent(
                        application=application,
                        status=next_status,
                        actor=actor,
                        created=applied + datetime.timedelta(hours=6 * step),
                    )
                )
            ApplicationEvent.objects.bulk_create(events)
            created += 1
    return created


def _auction(
    *,
    student: User,
    title: str,
    pitch: str,
    reserve: int,
    ends_at: datetime.datetime,
    offers: list[tuple[User, Posting, int, str]],
    finished: bool,
    now: datetime.datetime,
) -> Auction | None:
    if Auction.objects.filter(student=student, title=title).exists():
        return None
    if (
        not finished
        and Auction.objects.filter(student=student, status=Auction.Status.ACTIVE).exists()
    ):
        return None
    auction = Auction.objects.create(
        student=student,
        title=title,
        pitch=pitch,
        reserve=reserve,
        min_step=2000,
        ends_at=ends_at,
        created=now - datetime.timedelta(days=2),
        status=Auction.Status.FINISHED if finished else Auction.Status.ACTIVE,
        finished_at=ends_at if finished else None,
    )
    best = None
    for step, (employer, posting, amount, message) in enumerate(offers):
        best = Bid.objects.create(
            auction=auction,
            employer=employer,
            posting=posting,
            amount=amount,
            message=message,
            created=auction.created + datetime.timedelta(hours=3 * (step + 1)),
        )
    auction.best_bid = best
    auction.best_amount = best.amount if best else None
    auction.bid_count = len(offers)
    if finished and best is not None:
        auction.winner = best.employer
        auction.winner_posting = best.posting
        application, created = Application.objects.get_or_create(
            posting=best.posting,
            student=student,
            defaults={
                "status": Application.Status.SHORTLISTED,
                "cover_letter": pitch,
                "created": ends_at,
            },
        )
        if created:
            ApplicationEvent.objects.create(
                application=application,
                status=Application.Status.SHORTLISTED,
                actor=best.employer,
                created=ends_at,
            )
    auction.save()
    return auction


def _auctions(*, students: list[User], postings: list[Posting], now: datetime.datetime) -> int:
    # Offers are made for distinct employers' open internships.
    by_employer: dict[int, Posting] = {}
    for posting in postings:
        if posting.kind == Posting.Kind.INTERNSHIP and posting.is_open:
            by_employer.setdefault(posting.employer_id, posting)
    offerers = list(by_employer.values())[:3]
    if not offerers or len(students) < 2:
        return 0
    live_offers = [
        (posting.employer, posting, 45000 + 5000 * step, message)
        for step, (posting, message) in enumerate(
            zip(
                offerers,
                [
                    "Будем рады видеть вас в команде бэкенда!",
                    "У нас сильное наставничество и гибкий график.",
                    "Предлагаем участие в реальном проекте с первого дня.",
                ],
                strict=False,
            )
        )
    ]
    finished_offers = [
        (posting.employer, posting, 38000 + 4000 * step, "")
        for step, posting in enumerate(reversed(offerers))
    ]
    made = 0
    if _auction(
        student=students[0],
        title="Python-разработчик на полставки, 20 часов в неделю",
        pitch=(
            "Третий курс ВШП. Два года пишу на Python и Django: бот для расписания, сервис "
            "учёта задач для студсовета. Хочу в команду с код-ревью и реальными пользователями."
        ),
        reserve=40000,
        ends_at=now + datetime.timedelta(days=2, hours=5),
        offers=live_offers,
        finished=False,
        now=now,
    ):
        made += 1
    if _auction(
        student=students[1],
        title="Аналитик данных: SQL, Python, дашборды",
        pitch=(
            "Магистратура по прикладной математике. Исследование оттока клиентов банка, "
            "дашборды в Tableau, SQL каждый день. Ищу летнюю стажировку с наставником."
        ),
        reserve=35000,
        ends_at=now - datetime.timedelta(days=1),
        offers=finished_offers,
        finished=True,
        now=now - datetime.timedelta(days=3),
    ):
        made += 1
    return made


def seed(*, scale: int, stdout) -> None:
    """Postings of both kinds, applications in every status, a live and a finished auction."""
    scale = max(1, int(scale))
    employers = list(User.objects.employers().filter(is_active=True).order_by("pk"))
    students = list(User.objects.students().filter(is_active=True).order_by("pk"))
    if not employers:
        stdout.write("internships: no employers, nothing to seed")
        return
    now = timezone.now()
    with transaction.atomic():
        postings = _postings(employers=employers, scale=scale, now=now)
        # Auctions first: the finished one's shortlisted application must not collide with
        # an application of another status that the loop below would give the same pair.
        auctions = _auctions(students=students, postings=postings, now=now)
        applications = (
            _applications(postings=postings, students=students, scale=scale, now=now)
            if students
            else 0
        )
    stdout.write(
        f"internships: {len(postings)} postings, {applications} new applications, "
        f"{auctions} new auctions"
    )
