"""Chats: my list, starting one, the live chat page and its actions.

Every view answers a plain request with a page or a redirect and an HTMX request with a
partial; the WebSocket (community.consumers) pushes the same fragments, and the page polls
`chat_updates` for them while the socket is down.
"""

from __future__ import annotations

import uuid

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from community import chat_selectors as selectors
from community.chat_forms import ChatStartForm, MembersAddForm, MessageEditForm, MessageForm
from community.models import Message
from community.models.chats import REACTIONS
from community.permissions import can_manage_chat_members
from community.services import chats as services
from site_config.htmx import template_for, trigger_client_event, vary_on_htmx
from site_config.http import error_text, forbidden
from site_config.pagination import paginate, parse_int

LIST_PAGE = 20
POLL_SECONDS = 3  # the fallback's pace while the socket is down


@never_cache
@login_required
@require_safe
def chat_list(request):
    """My chats, newest activity first, with unread counts; archived ones on their own tab.

    The list is rendered from the fragment cache while my chat-list version stands (every
    change to one of my chats bumps it), so its rows are read only when it changed."""
    archived = request.GET.get("archived") == "1"
    user = request.user
    page_obj = paginate(request, selectors.chat_list_rows(user=user, archived=archived), LIST_PAGE)
    rows = page_obj.object_list

    def decorated():
        for member in rows:
            member.title = selectors.chat_title(member.chat, user)
            member.others = [m.user for m in member.chat.member_list if m.user_id != user.pk]
        return list(rows)

    def unread_chats():
        if not archived and page_obj.paginator.num_pages == 1:
            # Every chat of the tab is on this page, with its unread count: no second query.
            return sum(1 for member in rows if member.unread)
        return selectors.unread_chat_count(user=user)

    context = {
        "page_obj": page_obj,
        "rows": SimpleLazyObject(decorated),
        "archived": archived,
        "unread_chats": SimpleLazyObject(unread_chats),
        "chat_versions": ",".join(selectors.chat_list_versions(user)),
    }
    template_name = template_for(request, "community/chat_list.html", "chat-list")
    return vary_on_htmx(render(request, template_name, context))


def _selected_members(request, data) -> list[User]:
    ids = [parse_int(v) for v in data.getlist("members")]
    ids = [i for i in ids if i and i != request.user.pk][:50]
    return list(User.objects.active().filter(pk__in=ids).order_by("first_name", "id"))


