"""Forums: the forum index, a forum's threads, a thread's posts, replying, likes,
bookmarks, subscriptions and the moderators' tools."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from community import permissions
from community.forms import MoveThreadForm, PostEditForm, ReplyForm, ThreadForm
from community.models import Forum, ForumPost, Thread
from community.selectors import forums as selectors
from community.services import forums as services
from community.toggles import toggle_for
from community.views.common import toggle_view
from site_config.cache import cache_anonymous_page
from site_config.htmx import push_url, template_for, vary_on_htmx, wants_partial
from site_config.http import safe_next
from site_config.pagination import paginate, parse_int

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 20


def _get_thread(request, forum_id: int, pk: int) -> Thread:
    try:
        return selectors.thread_for_viewer(viewer=request.user, forum_id=forum_id, pk=pk)
    except Thread.DoesNotExist:
        raise Http404 from None


def _get_post(request, pk: int) -> ForumPost:
    try:
        return selectors.post_for_viewer(viewer=request.user, pk=pk)
    except ForumPost.DoesNotExist:
        raise Http404 from None


def _mark_unread(threads, viewer) -> None:
    for thread in threads:
        thread.is_new = viewer.is_authenticated and thread.read_up_to is None
        thread.is_unread = (
            viewer.is_authenticated
            and thread.read_up_to is not None
            and (thread.last_post_id or 0) > thread.read_up_to
        )


@require_safe
@cache_anonymous_page(namespaces=("community", "people"))
def forum_list(request):
    return render(request, "community/forum_list.html", {"forums": selectors.forum_list()})


@require_safe
@cache_anonymous_page(namespaces=("community", "people"))
def forum_detail(request, pk: int):
    forum = get_object_or_404(Forum, pk=pk)
    threads = selectors.forum_threads(forum=forum, viewer=request.user)
    page_obj = paginate(request, threads, THREADS_PER_PAGE)
    _mark_unread(page_obj.object_list, request.user)
    context = {"forum": forum, "page_obj": page_obj, "threads": page_obj.object_list}
    template = template_for(request, "community/forum_detail.html", "thread-list")
    return vary_on_htmx(render(request, template, context))


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request, pk: int):
    forum = get_object_or_404(Forum, pk=pk)
    form = ThreadForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(forum=forum, author=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your thread is open. You will be told about replies."))
            return redirect(thread)
    return render(request, "community/thread_form.html", {"form": form, "forum": forum})


def _toggles(thread: Thread) -> dict:
    return {kind: toggle_for(thread, kind) for kind in ("like", "bookmark", "subscribe")}


def _thread_context(
    request, thread: Thread, *, form: ReplyForm | None = None, page: int | str | None = None
) -> dict:
    posts = selectors.thread_posts(thread=thread, viewer=request.user)
    page_obj = paginate(request, posts, POSTS_PER_PAGE)
    if page == "last" and page_obj.number != page_obj.paginator.num_pages:
        page_obj = page_obj.paginator.page(page_obj.paginator.num_pages)
    may_reply = permissions.can_reply_thread(request.user, thread)
    if form is None and may_reply:
        quote = parse_int(request.GET.get("quote"))
        form = ReplyForm(initial={"quote": quote} if quote else None)
    quoting = None
    quote_id = parse_int(form["quote"].value()) if form is not None else None
    if quote_id:
        quoting = (
            selectors.thread_posts(thread=thread, viewer=request.user).filter(pk=quote_id).first()
        )
    return {
        "forum": thread.forum,
        "thread": thread,
        "page_obj": page_obj,
        "posts": page_obj.object_list,
        "may_reply": may_reply,
        "may_moderate": permissions.can_moderate(request.user),
        "form": form,
        "quoting": quoting,
        "toggles": _toggles(thread),
        "first_unread_id": selectors.first_unread_post_id(
            thread=thread, viewer=request.user, read_up_to=getattr(thread, "read_up_to", None)
        ),
        "move_form": MoveThreadForm(initial={"forum": thread.forum_id})
        if permissions.can_moderate(request.user)
        else None,
    }


@require_safe
@cache_anonymous_page(namespaces=("community", "people"))
def thread_detail(request, forum_id: int, pk: int):
    thread = _get_thread(request, forum_id, pk)
    if "page" not in request.GET and not wants_partial(request):
        # Jump to the first post I have not read yet (Discourse-style).
        unread = selectors.first_unread_post_id(
            thread=thread, viewer=request.user, read_up_to=getattr(thread, "read_up_to", None)
        )
        if unread:
            position = selectors.post_position(thread=thread, viewer=request.user, post_id=unread)
            page = position // POSTS_PER_PAGE + 1
            return redirect(f"{thread.get_absolute_url()}?page={page}#post-{unread}")
    context = _thread_context(request, thread)
    if request.method == "GET" and request.user.is_authenticated and context["posts"]:
        newest = max(post.pk for post in context["posts"])
        services.thread_mark_read(thread=thread, user=request.user, up_to_post_id=newest)
    # The quote links fetch just the reply form (with the quote); pages fetch the posts.
    partial = (
        "reply-form" if getattr(request.htmx, "target", "") == "reply-form" else "thread-posts"
    )
    template = template_for(request, "community/thread_detail.html", partial)
    return vary_on_htmx(render(request, template, context))


@login_required
@require_POST
def thread_reply(request, forum_id: int, pk: int):
    """Reply in a thread. HTMX gets the last page of posts and a fresh form; a plain POST
    is redirected to the new post. Locked threads answer 403."""
    thread = _get_thread(request, forum_id, pk)
    if not permissions.can_reply_thread(request.user, thread):
        raise PermissionDenied(
            _("This thread is locked: no new replies.")
            if thread.is_locked
            else _("You cannot reply in this thread.")
        )
    form = ReplyForm(request.POST)
    post = None
    if form.is_valid():
        quote = selectors.quotable_post(thread=thread, pk=form.cleaned_data.get("quote"))
        try:
            post = services.post_create(
                thread=thread, author=request.user, text=form.cleaned_data["text"], quote=quote
            )
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else "text", exc)
    if post is not None and not wants_partial(request):
        return redirect(post.get_absolute_url())
    if post is not None:
        context = _thread_context(request, thread, form=ReplyForm(), page="last")
        # What I just wrote is not "unread" for me.
        context.update(oob=True, new_post_id=post.pk, first_unread_id=None)
        response = render(request, "community/thread_detail.html#thread-reply-success", context)
        url = f"{thread.get_absolute_url()}?page={context['page_obj'].number}#post-{post.pk}"
        return push_url(response, url)
    context = _thread_context(request, thread, form=form)
    if wants_partial(request):
        return render(request, "community/thread_detail.html#reply-form", context, status=422)
    return render(request, "community/thread_detail.html", context, status=422)


@require_safe
def post_jump(request, pk: int):
    """A post's permanent address: the thread page it is on, scrolled to it."""
    post = _get_post(request, pk)
    position = selectors.post_position(thread=post.thread, viewer=request.user, post_id=post.pk)
    page = position // POSTS_PER_PAGE + 1
    return redirect(f"{post.thread.get_absolute_url()}?page={page}#post-{post.pk}")


