"""The production set-up the README chose, run for real: gunicorn (WSGI, sync workers, the
deploy config) serves the pages, daphne serves `/ws/` only, and the two processes meet in
the Redis channel layer. A message posted to gunicorn reaches a socket held by daphne;
daphne refuses a socket opened from another site's page (the Origin check).

Needs Redis (the split cannot work on the in-memory layer): CI's PostgreSQL + Redis pass
runs it; without REDIS_URL it is skipped.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import socket
import struct
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

from community.tests.factories import UserFactory, chat_between
from tests.ws import session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_URL", "")
ASGI_APP = "site_config.asgi:application"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    """The test database, as a URL the servers' settings read."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stdout.read()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not start")


@pytest.fixture
def servers():
    """gunicorn and daphne as production starts them (production-like settings, plain
    HTTP), on the test database and one Redis."""
    if not REDIS_URL:
        pytest.skip("REDIS_URL is not set: the gunicorn + daphne split needs Redis (CI)")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "LOCAL_PREVIEW": "1",  # DEBUG off, plain HTTP, static files from the source tree
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions made here must verify there
        "ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_PREFIX": os.environ.get("CACHE_PREFIX", "guildhall"),
        "GUNICORN_WORKERS": "1",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    bin_dir = Path(sys.executable).parent
    web, ws = _free_port(), _free_port()
    env["GUNICORN_BIND"] = f"127.0.0.1:{web}"
    started = [
        subprocess.Popen(
            [str(bin_dir / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "site_config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ),
        subprocess.Popen(
            [str(bin_dir / "daphne"), "-b", "127.0.0.1", "-p", str(ws), ASGI_APP],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ),
    ]
    try:
        _wait_for(web, started[0])
        _wait_for(ws, started[1])
        yield web, ws
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


class Socket:
    """The few lines of RFC 6455 a test needs: the handshake and unmasked text frames
    from the server (no client library is installed)."""

    def __init__(self, port: int, path: str, *, cookie: bytes, origin: str):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n"
            f"Cookie: {cookie.decode()}\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                break
            head += chunk
        self.status = int(head.split(b" ", 2)[1]) if head else 0

    def _read(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    def receive_text(self, timeout: float = 10) -> str:
        self.sock.settimeout(timeout)
        while True:
            first, second = self._read(2)
            length = second & 0x7F
            if length == 126:
                (length,) = struct.unpack("!H", self._read(2))
            elif length == 127:
                (length,) = struct.unpack("!Q", self._read(8))
            payload = self._read(length)
            opcode = first & 0x0F
            if opcode == 0x1:
                return payload.decode()
            if opcode == 0x8:
                raise ConnectionError(f"closed by the server: {payload[:2].hex()}")

    def close(self) -> None:
        self.sock.close()


def _post(port: int, path: str, cookie: bytes, data: dict) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    conn.request("GET", path.rsplit("send/", 1)[0], headers={"Cookie": cookie.decode()})
    page = conn.getresponse()
    body = page.read().decode()
    assert page.status == 200, page.status
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")
    cookies = cookie.decode() + (f"; csrftoken={csrf_cookie.group(1)}" if csrf_cookie else "")
    conn.request(
        "POST",
        path,
        body=urlencode({**data, "csrfmiddlewaretoken": token}),
        headers={"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"},
    )
    response = conn.getresponse()
    response.read()
    return response


def test_gunicorn_pages_and_daphne_sockets_meet_in_redis(servers):
    web, ws = servers
    anna = UserFactory(first_name="Анна")
    boris = UserFactory(first_name="Борис")
    chat = chat_between(anna, boris)
    # Boris listens on daphne, as his browser does through nginx's /ws/.
    listener = Socket(
        ws, f"/ws/chats/{chat.pk}/", cookie=session_cookie(boris), origin=f"http://127.0.0.1:{ws}"
    )
    assert listener.status == 101
    try:
        # Anna writes through gunicorn (a plain form post, the no-JavaScript path).
        sent = _post(
            web,
            f"/chats/{chat.pk}/send/",
            session_cookie(anna),
            {"text": "Через два сервера", "client_token": str(uuid.uuid4())},
        )
        assert sent.status == 302
        fragment = listener.receive_text()
        assert "Через два сервера" in fragment and 'hx-swap-oob="beforeend:#chat-messages"' in (
            fragment
        )
    finally:
        listener.close()
    # A page on another site cannot open a socket with Boris's cookie.
    foreign = Socket(
        ws, f"/ws/chats/{chat.pk}/", cookie=session_cookie(boris), origin="http://evil.example"
    )
    assert foreign.status == 403
    foreign.close()
