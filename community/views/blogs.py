"""Blogs: the list, the popular ranking, a post with comments, writing and editing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.selectors import search_query
from community import permissions
from community.forms import BlogPostForm, CommentForm
from community.models import BlogPost, Tag
from community.selectors import blogs as selectors
from community.services import blogs as services
from community.services.common import visitor_key
from community.toggles import toggle_for
from community.views.comments import CommentArea
from community.views.common import toggle_view
from site_config.cache import cache_anonymous_page
from site_config.htmx import template_for, vary_on_htmx, wants_partial
from site_config.pagination import paginate

POSTS_PER_PAGE = 10
COMMENTS_PER_PAGE = 50


def _get_post(request, pk: int) -> BlogPost:
    try:
        return selectors.blog_post_for_viewer(viewer=request.user, pk=pk)
    except BlogPost.DoesNotExist:
        raise Http404 from None


@require_safe
@cache_anonymous_page(namespaces=("community", "people"))
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
@cache_anonymous_page(namespaces=("community", "people"))
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
    request, post: BlogPost, form: CommentForm | None = None, newest: bool = False
) -> dict:
    """The post page; `newest`: the page of comments with the newest one (the last)."""
    comments = selectors.blog_comments(post=post, viewer=request.user)
    page_obj = paginate(request, comments, COMMENTS_PER_PAGE)
    if newest and page_obj.number != page_obj.paginator.num_pages:
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
        # A partial (comments paged, added, re-fetched after a delete) brings the counter.
        "oob": wants_partial(request),
    }


def _blog_post_seen(request, pk: int, *, cached: bool) -> dict:
    """For every request, its page cached or not: the post, its view counted (a HEAD, a
    link checker, or a partial is not a reader). A page from the cache was stored under the
    same data versions, so its post is still there: read only for a first view today."""
    post = SimpleLazyObject(lambda: _get_post(request, pk)) if cached else _get_post(request, pk)
    if request.method == "GET" and not wants_partial(request):
        services.blog_post_register_view(post=post, pk=pk, visitor=visitor_key(request))
    return {"post": post}


@require_safe
@cache_anonymous_page(namespaces=("community", "people"), every_request=_blog_post_seen)
def blog_detail(request, pk: int, post: BlogPost):
    context = _detail_context(request, post)
    template = template_for(request, "community/blog_detail.html", "blog-comments")
    return vary_on_htmx(render(request, template, context))


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
    return toggle_view(
        request, post, lambda on: services.blog_post_like(post=post, user=request.user, on=on)
    )


COMMENTS = CommentArea(
    area="blog",
    comments=services.COMMENTS,
    get_parent=_get_post,
    may_view_parent=permissions.can_view_blog_post,
    detail_context=_detail_context,
    template="community/blog_detail.html",
    partial="blog-comments",
)
blog_comment_create, blog_comment_update, blog_comment_delete = COMMENTS.views()
