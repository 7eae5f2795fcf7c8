"""Lookups shared by the learning views: an object the viewer may see, or a 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from learning.models import Assignment, Course, Lesson
from learning.permissions import can_view_course


def visible_course(request, pk: int) -> Course:
    """A course the viewer may see: unpublished ones exist only for their teacher and staff."""
    course = get_object_or_404(Course.objects.select_related("teacher"), pk=pk)
    if not can_view_course(request.user, course):
        raise Http404(_("No such course."))
    return course


def visible_lesson(request, course_pk: int, pk: int) -> Lesson:
    course = visible_course(request, course_pk)
    lesson = get_object_or_404(Lesson, pk=pk, course=course)
    lesson.course = course
    return lesson


def visible_assignment(request, course_pk: int, lesson_pk: int, pk: int) -> Assignment:
    lesson = visible_lesson(request, course_pk, lesson_pk)
    assignment = get_object_or_404(Assignment, pk=pk, lesson=lesson)
    assignment.lesson = lesson
    return assignment
