"""The accounts part of `manage.py seed_demo`: people, organizations, notifications.

Idempotent: rows are looked up by email or name and only created when missing, so a
second run changes nothing (and keeps what demo users edited). Every demo account logs
in with the password `demo12345`.
"""

from __future__ import annotations

import hashlib
import io
import random
import string
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from PIL import Image, ImageDraw

from accounts.models import Membership, Notification, Organization, Profile, Skill, User

DEMO_PASSWORD = "demo12345"
STUDENT, EMPLOYER, TEACHER = User.Role.STUDENT, User.Role.EMPLOYER, User.Role.TEACHER

ORGANIZATIONS = [
    {
        "name": "Студия «Северное сияние»",
        "website": "https://northern-lights.example",
        "description": (
            "Независимая игровая студия из Петербурга. Делаем онлайн-RPG с живым миром "
            "и берём стажёров в геймдизайн, бэкенд и QA."
        ),
    },
    {
        "name": "ТехноПарк Софт",
        "website": "https://technopark-soft.example",
        "description": (
            "Разрабатываем B2B-сервисы для логистики и ритейла. 120 инженеров, "
            "офисы в Москве и Казани, удалённая работа."
        ),
    },
    {
        "name": "Аналитика Плюс",
        "website": "https://analytics-plus.example",
        "description": "Данные, дашборды и машинное обучение для банков и e-commerce.",
    },
    {
        "name": "Высшая школа программирования",
        "website": "https://hsp-university.example",
        "description": (
            "Университет прикладной информатики: бакалавриат и магистратура по разработке "
            "ПО, анализу данных и кибербезопасности."
        ),
    },
    {
        "name": "Уральский технический университет",
        "website": "https://urtu.example",
        "description": "Инженерные и IT-направления, сильная олимпиадная школа.",
    },
    {
        "name": "Гильдия разработчиков игр",
        "website": "",
        "description": (
            "Сообщество тех, кто делает игры: митапы, геймджемы и разборы портфолио раз в месяц."
        ),
    },
]

