"""API views of chats: my chats with unread counts, messages paged, post, react, archive,
read marks and group members.

The same selectors (community.chat_selectors), forms (community.chat_forms), services
(community.services.chats) and predicates (community.permissions) as the HTML views.
A chat someone does not take part in is a 404, as on the site. The WebSocket stream stays
the site's; a client resumes with `GET …/messages/?after=<the last id it saw>`.
"""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.models import User
from community import chat_selectors as selectors
from community.api.serializers import (
    ChatDetailSerializer,
    ChatMessageSerializer,
    ChatReadSerializer,
    ChatSerializer,
    UnreadChatsSerializer,
)
from community.chat_forms import ChatStartForm, MembersAddForm, MessageForm
from community.models import Chat, ChatMember, Message
from community.models.chats import REACTIONS
from community.services import chats as services
from site_config.api import SelectorFilterSet, bind_form, errors, form_serializer, no_content
from site_config.api_views import SelectorListViewSet, int_or_404, list_schema

ChatStartRequest = form_serializer(ChatStartForm, name="ChatStartRequest")
MessageRequest = form_serializer(MessageForm, name="MessageRequest")
MessageEditRequest = form_serializer(
    MessageForm, name="MessageEditRequest", exclude=("client_token",)
)
MembersAddRequest = form_serializer(MembersAddForm, name="MembersAddRequest")
ReactRequest = inline_serializer(
    name="ReactRequest",
    fields={"emoji": serializers.ChoiceField(choices=[(e, e) for e in REACTIONS])},
)
ReadRequest = inline_serializer(
    name="ChatReadRequest",
    fields={
        "upto": serializers.IntegerField(
            required=False, help_text="Read up to this message id (default: the newest)."
        )
    },
)


def _chat(request, pk) -> Chat:
    return selectors.chat_for_member(user=request.user, pk=int_or_404(pk))


def _detail(request, chat: Chat, status: int = 200) -> Response:
    chat = _chat(request, chat.pk)
    return Response(ChatDetailSerializer(chat, context={"request": request}).data, status=status)


class ChatFilter(SelectorFilterSet):
    archived = django_filters.BooleanFilter(
        help_text="The archived chats instead of the active ones."
    )

    class Meta:
        model = ChatMember
        fields = []

    def select(self, data):
        return selectors.chat_memberships(
            user=self.request.user, archived=bool(data.get("archived"))
        )


