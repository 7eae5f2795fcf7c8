"""Community test fixtures: the channel layer (in-memory, and Redis when REDIS_URL is set)."""

from tests.ws import channel_layer  # noqa: F401  (a fixture)
