from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        from site_config import registry

        registry.register_home_section(
            template="community/_home_section.html",
            context="community.selectors.home_section",
            order=50,
        )
        registry.register_activity(key="50-community", sources="community.activity.sources")
        # What references stored files: the hourly upload cleanup keeps these.
        registry.register_upload_references(
            model="community.BlogPost", fields=("cover", "body"), owner="author"
        )
        registry.register_upload_references(
            model="community.Video", fields=("file", "poster"), owner="uploader"
        )

        from community.models import (
            BlogComment,
            BlogPost,
            Forum,
            ForumPost,
            Message,
            PostLike,
            Tag,
            Thread,
            ThreadLike,
            Video,
            VideoComment,
            VideoCommentLike,
            VideoLike,
        )
        from site_config.cache import invalidate_on_write

        # The anonymous blog, forum and video lists are cached whole for a few seconds
        # under this version. View counts (a QuerySet.update() per visit) do not bump it:
        # those pages may show them up to `PAGE_TIMEOUT` seconds old.
        invalidate_on_write(
            Tag,
            BlogPost,
            BlogComment,
            PostLike,
            Forum,
            Thread,
            ForumPost,
            ThreadLike,
            Video,
            VideoComment,
            VideoLike,
            VideoCommentLike,
            namespace="community",
        )
        from django.db.models.signals import post_delete

        from community.services.forums import counts_after_delete

        for model in (Thread, ForumPost):
            post_delete.connect(
                counts_after_delete, sender=model, dispatch_uid=f"forum-counts-{model.__name__}"
            )
        # Each member's chat list is cached under their own version: the chat services bump
        # it for every change they make with update(); saves and deletes elsewhere (the
        # admin, the API's serializers, cascades) bump it here.
        from django.db.models.signals import post_save

        from community.models import Chat, ChatMember
        from community.services.chats import chat_list_written

        for model in (Chat, ChatMember, Message):
            uid = f"chat-lists-{model._meta.label_lower}"
            post_save.connect(chat_list_written, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(chat_list_written, sender=model, dispatch_uid=f"{uid}-delete")
        from community.permissions import can_report_chat_message
        from community.services.moderation import register_reportable

        register_reportable("chat_message", Message, may_report=can_report_chat_message)
