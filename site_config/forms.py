"""What every form on the site shares: crispy helpers (the look lives in templates/tailwind/)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper


def hidden_labels() -> FormHelper:
    """For a form whose design shows no labels (a comment box, the chat composer, an inline
    grade): `templates/tailwind/field.html` keeps each label, visually hidden, for screen
    readers. Set it as the form's `helper`; `|as_crispy_field` reads it."""
    helper = FormHelper()
    helper.form_tag = False
    helper.hide_labels = True
    return helper
