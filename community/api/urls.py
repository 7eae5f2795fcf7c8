from rest_framework.routers import SimpleRouter

from community.api import chats, reports, views

router = SimpleRouter()
router.register("blogs", views.BlogPostViewSet, basename="blog")
router.register("reports", reports.ReportViewSet, basename="report")
router.register(
    r"blogs/(?P<post_pk>\d+)/comments", views.BlogCommentViewSet, basename="blog-comment"
)
router.register("blog-comments", views.BlogCommentEditViewSet, basename="blog-comment-edit")
router.register("forums", views.ForumViewSet, basename="forum")
router.register(
    r"forums/(?P<forum_pk>\d+)/threads", views.ForumThreadViewSet, basename="forum-thread"
)
router.register("threads", views.ThreadViewSet, basename="thread")
router.register(
    r"threads/(?P<thread_pk>\d+)/posts", views.ThreadPostViewSet, basename="thread-post"
)
router.register("posts", views.ForumPostViewSet, basename="forum-post")
router.register("bookmarks", views.BookmarkViewSet, basename="bookmark")
router.register("videos", views.VideoViewSet, basename="video")
router.register(
    r"videos/(?P<video_pk>\d+)/comments", views.VideoCommentViewSet, basename="video-comment"
)
router.register("video-comments", views.VideoCommentEditViewSet, basename="video-comment-edit")
router.register("chats", chats.ChatViewSet, basename="chat")
router.register(
    r"chats/(?P<chat_pk>\d+)/messages", chats.ChatMessageViewSet, basename="chat-message"
)
router.register(r"chats/(?P<chat_pk>\d+)/members", chats.ChatMemberViewSet, basename="chat-member")

urlpatterns = router.urls
