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


@pytest.fixture
def api():
    """`api(user)` is an API client with that user's JWT; `api()` an anonymous one."""
    from tests.api import client_for

    return client_for
