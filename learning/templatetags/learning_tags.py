"""Template helpers of the learning pages: the fields drawn once per row (the outline's
position boxes, the private discussions' comment boxes) are rendered once a page and
filled in per row (site_config.forms.render_once)."""

from django import template

from site_config.forms import ROW, crispy_fields, put_in, render_once

register = template.Library()


@register.simple_tag
def lesson_position_field(lesson, position: int, count: int):
    """The outline's "move to position" box for one lesson (`#pos-<pk>`, 1…count)."""
    from learning.forms import LessonMoveForm

    html = render_once(
        "lesson-position-field",
        lambda: crispy_fields(
            LessonMoveForm(row_id=ROW, count=ROW, initial={"position": ROW}), "position"
        ),
    )
    return put_in(
        html,
        (f"pos-{ROW}", f"pos-{lesson.pk}"),
        (f'max="{ROW}"', f'max="{int(count)}"'),
        (f'value="{ROW}"', f'value="{int(position)}"'),
    )


@register.simple_tag
def comment_text_field(form):
    """A discussion's comment box (`#comment-text-<section>`, see learning.forms)."""
    from learning.forms import CommentForm, comment_section

    target = getattr(form, "target", None)
    if getattr(form, "is_bound", False) or target is None:
        return crispy_fields(form, "text")
    html = render_once(
        "comment-text-field",
        lambda: crispy_fields(CommentForm(auto_id=f"comment-%s-{ROW}"), "text"),
    )
    return put_in(html, (f"comment-text-{ROW}", f"comment-text-{comment_section(target)}"))