def _post_context(request, post: ForumPost) -> dict:
    return {
        "post": post,
        "thread": post.thread,
        "may_reply": permissions.can_reply_thread(request.user, post.thread),
        "may_moderate": permissions.can_moderate(request.user),
    }


@login_required
@require_http_methods(["GET", "POST"])
def post_update(request, pk: int):
    post = _get_post(request, pk)
    if not permissions.can_edit_forum_post(request.user, post):
        raise PermissionDenied(_("Only the author can edit this post."))
    form = PostEditForm(
        request.POST if request.method == "POST" else None,
        initial={"text": post.text},
        auto_id=f"edit-post-{post.pk}-%s",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(post=post, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else "text", exc)
        else:
            if wants_partial(request):
                post = selectors.thread_posts(thread=post.thread, viewer=request.user).get(
                    pk=post.pk
                )
                return render(request, "community/_forum_post.html", _post_context(request, post))
            messages.success(request, _("The post has been saved."))
            return redirect(post.get_absolute_url())
    context = {**_post_context(request, post), "form": form, "editing": True}
    status = 422 if form.errors else 200
    if wants_partial(request):
        return render(request, "community/_forum_post.html", context, status=status)
    return render(request, "community/post_form.html", context, status=status)


@login_required
@require_POST
def post_like(request, pk: int):
    post = _get_post(request, pk)
    return toggle_view(
        request, post, lambda on: services.post_like(post=post, user=request.user, on=on)
    )


@login_required
@require_POST
def post_hide(request, pk: int):
    post = _get_post(request, pk)
    hidden = request.POST.get("hidden", "1") == "1"
    services.post_set_hidden(post=post, by=request.user, hidden=hidden)
    messages.success(request, _("The post is hidden.") if hidden else _("The post is shown again."))
    return redirect(safe_next(request, post.get_absolute_url()))


def _thread_by_pk(request, pk: int) -> Thread:
    thread = get_object_or_404(Thread.objects.select_related("forum"), pk=pk)
    if not permissions.can_view_thread(request.user, thread):
        raise Http404
    return thread


def _thread_toggle(request, pk: int, kind: str, service):
    thread = _thread_by_pk(request, pk)
    return toggle_view(
        request, thread, lambda on: service(thread=thread, user=request.user, on=on), kind
    )


@login_required
@require_POST
def thread_like(request, pk: int):
    return _thread_toggle(request, pk, "like", services.thread_like)


@login_required
@require_POST
def thread_bookmark(request, pk: int):
    return _thread_toggle(request, pk, "bookmark", services.thread_bookmark)


@login_required
@require_POST
def thread_subscribe(request, pk: int):
    return _thread_toggle(request, pk, "subscribe", services.thread_subscribe)


@login_required
@require_POST
def thread_moderate(request, pk: int):
    """Staff: pin, lock, hide or move a thread (the action is a POST field)."""
    thread = _thread_by_pk(request, pk)
    action = request.POST.get("action", "")
    forum = None
    if action == services.ModerationAction.MOVE:
        move_form = MoveThreadForm(request.POST)
        forum = move_form.cleaned_data["forum"] if move_form.is_valid() else None
    try:
        services.thread_moderate(thread=thread, by=request.user, action=action, forum=forum)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done."))
    return redirect(thread.get_absolute_url())


@login_required
@require_safe
def bookmark_list(request):
    page_obj = paginate(request, selectors.bookmarks(user=request.user), THREADS_PER_PAGE)
    return render(
        request,
        "community/bookmark_list.html",
        {"page_obj": page_obj, "bookmarks": page_obj.object_list},
    )
