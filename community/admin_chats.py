"""Chats in the admin: search, filters, and hiding abusive messages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.models import Chat, ChatMember, Message, Reaction
from community.services.chats import message_set_hidden


class ChatMemberInline(admin.TabularInline):
    model = ChatMember
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "archived", "last_read_id", "joined"]


@admin.register(Chat)
class ChatAdmin(admin.ModelAdmin):
    list_display = ["__str__", "is_group", "created_by", "created", "last_activity"]
    list_filter = ["is_group", "created"]
    search_fields = ["title", "members__user__email", "members__user__last_name"]
    date_hierarchy = "created"
    raw_id_fields = ["created_by", "last_message"]
    inlines = [ChatMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by").distinct()


@admin.action(description=_("Hide the selected messages (abuse)"))
def hide_messages(modeladmin, request, queryset):
    # Through the service: every open chat page sees the change (live and after a reconnect).
    for message in queryset:
        message_set_hidden(message=message, hidden=True, by=request.user)


@admin.action(description=_("Show the selected messages again"))
def unhide_messages(modeladmin, request, queryset):
    for message in queryset:
        message_set_hidden(message=message, hidden=False, by=request.user)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "chat", "sender", "created", "deleted", "hidden"]
    list_filter = ["hidden", "deleted", "created"]
    search_fields = ["text", "sender__email", "sender__last_name"]
    raw_id_fields = ["chat", "sender"]
    date_hierarchy = "created"
    actions = [hide_messages, unhide_messages]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("chat", "sender")


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ["emoji", "user", "message", "created"]
    list_filter = ["emoji"]
    raw_id_fields = ["message", "user"]
