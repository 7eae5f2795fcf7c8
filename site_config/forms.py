"""What every form on the site shares: crispy helpers (the look lives in templates/tailwind/)."""

from __future__ import annotations

from collections.abc import Callable

from crispy_forms.helper import FormHelper
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.conf import settings
from django.forms import BoundField
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


def hidden_labels() -> FormHelper:
    """For a form whose design shows no labels (a comment box, the chat composer, an inline
    grade): `templates/tailwind/field.html` keeps each label, visually hidden, for screen
    readers. Set it as the form's `helper`; `|as_crispy_field` reads it."""
    helper = FormHelper()
    helper.form_tag = False
    helper.hide_labels = True
    return helper


def content_labels() -> FormHelper:
    """For a form whose labels are its content (a quiz: each field is labelled by its
    question): `templates/tailwind/field.html` draws them as body text with their line
    breaks, not as small captions. Set it as the form's `helper`."""
    helper = FormHelper()
    helper.form_tag = False
    helper.content_labels = True
    return helper


class OwnIdBoundField(BoundField):
    """A field with the exact id its form names in `field_ids` ({"text": "edit-7"}): for
    ids that scripts and tests target and that do not follow `auto_id`'s `<prefix><name>`
    pattern. The label, the error (`<id>_error`) and help ids follow it, so a form rendered
    once per row (a chat message, a table row) has unique ids everywhere. Set it as the
    form's `bound_field_class`."""

    @property
    def auto_id(self) -> str:
        own = getattr(self.form, "field_ids", {}).get(self.name)
        return own or super().auto_id


_RENDERED: dict[tuple[str, str | None], str] = {}


def render_once(key: str, render: Callable[[], str]) -> str:
    """The HTML of an unbound form rendered once per process and language, for forms drawn
    on every row of a page (a chat message's editor, the report menu): crispy costs about
    a millisecond a field, so the caller renders it with placeholders (`ROW`) in its ids
    and values and puts each row's own in with `str.replace` (escape what you put in).
    Bound forms (errors to show) are rendered normally. Not kept under DEBUG, so template
    edits show at once."""
    if settings.DEBUG:
        return render()
    cache_key = (key, get_language())
    html = _RENDERED.get(cache_key)
    if html is None:
        html = _RENDERED[cache_key] = render()
    return html


ROW = "__ROW__"  # the placeholder render_once callers put in ids and values


def crispy_fields(form, *names: str) -> SafeString:
    """`{{ form.<name>|as_crispy_field }}` for each name, from Python (template tags)."""
    # crispy's field templates escape what they render: the join is as safe as its parts.
    return mark_safe("".join(as_crispy_field(form[name]) for name in names))  # noqa: S308


def put_in(html: str, *replacements: tuple[str, object]) -> SafeString:
    """render_once's HTML with one row's values put in, `(placeholder text, value)` pairs
    replaced in order (`(f"pos-{ROW}", f"pos-{pk}")`): values must be escaped already."""
    for placeholder, value in replacements:
        html = html.replace(placeholder, str(value))
    return mark_safe(html)  # noqa: S308
