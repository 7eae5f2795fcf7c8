"""Cache backends of the site.

`RedisCache`: Django's, with one `redis.Redis` client per connection pool. Django's client
builds a new `redis.Redis` for every command (`get_client()`), and redis-py 8's constructor
fills a case-insensitive table of ~170 response callbacks each time: ~0.25 ms of CPU per
cache read, ~5 ms on a page with twenty. A `redis.Redis` is thread-safe (each command
borrows a connection from the pool), so one per pool serves every call.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
