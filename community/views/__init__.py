"""Views of the community, one module per area: blogs, forums, videos (chats add theirs)."""
