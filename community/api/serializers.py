"""What the API shows of blogs, forums and videos."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import AvatarField, UserBriefSerializer
from community import permissions
from community.chat_selectors import chat_title
from community.models import (
    BlogComment,
    BlogPost,
    Forum,
    ForumPost,
    Message,
    Thread,
    Video,
    VideoComment,
)

EXCERPT_LENGTH = 300


def _excerpt(text: str) -> str:
    text = text or ""
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


class BlogPostSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True)
    excerpt = serializers.SerializerMethodField()
    cover = AvatarField(read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = BlogPost
        fields = [
            "id",
            "title",
            "excerpt",
            "cover",
            "tags",
            "author",
            "is_published",
            "view_count",
            "like_count",
            "comment_count",
            "created",
            "updated",
        ]
        read_only_fields = fields

    def get_excerpt(self, post) -> str:
        return _excerpt(post.body_text)


class BlogPostDetailSerializer(BlogPostSerializer):
    liked = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()

    class Meta(BlogPostSerializer.Meta):
        fields = [*BlogPostSerializer.Meta.fields, "body", "liked", "can_edit"]
        read_only_fields = fields

    def get_liked(self, post) -> bool:
        return bool(getattr(post, "liked", False))

    def get_can_edit(self, post) -> bool:
        return permissions.can_edit_blog_post(self.context["request"].user, post)


class BlogCommentSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True)

    class Meta:
        model = BlogComment
        fields = ["id", "author", "text", "is_hidden", "created", "updated"]
        read_only_fields = fields


class LikeSerializer(serializers.Serializer):
    liked = serializers.BooleanField()
    like_count = serializers.IntegerField()


class BookmarkStateSerializer(serializers.Serializer):
    bookmarked = serializers.BooleanField()


class SubscriptionStateSerializer(serializers.Serializer):
    subscribed = serializers.BooleanField()


class ForumSerializer(serializers.ModelSerializer):
    thread_count = serializers.IntegerField(read_only=True, default=0)
    post_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Forum
        fields = ["id", "title", "description", "thread_count", "post_count"]
        read_only_fields = fields


class ThreadSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True, allow_null=True)
    forum = serializers.PrimaryKeyRelatedField(read_only=True)
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Thread
        fields = [
            "id",
            "forum",
            "title",
            "author",
            "is_pinned",
            "is_locked",
            "reply_count",
            "like_count",
            "last_activity",
            "created",
            "unread",
        ]
        read_only_fields = fields

    def get_unread(self, thread) -> bool:
        """Posts newer than what the viewer has read (false for anonymous viewers)."""
        read_up_to = getattr(thread, "read_up_to", None)
        last = thread.last_post_id
        return read_up_to is not None and last is not None and last > read_up_to


class ThreadDetailSerializer(ThreadSerializer):
    liked = serializers.SerializerMethodField()
    bookmarked = serializers.SerializerMethodField()
    can_reply = serializers.SerializerMethodField()

    class Meta(ThreadSerializer.Meta):
        fields = [*ThreadSerializer.Meta.fields, "liked", "bookmarked", "can_reply"]
        read_only_fields = fields

    def get_liked(self, thread) -> bool:
        return bool(getattr(thread, "liked", False))

    def get_bookmarked(self, thread) -> bool:
        return bool(getattr(thread, "bookmarked", False))

    def get_can_reply(self, thread) -> bool:
        return permissions.can_reply_thread(self.context["request"].user, thread)


class ForumPostSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True, allow_null=True)
    thread = serializers.PrimaryKeyRelatedField(read_only=True)
    quote = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    liked = serializers.SerializerMethodField()

    class Meta:
        model = ForumPost
        fields = [
            "id",
            "thread",
            "author",
            "text",
            "html",
            "quote",
            "is_hidden",
            "like_count",
            "liked",
            "created",
            "edited",
        ]
        read_only_fields = fields

    def get_liked(self, post) -> bool:
        return bool(getattr(post, "liked", False))


class BookmarkSerializer(serializers.Serializer):
    thread = ThreadSerializer(read_only=True)
    created = serializers.DateTimeField(read_only=True)


class VideoSerializer(serializers.ModelSerializer):
    uploader = UserBriefSerializer(read_only=True)
    file = serializers.SerializerMethodField()
    poster = serializers.SerializerMethodField()

    class Meta:
        model = Video
        fields = [
            "id",
            "title",
            "uploader",
            "source_url",
            "embed_url",
            "thumbnail_url",
            "file",
            "content_type",
            "poster",
            "view_count",
            "like_count",
            "comment_count",
            "created",
        ]
        read_only_fields = fields

    def _url(self, field) -> str | None:
        if not field:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(field.url) if request else field.url

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_file(self, video) -> str | None:
        return self._url(video.file)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_poster(self, video) -> str | None:
        return self._url(video.poster)


class VideoDetailSerializer(VideoSerializer):
    liked = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()

    class Meta(VideoSerializer.Meta):
        fields = [*VideoSerializer.Meta.fields, "description", "liked", "can_edit"]
        read_only_fields = fields

    def get_liked(self, video) -> bool:
        return bool(getattr(video, "liked", False))

    def get_can_edit(self, video) -> bool:
        return permissions.can_edit_video(self.context["request"].user, video)


class VideoCommentSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True)
    liked = serializers.SerializerMethodField()

    class Meta:
        model = VideoComment
        fields = ["id", "author", "text", "is_hidden", "like_count", "liked", "created", "updated"]
        read_only_fields = fields

    def get_liked(self, comment) -> bool:
        return bool(getattr(comment, "liked", False))


# ---- Chats


class ReactionCountSerializer(serializers.Serializer):
    emoji = serializers.CharField()
    count = serializers.IntegerField()
    mine = serializers.BooleanField(help_text="Whether I reacted so.")


class LastMessageSerializer(serializers.ModelSerializer):
    """A chat's newest message as the chat list shows it."""

    sender = UserBriefSerializer(read_only=True)
    text = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "sender", "text", "created", "deleted", "hidden"]
        read_only_fields = fields

    def get_text(self, message) -> str:
        """Empty for a deleted message or one hidden by the moderators."""
        return "" if message.is_removed else message.text


