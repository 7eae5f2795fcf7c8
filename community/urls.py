from django.urls import path

from community.views import blogs, chats, common, forums, videos

app_name = "community"

urlpatterns = [
    # ---- Blogs
    path("blogs/", blogs.blog_list, name="blog_list"),
    path("blogs/popular/", blogs.blog_popular, name="blog_popular"),
    path("blogs/new/", blogs.blog_create, name="blog_create"),
    path("blogs/<int:pk>/", blogs.blog_detail, name="blog_detail"),
    path("blogs/<int:pk>/edit/", blogs.blog_update, name="blog_update"),
    path("blogs/<int:pk>/delete/", blogs.blog_delete, name="blog_delete"),
    path("blogs/<int:pk>/like/", blogs.blog_like, name="blog_like"),
    path("blogs/<int:pk>/comments/", blogs.blog_comment_create, name="blog_comment_create"),
    path("blogs/comments/<int:pk>/edit/", blogs.blog_comment_update, name="blog_comment_update"),
    path("blogs/comments/<int:pk>/delete/", blogs.blog_comment_delete, name="blog_comment_delete"),
    # ---- Forums
    path("forums/", forums.forum_list, name="forum_list"),
    path("forums/<int:pk>/", forums.forum_detail, name="forum_detail"),
    path("forums/<int:pk>/threads/new/", forums.thread_create, name="thread_create"),
    path("forums/<int:forum_id>/threads/<int:pk>/", forums.thread_detail, name="thread_detail"),
    path(
        "forums/<int:forum_id>/threads/<int:pk>/reply/",
        forums.thread_reply,
        name="thread_reply",
    ),
    path("forums/threads/<int:pk>/like/", forums.thread_like, name="thread_like"),
    path("forums/threads/<int:pk>/bookmark/", forums.thread_bookmark, name="thread_bookmark"),
    path("forums/threads/<int:pk>/subscribe/", forums.thread_subscribe, name="thread_subscribe"),
    path("forums/threads/<int:pk>/moderate/", forums.thread_moderate, name="thread_moderate"),
    path("forums/posts/<int:pk>/", forums.post_jump, name="post_jump"),
    path("forums/posts/<int:pk>/edit/", forums.post_update, name="post_update"),
    path("forums/posts/<int:pk>/like/", forums.post_like, name="post_like"),
    path("forums/posts/<int:pk>/hide/", forums.post_hide, name="post_hide"),
    path("bookmarks/", forums.bookmark_list, name="bookmark_list"),
    # ---- Videos
    path("videos/", videos.video_list, name="video_list"),
    path("videos/new/", videos.video_create, name="video_create"),
    path("videos/<int:pk>/", videos.video_detail, name="video_detail"),
    path("videos/<int:pk>/file/", videos.video_file, name="video_file"),
    path("videos/<int:pk>/edit/", videos.video_update, name="video_update"),
    path("videos/<int:pk>/delete/", videos.video_delete, name="video_delete"),
    path("videos/<int:pk>/like/", videos.video_like, name="video_like"),
    path("videos/<int:pk>/comments/", videos.video_comment_create, name="video_comment_create"),
    path(
        "videos/comments/<int:pk>/edit/", videos.video_comment_update, name="video_comment_update"
    ),
    path(
        "videos/comments/<int:pk>/delete/",
        videos.video_comment_delete,
        name="video_comment_delete",
    ),
    path("videos/comments/<int:pk>/like/", videos.video_comment_like, name="video_comment_like"),
    # ---- Reports (any community content)
    path("community/report/<slug:kind>/<int:pk>/", common.report_create, name="report_create"),
    path("community/hide/<slug:kind>/<int:pk>/", common.content_hide, name="content_hide"),
]

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
        "chats/<int:pk>/messages/<int:message_id>/edit/",
        chats.message_edit,
        name="message_edit",
    ),
    path(
        "chats/<int:pk>/messages/<int:message_id>/react/",
        chats.message_react,
        name="message_react",
    ),
]
# ---- end chats