# email, first, last, role, headline, city, skills, education, experience, organizations
PEOPLE = [
    (
        "student@guildhall.local",
        "Анна",
        "Смирнова",
        STUDENT,
        "Студентка 3 курса, бэкенд-разработка на Python",
        "Москва",
        ["Python", "Django", "SQL", "Git", "Docker"],
        "Высшая школа программирования, программная инженерия, 2023–2027\n"
        "Курс «Алгоритмы и структуры данных», Guildhall, 2024",
        "Стажировка в ТехноПарк Софт, бэкенд, лето 2025\n"
        "Пет-проект: бот для учёта задач в Telegram",
        ["Высшая школа программирования", "Гильдия разработчиков игр"],
    ),
    (
        "employer@guildhall.local",
        "Дмитрий",
        "Волков",
        EMPLOYER,
        "Руководитель найма в студии «Северное сияние»",
        "Санкт-Петербург",
        ["Рекрутинг", "Геймдизайн", "Управление командой"],
        "СПбГУ, менеджмент, 2012",
        "Студия «Северное сияние», руководитель найма, с 2020\nПродюсер мобильных игр, 2014–2020",
        ["Студия «Северное сияние»", "Гильдия разработчиков игр"],
    ),
    (
        "teacher@guildhall.local",
        "Елена",
        "Морозова",
        TEACHER,
        "Преподаватель алгоритмов и Python, кандидат наук",
        "Москва",
        ["Python", "Алгоритмы", "Математика", "Преподавание"],
        "МГУ, мехмат, 2008\nАспирантура, прикладная математика, 2012",
        "Высшая школа программирования, доцент, с 2015\nАвтор курсов на Guildhall",
        ["Высшая школа программирования"],
    ),
    (
        "ivan.petrov@guildhall.local",
        "Иван",
        "Петров",
        STUDENT,
        "Фронтенд-разработчик, ищу первую стажировку",
        "Казань",
        ["JavaScript", "TypeScript", "React", "CSS"],
        "Уральский технический университет, 2 курс",
        "Фриланс: лендинги для малого бизнеса",
        ["Уральский технический университет"],
    ),
    (
        "maria.sokolova@guildhall.local",
        "Мария",
        "Соколова",
        STUDENT,
        "Аналитик данных: SQL, pandas и немного ML",
        "Новосибирск",
        ["Python", "SQL", "pandas", "Машинное обучение", "Tableau"],
        "Высшая школа программирования, анализ данных, 4 курс",
        "Стажировка в Аналитика Плюс, 2025",
        ["Высшая школа программирования", "Аналитика Плюс"],
    ),
    (
        "artem.lebedev@guildhall.local",
        "Артём",
        "Лебедев",
        STUDENT,
        "Геймдизайнер и левел-дизайнер",
        "Санкт-Петербург",
        ["Геймдизайн", "Unity", "C#", "Левел-дизайн"],
        "Колледж цифровых искусств, 2024",
        "Три игры на геймджемах, одна в Steam",
        ["Гильдия разработчиков игр"],
    ),
    (
        "polina.kozlova@guildhall.local",
        "Полина",
        "Козлова",
        STUDENT,
        "UX/UI-дизайнер, люблю исследования пользователей",
        "Екатеринбург",
        ["Figma", "UX-исследования", "Прототипирование"],
        "Уральский технический университет, дизайн, 3 курс",
        "Редизайн приложения университетской библиотеки",
        ["Уральский технический университет"],
    ),
    (
        "nikita.novikov@guildhall.local",
        "Никита",
        "Новиков",
        STUDENT,
        "Бэкенд на Go, интересуюсь highload",
        "Москва",
        ["Go", "PostgreSQL", "Kubernetes", "Linux"],
        "Высшая школа программирования, 4 курс",
        "Стажёр-разработчик, ТехноПарк Софт, 2025",
        ["Высшая школа программирования", "ТехноПарк Софт"],
    ),
    (
        "sofia.popova@guildhall.local",
        "София",
        "Попова",
        STUDENT,
        "Тестировщик, автоматизация на Python",
        "Нижний Новгород",
        ["QA", "Python", "pytest", "Selenium"],
        "Курсы тестирования ПО, 2024",
        "Тестировщик на проекте интернет-магазина, полгода",
        [],
    ),
    (
        "alexey.ivanov@guildhall.local",
        "Алексей",
        "Иванов",
        EMPLOYER,
        "CTO ТехноПарк Софт",
        "Москва",
        ["Архитектура ПО", "Python", "Go", "Управление командой"],
        "МФТИ, 2010",
        "ТехноПарк Софт, технический директор, с 2018",
        ["ТехноПарк Софт"],
    ),
    (
        "natalia.fedorova@guildhall.local",
        "Наталья",
        "Федорова",
        EMPLOYER,
        "HR-партнёр «Аналитика Плюс»",
        "Москва",
        ["Рекрутинг", "HR-аналитика"],
        "РАНХиГС, управление персоналом",
        "Аналитика Плюс, HR-партнёр, с 2021",
        ["Аналитика Плюс"],
    ),
    (
        "mikhail.orlov@guildhall.local",
        "Михаил",
        "Орлов",
        EMPLOYER,
        "Основатель студии «Северное сияние»",
        "Санкт-Петербург",
        ["Геймдизайн", "Продюсирование", "Unreal Engine"],
        "ИТМО, 2009",
        "Студия «Северное сияние», основатель",
        ["Студия «Северное сияние»", "Гильдия разработчиков игр"],
    ),
    (
        "andrey.vasiliev@guildhall.local",
        "Андрей",
        "Васильев",
        TEACHER,
        "Преподаю веб-разработку: Django и JavaScript",
        "Казань",
        ["Django", "JavaScript", "Преподавание", "Git"],
        "КФУ, информатика, 2011",
        "Уральский технический университет, старший преподаватель\n"
        "Ментор на курсах веб-разработки, 6 лет",
        ["Уральский технический университет"],
    ),
    (
        "tatiana.nikolaeva@guildhall.local",
        "Татьяна",
        "Николаева",
        TEACHER,
        "Преподаватель дизайна интерфейсов",
        "Санкт-Петербург",
        ["Figma", "UX-исследования", "Преподавание"],
        "Академия Штиглица, 2010",
        "Арт-директор в digital-агентстве, 2012–2019\nПреподаватель, с 2019",
        ["Гильдия разработчиков игр"],
    ),
    (
        "pavel.egorov@guildhall.local",
        "Павел",
        "Егоров",
        TEACHER,
        "Data Science: от статистики до нейросетей",
        "Новосибирск",
        ["Python", "Машинное обучение", "Статистика", "PyTorch"],
        "НГУ, 2013",
        "Аналитика Плюс, ведущий ML-инженер\nВысшая школа программирования, преподаватель",
        ["Аналитика Плюс", "Высшая школа программирования"],
    ),
]

