"""Fixtures for the internships tests: one user per role, a posting, logged-in clients."""

import pytest

from accounts.tests.factories import OrganizationFactory, UserFactory
from internships.tests.factories import (
    EmployerFactory,
    PostingFactory,
    StudentFactory,
    TeacherFactory,
)


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Северное сияние")


@pytest.fixture
def employer(db, organization):
    return EmployerFactory(
        first_name="Ольга",
        last_name="Котова",
        email="olga@example.com",
        organization=organization,
    )


@pytest.fixture
def other_employer(db):
    return EmployerFactory(first_name="Пётр", last_name="Глебов", email="petr@example.com")


@pytest.fixture
def student(db):
    return StudentFactory(first_name="Анна", last_name="Смирнова", email="anna@example.com")


@pytest.fixture
def other_student(db):
    return StudentFactory(first_name="Иван", last_name="Петров", email="ivan@example.com")


@pytest.fixture
def teacher(db):
    return TeacherFactory(first_name="Елена", last_name="Орлова", email="elena@example.com")


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.com", role="teacher", staff=True)


@pytest.fixture
def posting(employer, organization):
    return PostingFactory(
        employer=employer, organization=organization, title="Стажёр-разработчик на Python"
    )


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in as that user (None: stay anonymous)."""

    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login


from tests.ws import channel_layer  # noqa: F401,E402  (a fixture: socket tests on both channel layers)
