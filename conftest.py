"""Project-wide pytest fixtures."""

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
    """Each test gets a clean cache (allauth's rate limits live there) and its own media."""
    from django.core.cache import cache

    cache.clear()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    cache.clear()


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
    if "browser" not in request.fixturenames and "page" not in request.fixturenames:
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
