"""What the API shows of blogs, forums and videos."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import AvatarField, UserBriefSerializer
from community import permissions
from community.models import (
    BlogComment,
    BlogPost,
    Forum,
    ForumPost,
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
