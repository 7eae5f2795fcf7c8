"""Template helpers of the learning pages."""

from django import template

register = template.Library()


@register.simple_tag
def lesson_move_form(lesson, position: int, count: int):
    """The outline's "move to position" box for one lesson (`#pos-<pk>`, 1…count)."""
    from learning.forms import LessonMoveForm

    return LessonMoveForm(lesson=lesson, position=position, count=count)
