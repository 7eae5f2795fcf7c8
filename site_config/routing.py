"""WebSocket routes (`/ws/…`), one list for the whole site; each app owns its consumers."""

from django.urls import path

from accounts.consumers import NotificationConsumer
from community.consumers import ChatConsumer
from internships.consumers import AuctionConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/chats/<int:chat_id>/", ChatConsumer.as_asgi()),
    path("ws/auctions/<int:auction_id>/", AuctionConsumer.as_asgi()),
]
