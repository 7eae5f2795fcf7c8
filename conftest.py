"""The project's pytest fixtures, in one place (no app has a conftest.py): test settings,
the people most tests need (one fixture per person; `member`/`other` are aliases),
logged-in clients, the objects several apps' tests start from, and the browser set-up.
Model factories live in each app's `tests/factories.py`; browser helpers in
tests/e2e/conftest.py.
"""

import os
import shutil

import pytest

# Playwright drives the browser from its own event loop; live_server tests touch the ORM
# from that thread. https://docs.djangoproject.com/en/5.2/topics/async/#async-safety
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(autouse=True, scope="session")
def _huey_immediate():
    """Run Huey tasks in-process, at once, as the tests enqueue them."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets clean caches (allauth's rate limits live there, rendered fragments in
    "fragments") and its own media."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """MD5 instead of PBKDF2 in tests: hashing is what logins and signups spend their time
    on, and tests do not need it to be slow (production settings keep Django's default)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# ---- People (factories: accounts/tests/factories.py, internships/tests/factories.py)


@pytest.fixture
def user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(first_name="Анна", last_name="Смирнова", email="anna@example.com")


@pytest.fixture
def other_user(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(first_name="Иван", last_name="Петров", email="ivan@example.com")


@pytest.fixture
def staff(db):
    """A staff member (a superuser; a teacher by role, so neither student nor employer)."""
    from accounts.tests.factories import UserFactory

    return UserFactory(email="staff@example.com", role="teacher", staff=True)


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


# Community: a member and another member are the two people above under the names the
# forum, blog and chat tests use.


@pytest.fixture
def member(user):
    return user


@pytest.fixture
def other(other_user):
    return other_user


@pytest.fixture
def member_client(user_client):
    return user_client


@pytest.fixture
def login(client):
    """login(user) -> the test client, logged in as that user (None: stay anonymous)."""

    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login


# Board: an ad's author, a player who responds, someone unrelated.


@pytest.fixture
def author(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(first_name="Анна", last_name="Смирнова", email="anna@example.com")


@pytest.fixture
def player(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(first_name="Иван", last_name="Петров", email="ivan@example.com")


@pytest.fixture
def stranger(db):
    from accounts.tests.factories import UserFactory

    return UserFactory(first_name="Олег", last_name="Сидоров", email="oleg@example.com")


# Internships: one user per role, an organization and a posting.


@pytest.fixture
def organization(db):
    from accounts.tests.factories import OrganizationFactory

    return OrganizationFactory(name="Северное сияние")


@pytest.fixture
def employer(db, organization):
    from internships.tests.factories import EmployerFactory

    return EmployerFactory(
        first_name="Ольга", last_name="Котова", email="olga@example.com", organization=organization
    )


@pytest.fixture
def other_employer(db):
    from internships.tests.factories import EmployerFactory

    return EmployerFactory(first_name="Пётр", last_name="Глебов", email="petr@example.com")


@pytest.fixture
def student(db):
    from internships.tests.factories import StudentFactory

    return StudentFactory(first_name="Анна", last_name="Смирнова", email="anna@example.com")


@pytest.fixture
def other_student(db):
    from internships.tests.factories import StudentFactory

    return StudentFactory(first_name="Иван", last_name="Петров", email="ivan@example.com")


@pytest.fixture
def teacher(db):
    from internships.tests.factories import TeacherFactory

    return TeacherFactory(first_name="Елена", last_name="Орлова", email="elena@example.com")


@pytest.fixture
def other_teacher(db):
    from internships.tests.factories import TeacherFactory

    return TeacherFactory(first_name="Пётр", last_name="Другой", email="petr.t@example.com")


@pytest.fixture
def posting(employer, organization):
    from internships.tests.factories import PostingFactory

    return PostingFactory(
        employer=employer, organization=organization, title="Стажёр-разработчик на Python"
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright cannot download its own browser on these machines."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ru-RU"}


@pytest.fixture
def screenshot_dir():
    path = os.path.join("var", "screenshots")
    os.makedirs(path, exist_ok=True)
    return path


@pytest.fixture(autouse=True)
def _fail_on_csp_violation(request):
    """Every browser journey fails when Chromium reports a Content-Security-Policy
    violation (an inline script, an on…= handler, a remote image, a foreign frame)."""
    # Browser journeys live in tests/e2e. Elsewhere a test parameter may be called `page`
    # (a page number): starting Playwright for it would run the ORM inside its event loop.
    if "e2e" not in request.node.path.parts or "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    violations: list[str] = []
    original = browser.new_context

    def watch(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(message.text)

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        context.on("console", watch)
        return context

    browser.new_context = new_context
    try:
        yield violations
    finally:
        browser.new_context = original
    assert violations == [], "CSP violations in the browser console:\n" + "\n".join(violations)


@pytest.fixture
def api():
    """`api(user)` is an API client with that user's JWT; `api()` an anonymous one."""
    from tests.api import client_for

    return client_for


# Learning: a teacher's course with a lesson, an assignment and a quiz; a student enrolled.


@pytest.fixture
def course(teacher):
    from learning.tests.factories import CourseFactory

    return CourseFactory(teacher=teacher, title="Основы Python")


@pytest.fixture
def lesson(course):
    from learning.tests.factories import LessonFactory

    return LessonFactory(course=course, title="Переменные", order=1)


@pytest.fixture
def assignment(lesson):
    from learning.tests.factories import AssignmentFactory

    return AssignmentFactory(lesson=lesson, title="Домашка")


@pytest.fixture
def quiz(course):
    from learning.tests.factories import QuizFactory, single_question

    quiz = QuizFactory(course=course, title="Итоговый тест")
    single_question(quiz)
    return quiz


@pytest.fixture
def enrollment(course, student):
    from learning.tests.factories import EnrollmentFactory

    return EnrollmentFactory(course=course, student=student)


from tests.ws import channel_layer  # noqa: E402, F401  (a fixture: socket tests on both layers)
