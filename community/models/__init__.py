"""Community models, one module per area (blogs, forums, videos; chats add their own)."""

from community.models.blogs import BlogComment, BlogPost, PostLike, PostView, Tag
from community.models.forums import (
    Forum,
    ForumPost,
    ForumPostLike,
    Thread,
    ThreadBookmark,
    ThreadLike,
    ThreadSubscription,
    ThreadVisit,
)
from community.models.moderation import Report
from community.models.videos import Video, VideoComment, VideoCommentLike, VideoLike, VideoView

__all__ = [
    "BlogComment",
    "BlogPost",
    "Forum",
    "ForumPost",
    "ForumPostLike",
    "PostLike",
    "PostView",
    "Report",
    "Tag",
    "Thread",
    "ThreadBookmark",
    "ThreadLike",
    "ThreadSubscription",
    "ThreadVisit",
    "Video",
    "VideoComment",
    "VideoCommentLike",
    "VideoLike",
    "VideoView",
]
