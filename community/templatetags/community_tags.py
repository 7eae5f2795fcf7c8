"""Template helpers of the community pages."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from community.services.forums import mention_handle as _mention_handle
from community.toggles import toggle_for as _toggle_for
from site_config.forms import ROW, render_once

register = template.Library()


@register.simple_tag
def toggle_for(obj, kind="like"):
    """`{% toggle_for post "like" as t %}{% include "community/_toggle.html" with toggle=t %}`"""
    return _toggle_for(obj, kind)


@register.filter
def mention_handle(user) -> str:
    return _mention_handle(user)


def _crispy(form, *names) -> str:
    # crispy's field templates escape what they render: the join is as safe as its parts.
    return mark_safe("".join(as_crispy_field(form[name]) for name in names))  # noqa: S308


@register.simple_tag
def report_fields(kind: str, target, form=None):
    """The report menu's fields: the bound form after a failed POST, else the unbound one,
    rendered once for every target on the page (site_config.forms.render_once)."""
    from community.forms import ReportForm

    if getattr(form, "is_bound", False):
        return _crispy(form, "reason", "comment")
    html = render_once(
        "report-fields",
        lambda: _crispy(ReportForm(auto_id=f"report-{ROW}-%s"), "reason", "comment"),
    )
    # The kind is one of the URL's fixed names and the pk a number: nothing to escape.
    return mark_safe(html.replace(f"report-{ROW}-", f"report-{kind}-{target.pk}-"))  # noqa: S308


@register.simple_tag
def message_edit_field(message, form=None):
    """The sender's editor of a chat message (`#edit-<pk>`), rendered once for every
    message on the page and filled with each one's id and text."""
    from community.chat_forms import MessageEditForm

    if getattr(form, "is_bound", False):
        return _crispy(form, "text")
    html = render_once(
        "message-edit-field",
        lambda: _crispy(MessageEditForm(row_id=ROW, initial={"text": ROW}), "text"),
    )
    html = html.replace(f"edit-{ROW}", f"edit-{message.pk}")
    # The text goes in escaped, like the widget's own rendering of it.
    return mark_safe(html.replace(ROW, str(conditional_escape(message.text))))  # noqa: S308
