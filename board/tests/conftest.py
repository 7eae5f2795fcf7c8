"""Fixtures for the board's tests."""

import pytest

from board.tests.factories import UserFactory


@pytest.fixture
def author(db):
    return UserFactory(first_name="Анна", last_name="Смирнова", email="anna@example.com")


@pytest.fixture
def player(db):
    return UserFactory(first_name="Иван", last_name="Петров", email="ivan@example.com")


@pytest.fixture
def stranger(db):
    return UserFactory(first_name="Олег", last_name="Сидоров", email="oleg@example.com")


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.com", staff=True)


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
