"""Chats: one-to-one and group conversations with live messages and reactions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The fixed reaction set (Telegram-like); stored as the emoji itself.
REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🔥"]


class ChatQuerySet(models.QuerySet):
    def for_user(self, user):
        """Chats the user takes part in (nothing for anonymous visitors)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(members__user=user)


class Chat(models.Model):
    """A conversation of two or more members; a title for groups."""

    title = models.CharField(_("title"), max_length=120, blank=True)
    is_group = models.BooleanField(_("group chat"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # "<small id>:<big id>" for a one-to-one chat: unique, so the same pair reuses one chat
    # even when both start it at the same moment.
    direct_key = models.CharField(max_length=50, null=True, blank=True, unique=True, editable=False)
    created = models.DateTimeField(_("created"), default=timezone.now)
    last_message = models.ForeignKey(
        "Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last message"),
    )
    last_activity = models.DateTimeField(_("last activity"), default=timezone.now, db_index=True)
    # The chat's change number: +1 on every new message, edit, deletion, hiding and
    # reaction. A client that reconnects (or polls) asks for what changed after the last
    # number it saw, so nothing is lost on a flaky connection.
    seq = models.PositiveBigIntegerField(_("change number"), default=0, editable=False)

    objects = ChatQuerySet.as_manager()

    class Meta:
        verbose_name = _("chat")
        verbose_name_plural = _("chats")
        ordering = ["-last_activity", "-id"]

    def __str__(self) -> str:
        return self.title or _("Chat #%(id)s") % {"id": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("community:chat_detail", args=[self.pk])

    @staticmethod
    def direct_key_for(a_id: int, b_id: int) -> str:
        low, high = sorted((a_id, b_id))
        return f"{low}:{high}"


class ChatMember(models.Model):
    """A participant: their archive flag and the last message they read."""

    chat = models.ForeignKey(
        Chat, on_delete=models.CASCADE, related_name="members", verbose_name=_("chat")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="chat_memberships",
        verbose_name=_("user"),
    )
    archived = models.BooleanField(_("archived"), default=False)
    last_read_id = models.PositiveBigIntegerField(_("last read message"), default=0)
    joined = models.DateTimeField(_("joined"), default=timezone.now)
    # A copy of `chat.last_activity` (kept by the message and member services): my chat
    # list, newest activity first, is then one range of `chat_member_list_idx` in its
    # order, not a join on every chat of mine and a sort. Partial indexes, as the board's:
    # `filter(archived=False)` is written `NOT "archived"`, which no `(archived, …)` column
    # of an index serves on SQLite or PostgreSQL.
    chat_activity = models.DateTimeField(_("chat activity"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("chat member")
        verbose_name_plural = _("chat members")
        constraints = [
            models.UniqueConstraint(fields=["chat", "user"], name="chat_member_unique"),
        ]
        indexes = [
            models.Index(
                fields=["user", "-chat_activity", "-chat"],
                condition=models.Q(archived=False),
                name="chat_member_list_idx",
            ),
            models.Index(
                fields=["user", "-chat_activity", "-chat"],
                condition=models.Q(archived=True),
                name="chat_member_archive_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.chat_id}"


class Message(models.Model):
    """Plain text; deleting keeps the row (shown as deleted) so the history stays in order."""

    chat = models.ForeignKey(
        Chat, on_delete=models.CASCADE, related_name="messages", verbose_name=_("chat")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="chat_messages",
        verbose_name=_("sender"),
    )
    text = models.TextField(_("text"), max_length=4000)
    created = models.DateTimeField(_("created"), default=timezone.now)
    edited = models.BooleanField(_("edited"), default=False)
    deleted = models.BooleanField(_("deleted"), default=False)
    hidden = models.BooleanField(
        _("hidden by moderators"), default=False, help_text=_("Hidden as abuse by staff.")
    )
    # The form's one-time token: a double Enter (or a retried request) sends it twice, and
    # the unique constraint turns the second into the first.
    client_token = models.UUIDField(null=True, blank=True, editable=False)
    # The chat's change number at this message's latest change (see Chat.seq).
    seq = models.PositiveBigIntegerField(_("change number"), default=0, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "client_token"],
                condition=Q(client_token__isnull=False),
                name="chat_message_once",
            ),
        ]
        indexes = [
            models.Index(fields=["chat", "id"], name="chat_message_idx"),
            models.Index(fields=["chat", "seq"], name="chat_message_seq_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return reverse("community:chat_detail", args=[self.chat_id]) + f"#message-{self.pk}"

    @property
    def is_removed(self) -> bool:
        return self.deleted or self.hidden

    @property
    def is_hidden(self) -> bool:
        """The name the moderation code asks every reportable content for."""
        return self.hidden


class Reaction(models.Model):
    """One of the fixed emoji, once per kind per user per message."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="reactions", verbose_name=_("message")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="chat_reactions",
        verbose_name=_("user"),
    )
    emoji = models.CharField(
        _("reaction"), max_length=8, choices=[(emoji, emoji) for emoji in REACTIONS]
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["message", "user", "emoji"], name="chat_reaction_once"),
        ]

    def __str__(self) -> str:
        return f"{self.emoji} {self.user}"