@login_required
@require_http_methods(["GET", "POST"])
def chat_create(request):
    """Start a chat: find members by name, tick one or more, optionally title a group."""
    data = request.POST if request.method == "POST" else request.GET
    selected = _selected_members(request, data)
    form = ChatStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            chat = services.chat_start(
                by=request.user,
                members=list(form.cleaned_data["members"]),
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(chat)
    q = (data.get("q") or "").strip()[:100]
    found = selectors.member_search(q=q, exclude_ids={request.user.pk, *[u.pk for u in selected]})
    context = {"form": form, "q": q, "selected": selected, "found": found}
    template_name = template_for(request, "community/chat_create.html", "member-results")
    status = 422 if request.method == "POST" else 200
    return vary_on_htmx(render(request, template_name, context, status=status))


def _message_form(data=None) -> MessageForm:
    return MessageForm(data, initial={"client_token": uuid.uuid4()})


def _page_context(request, chat, *, form=None) -> dict:
    messages, has_more = selectors.messages_latest(chat=chat, user=request.user)
    return {
        "chat": chat,
        "chat_title": selectors.chat_title(chat, request.user),
        "chat_messages": messages,
        "has_more": has_more,
        "last_id": messages[-1].pk if messages else 0,
        "form": form or _message_form(),
        "reactions": REACTIONS,
        "may_manage": can_manage_chat_members(request.user, chat),
        "add_form": MembersAddForm(),
        "poll_seconds": POLL_SECONDS,
    }


@never_cache
@login_required
@require_safe
def chat_detail(request, pk: int):
    """The chat page; `?before=<id>` (HTMX) loads older history for the scroll-up."""
    chat = selectors.chat_for_member(user=request.user, pk=pk)
    before = parse_int(request.GET.get("before"))
    if before and request.htmx:
        older, has_more = selectors.messages_before(chat=chat, user=request.user, before=before)
        context = {
            "chat": chat,
            "chat_messages": older,
            "has_more": has_more,
            "reactions": REACTIONS,
        }
        return render(request, "community/chat_detail.html#chat-older", context)
    context = _page_context(request, chat)
    if before:
        # Without JavaScript the "Older messages" link is a page of the history before
        # `before`, with a way back to the newest.
        older, has_more = selectors.messages_before(chat=chat, user=request.user, before=before)
        context.update(chat_messages=older, has_more=has_more, showing_older=True)
        return render(request, "community/chat_detail.html", context)
    if request.method == "GET" and context["last_id"]:
        # Opening the chat reads what it shows (like opening a forum thread), so the
        # unread count clears without JavaScript too; the page's `chat-read` POST keeps
        # it current for messages that arrive while it is open.
        services.chat_mark_read(chat=chat, user=request.user, upto=context["last_id"])
    return render(request, "community/chat_detail.html", context)


@never_cache
@login_required
@require_safe
def chat_updates(request, pk: int):
    """What changed after `?after=<last id>` and `?since=<change number>`: new messages,
    and edits, deletions, hiding and reactions of earlier ones — the same fragment the
    socket pushes (the polling fallback)."""
    chat = selectors.chat_for_member(user=request.user, pk=pk)
    after = parse_int(request.GET.get("after")) or 0
    since = selectors.change_number(request.GET.get("since"))
    new, changed, seq = selectors.changes_since(
        chat=chat, user=request.user, after=after, since=since
    )
    context = {
        "chat": chat,
        "chat_messages": new,
        "changed_messages": changed,
        "seq": seq,
        "reactions": REACTIONS,
    }
    return render(request, "community/_chat_live.html", context)


@login_required
@require_POST
def chat_send(request, pk: int):
    chat = selectors.chat_for_member(user=request.user, pk=pk)
    form = _message_form(request.POST)
    if form.is_valid():
        try:
            services.message_send(
                chat=chat,
                sender=request.user,
                text=form.cleaned_data["text"],
                client_token=form.cleaned_data["client_token"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                return redirect(reverse("community:chat_detail", args=[chat.pk]) + "#chat-end")
            context = {"chat": chat, "form": _message_form()}
            response = render(request, "community/chat_detail.html#chat-form", context)
            return trigger_client_event(response, "chatSent")
    if not request.htmx:
        context = _page_context(request, chat, form=form)
        return render(request, "community/chat_detail.html", context, status=422)
    return render(
        request, "community/chat_detail.html#chat-form", {"chat": chat, "form": form}, status=422
    )


def _message_or_404(request, pk: int, message_id: int):
    chat = selectors.chat_for_member(user=request.user, pk=pk)
    return chat, get_object_or_404(Message.objects.select_related("chat"), pk=message_id, chat=chat)


def _after_message_action(request, chat, message):
    if request.htmx:
        fresh = selectors.message_one(chat=chat, user=request.user, message_id=message.pk)
        return render(
            request,
            "community/_chat_message.html",
            {"message": fresh, "chat": chat, "reactions": REACTIONS},
        )
    return redirect(reverse("community:chat_detail", args=[chat.pk]) + f"#message-{message.pk}")


@login_required
@require_POST
def message_delete(request, pk: int, message_id: int):
    chat, message = _message_or_404(request, pk, message_id)
    try:
        services.message_delete(message=message, by=request.user)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    return _after_message_action(request, chat, message)


@login_required
@require_POST
def message_edit(request, pk: int, message_id: int):
    """The sender corrects a message: HTMX swaps it in place, a plain form goes back."""
    chat, message = _message_or_404(request, pk, message_id)
    form = MessageEditForm(request.POST, message=message)
    # An invalid text goes on to the service anyway: it refuses a stranger first (403),
    # then says what is wrong with the text in the same words as the form.
    text = form.cleaned_data["text"] if form.is_valid() else form.data.get("text", "")
    try:
        services.message_edit(message=message, by=request.user, text=text)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except ValidationError as error:
        if request.htmx:
            response = _after_message_action(request, chat, message)
            response.status_code = 422
            return response
        flash.error(request, error_text(error))
    return _after_message_action(request, chat, message)


@login_required
@require_POST
def message_react(request, pk: int, message_id: int):
    chat, message = _message_or_404(request, pk, message_id)
    try:
        services.reaction_toggle(
            message=message, by=request.user, emoji=request.POST.get("emoji", "")
        )
    except ValidationError as error:
        if not request.htmx:
            flash.error(request, error_text(error))
    return _after_message_action(request, chat, message)


@login_required
@require_POST
def chat_read(request, pk: int):
    """Mark the chat read up to `upto` (the newest message the page shows)."""
    chat = selectors.chat_for_member(user=request.user, pk=pk)
    services.chat_mark_read(chat=chat, user=request.user, upto=parse_int(request.POST.get("upto")))
    if request.htmx:
        return HttpResponse(status=204)
    return redirect(chat)


@login_required
@require_POST
def chat_archive(request, pk: int):
    """Archive (hide from my list until a new message arrives) or bring back."""
    chat = selectors.chat_for_member(user=request.user, pk=pk)
    archived = request.POST.get("archived", "1") == "1"
    services.chat_set_archived(chat=chat, user=request.user, archived=archived)
    if archived:
        flash.success(request, _("The chat is archived. A new message brings it back."))
        return redirect("community:chat_list")
    flash.success(request, _("The chat is back in your list."))
    return redirect(chat)


@login_required
@require_POST
def chat_members_add(request, pk: int):
    chat = selectors.chat_for_member(user=request.user, pk=pk)
    form = MembersAddForm(request.POST)
    if form.is_valid():
        try:
            added = services.chat_member_add(
                chat=chat, by=request.user, users=list(form.cleaned_data["members"])
            )
        except PermissionDenied as error:
            return forbidden(request, str(error))
        except ValidationError as error:
            flash.error(request, error_text(error))
        else:
            flash.success(request, _("Members added: %(count)s.") % {"count": added})
    else:
        flash.error(request, error_text(ValidationError(form.errors["members"])))
    return redirect(chat)


@login_required
@require_POST
def chat_member_remove(request, pk: int, user_id: int):
    """The creator removes a member from a group, or a member leaves it."""
    chat = selectors.chat_for_member(user=request.user, pk=pk)
    user = get_object_or_404(User, pk=user_id)
    try:
        services.chat_member_remove(chat=chat, by=request.user, user=user)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except ValidationError as error:
        flash.error(request, error_text(error))
        return redirect(chat)
    if user.pk == request.user.pk:
        flash.success(request, _("You left the chat."))
        return redirect("community:chat_list")
    flash.success(request, _("%(name)s was removed from the chat.") % {"name": user})
    return redirect(chat)
