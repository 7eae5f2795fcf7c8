"""Blogs: the list, the popular ranking, a post with comments, writing and editing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.selectors import search_query
from community import permissions
from community.forms import BlogPostForm, CommentForm
from community.models import BlogComment, BlogPost, Tag
from community.selectors import blogs as selectors
from community.services import blogs as services
from community.services.common import visitor_key
from community.toggles import toggle_for
from community.views.common import toggle_response, wanted_state
from site_config.htmx import template_for, trigger_client_event, vary_on_htmx, wants_partial
from site_config.pagination import paginate

POSTS_PER_PAGE = 10
COMMENTS_PER_PAGE = 50


def _get_post(request, pk: int) -> BlogPost:
    try:
        return selectors.blog_post_for_viewer(viewer=request.user, pk=pk)
    except BlogPost.DoesNotExist:
        raise Http404 from None


@require_safe
def blog_list(request):
    query = search_query(request.GET.get("q", ""))
    tag = None
    if request.GET.get("tag"):
        tag = Tag.objects.filter(slug=request.GET["tag"]).first()
        if tag is None:
            raise Http404
    mine = request.GET.get("mine") == "1" and request.user.is_authenticated
    posts = selectors.blog_list(viewer=request.user, query=query, tag=tag, mine=mine)
    page_obj = paginate(request, posts, POSTS_PER_PAGE)
    context = {
        "page_obj": page_obj,
        "posts": page_obj.object_list,
        "query": query,
        "tag": tag,
        "mine": mine,
        "tags": selectors.tags_popular(),
        "tab": "mine" if mine else "new",
    }
    template = template_for(request, "community/blog_list.html", "blog-results")
    return vary_on_htmx(render(request, template, context))


@require_safe
def blog_popular(request):
    page_obj = paginate(request, selectors.blog_popular(), POSTS_PER_PAGE)
    context = {
        "page_obj": page_obj,
        "posts": page_obj.object_list,
        "tags": selectors.tags_popular(),
        "tab": "popular",
        "popular_days": selectors.POPULAR_DAYS,
    }
    template = template_for(request, "community/blog_list.html", "blog-results")
    return vary_on_htmx(render(request, template, context))


def _detail_context(
    request, post: BlogPost, form: CommentForm | None = None, last_page: bool = False
) -> dict:
    comments = selectors.blog_comments(post=post, viewer=request.user)
    page_obj = paginate(request, comments, COMMENTS_PER_PAGE)
    if last_page and page_obj.number != page_obj.paginator.num_pages:
        page_obj = page_obj.paginator.page(page_obj.paginator.num_pages)
    may_comment = permissions.can_comment_blog_post(request.user, post)
    return {
        "post": post,
        "may_edit": permissions.can_edit_blog_post(request.user, post),
        "may_comment": may_comment,
        "comments": page_obj.object_list,
        "page_obj": page_obj,
        "form": form if form is not None else (CommentForm() if may_comment else None),
        "like": toggle_for(post),
    }


@require_safe
def blog_detail(request, pk: int):
    post = _get_post(request, pk)
    if not wants_partial(request):
        services.blog_post_register_view(post=post, visitor=visitor_key(request))
    template = template_for(request, "community/blog_detail.html", "blog-comments")
    return vary_on_htmx(render(request, template, _detail_context(request, post)))


@login_required
@require_http_methods(["GET", "POST"])
def blog_create(request):
    form = BlogPostForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.blog_post_create(author=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if post.is_published:
                messages.success(request, _("Your post is published."))
            else:
                messages.success(request, _("Draft saved: only you can see it."))
            return redirect(post)
    return render(request, "community/blog_form.html", {"form": form, "post": None})


@login_required
@require_http_methods(["GET", "POST"])
def blog_update(request, pk: int):
    post = _get_post(request, pk)
    if not permissions.can_edit_blog_post(request.user, post):
        raise PermissionDenied(_("Only the author can edit this post."))
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = BlogPostForm.for_post(post, data=data, files=files)
    if request.method == "POST" and form.is_valid():
        cleaned = {"remove_cover": False, **form.cleaned_data}
        try:
            services.blog_post_update(post=post, by=request.user, **cleaned)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The post has been saved."))
            return redirect(post)
    return render(request, "community/blog_form.html", {"form": form, "post": post})


@login_required
@require_POST
def blog_delete(request, pk: int):
    post = _get_post(request, pk)
    services.blog_post_delete(post=post, by=request.user)
    messages.success(request, _("The post has been deleted."))
    return redirect("community:blog_list")


@login_required
@require_POST
def blog_like(request, pk: int):
    post = _get_post(request, pk)
    liked = services.blog_post_like(post=post, user=request.user, on=wanted_state(request))
    toggle = toggle_for(post, active=liked)
    return toggle_response(request, toggle=toggle, fallback=post.get_absolute_url())


@login_required
@require_POST
def blog_comment_create(request, pk: int):
    post = _get_post(request, pk)
    form = CommentForm(request.POST)
    comment = None
    if form.is_valid():
        try:
            comment = services.blog_comment_create(
                post=post, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else "text", exc)
    if wants_partial(request):
        if comment is not None:
            # The newest comment is on the last page: show that page with a fresh form.
            context = _detail_context(request, post, form=CommentForm(), last_page=True)
            response = render(request, "community/blog_detail.html#blog-comments", context)
            return trigger_client_event(response, "commentAdded", {"id": comment.pk})
        context = _detail_context(request, post, form=form)
        return render(request, "community/blog_detail.html#blog-comments", context, status=422)
    if comment is not None:
        return redirect(comment.get_absolute_url())
    return render(
        request, "community/blog_detail.html", _detail_context(request, post, form=form), status=422
    )


def _get_comment(request, pk: int) -> BlogComment:
    comment = get_object_or_404(BlogComment.objects.select_related("post", "author"), pk=pk)
    if not permissions.can_view_blog_post(request.user, comment.post):
        raise Http404
    if not permissions.can_edit_blog_comment(request.user, comment):
        raise PermissionDenied(_("Only the author can change this comment."))
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def blog_comment_update(request, pk: int):
    comment = _get_comment(request, pk)
    form = CommentForm(
        request.POST if request.method == "POST" else None, initial={"text": comment.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.blog_comment_update(
                comment=comment, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            form.add_error("text", exc)
        else:
            if wants_partial(request):
                return render(request, "community/_comment.html", _comment_context(comment))
            messages.success(request, _("The comment has been saved."))
            return redirect(comment.get_absolute_url())
    context = {**_comment_context(comment), "form": form, "editing": True}
    status = 422 if form.errors else 200
    if wants_partial(request):
        return render(request, "community/_comment.html", context, status=status)
    return render(request, "community/comment_form.html", context, status=status)


def _comment_context(comment: BlogComment) -> dict:
    return {
        "comment": comment,
        "may_edit": True,
        "edit_url": reverse("community:blog_comment_update", args=[comment.pk]),
        "delete_url": reverse("community:blog_comment_delete", args=[comment.pk]),
        "area": "blog",
        "back_url": comment.post.get_absolute_url(),
    }


@login_required
@require_POST
def blog_comment_delete(request, pk: int):
    comment = _get_comment(request, pk)
    post = comment.post
    services.blog_comment_delete(comment=comment, by=request.user)
    if wants_partial(request):
        return trigger_client_event(HttpResponse(""), "commentDeleted", {"post": post.pk})
    messages.success(request, _("The comment has been deleted."))
    return redirect(f"{post.get_absolute_url()}#comments")