OWNERS = {
    "Студия «Северное сияние»": "mikhail.orlov@guildhall.local",
    "ТехноПарк Софт": "alexey.ivanov@guildhall.local",
    "Аналитика Плюс": "natalia.fedorova@guildhall.local",
    "Высшая школа программирования": "teacher@guildhall.local",
    "Уральский технический университет": "andrey.vasiliev@guildhall.local",
    "Гильдия разработчиков игр": "artem.lebedev@guildhall.local",
}

BIOS = {
    "student@guildhall.local": (
        "Пишу бэкенд на Python и Django, люблю аккуратные API и тесты. "
        "Ищу летнюю стажировку в продуктовой команде.\n"
        "В свободное время делаю мод для любимой MMORPG и хожу на геймджемы."
    ),
    "employer@guildhall.local": (
        "Собираю команду для нашей новой онлайн-RPG. Ищем стажёров-разработчиков, "
        "тестировщиков и геймдизайнеров — пишите, даже если опыта пока мало."
    ),
    "teacher@guildhall.local": (
        "Преподаю алгоритмы 10 лет. Верю, что сложные вещи можно объяснить просто, "
        "если начать с задачи, а не с формулы."
    ),
}
DEFAULT_BIO = "Пишите в чаты Guildhall или в Telegram — на связи по будням."

NOTIFICATIONS = [
    ("Добро пожаловать в Guildhall! Заполните профиль, чтобы вас находили.", "/profile/"),
    ("Дмитрий Волков посмотрел ваш профиль.", "/users/"),
    ("В «Гильдии разработчиков игр» новый участник.", "/organizations/"),
]

# Pools for the extra people of --scale > 1 (deterministic, so reruns match).
MALE = [
    ("Александр", "Кузнецов"),
    ("Максим", "Зайцев"),
    ("Егор", "Соловьёв"),
    ("Кирилл", "Белов"),
    ("Роман", "Медведев"),
    ("Денис", "Громов"),
    ("Илья", "Тихонов"),
    ("Глеб", "Фролов"),
]
FEMALE = [
    ("Дарья", "Кузнецова"),
    ("Алиса", "Зайцева"),
    ("Виктория", "Соловьёва"),
    ("Ксения", "Белова"),
    ("Вера", "Медведева"),
    ("Ольга", "Громова"),
    ("Юлия", "Тихонова"),
    ("Ева", "Фролова"),
]
CITIES = ["Москва", "Санкт-Петербург", "Казань", "Екатеринбург", "Новосибирск", "Пермь"]
HEADLINES = {
    STUDENT: ["Студент, ищу стажировку", "Junior-разработчик", "Учусь на аналитика данных"],
    EMPLOYER: ["Нанимаю разработчиков", "Тимлид, ищу стажёров", "HR в IT-компании"],
    TEACHER: ["Преподаватель программирования", "Ментор по карьере в IT", "Автор курсов"],
}
SKILL_POOL = [
    "Python",
    "Django",
    "SQL",
    "JavaScript",
    "React",
    "Go",
    "Figma",
    "Git",
    "Docker",
    "Linux",
    "Java",
    "Kotlin",
    "C#",
    "Unity",
]
AVATAR_COLORS = ["#4f46e5", "#059669", "#d97706", "#e11d48", "#0284c7", "#7c3aed"]
# Names of the extra organizations of --scale > 1: kind «word», city (288 combinations,
# numbered beyond that).
ORG_KINDS = [
    ("Студия", "Делаем игры и приложения; берём стажёров в разработку и дизайн."),
    ("Лаборатория", "Исследуем данные и машинное обучение вместе со студентами."),
    ("Агентство", "Сайты, мобильные приложения и интерфейсы для бизнеса."),
    ("Колледж", "Готовим разработчиков, тестировщиков и системных администраторов."),
    ("Клуб", "Встречи, хакатоны и разборы кода по выходным."),
    ("Гильдия", "Сообщество игроков и мастеров нашего фанатского сервера."),
]
ORG_WORDS = ["Код", "Пиксель", "Данные", "Север", "Орбита", "Импульс", "Вектор", "Сфера"]