@list_schema("My chats, newest activity first, with unread counts", ChatSerializer, 400, 401)
@extend_schema(tags=["chats"])
class ChatViewSet(SelectorListViewSet):
    queryset = ChatMember.objects.all()  # the rows come from ChatFilter's selector
    serializer_class = ChatSerializer
    filterset_class = ChatFilter
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="One of my chats with its members",
        responses={200: ChatDetailSerializer, **errors(401, 404)},
    )
    def retrieve(self, request, pk=None):
        return _detail(request, _chat(request, pk))

    @extend_schema(
        summary="Start a chat (a one-to-one chat with the same person is reused)",
        request=ChatStartRequest,
        responses={201: ChatDetailSerializer, **errors(400, 401)},
    )
    def create(self, request):
        form = bind_form(ChatStartForm, request)
        chat = services.chat_start(
            by=request.user,
            members=list(form.cleaned_data["members"]),
            title=form.cleaned_data["title"],
        )
        return _detail(request, chat, status=201)

    @extend_schema(
        summary="How many of my chats have unread messages",
        responses={200: UnreadChatsSerializer, **errors(401)},
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def unread(self, request):
        return Response({"unread_chats": selectors.unread_chat_count(user=request.user)})

    @extend_schema(
        methods=["POST"],
        summary="Archive the chat (hidden from my list until a new message arrives)",
        request=None,
        responses={200: ChatDetailSerializer, **errors(401, 404)},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Bring the chat back to my list",
        responses={200: ChatDetailSerializer, **errors(401, 404)},
    )
    @action(detail=True, methods=["post", "delete"], filterset_class=None)
    def archive(self, request, pk=None):
        chat = _chat(request, pk)
        services.chat_set_archived(chat=chat, user=request.user, archived=request.method == "POST")
        return _detail(request, chat)

    @extend_schema(
        summary="Mark the chat read up to a message",
        request=ReadRequest,
        responses={200: ChatReadSerializer, **errors(400, 401, 404)},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def read(self, request, pk=None):
        chat = _chat(request, pk)
        upto = request.data.get("upto") if isinstance(request.data, dict) else None
        if upto is not None:
            serializer = serializers.IntegerField(min_value=0)
            try:
                upto = serializer.run_validation(upto)
            except serializers.ValidationError as error:
                raise serializers.ValidationError({"upto": error.detail}) from None
        upto = services.chat_mark_read(chat=chat, user=request.user, upto=upto)
        return Response({"last_read_id": upto})


class MessageFilter(SelectorFilterSet):
    after = django_filters.NumberFilter(
        min_value=0,
        help_text="Only what came after this message id, oldest first (resume a stream).",
    )
    before = django_filters.NumberFilter(
        min_value=1, help_text="Only messages older than this id (scrolling back)."
    )

    class Meta:
        model = Message
        fields = []

    def select(self, data):
        chat = self.request.parser_context["view"].chat()
        after, before = data.get("after"), data.get("before")
        return selectors.messages_query(
            chat=chat,
            after=int(after) if after is not None else None,
            before=int(before) if before is not None else None,
        )


@list_schema(
    "The chat's messages, newest first (oldest first after `?after=`)",
    ChatMessageSerializer,
    400,
    401,
    404,
)
@extend_schema(tags=["chats"])
class ChatMessageViewSet(SelectorListViewSet):
    """/api/chats/{chat_pk}/messages/: the members read, write, react, delete their own."""

    queryset = Message.objects.all()
    serializer_class = ChatMessageSerializer
    filterset_class = MessageFilter
    permission_classes = [IsAuthenticated]

    def chat(self) -> Chat:
        if not hasattr(self, "_chat"):
            self._chat = _chat(self.request, self.kwargs["chat_pk"])
        return self._chat

    def list(self, request, chat_pk=None):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        selectors.decorate(page, user=request.user)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _message(self, pk) -> Message:
        return get_object_or_404(
            Message.objects.select_related("chat"), pk=int_or_404(pk), chat=self.chat()
        )

    def _fresh(self, message: Message, status: int = 200) -> Response:
        fresh = selectors.message_one(
            chat=self.chat(), user=self.request.user, message_id=message.pk
        )
        return Response(self.get_serializer(fresh).data, status=status)

    @extend_schema(
        summary="Write a message (the same `client_token` twice posts it once)",
        request=MessageRequest,
        responses={201: ChatMessageSerializer, **errors(400, 401, 404, 429)},
    )
    def create(self, request, chat_pk=None):
        form = bind_form(MessageForm, request)
        message = services.message_send(
            chat=self.chat(),
            sender=request.user,
            text=form.cleaned_data["text"],
            client_token=form.cleaned_data["client_token"],
        )
        return self._fresh(message, status=201)

    @extend_schema(
        summary="Edit my message (shown as edited; every open page gets it)",
        request=MessageEditRequest,
        responses={200: ChatMessageSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None, chat_pk=None):
        message = self._message(pk)
        form = bind_form(MessageForm, request)
        message = services.message_edit(
            message=message, by=request.user, text=form.cleaned_data["text"]
        )
        return self._fresh(message)

    @extend_schema(
        summary="Delete my message (it stays in the history as deleted)",
        responses={204: None, **errors(401, 403, 404)},
    )
    def destroy(self, request, pk=None, chat_pk=None):
        services.message_delete(message=self._message(pk), by=request.user)
        return no_content()

    @extend_schema(
        summary="Add my reaction to a message, or take it back (a toggle)",
        request=ReactRequest,
        responses={200: ChatMessageSerializer, **errors(400, 401, 404)},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def react(self, request, pk=None, chat_pk=None):
        message = self._message(pk)
        emoji = request.data.get("emoji", "") if isinstance(request.data, dict) else ""
        services.reaction_toggle(message=message, by=request.user, emoji=str(emoji))
        return self._fresh(message)


@extend_schema(tags=["chats"])
class ChatMemberViewSet(viewsets.GenericViewSet):
    """/api/chats/{chat_pk}/members/: a group's creator adds and removes; anyone leaves."""

    queryset = User.objects.all()
    serializer_class = ChatDetailSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Add members to a group chat (its creator)",
        request=MembersAddRequest,
        responses={200: ChatDetailSerializer, **errors(400, 401, 403, 404)},
    )
    def create(self, request, chat_pk=None):
        chat = _chat(request, chat_pk)
        form = bind_form(MembersAddForm, request)
        services.chat_member_add(
            chat=chat, by=request.user, users=list(form.cleaned_data["members"])
        )
        return _detail(request, chat)

    @extend_schema(
        summary="Remove a member from a group chat (its creator), or leave it (myself)",
        responses={204: None, **errors(400, 401, 403, 404)},
    )
    def destroy(self, request, pk=None, chat_pk=None):
        chat = _chat(request, chat_pk)
        user = get_object_or_404(User, pk=int_or_404(pk))
        services.chat_member_remove(chat=chat, by=request.user, user=user)
        return no_content()
