"""The site's one rate-limit counter, kept in the default cache (Redis when `REDIS_URL` is
set, so every worker shares the counts).

`rate_limit_hit(key, limit=, window=)` counts one action and says whether it went over the
limit: the chat flood guard and the upload limit use it; allauth keeps its own counters for
logins (`ACCOUNT_RATE_LIMITS`).
"""

from __future__ import annotations

from django.core.cache import cache


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