def _identicon(seed: str) -> bytes:
    """A 200x200 symmetric block pattern (GitHub-style), as PNG bytes."""
    digest = hashlib.sha256(seed.encode()).digest()
    color = AVATAR_COLORS[digest[0] % len(AVATAR_COLORS)]
    image = Image.new("RGB", (200, 200), "#f1f5f9")
    draw = ImageDraw.Draw(image)
    cell = 30
    for row in range(5):
        for col in range(3):
            if digest[1 + row * 3 + col] % 2:
                for x in {col, 4 - col}:
                    left, top = 25 + x * cell, 25 + row * cell
                    draw.rectangle([left, top, left + cell - 1, top + cell - 1], fill=color)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def seed(*, scale: int, stdout) -> None:
    """Create the demo accounts and organizations (running it again changes nothing)."""
    _AccountsDemo(stdout=stdout).seed(scale=scale)


def logins() -> list[tuple[str, str]]:
    """The demo accounts worth naming after seeding."""
    return [
        ("admin@guildhall.local", "staff admin, /admin/"),
        ("student@guildhall.local", "student"),
        ("employer@guildhall.local", "employer"),
        ("teacher@guildhall.local", "teacher"),
    ]


class _AccountsDemo:
    def __init__(self, *, stdout):
        self.stdout = stdout
        self.password_hash = make_password(DEMO_PASSWORD)

    def seed(self, *, scale: int) -> None:
        with transaction.atomic():
            self._admin()
            users = self._people()
            organizations = self._organizations(users)
            self._notifications(users["student@guildhall.local"])
            organizations += self._scaled_organizations(scale=scale)
            extra = self._scaled_people(scale=scale, organizations=organizations)
        self.stdout.write(
            f"accounts: {User.objects.count()} users, {Organization.objects.count()} "
            f"organizations, {Skill.objects.count()} skills"
            + (f" (+ {extra} generated users demo00001@guildhall.local …)." if extra else ".")
        )

    # ---- users

    def _verify_email(self, user: User) -> None:
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )

    def _admin(self) -> User:
        admin, _created = User.objects.get_or_create(
            email="admin@guildhall.local",
            defaults={
                "first_name": "Ольга",
                "last_name": "Кузнецова",
                "role": TEACHER,
                "is_staff": True,
                "is_superuser": True,
                "password": self.password_hash,
            },
        )
        self._verify_email(admin)
        Profile.objects.get_or_create(
            user=admin, defaults={"headline": "Администратор Guildhall", "city": "Москва"}
        )
        return admin

    def _people(self) -> dict[str, User]:
        users = {}
        now = timezone.now()
        for index, person in enumerate(PEOPLE):
            email, first, last, role, headline, city, skills, education, experience, _ = person
            user, _created = User.objects.get_or_create(
                email=email,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "role": role,
                    "password": self.password_hash,
                    "date_joined": now - timedelta(days=3 * (len(PEOPLE) - index), hours=index),
                },
            )
            self._verify_email(user)
            profile, profile_created = Profile.objects.get_or_create(
                user=user,
                defaults={
                    "headline": headline,
                    "city": city,
                    "education": education,
                    "experience": experience,
                    "bio": BIOS.get(email, DEFAULT_BIO),
                    "github": f"https://github.com/{email.split('@')[0].replace('.', '-')}",
                    "telegram": f"https://t.me/{email.split('@')[0].replace('.', '_')}",
                },
            )
            if profile_created:
                profile.skills.set([Skill.objects.get_or_create(name=s)[0] for s in skills])
            # A few faces; the rest show initials.
            if index < 9 and not user.avatar:
                name = get_random_string(24, string.ascii_letters + string.digits) + ".png"
                user.avatar.save(name, ContentFile(_identicon(email)), save=False)
                user.save(update_fields=["avatar"])
            users[email] = user
        return users

    def _organizations(self, users: dict[str, User]) -> list[Organization]:
        organizations = []
        for data in ORGANIZATIONS:
            owner = users[OWNERS[data["name"]]]
            organization, _ = Organization.objects.get_or_create(
                name=data["name"],
                defaults={
                    "description": data["description"],
                    "website": data["website"],
                    "created_by": owner,
                },
            )
            Membership.objects.get_or_create(
                organization=organization, user=owner, defaults={"role": Membership.Role.OWNER}
            )
            organizations.append(organization)
        by_name = {org.name: org for org in organizations}
        for email, *_rest, org_names in PEOPLE:
            for org_name in org_names:
                Membership.objects.get_or_create(organization=by_name[org_name], user=users[email])
        return organizations

    def _notifications(self, student: User) -> None:
        for message, link in NOTIFICATIONS:
            Notification.objects.get_or_create(
                recipient=student, message=message, defaults={"link": link}
            )

    def _scaled_organizations(self, *, scale: int) -> list[Organization]:
        """(scale - 1) x the base organizations, created in bulk (owners come with people)."""
        count = (scale - 1) * len(ORGANIZATIONS)
        if count <= 0:
            return []
        combos = [(kind, word, city) for kind in ORG_KINDS for word in ORG_WORDS for city in CITIES]
        random.Random(0).shuffle(combos)  # varied, yet the same on every run
        specs = {}
        for i in range(count):
            (kind, description), word, city = combos[i % len(combos)]
            name = f"{kind} «{word}», {city}"
            if i >= len(combos):
                name += f" {i // len(combos) + 1}"
            specs[name] = description
        existing = set(Organization.objects.filter(name__in=specs).values_list("name", flat=True))
        Organization.objects.bulk_create(
            [
                Organization(name=name, description=description)
                for name, description in specs.items()
                if name not in existing
            ],
            batch_size=500,
            ignore_conflicts=True,
        )
        return list(Organization.objects.filter(name__in=specs).order_by("pk"))

    def _scaled_people(self, *, scale: int, organizations: list[Organization]) -> int:
        """(scale - 1) x the base people, created in bulk; returns how many exist."""
        count = (scale - 1) * (len(PEOPLE) + 1)
        if count <= 0:
            return 0
        roles = [STUDENT] * 6 + [EMPLOYER] * 2 + [TEACHER] * 2
        specs = {}
        for i in range(count):
            rng = random.Random(i)  # deterministic: reruns make the same people
            first, last = rng.choice(rng.choice([MALE, FEMALE]))
            role = roles[i % len(roles)]
            email = f"demo{i + 1:05d}@guildhall.local"
            specs[email] = (first, last, role, rng)
        existing = set(User.objects.filter(email__in=specs).values_list("email", flat=True))
        now = timezone.now()
        new_users = [
            User(
                email=email,
                first_name=first,
                last_name=last,
                role=role,
                password=self.password_hash,
                date_joined=now - timedelta(days=60 + i % 300),
            )
            for i, (email, (first, last, role, _rng)) in enumerate(specs.items())
            if email not in existing
        ]
        if new_users:
            User.objects.bulk_create(new_users, batch_size=500)
            created = list(User.objects.filter(email__in=[u.email for u in new_users]))
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in created],
                batch_size=500,
                ignore_conflicts=True,
            )
            skills = {s: Skill.objects.get_or_create(name=s)[0] for s in SKILL_POOL}
            profiles = []
            for user in created:
                rng = specs[user.email][3]
                profiles.append(
                    Profile(
                        user=user,
                        headline=rng.choice(HEADLINES[user.role]),
                        city=rng.choice(CITIES),
                    )
                )
            Profile.objects.bulk_create(profiles, batch_size=500, ignore_conflicts=True)
            profile_ids = dict(
                Profile.objects.filter(user__in=created).values_list("user_id", "pk")
            )
            through = Profile.skills.through
            links, memberships = [], []
            for user in created:
                rng = specs[user.email][3]
                for name in rng.sample(SKILL_POOL, k=rng.randint(2, 5)):
                    links.append(through(profile_id=profile_ids[user.pk], skill=skills[name]))
                if organizations and rng.random() < 0.6:
                    memberships.append(
                        Membership(organization=rng.choice(organizations), user=user)
                    )
            through.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
            Membership.objects.bulk_create(memberships, batch_size=500, ignore_conflicts=True)
        self._give_owners()
        return count

    def _give_owners(self) -> None:
        """The earliest member of an organization that has members but no owner owns it."""
        ownerless = Organization.objects.filter(memberships__isnull=False).exclude(
            memberships__role=Membership.Role.OWNER
        )
        first_members = (
            Membership.objects.filter(organization__in=ownerless)
            .order_by("organization_id", "joined", "pk")
            .values_list("organization_id", "pk")
        )
        chosen: dict[int, int] = {}
        for organization_id, membership_id in first_members:
            chosen.setdefault(organization_id, membership_id)
        Membership.objects.filter(pk__in=chosen.values()).update(role=Membership.Role.OWNER)
