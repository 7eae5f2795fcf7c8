"""Fixtures for the learning tests: every role, a course with a lesson, assignment and quiz."""

import pytest

from accounts.tests.factories import UserFactory
from learning.tests.factories import (
    AssignmentFactory,
    CourseFactory,
    EmployerFactory,
    EnrollmentFactory,
    LessonFactory,
    QuizFactory,
    StudentFactory,
    TeacherFactory,
    single_question,
)


@pytest.fixture
def teacher(db):
    return TeacherFactory(first_name="Анна", last_name="Учителева", email="anna@example.com")


@pytest.fixture
def other_teacher(db):
    return TeacherFactory(first_name="Пётр", last_name="Другой")


@pytest.fixture
def student(db):
    return StudentFactory(first_name="Иван", last_name="Студентов", email="ivan@example.com")


@pytest.fixture
def stranger(db):
    """A student who is not enrolled."""
    return StudentFactory(first_name="Чужой", last_name="Студент")


@pytest.fixture
def employer(db):
    return EmployerFactory()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def course(teacher):
    return CourseFactory(teacher=teacher, title="Основы Python")


@pytest.fixture
def lesson(course):
    return LessonFactory(course=course, title="Переменные", order=1)


@pytest.fixture
def assignment(lesson):
    return AssignmentFactory(lesson=lesson, title="Домашка")


@pytest.fixture
def quiz(course):
    quiz = QuizFactory(course=course, title="Итоговый тест")
    single_question(quiz)
    return quiz


@pytest.fixture
def enrollment(course, student):
    return EnrollmentFactory(course=course, student=student)


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client
