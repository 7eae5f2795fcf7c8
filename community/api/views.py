"""API views of the community: blogs, forums and videos.

The services check who may do what (community/permissions.py); these views look things
up with the same selectors as the HTML views, bind the same forms and call the services.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from community import permissions
from community.api.serializers import (
    BlogCommentSerializer,
    BlogPostDetailSerializer,
    BlogPostSerializer,
    BookmarkSerializer,
    BookmarkStateSerializer,
    ForumPostSerializer,
    ForumSerializer,
    LikeSerializer,
    SubscriptionStateSerializer,
    ThreadDetailSerializer,
    ThreadSerializer,
    VideoCommentSerializer,
    VideoDetailSerializer,
    VideoSerializer,
)
from community.forms import (
    BlogPostForm,
    CommentForm,
    PostEditForm,
    ReplyForm,
    ThreadForm,
    VideoEditForm,
    VideoForm,
)
from community.models import (
    BlogComment,
    BlogPost,
    Forum,
    ForumPost,
    Tag,
    Thread,
    ThreadBookmark,
    Video,
    VideoComment,
)
from community.selectors import blogs as blog_selectors
from community.selectors import forums as forum_selectors
from community.selectors import videos as video_selectors
from community.services import blogs as blog_services
from community.services import forums as forum_services
from community.services import videos as video_services
from site_config.api import (
    SelectorFilterSet,
    bind_form,
    errors,
    form_serializer,
    no_content,
    partial_serializer,
    request_data,
)
from site_config.api_views import SelectorListViewSet, int_or_404, list_schema

PARSERS = [JSONParser, MultiPartParser, FormParser]


def _like_body(liked: bool, obj) -> dict:
    obj.refresh_from_db(fields=["like_count"])
    return {"liked": liked, "like_count": obj.like_count}


def _tags_as_text(body: dict) -> dict:
    if isinstance(body.get("tags"), list):
        body = {**body, "tags": ", ".join(str(tag) for tag in body["tags"])}
    return body


LIKE_DOCS = {
    "POST": "Like it",
    "DELETE": "Take the like back",
}


def like_schema(what: str):
    """Schema of a like endpoint: POST likes, DELETE unlikes; both answer the new state."""

    def decorate(view):
        view = extend_schema(
            methods=["POST"],
            summary=f"Like the {what}",
            request=None,
            responses={200: LikeSerializer, **errors(401, 403, 404)},
        )(view)
        return extend_schema(
            methods=["DELETE"],
            summary=f"Take back my like of the {what}",
            responses={200: LikeSerializer, **errors(401, 403, 404)},
        )(view)

    return decorate


# ---- Blogs


BlogPostRequest = form_serializer(
    BlogPostForm,
    name="BlogPostRequest",
    extra={
        "tags": serializers.ListField(
            child=serializers.CharField(max_length=40),
            required=False,
            help_text="Up to 8 tags (a comma-separated string is accepted too).",
        ),
        "remove_cover": serializers.BooleanField(required=False),
    },
)
CommentRequest = form_serializer(CommentForm, name="CommentRequest")


class BlogFilter(SelectorFilterSet):
    q = django_filters.CharFilter(help_text="Words in the title or text.")
    tag = django_filters.CharFilter(help_text="A tag's slug.")
    mine = django_filters.BooleanFilter(help_text="Only my posts, drafts included.")

    class Meta:
        model = BlogPost
        fields = []

    def select(self, data):
        tag = None
        if data.get("tag"):
            tag = Tag.objects.filter(slug=data["tag"]).first()
            if tag is None:
                raise Http404
        return blog_selectors.blog_list(
            viewer=self.request.user,
            query=data.get("q") or "",
            tag=tag,
            mine=bool(data.get("mine")),
        )


class PopularFilter(SelectorFilterSet):
    class Meta:
        model = BlogPost
        fields = []

    def select(self, data):
        return blog_selectors.blog_popular()


def _blog_post(request, pk) -> BlogPost:
    try:
        return blog_selectors.blog_post_for_viewer(viewer=request.user, pk=int_or_404(pk))
    except BlogPost.DoesNotExist:
        raise Http404 from None


@list_schema("Blog posts, newest first", BlogPostSerializer, 400, 404)
@extend_schema(tags=["blogs"])
class BlogPostViewSet(SelectorListViewSet):
    queryset = BlogPost.objects.all()
    serializer_class = BlogPostSerializer
    filterset_class = BlogFilter
    permission_classes = [IsAuthenticatedOrReadOnly]
    parser_classes = PARSERS

    def _detail(self, request, post: BlogPost, status: int = 200):
        post = _blog_post(request, post.pk)
        data = BlogPostDetailSerializer(post, context={"request": request}).data
        return Response(data, status=status)

    @extend_schema(
        summary="The most read and liked posts of the last days",
        responses={200: BlogPostSerializer(many=True), **errors(404)},
    )
    @action(detail=False, methods=["get"], filterset_class=PopularFilter)
    def popular(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = BlogPostSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(summary="One post", responses={200: BlogPostDetailSerializer, **errors(404)})
    def retrieve(self, request, pk=None):
        return self._detail(request, _blog_post(request, pk))

    @extend_schema(
        summary="Write a post (JSON, or multipart with a cover picture)",
        request={"application/json": BlogPostRequest, "multipart/form-data": BlogPostRequest},
        responses={201: BlogPostDetailSerializer, **errors(400, 401, 413)},
    )
    def create(self, request):
        body = _tags_as_text(request_data(request))
        body.setdefault("is_published", True)
        form = bind_form(BlogPostForm, request, data=body)
        post = blog_services.blog_post_create(author=request.user, **form.cleaned_data)
        return self._detail(request, post, status=201)

    def _save(self, request, pk, *, partial: bool):
        post = _blog_post(request, pk)
        if not permissions.can_edit_blog_post(request.user, post):
            raise PermissionDenied(_("Only the author can edit this post."))
        initial = BlogPostForm.for_post(post).initial if partial else None
        body = _tags_as_text(request_data(request))
        form = bind_form(
            BlogPostForm, request, data=body, initial=initial, has_cover=bool(post.cover)
        )
        cleaned = {"remove_cover": False, **form.cleaned_data}
        blog_services.blog_post_update(post=post, by=request.user, **cleaned)
        return self._detail(request, post)

    @extend_schema(
        summary="Replace a post (its author)",
        request={"application/json": BlogPostRequest, "multipart/form-data": BlogPostRequest},
        responses={200: BlogPostDetailSerializer, **errors(400, 401, 403, 404, 413)},
    )
    def update(self, request, pk=None):
        return self._save(request, pk, partial=False)

    @extend_schema(
        summary="Change some of a post's fields (its author)",
        request=partial_serializer(BlogPostRequest, name="PatchedBlogPostRequest"),
        responses={200: BlogPostDetailSerializer, **errors(400, 401, 403, 404, 413)},
    )
    def partial_update(self, request, pk=None):
        return self._save(request, pk, partial=True)

    @extend_schema(
        summary="Delete a post (its author)", responses={204: None, **errors(401, 403, 404)}
    )
    def destroy(self, request, pk=None):
        blog_services.blog_post_delete(post=_blog_post(request, pk), by=request.user)
        return no_content()

    @like_schema("post")
    @action(detail=True, methods=["post", "delete"], filterset_class=None)
    def like(self, request, pk=None):
        post = _blog_post(request, pk)
        liked = blog_services.blog_post_like(
            post=post, user=request.user, on=request.method == "POST"
        )
        return Response(_like_body(liked, post))


class BlogCommentFilter(SelectorFilterSet):
    class Meta:
        model = BlogComment
        fields = []

    def select(self, data):
        view = self.request.parser_context["view"]
        return blog_selectors.blog_comments(post=view.blog_post(), viewer=self.request.user)


@list_schema("A post's comments, oldest first", BlogCommentSerializer, 404)
@extend_schema(tags=["blogs"])
class BlogCommentViewSet(SelectorListViewSet):
    """/api/blogs/{post_pk}/comments/: read, and write once logged in."""

    queryset = BlogComment.objects.all()
    serializer_class = BlogCommentSerializer
    filterset_class = BlogCommentFilter
    permission_classes = [IsAuthenticatedOrReadOnly]

    def blog_post(self) -> BlogPost:
        return _blog_post(self.request, self.kwargs["post_pk"])

    @extend_schema(
        summary="Comment on a post",
        request=CommentRequest,
        responses={201: BlogCommentSerializer, **errors(400, 401, 403, 404)},
    )
    def create(self, request, post_pk=None):
        post = self.blog_post()
        form = bind_form(CommentForm, request)
        comment = blog_services.blog_comment_create(
            post=post, author=request.user, text=form.cleaned_data["text"]
        )
        return Response(
            BlogCommentSerializer(comment, context={"request": request}).data, status=201
        )


def _blog_comment(request, pk) -> BlogComment:
    """A comment its author (or staff) may change; 404 when its post is not visible."""
    comment = get_object_or_404(
        BlogComment.objects.select_related("post", "author"), pk=int_or_404(pk)
    )
    if not permissions.can_view_blog_post(request.user, comment.post):
        raise Http404
    if not permissions.can_edit_blog_comment(request.user, comment):
        raise PermissionDenied(_("Only the author can change this comment."))
    return comment


@extend_schema(tags=["blogs"])
class BlogCommentEditViewSet(viewsets.GenericViewSet):
    """/api/blog-comments/{id}/: its author edits or deletes it."""

    queryset = BlogComment.objects.all()
    serializer_class = BlogCommentSerializer

    @extend_schema(
        summary="Edit my comment",
        request=CommentRequest,
        responses={200: BlogCommentSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        comment = _blog_comment(request, pk)
        form = bind_form(CommentForm, request)
        comment = blog_services.blog_comment_update(
            comment=comment, by=request.user, text=form.cleaned_data["text"]
        )
        return Response(BlogCommentSerializer(comment, context={"request": request}).data)

    @extend_schema(summary="Delete my comment", responses={204: None, **errors(401, 403, 404)})
    def destroy(self, request, pk=None):
        blog_services.blog_comment_delete(comment=_blog_comment(request, pk), by=request.user)
        return no_content()


# ---- Forums


ThreadRequest = form_serializer(ThreadForm, name="ThreadRequest")
ReplyRequest = form_serializer(ReplyForm, name="ReplyRequest")
PostEditRequest = form_serializer(PostEditForm, name="ForumPostEditRequest")


class ForumFilter(SelectorFilterSet):
    class Meta:
        model = Forum
        fields = []

    def select(self, data):
        return forum_selectors.forum_list()


@list_schema("The forums", ForumSerializer, 404)
@extend_schema(tags=["forums"])
class ForumViewSet(SelectorListViewSet):
    queryset = Forum.objects.all()
    serializer_class = ForumSerializer
    filterset_class = ForumFilter
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(summary="One forum", responses={200: ForumSerializer, **errors(404)})
    def retrieve(self, request, pk=None):
        forum = next((f for f in forum_selectors.forum_list() if f.pk == int_or_404(pk)), None)
        if forum is None:
            raise Http404
        return Response(ForumSerializer(forum).data)


class ForumThreadFilter(SelectorFilterSet):
    class Meta:
        model = Thread
        fields = []

    def select(self, data):
        view = self.request.parser_context["view"]
        return forum_selectors.forum_threads(forum=view.forum(), viewer=self.request.user)


def _thread(request, pk) -> Thread:
    try:
        forum_id = Thread.objects.visible_to(request.user).values_list("forum_id", flat=True)
        return forum_selectors.thread_for_viewer(
            viewer=request.user, forum_id=forum_id.get(pk=int_or_404(pk)), pk=int_or_404(pk)
        )
    except Thread.DoesNotExist:
        raise Http404 from None


@list_schema("A forum's threads: pinned first, then by last activity", ThreadSerializer, 404)
@extend_schema(tags=["forums"])
class ForumThreadViewSet(SelectorListViewSet):
    """/api/forums/{forum_pk}/threads/"""

    queryset = Thread.objects.all()
    serializer_class = ThreadSerializer
    filterset_class = ForumThreadFilter
    permission_classes = [IsAuthenticatedOrReadOnly]

    def forum(self) -> Forum:
        return get_object_or_404(Forum, pk=int_or_404(self.kwargs["forum_pk"]))

    @extend_schema(
        summary="Start a thread with its first post",
        request=ThreadRequest,
        responses={201: ThreadDetailSerializer, **errors(400, 401, 403, 404)},
    )
    def create(self, request, forum_pk=None):
        forum = self.forum()
        form = bind_form(ThreadForm, request)
        thread = forum_services.thread_create(
            forum=forum,
            author=request.user,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
        )
        data = ThreadDetailSerializer(_thread(request, thread.pk), context={"request": request})
        return Response(data.data, status=201)


class ThreadPostFilter(SelectorFilterSet):
    class Meta:
        model = ForumPost
        fields = []

    def select(self, data):
        view = self.request.parser_context["view"]
        return forum_selectors.thread_posts(thread=view.thread(), viewer=self.request.user)


@extend_schema(tags=["forums"])
class ThreadViewSet(viewsets.GenericViewSet):
    """/api/threads/{id}/: one thread, its like and bookmark."""

    queryset = Thread.objects.all()
    serializer_class = ThreadDetailSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(summary="One thread", responses={200: ThreadDetailSerializer, **errors(404)})
    def retrieve(self, request, pk=None):
        return Response(
            ThreadDetailSerializer(_thread(request, pk), context={"request": request}).data
        )

    @like_schema("thread")
    @action(detail=True, methods=["post", "delete"])
    def like(self, request, pk=None):
        thread = _thread(request, pk)
        liked = forum_services.thread_like(
            thread=thread, user=request.user, on=request.method == "POST"
        )
        return Response(_like_body(liked, thread))

    @extend_schema(
        methods=["POST"],
        summary="Bookmark the thread",
        request=None,
        responses={200: BookmarkStateSerializer, **errors(401, 404)},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove the bookmark",
        responses={200: BookmarkStateSerializer, **errors(401, 404)},
    )
    @action(detail=True, methods=["post", "delete"])
    def bookmark(self, request, pk=None):
        thread = _thread(request, pk)
        state = forum_services.thread_bookmark(
            thread=thread, user=request.user, on=request.method == "POST"
        )
        return Response({"bookmarked": state})

    @extend_schema(
        methods=["POST"],
        summary="Subscribe to the thread: a notification for every new reply",
        request=None,
        responses={200: SubscriptionStateSerializer, **errors(401, 403, 404)},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Unsubscribe from the thread",
        responses={200: SubscriptionStateSerializer, **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["post", "delete"])
    def subscribe(self, request, pk=None):
        thread = _thread(request, pk)
        state = forum_services.thread_subscribe(
            thread=thread, user=request.user, on=request.method == "POST"
        )
        return Response({"subscribed": state})


@list_schema("A thread's posts, oldest first", ForumPostSerializer, 404)
@extend_schema(tags=["forums"])
class ThreadPostViewSet(SelectorListViewSet):
    """/api/threads/{thread_pk}/posts/"""

    queryset = ForumPost.objects.all()
    serializer_class = ForumPostSerializer
    filterset_class = ThreadPostFilter
    permission_classes = [IsAuthenticatedOrReadOnly]

    def thread(self) -> Thread:
        return _thread(self.request, self.kwargs["thread_pk"])

    @extend_schema(
        summary="Reply in the thread (`quote`: a post of it to quote)",
        request=ReplyRequest,
        responses={201: ForumPostSerializer, **errors(400, 401, 403, 404)},
    )
    def create(self, request, thread_pk=None):
        thread = self.thread()
        if not permissions.can_reply_thread(request.user, thread):
            if thread.is_locked:
                raise PermissionDenied(_("This thread is locked: no new replies."))
            raise PermissionDenied(_("You cannot reply in this thread."))
        form = bind_form(ReplyForm, request)
        quote = forum_selectors.quotable_post(thread=thread, pk=form.cleaned_data.get("quote"))
        post = forum_services.post_create(
            thread=thread, author=request.user, text=form.cleaned_data["text"], quote=quote
        )
        return Response(ForumPostSerializer(post, context={"request": request}).data, status=201)


def _forum_post(request, pk) -> ForumPost:
    try:
        return forum_selectors.post_for_viewer(viewer=request.user, pk=int_or_404(pk))
    except ForumPost.DoesNotExist:
        raise Http404 from None


@extend_schema(tags=["forums"])
class ForumPostViewSet(viewsets.GenericViewSet):
    """/api/posts/{id}/: its author edits it; anyone logged in likes it."""

    queryset = ForumPost.objects.all()
    serializer_class = ForumPostSerializer

    @extend_schema(
        summary="Edit my post",
        request=PostEditRequest,
        responses={200: ForumPostSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        post = _forum_post(request, pk)
        form = bind_form(PostEditForm, request)
        post = forum_services.post_update(
            post=post, by=request.user, text=form.cleaned_data["text"]
        )
        return Response(ForumPostSerializer(post, context={"request": request}).data)

    @like_schema("post")
    @action(detail=True, methods=["post", "delete"])
    def like(self, request, pk=None):
        post = _forum_post(request, pk)
        liked = forum_services.post_like(post=post, user=request.user, on=request.method == "POST")
        return Response(_like_body(liked, post))


class BookmarkFilter(SelectorFilterSet):
    class Meta:
        model = ThreadBookmark
        fields = []

    def select(self, data):
        return forum_selectors.bookmarks(user=self.request.user)


@list_schema("My bookmarked threads", BookmarkSerializer, 401)
@extend_schema(tags=["forums"])
class BookmarkViewSet(SelectorListViewSet):
    queryset = ThreadBookmark.objects.all()
    serializer_class = BookmarkSerializer
    filterset_class = BookmarkFilter


# ---- Videos


VideoRequest = form_serializer(VideoForm, name="VideoRequest")
VideoEditRequest = form_serializer(VideoEditForm, name="VideoEditRequest")


class VideoFilter(SelectorFilterSet):
    q = django_filters.CharFilter(help_text="Words in the title or description.")

    class Meta:
        model = Video
        fields = []

    def select(self, data):
        return video_selectors.video_list(viewer=self.request.user, query=data.get("q") or "")


def _video(request, pk) -> Video:
    try:
        return video_selectors.video_for_viewer(viewer=request.user, pk=int_or_404(pk))
    except Video.DoesNotExist:
        raise Http404 from None


@list_schema("Videos, newest first", VideoSerializer, 400)
@extend_schema(tags=["videos"])
class VideoViewSet(SelectorListViewSet):
    queryset = Video.objects.all()
    serializer_class = VideoSerializer
    filterset_class = VideoFilter
    permission_classes = [IsAuthenticatedOrReadOnly]
    parser_classes = PARSERS

    def _detail(self, request, video: Video, status: int = 200):
        video = _video(request, video.pk)
        return Response(
            VideoDetailSerializer(video, context={"request": request}).data, status=status
        )

    @extend_schema(summary="One video", responses={200: VideoDetailSerializer, **errors(404)})
    def retrieve(self, request, pk=None):
        return self._detail(request, _video(request, pk))

    @extend_schema(
        summary="Share a video: a link (JSON) or an uploaded file (multipart)",
        request={"application/json": VideoRequest, "multipart/form-data": VideoRequest},
        responses={201: VideoDetailSerializer, **errors(400, 401, 413)},
    )
    def create(self, request):
        form = bind_form(VideoForm, request)
        video = video_services.video_create(uploader=request.user, **form.cleaned_data)
        return self._detail(request, video, status=201)

    @extend_schema(
        summary="Change a video's title, description or poster (its uploader)",
        request={
            "application/json": partial_serializer(
                VideoEditRequest, name="PatchedVideoEditRequest"
            ),
            "multipart/form-data": partial_serializer(
                VideoEditRequest, name="PatchedVideoEditMultipartRequest"
            ),
        },
        responses={200: VideoDetailSerializer, **errors(400, 401, 403, 404, 413)},
    )
    def partial_update(self, request, pk=None):
        video = _video(request, pk)
        if not permissions.can_edit_video(request.user, video):
            raise PermissionDenied(_("Only the uploader can edit this video."))
        initial = {"title": video.title, "description": video.description}
        form = bind_form(VideoEditForm, request, initial=initial)
        video_services.video_update(video=video, by=request.user, **form.cleaned_data)
        return self._detail(request, video)

    @extend_schema(
        summary="Delete a video (its uploader)", responses={204: None, **errors(401, 403, 404)}
    )
    def destroy(self, request, pk=None):
        video_services.video_delete(video=_video(request, pk), by=request.user)
        return no_content()

    @like_schema("video")
    @action(detail=True, methods=["post", "delete"], filterset_class=None)
    def like(self, request, pk=None):
        video = _video(request, pk)
        liked = video_services.video_like(
            video=video, user=request.user, on=request.method == "POST"
        )
        return Response(_like_body(liked, video))


class VideoCommentFilter(SelectorFilterSet):
    class Meta:
        model = VideoComment
        fields = []

    def select(self, data):
        view = self.request.parser_context["view"]
        return video_selectors.video_comments(video=view.video(), viewer=self.request.user)


@list_schema("A video's comments, newest first", VideoCommentSerializer, 404)
@extend_schema(tags=["videos"])
class VideoCommentViewSet(SelectorListViewSet):
    """/api/videos/{video_pk}/comments/"""

    queryset = VideoComment.objects.all()
    serializer_class = VideoCommentSerializer
    filterset_class = VideoCommentFilter
    permission_classes = [IsAuthenticatedOrReadOnly]

    def video(self) -> Video:
        return _video(self.request, self.kwargs["video_pk"])

    @extend_schema(
        summary="Comment on a video",
        request=CommentRequest,
        responses={201: VideoCommentSerializer, **errors(400, 401, 403, 404)},
    )
    def create(self, request, video_pk=None):
        video = self.video()
        form = bind_form(CommentForm, request)
        comment = video_services.video_comment_create(
            video=video, author=request.user, text=form.cleaned_data["text"]
        )
        return Response(
            VideoCommentSerializer(comment, context={"request": request}).data, status=201
        )


def _video_comment(request, pk, *, edit: bool) -> VideoComment:
    comment = get_object_or_404(
        VideoComment.objects.select_related("video", "author"), pk=int_or_404(pk)
    )
    if not permissions.can_view_video_comment(request.user, comment):
        raise Http404
    if edit and not permissions.can_edit_video_comment(request.user, comment):
        raise PermissionDenied(_("Only the author can change this comment."))
    return comment


@extend_schema(tags=["videos"])
class VideoCommentEditViewSet(viewsets.GenericViewSet):
    """/api/video-comments/{id}/: its author edits or deletes it; anyone logged in likes it."""

    queryset = VideoComment.objects.all()
    serializer_class = VideoCommentSerializer

    @extend_schema(
        summary="Edit my comment",
        request=CommentRequest,
        responses={200: VideoCommentSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        comment = _video_comment(request, pk, edit=True)
        form = bind_form(CommentForm, request)
        comment = video_services.video_comment_update(
            comment=comment, by=request.user, text=form.cleaned_data["text"]
        )
        return Response(VideoCommentSerializer(comment, context={"request": request}).data)

    @extend_schema(summary="Delete my comment", responses={204: None, **errors(401, 403, 404)})
    def destroy(self, request, pk=None):
        video_services.video_comment_delete(
            comment=_video_comment(request, pk, edit=True), by=request.user
        )
        return no_content()

    @like_schema("comment")
    @action(detail=True, methods=["post", "delete"])
    def like(self, request, pk=None):
        comment = _video_comment(request, pk, edit=False)
        liked = video_services.video_comment_like(
            comment=comment, user=request.user, on=request.method == "POST"
        )
        return Response(_like_body(liked, comment))
