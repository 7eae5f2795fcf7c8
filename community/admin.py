"""Community admin, one module per feature."""

from community import admin_chats  # noqa: F401  (registers the chat models)