class ChatMessageSerializer(LastMessageSerializer):
    """A message with its reaction counts (`chat_selectors.decorate` adds them)."""

    reactions = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()

    class Meta(LastMessageSerializer.Meta):
        fields = [*LastMessageSerializer.Meta.fields, "chat", "edited", "reactions", "is_mine"]
        read_only_fields = fields

    @extend_schema_field(ReactionCountSerializer(many=True))
    def get_reactions(self, message):
        return ReactionCountSerializer(getattr(message, "reaction_list", []), many=True).data

    def get_is_mine(self, message) -> bool:
        return bool(getattr(message, "is_mine", False))


class ChatSerializer(serializers.Serializer):
    """One of my chats in my list (a ChatMember row of `chat_selectors.chat_memberships`)."""

    id = serializers.IntegerField(source="chat_id")
    title = serializers.SerializerMethodField()
    is_group = serializers.BooleanField(source="chat.is_group")
    archived = serializers.BooleanField()
    unread = serializers.IntegerField(help_text="Messages of others I have not read.")
    last_activity = serializers.DateTimeField(source="chat.last_activity")
    last_message = LastMessageSerializer(source="chat.last_message", allow_null=True)
    members = serializers.SerializerMethodField()

    def get_title(self, member) -> str:
        """The group's title, or the other members' names."""
        return chat_title(member.chat, self.context["request"].user)

    @extend_schema_field(UserBriefSerializer(many=True))
    def get_members(self, member):
        users = [m.user for m in member.chat.member_list]
        return UserBriefSerializer(users, many=True, context=self.context).data


class ChatDetailSerializer(serializers.Serializer):
    """One chat I take part in (`chat_selectors.chat_for_member`)."""

    id = serializers.IntegerField()
    title = serializers.SerializerMethodField()
    is_group = serializers.BooleanField()
    created = serializers.DateTimeField()
    created_by = serializers.IntegerField(source="created_by_id", allow_null=True)
    last_activity = serializers.DateTimeField()
    archived = serializers.BooleanField(source="my_member.archived")
    last_read_id = serializers.IntegerField(
        source="my_member.last_read_id", help_text="The newest message I have read."
    )
    members = serializers.SerializerMethodField()
    can_manage_members = serializers.SerializerMethodField()

    def get_title(self, chat) -> str:
        return chat_title(chat, self.context["request"].user)

    @extend_schema_field(UserBriefSerializer(many=True))
    def get_members(self, chat):
        users = [m.user for m in chat.member_list]
        return UserBriefSerializer(users, many=True, context=self.context).data

    def get_can_manage_members(self, chat) -> bool:
        return permissions.can_manage_chat_members(self.context["request"].user, chat)


class ChatReadSerializer(serializers.Serializer):
    last_read_id = serializers.IntegerField()


class UnreadChatsSerializer(serializers.Serializer):
    unread_chats = serializers.IntegerField(help_text="My active chats with unread messages.")
