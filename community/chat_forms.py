"""Chat forms: start a chat, write a message, add members."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from community.services.chats import MAX_TEXT
from site_config.forms import OwnIdBoundField, hidden_labels


class MembersField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=User.objects.active(), **kwargs)


class ChatStartForm(forms.Form):
    members = MembersField(
        label=_("Members"),
        error_messages={"required": _("Choose at least one member to chat with.")},
    )
    title = forms.CharField(
        label=_("Group title"),
        max_length=120,
        required=False,
        help_text=_("For a chat with several members (optional)."),
    )


class MessageForm(forms.Form):
    helper = hidden_labels()

    # `#chat-text`: static/js/chat.js sends on Enter and reports typing from it.
    text = forms.CharField(
        label=_("Message"),
        max_length=MAX_TEXT,
        strip=True,
        error_messages={"required": _("Write a message first.")},
        widget=forms.Textarea(
            attrs={"id": "chat-text", "rows": 1, "placeholder": _("Write a message…")}
        ),
    )
    client_token = forms.UUIDField(required=False, widget=forms.HiddenInput)


class MessageEditForm(forms.Form):
    """The sender's editor under their message (`#edit-<pk>`, one per message: pass
    `message`; community_tags.message_edit_field renders it once for all rows)."""

    helper = hidden_labels()
    bound_field_class = OwnIdBoundField

    text = forms.CharField(
        label=_("Message"),
        max_length=MAX_TEXT,
        strip=True,
        error_messages={"required": _("Write a message first.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, message=None, row_id: str = "", **kwargs):
        if message is not None:
            kwargs.setdefault("initial", {"text": message.text})
            row_id = row_id or str(message.pk)
        super().__init__(*args, **kwargs)
        self.field_ids = {"text": f"edit-{row_id}"} if row_id else {}


class MembersAddForm(forms.Form):
    members = MembersField(
        label=_("Add members"),
        error_messages={"required": _("Choose someone to add.")},
    )
