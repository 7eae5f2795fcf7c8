"""WebSocket test helpers: a session-authenticated communicator on the real ASGI app (the
Origin check and the session middleware included), and the channel layer to use.

Tests are sync functions that run one coroutine with `async_to_sync`, so the consumer,
the channel layer and the services (called through `database_sync_to_async`) share one
event loop. https://channels.readthedocs.io/en/stable/topics/testing.html
"""

from __future__ import annotations

import os
from importlib import import_module

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

REDIS_URL = os.environ.get("REDIS_URL", "")

LAYERS = {
    "memory": {"BACKEND": "channels.layers.InMemoryChannelLayer"},
    "redis": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [REDIS_URL or "redis://127.0.0.1:6379/0"],
            "prefix": os.environ.get("CACHE_PREFIX", "guildhall") + ":test-asgi",
        },
    },
}


@pytest.fixture(params=["memory", "redis"])
def channel_layer(request, settings):
    """Every socket test runs on the in-memory layer and, when REDIS_URL is set (CI's
    PostgreSQL + Redis run), on channels_redis too."""
    if request.param == "redis" and not REDIS_URL:
        pytest.skip("REDIS_URL is not set: the Redis channel layer is tested in CI")
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {"default": LAYERS[request.param]}
    channel_layers.backends.clear()
    yield request.param
    channel_layers.backends.clear()


def session_cookie(user) -> bytes:
    """A logged-in session for `user`, as a Cookie header."""
    # The engine is a module (`...backends.cached_db` with Redis): import it, do not
    # look it up as an attribute of its package (that works only once it was imported).
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}".encode()


def communicator(path: str, user=None, origin: str = "http://testserver") -> WebsocketCommunicator:
    from site_config.asgi import application

    headers = [(b"host", b"testserver")]
    if origin:
        headers.append((b"origin", origin.encode()))
    if user is not None:
        headers.append((b"cookie", session_cookie(user)))
    return WebsocketCommunicator(application, path, headers=headers)


db = database_sync_to_async  # run a service from inside the test's coroutine


def run_async(coroutine_function) -> None:
    """Run a test's coroutine to the end. Playwright's sync API (session-scoped browser of
    the e2e tests) keeps an event loop running in the main thread, where `async_to_sync`
    refuses to start one: then the coroutine runs in a thread of its own."""
    import asyncio
    import concurrent.futures

    from asgiref.sync import async_to_sync

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(coroutine_function)()
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(async_to_sync(coroutine_function)).result()
