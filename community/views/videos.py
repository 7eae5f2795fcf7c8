"""Videos: the grid, sharing one (upload or link), watching with comments and likes, and
the uploaded file itself with HTTP Range support (206) so players can seek."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.selectors import search_query
from community import permissions
from community.forms import CommentForm, VideoEditForm, VideoForm
from community.models import Video, VideoComment
from community.selectors import videos as selectors
from community.services import videos as services
from community.services.common import visitor_key
from community.toggles import toggle_for
from community.views.comments import CommentArea
from community.views.common import toggle_view
from site_config.cache import cache_anonymous_page
from site_config.htmx import template_for, vary_on_htmx, wants_partial
from site_config.pagination import paginate

VIDEOS_PER_PAGE = 12
COMMENTS_PER_PAGE = 30
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _get_video(request, pk: int) -> Video:
    try:
        return selectors.video_for_viewer(viewer=request.user, pk=pk)
    except Video.DoesNotExist:
        raise Http404 from None


@require_safe
@cache_anonymous_page(namespaces=("community", "people"))
def video_list(request):
    query = search_query(request.GET.get("q", ""))
    page_obj = paginate(
        request, selectors.video_list(viewer=request.user, query=query), VIDEOS_PER_PAGE
    )
    context = {"page_obj": page_obj, "videos": page_obj.object_list, "query": query}
    template = template_for(request, "community/video_list.html", "video-results")
    return vary_on_htmx(render(request, template, context))


@login_required
@require_http_methods(["GET", "POST"])
def video_create(request):
    is_post = request.method == "POST"
    form = VideoForm(request.POST if is_post else None, request.FILES if is_post else None)
    if is_post and form.is_valid():
        data = form.cleaned_data
        try:
            video = services.video_create(
                uploader=request.user,
                title=data["title"],
                description=data["description"],
                file=data.get("file"),
                link=data.get("link", ""),
                poster=data.get("poster"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your video is shared."))
            return redirect(video)
    status = 422 if form.errors else 200
    return render(
        request, "community/video_form.html", {"form": form, "video": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def video_update(request, pk: int):
    video = _get_video(request, pk)
    if not permissions.can_edit_video(request.user, video):
        raise PermissionDenied(_("Only the uploader can edit this video."))
    is_post = request.method == "POST"
    form = VideoEditForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        initial={"title": video.title, "description": video.description},
    )
    if is_post and form.is_valid():
        try:
            services.video_update(video=video, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The video has been saved."))
            return redirect(video)
    status = 422 if form.errors else 200
    return render(
        request, "community/video_form.html", {"form": form, "video": video}, status=status
    )


@login_required
@require_POST
def video_delete(request, pk: int):
    video = _get_video(request, pk)
    services.video_delete(video=video, by=request.user)
    messages.success(request, _("The video has been deleted."))
    return redirect("community:video_list")


def _detail_context(
    request, video: Video, form: CommentForm | None = None, newest: bool = False
) -> dict:
    """The video page; `newest`: the page of comments with the newest one (the first)."""
    comments = selectors.video_comments(video=video, viewer=request.user)
    if newest:
        request.GET = request.GET.copy()
        request.GET.pop("page", None)
    page_obj = paginate(request, comments, COMMENTS_PER_PAGE)
    may_comment = permissions.can_comment_video(request.user, video)
    return {
        "video": video,
        "may_edit": permissions.can_edit_video(request.user, video),
        "may_comment": may_comment,
        "comments": page_obj.object_list,
        "page_obj": page_obj,
        "form": form if form is not None else (CommentForm() if may_comment else None),
        "like": toggle_for(video),
        "more_videos": selectors.video_list(viewer=request.user).exclude(pk=video.pk)[:6],
    }


def _video_seen(request, pk: int, *, cached: bool) -> dict:
    """For every request, its page cached or not: the video, its view counted. A page from
    the cache was stored under the same data versions: the video is read only for a first
    view today."""
    video = SimpleLazyObject(lambda: _get_video(request, pk)) if cached else _get_video(request, pk)
    if request.method == "GET" and not wants_partial(request):
        services.video_register_view(video=video, pk=pk, visitor=visitor_key(request))
    return {"video": video}


@require_safe
@cache_anonymous_page(namespaces=("community", "people"), every_request=_video_seen)
def video_detail(request, pk: int, video: Video):
    template = template_for(request, "community/video_detail.html", "video-comments")
    return vary_on_htmx(render(request, template, _detail_context(request, video)))


def _ranged_file(request, field, content_type: str):
    """The file, or the byte range the player asked for (206 Partial Content)."""
    try:
        handle = field.open("rb")
        size = field.size
    except (FileNotFoundError, OSError):
        raise Http404 from None
    header = request.headers.get("Range", "")
    match = _RANGE.match(header.strip()) if header else None
    if not match or (not match.group(1) and not match.group(2)):
        response = FileResponse(handle, content_type=content_type)
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = match.groups()
    if first:
        start, end = int(first), int(last) if last else size - 1
    else:  # "bytes=-500": the last 500 bytes
        start, end = max(size - int(last), 0), size - 1
    end = min(end, size - 1)
    if start >= size or start > end:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response

    def stream():
        try:
            handle.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                chunk = handle.read(min(CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk
        finally:
            handle.close()

    response = StreamingHttpResponse(stream(), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


@require_safe
def video_file(request, pk: int):
    """The uploaded video for the HTML5 player; hidden videos only for who may see them."""
    video = _get_video(request, pk)
    if not video.file:
        raise Http404
    response = _ranged_file(request, video.file, video.content_type or "video/mp4")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def video_like(request, pk: int):
    video = _get_video(request, pk)
    return toggle_view(
        request, video, lambda on: services.video_like(video=video, user=request.user, on=on)
    )


COMMENTS = CommentArea(
    area="video",
    comments=services.COMMENTS,
    get_parent=_get_video,
    may_view_parent=permissions.can_view_video,
    detail_context=_detail_context,
    template="community/video_detail.html",
    partial="video-comments",
)
video_comment_create, video_comment_update, video_comment_delete = COMMENTS.views()


@login_required
@require_POST
def video_comment_like(request, pk: int):
    comment = get_object_or_404(VideoComment.objects.select_related("video"), pk=pk)
    if comment.is_hidden or not permissions.can_view_video(request.user, comment.video):
        raise Http404
    return toggle_view(
        request,
        comment,
        lambda on: services.video_comment_like(comment=comment, user=request.user, on=on),
    )
