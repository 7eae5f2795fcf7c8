"""Fixtures for the accounts tests."""

import pytest

from accounts.tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory(first_name="Анна", last_name="Смирнова", email="anna@example.com")


@pytest.fixture
def other_user(db):
    return UserFactory(first_name="Иван", last_name="Петров", email="ivan@example.com")


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client
