"""Template helpers of the community pages."""

from django import template
from django.utils.html import conditional_escape

from community.services.forums import mention_handle as _mention_handle
from community.toggles import toggle_for as _toggle_for
from site_config.forms import ROW, crispy_fields, put_in, render_once

register = template.Library()


@register.simple_tag
def toggle_for(obj, kind="like"):
    """`{% toggle_for post "like" as t %}{% include "community/_toggle.html" with toggle=t %}`"""
    return _toggle_for(obj, kind)


@register.filter
def mention_handle(user) -> str:
    return _mention_handle(user)


@register.simple_tag
def report_fields(kind: str, target, form=None):
    """The report menu's fields: the bound form after a failed POST, else the unbound one,
    rendered once for every target on the page (site_config.forms.render_once)."""
    from community.forms import ReportForm

    if getattr(form, "is_bound", False):
        return crispy_fields(form, "reason", "comment")
    html = render_once(
        "report-fields",
        lambda: crispy_fields(ReportForm(auto_id=f"report-{ROW}-%s"), "reason", "comment"),
    )
    # The kind is one of the URL's fixed names and the pk a number: nothing to escape.
    return put_in(html, (f"report-{ROW}-", f"report-{kind}-{target.pk}-"))


@register.simple_tag
def message_edit_field(message, form=None):
    """The sender's editor of a chat message (`#edit-<pk>`), rendered once for every
    message on the page and filled with each one's id and text."""
    from community.chat_forms import MessageEditForm

    if getattr(form, "is_bound", False):
        return crispy_fields(form, "text")
    html = render_once(
        "message-edit-field",
        lambda: crispy_fields(MessageEditForm(row_id=ROW, initial={"text": ROW}), "text"),
    )
    # The ids first, then the text, escaped as the widget would.
    return put_in(
        html, (f"edit-{ROW}", f"edit-{message.pk}"), (ROW, conditional_escape(message.text))
    )
