from django.urls import path

from community.views import chats

app_name = "community"

urlpatterns: list = []

# ---- chats (realtime helper)
urlpatterns += [
    path("chats/", chats.chat_list, name="chat_list"),
    path("chats/new/", chats.chat_create, name="chat_create"),
    path("chats/<int:pk>/", chats.chat_detail, name="chat_detail"),
    path("chats/<int:pk>/updates/", chats.chat_updates, name="chat_updates"),
    path("chats/<int:pk>/send/", chats.chat_send, name="chat_send"),
    path("chats/<int:pk>/read/", chats.chat_read, name="chat_read"),
    path("chats/<int:pk>/archive/", chats.chat_archive, name="chat_archive"),
    path("chats/<int:pk>/members/", chats.chat_members_add, name="chat_members_add"),
    path(
        "chats/<int:pk>/members/<int:user_id>/remove/",
        chats.chat_member_remove,
        name="chat_member_remove",
    ),
    path(
        "chats/<int:pk>/messages/<int:message_id>/delete/",
        chats.message_delete,
        name="message_delete",
    ),
    path(
        "chats/<int:pk>/messages/<int:message_id>/react/",
        chats.message_react,
        name="message_react",
    ),
]
# ---- end chats
