"""Demo data of the learning app, called by `manage.py seed_demo` after the accounts data.

Idempotent: courses are looked up by teacher and title, everything below them by its
parent and title (or student); a second run creates nothing. Rows are written directly
(no notifications or mails for seeded history), then counters are recomputed.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from accounts.models import User
from learning.models import (
    Assignment,
    Attempt,
    Certificate,
    Choice,
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Material,
    Question,
    Quiz,
    Review,
    Submission,
)
from learning.selectors import learner_namespace
from site_config.cache import bump
from site_config.richtext import sanitize_html

VIDEO = '<iframe src="https://www.youtube.com/embed/rfscVS0vtbw" width="560" height="315" title="Видео" allowfullscreen></iframe>'  # noqa: E501

COURSES = [
    {
        "title": "Основы Python",
        "summary": "Переменные, условия, циклы и функции: первые программы за четыре недели.",
        "level": Course.Level.BEGINNER,
        "description": "<p>Курс для тех, кто никогда не программировал. Каждый урок — "
        "короткая теория, примеры и практическое задание с проверкой преподавателем.</p>",
        "lessons": [
            (
                "Знакомство с Python",
                "<p>Установим Python, запустим первую программу "
                "<code>print('Привет!')</code> и разберёмся, что такое интерпретатор.</p>" + VIDEO,
            ),
            (
                "Переменные и типы данных",
                "<p>Числа, строки, списки и словари. Как Python "
                "хранит значения и почему <code>'2' + 2</code> — ошибка.</p>",
            ),
            (
                "Условия и циклы",
                "<p><code>if</code>, <code>for</code> и <code>while</code>: "
                "учим программу принимать решения и повторять действия.</p>",
            ),
            (
                "Функции",
                "<p>Разбиваем программу на части: параметры, возвращаемые значения "
                "и область видимости.</p>",
            ),
        ],
        "assignments": [
            (
                1,
                "Калькулятор чаевых",
                "<p>Напишите программу, которая спрашивает сумму "
                "счёта и процент чаевых и печатает итог.</p>",
            ),
            (
                3,
                "FizzBuzz",
                "<p>Выведите числа от 1 до 100, заменяя кратные 3 на Fizz, "
                "кратные 5 на Buzz, а кратные 15 — на FizzBuzz.</p>",
            ),
        ],
        "quiz": (
            "Проверка основ Python",
            [
                (
                    "Какой тип у значения 3.14?",
                    Question.Kind.SINGLE,
                    [("float", True), ("int", False), ("str", False)],
                    "",
                ),
                (
                    "Какие из этих слов — ключевые слова Python?",
                    Question.Kind.MULTIPLE,
                    [("def", True), ("for", True), ("loop", False), ("function", False)],
                    "",
                ),
                (
                    "Какая функция печатает текст на экран?",
                    Question.Kind.TEXT,
                    [],
                    "print\nprint()",
                ),
            ],
        ),
    },
    {
        "title": "SQL для аналитиков",
        "summary": "SELECT, JOIN, группировки и оконные функции на реальных данных.",
        "level": Course.Level.INTERMEDIATE,
        "description": "<p>Научитесь отвечать на вопросы бизнеса запросами к базе данных. "
        "Практика на учебной базе интернет-магазина.</p>",
        "lessons": [
            ("SELECT и WHERE", "<p>Выбираем столбцы и фильтруем строки.</p>"),
            ("JOIN: соединяем таблицы", "<p>INNER, LEFT и почему строки иногда дублируются.</p>"),
            ("GROUP BY и агрегаты", "<p>COUNT, SUM, AVG и фильтрация групп с HAVING.</p>"),
        ],
        "assignments": [
            (
                2,
                "Заказы по городам",
                "<p>Напишите запрос, который считает заказы и выручку по каждому городу.</p>",
            ),
        ],
        "quiz": (
            "Тест по SQL",
            [
                (
                    "Что вернёт LEFT JOIN для строк без пары?",
                    Question.Kind.SINGLE,
                    [("NULL в столбцах правой таблицы", True), ("Ничего, строка пропадёт", False)],
                    "",
                ),
                (
                    "Какие функции — агрегатные?",
                    Question.Kind.MULTIPLE,
                    [("COUNT", True), ("SUM", True), ("LOWER", False)],
                    "",
                ),
                ("Каким ключевым словом фильтруют группы?", Question.Kind.TEXT, [], "HAVING"),
            ],
        ),
    },
    {
        "title": "Геймдизайн с нуля",
        "summary": "Игровые механики, баланс и прототип настольной игры за три урока.",
        "level": Course.Level.BEGINNER,
        "description": "<p>Разберём, из чего состоит игра, как придумывать механики и "
        "проверять их на бумажном прототипе.</p>",
        "lessons": [
            ("Что такое игровая механика", "<p>Правила, цели и обратная связь.</p>"),
            ("Баланс и экономика", "<p>Как считать ресурсы, чтобы игра не ломалась.</p>"),
            ("Бумажный прототип", "<p>Собираем и тестируем прототип за вечер.</p>"),
        ],
        "assignments": [
            (
                3,
                "Документ концепции",
                "<p>Опишите идею своей игры на одной странице: "
                "жанр, цель игрока, основная механика.</p>",
            ),
        ],
        "quiz": (
            "Тест по геймдизайну",
            [
                (
                    "Что важнее всего в прототипе?",
                    Question.Kind.SINGLE,
                    [("Проверить механику", True), ("Красивая графика", False)],
                    "",
                ),
                (
                    "Как называется цикл действий игрока, повторяющийся всю игру?",
                    Question.Kind.TEXT,
                    [],
                    "кор-геймплей\nкор геймплей\ncore gameplay\nигровой цикл",
                ),
            ],
        ),
    },
]

REVIEWS = [
    (5, "Отличный курс: понятно и много практики."),
    (4, "Хорошо объясняют, хотелось бы больше заданий."),
    (5, "Преподаватель быстро проверяет работы и пишет полезные комментарии."),
]


def _course(teacher: User, spec: dict, created) -> Course:
    course, _ = Course.objects.get_or_create(
        teacher=teacher,
        title=spec["title"],
        defaults={
            "summary": spec["summary"],
            "description": sanitize_html(spec["description"]),
            "level": spec["level"],
            "is_published": True,
            "search_text": f"{spec['title']} {spec['summary']}".lower(),
            "created": created,
        },
    )
    lessons = []
    for order, (title, body) in enumerate(spec["lessons"], start=1):
        lesson, _ = Lesson.objects.get_or_create(
            course=course, title=title, defaults={"body": sanitize_html(body), "order": order}
        )
        lessons.append(lesson)
    Material.objects.get_or_create(
        lesson=lessons[0],
        title="Документация",
        defaults={"url": "https://docs.python.org/3/tutorial/"},
    )
    for lesson_number, title, description in spec["assignments"]:
        Assignment.objects.get_or_create(
            lesson=lessons[lesson_number - 1],
            title=title,
            defaults={
                "description": sanitize_html(description),
                "due_at": timezone.now() + datetime.timedelta(days=14),
                "max_grade": 10,
                "pass_grade": 6,
            },
        )
    quiz_title, questions = spec["quiz"]
    quiz, created_quiz = Quiz.objects.get_or_create(
        course=course,
        title=quiz_title,
        defaults={"pass_mark": 60, "attempts_allowed": 3, "time_limit_minutes": 15},
    )
    if created_quiz:
        for order, (text, kind, choices, accepted) in enumerate(questions, start=1):
            question = Question.objects.create(
                quiz=quiz, text=text, kind=kind, order=order, correct_text=accepted
            )
            Choice.objects.bulk_create(
                Choice(question=question, text=c, is_correct=ok) for c, ok in choices
            )
    return course


def _complete_quiz(quiz: Quiz, student: User, *, passed: bool) -> None:
    if Attempt.objects.filter(quiz=quiz, student=student).exists():
        return
    total = sum(q.points for q in quiz.questions.all())
    score = total if passed else 0
    Attempt.objects.create(
        quiz=quiz,
        student=student,
        answers={},
        score=score,
        max_score=total,
        percent=round(score * 100 / total) if total else 0,
        passed=passed,
        finished_at=timezone.now(),
    )


def _stage(
    course: Course, student: User, stage: int, *, enrolled_at, check_first: bool = True
) -> None:
    """0: just enrolled; 1: some lessons; 2: submitted work (the first one graded when
    `check_first`); 3: everything (certificate)."""
    Enrollment.objects.get_or_create(
        student=student, course=course, defaults={"enrolled_at": enrolled_at}
    )
    lessons = list(course.lessons.order_by("order"))
    assignments = list(Assignment.objects.filter(lesson__course=course).order_by("id"))
    done = {0: 0, 1: 2, 2: len(lessons), 3: len(lessons)}[stage]
    for lesson in lessons[:done]:
        LessonProgress.objects.get_or_create(student=student, lesson=lesson)
    if stage >= 2:
        for number, assignment in enumerate(assignments):
            checked = stage == 3 or (number == 0 and check_first)
            Submission.objects.get_or_create(
                assignment=assignment,
                student=student,
                defaults={
                    "answer": "Моё решение: см. код ниже.\n\nprint('готово')",
                    "status": Submission.Status.CHECKED if checked else Submission.Status.SUBMITTED,
                    "grade": 9 if checked else None,
                    "teacher_comment": "Хорошая работа, аккуратный код." if checked else "",
                    "checked_at": timezone.now() if checked else None,
                },
            )
    for quiz in course.quizzes.all():
        if stage == 3:
            _complete_quiz(quiz, student, passed=True)
        elif stage == 2:
            _complete_quiz(quiz, student, passed=False)
    if stage == 3:
        certificate, _created = Certificate.objects.get_or_create(student=student, course=course)
        Enrollment.objects.filter(student=student, course=course).update(
            completed_at=certificate.issued_at
        )
        bump(learner_namespace(student.pk))


def _refresh_counters(course: Course) -> None:
    stats = Review.objects.filter(course=course, is_hidden=False).aggregate(
        total=Sum("rating"), n=Count("id")
    )
    Course.objects.filter(pk=course.pk).update(
        lesson_count=course.lessons.count(),
        student_count=course.enrollments.count(),
        rating_sum=stats["total"] or 0,
        rating_count=stats["n"] or 0,
    )
    bump("learning")  # update() sends no signals: the cached cards must learn of it


@transaction.atomic
def seed(*, scale: int, stdout) -> None:
    teachers = list(User.objects.teachers().filter(is_active=True).order_by("pk"))
    students = list(User.objects.students().filter(is_active=True).order_by("pk"))
    if not teachers:
        stdout.write("learning: no teachers, nothing to seed")
        return
    now = timezone.now()
    courses = [
        _course(teachers[index % len(teachers)], spec, now - datetime.timedelta(days=20 - index))
        for index, spec in enumerate(COURSES)
    ]
    # Students at different stages: the first completes Python basics (a certificate).
    for index, student in enumerate(students[: max(4, scale * 4)]):
        for offset, course in enumerate(courses):
            # Only the first student finishes a course: one certificate in the demo.
            stage = min((index + offset) % 4, 2) if index else (3 if offset == 0 else 1)
            if index >= 2 and offset == 2:
                continue
            # Spread over the past weeks (the teaching chart), the furthest along earliest;
            # every other student's first work is still waiting for the teacher.
            days_ago = min(19 - offset, 1 + 4 * stage + index % 5)
            _stage(
                course,
                student,
                stage,
                enrolled_at=now - datetime.timedelta(days=days_ago, hours=index),
                check_first=index % 2 == 0,
            )
            if stage >= 1 and index < len(REVIEWS):
                rating, text = REVIEWS[(index + offset) % len(REVIEWS)]
                Review.objects.get_or_create(
                    course=course, student=student, defaults={"rating": rating, "text": text}
                )
    for course in courses:
        _refresh_counters(course)
    stdout.write(
        f"learning: {Course.objects.count()} courses, {Enrollment.objects.count()} enrollments, "
        f"{Certificate.objects.count()} certificates"
    )
