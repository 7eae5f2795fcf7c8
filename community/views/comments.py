"""The plain-text comments under blog posts and videos: one `CommentArea` per kind of page
gives the create / edit / delete views, so both pages behave (and answer HTMX) alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from community.forms import CommentForm
from community.services.common import Comments
from site_config.htmx import trigger_client_event, wants_partial


@dataclass(frozen=True)
class CommentArea:
    area: str  # "blog" | "video": how community/_comment.html builds its links
    comments: Comments  # the services
    get_parent: Callable  # (request, pk) -> the page's object, or Http404
    may_view_parent: Callable  # predicate (user, parent)
    detail_context: Callable  # (request, parent, form=None, newest=False) -> dict
    template: str  # the page, e.g. "community/blog_detail.html"
    partial: str  # its comments partial, e.g. "blog-comments"

    # ---- helpers

    def _comment(self, request, pk: int):
        """A comment on a page the user may see (else 404) that they may change (else 403)."""
        model, parent_field = self.comments.model, self.comments.parent_field
        comment = get_object_or_404(model.objects.select_related(parent_field, "author"), pk=pk)
        if not self.may_view_parent(request.user, getattr(comment, parent_field)):
            raise Http404
        if not self.comments.may_edit(request.user, comment):
            raise PermissionDenied(_("Only the author can change this comment."))
        return comment

    def _comments_partial(self, request, context: dict, status: int = 200):
        return render(request, f"{self.template}#{self.partial}", context, status=status)

    def _one(self, request, comment, **extra):
        context = {"comment": comment, "area": self.area, **extra}
        return context

    # ---- views

    def create(self, request, pk: int):
        parent = self.get_parent(request, pk)
        form = CommentForm(request.POST)
        comment = None
        if form.is_valid():
            try:
                comment = self.comments.create(
                    parent=parent, author=request.user, text=form.cleaned_data["text"]
                )
            except ValidationError as exc:
                form.add_error(None if hasattr(exc, "error_dict") else "text", exc)
        if wants_partial(request):
            if comment is not None:
                # The page of comments with the new one, and a fresh form.
                context = self.detail_context(request, parent, form=CommentForm(), newest=True)
                response = self._comments_partial(request, context)
                return trigger_client_event(response, "commentAdded", {"id": comment.pk})
            context = self.detail_context(request, parent, form=form)
            return self._comments_partial(request, context, status=422)
        if comment is not None:
            return redirect(comment.get_absolute_url())
        context = self.detail_context(request, parent, form=form)
        return render(request, self.template, context, status=422)

    def update(self, request, pk: int):
        comment = self._comment(request, pk)
        data = request.POST if request.method == "POST" else None
        form = CommentForm(
            data, initial={"text": comment.text}, auto_id=f"edit-comment-{comment.pk}-%s"
        )
        if request.method == "POST" and form.is_valid():
            try:
                self.comments.update(
                    comment=comment, by=request.user, text=form.cleaned_data["text"]
                )
            except ValidationError as exc:
                form.add_error("text", exc)
            else:
                if wants_partial(request):
                    return render(request, "community/_comment.html", self._one(request, comment))
                messages.success(request, _("The comment has been saved."))
                return redirect(comment.get_absolute_url())
        parent = getattr(comment, self.comments.parent_field)
        context = self._one(
            request, comment, form=form, editing=True, back_url=parent.get_absolute_url()
        )
        status = 422 if form.errors else 200
        if wants_partial(request):
            return render(request, "community/_comment.html", context, status=status)
        return render(request, "community/comment_form.html", context, status=status)

    def delete(self, request, pk: int):
        comment = self._comment(request, pk)
        parent_field = self.comments.parent_field
        parent = getattr(comment, parent_field)
        self.comments.delete(comment=comment, by=request.user)
        if wants_partial(request):
            # The comments list re-fetches itself (the counts and pages change).
            return trigger_client_event(
                HttpResponse(""), "commentDeleted", {parent_field: parent.pk}
            )
        messages.success(request, _("The comment has been deleted."))
        return redirect(f"{parent.get_absolute_url()}#comments")

    def views(self) -> tuple[Callable, Callable, Callable]:
        """The three function views (create, update, delete) for the URLconf."""

        def bind(method, decorator):
            @login_required
            @decorator
            @wraps(method)
            def view(request, pk: int):
                return method(request, pk)

            return view

        return (
            bind(self.create, require_POST),
            bind(self.update, require_http_methods(["GET", "POST"])),
            bind(self.delete, require_POST),
        )
