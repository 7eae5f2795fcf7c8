"""Community models, one module per feature (blogs, forums, chats, videos)."""

from community.models.chats import Chat, ChatMember, Message, Reaction  # noqa: F401
