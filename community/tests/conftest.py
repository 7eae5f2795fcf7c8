import pytest

from community.tests.factories import UserFactory


@pytest.fixture
def member(db):
    return UserFactory(first_name="Анна", last_name="Смирнова")


@pytest.fixture
def other(db):
    return UserFactory(first_name="Иван", last_name="Петров")


@pytest.fixture
def staff(db):
    return UserFactory(staff=True, first_name="Модер", last_name="Админов")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
