"""Rate limits that hold behind a proxy.

## Client IP
`client_ip(request)`: the address the request came from, honouring `TRUSTED_PROXY_COUNT`
(how many proxies in front of the site append to `X-Forwarded-For`). With 0 the header is
ignored (a client could write anything in it); with N the N-th address from the right is
the client's, the one our own proxy wrote. allauth's rate limits (through the adapter)
and the API's throttles (DRF's `NUM_PROXIES`) read the same setting.

## Failed passwords: a progressive delay per (account, client)
Every place that checks a password (the site's login, the admin's login — which is the
site's —, the API's login, reauthentication, deleting the account) counts wrong
passwords per *account and client IP*. The first `PASSWORD_FREE_FAILURES` are free;
then each further failure makes that client wait twice as long before its next try
(2 s, 4 s, 8 s … at most `PASSWORD_MAX_DELAY`). A right password clears the count.
Because the count is per client, a stranger's wrong passwords slow down only the
stranger: the account's owner, on another address, logs in at once; and one client
behind a proxy does not slow anyone else behind it. allauth's per-IP limit across
accounts (`login_failed`, 10 a minute) still stops one client from trying many accounts.
The counters live in the default cache: Redis when `REDIS_URL` is set, so every worker
sees them.

## Counting actions
`rate_limit_hit(key, limit=, window=)` counts one action and says whether it went over the
limit: the chat flood guard and the upload limit use it.
"""

from __future__ import annotations

import hashlib
import math
import time
from contextlib import contextmanager
from ipaddress import ip_address

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext

# ---- Client IP


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "1.2.3.4:5678"
        value = value.split(":", 1)[0]
    try:
        return str(ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address: `TRUSTED_PROXY_COUNT` proxies' `X-Forwarded-For` entries
    are trusted, nothing a client writes before them."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    # Fewer entries than proxies: the request skipped a proxy; the leftmost is the best
    # guess and still one our proxies wrote (never a 500 as allauth's check would be).
    return _valid_ip(hops[-min(count, len(hops))]) or remote


# ---- Failed passwords


class PasswordDelay(Exception):
    """This client must wait `retry_after` seconds before trying this account again."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        return password_delay_message(self.retry_after)


def password_delay_message(seconds: int) -> str:
    return ngettext(
        "Too many wrong passwords. Wait %(seconds)d second and try again.",
        "Too many wrong passwords. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def _free_failures() -> int:
    return getattr(settings, "PASSWORD_FREE_FAILURES", 3)


def _max_delay() -> int:
    return getattr(settings, "PASSWORD_MAX_DELAY", 15 * 60)


def _keys(request: HttpRequest, account: str) -> tuple[str, str]:
    ident = f"{account.strip().lower()}|{client_ip(request)}"
    digest = hashlib.sha256(ident.encode()).hexdigest()
    return f"rl:pw:n:{digest}", f"rl:pw:until:{digest}"


def password_wait(request: HttpRequest, account: str) -> int:
    """Seconds this client still has to wait before trying `account`'s password (0: none)."""
    _count_key, until_key = _keys(request, account)
    until = cache.get(until_key)
    if not until:
        return 0
    return max(0, math.ceil(until - time.time()))


def password_check_allowed(request: HttpRequest, account: str) -> None:
    """Raise PasswordDelay while this client has to wait for `account`."""
    wait = password_wait(request, account)
    if wait:
        # Stored on the request: PasswordDelayMiddleware answers 429 with Retry-After
        # for views (allauth's) that only know a form error.
        request.password_delay = wait
        raise PasswordDelay(retry_after=wait)


def password_failed(request: HttpRequest, account: str) -> int:
    """Count a wrong password; the delay (seconds) the next try has to wait."""
    count_key, until_key = _keys(request, account)
    keep = 24 * 3600  # a day without failures forgets them
    cache.add(count_key, 0, timeout=keep)
    try:
        failures = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, timeout=keep)
        failures = 1
    cache.touch(count_key, keep)
    over = failures - _free_failures()
    if over < 0:
        return 0
    delay = min(2 ** (over + 1), _max_delay())
    cache.set(until_key, time.time() + delay, timeout=delay + 1)
    return delay


def password_succeeded(request: HttpRequest, account: str) -> None:
    cache.delete_many(list(_keys(request, account)))


@contextmanager
def password_attempt(request: HttpRequest, account: str):
    """Around a service that checks a password and raises ValidationError when it is
    wrong (code "wrong_password"): refuses while the client waits, counts the outcome."""
    from django.core.exceptions import ValidationError

    password_check_allowed(request, account)
    try:
        yield
    except ValidationError as error:
        codes = set()
        if hasattr(error, "error_dict"):
            for errors in error.error_dict.values():
                codes.update(e.code for e in errors)
        else:
            codes.update(e.code for e in error.error_list)
        if "wrong_password" in codes:
            password_failed(request, account)
        raise
    else:
        password_succeeded(request, account)


def password_delay_middleware(get_response):
    """A page that refused a password because the client has to wait answers 429 with
    Retry-After (the form shows the translated reason)."""

    def middleware(request):
        response = get_response(request)
        wait = getattr(request, "password_delay", 0)
        if wait and response.status_code in (200, 400, 422):
            response.status_code = 429
            response.reason_phrase = "Too Many Requests"
            response["Retry-After"] = str(wait)
        return response

    return middleware


# ---- Counting actions


def rate_limit_hit(key: str, *, limit: int, window: int) -> bool:
    """Count one action under `key`; True when it is more than `limit` in `window` seconds.

    A fixed window that starts with the first action: `add` creates the counter only if it
    is missing, `incr` is atomic in Redis and in the local-memory cache.
    """
    key = f"ratelimit:{key}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit
