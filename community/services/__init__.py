"""Write operations of the community, one module per area (blogs, forums, videos,
moderation; chats add their own). Each service checks permission with
`community.permissions`, validates, and writes in a transaction."""
