"""The logged-in catalog and "my courses" run a constant, small number of queries: the
viewer's progress in every card is one aggregated query, the teachers' filter is cached
under the courses' and the people's versions (and changes at once)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learning import services
from learning.tests.factories import (
    AssignmentFactory,
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    StudentFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db


def _catalog(n: int):
    student = StudentFactory()
    courses = [CourseFactory() for _ in range(n)]
    for course in courses[: max(n // 2, 1)]:
        lessons = [LessonFactory(course=course) for _ in range(3)]
        AssignmentFactory(lesson=lessons[0])
        EnrollmentFactory(course=course, student=student)
        services.lesson_mark_done(lesson=lessons[0], student=student)
    return student, courses


@pytest.mark.parametrize("n", [5, 50])
def test_the_catalog_and_my_courses_queries_do_not_grow(client, n, django_assert_max_num_queries):
    student, _courses = _catalog(n)
    client.force_login(student)
    client.get(reverse("learning:course_list"))  # the teachers' filter is cached
    # The session, the user, the viewer's drafts, the count, the page, the progress.
    with django_assert_max_num_queries(6):
        assert client.get(reverse("learning:course_list")).status_code == 200
    # The session, the user, the count, the page, the progress, the certificates.
    with django_assert_max_num_queries(6):
        assert client.get(reverse("learning:my_courses")).status_code == 200


def test_the_cards_show_my_progress_only_where_i_am_enrolled(client):
    student = StudentFactory()
    mine = CourseFactory(title="Мой курс")
    lessons = [LessonFactory(course=mine) for _ in range(4)]
    EnrollmentFactory(course=mine, student=student)
    services.lesson_mark_done(lesson=lessons[0], student=student)
    other = CourseFactory(title="Чужой курс")
    LessonFactory(course=other)
    client.force_login(student)
    cards = {c.pk: c for c in client.get(reverse("learning:course_list")).context["courses"]}
    assert (cards[mine.pk].my_progress.done, cards[mine.pk].my_progress.total) == (1, 4)
    assert cards[mine.pk].my_progress.percent == 25
    assert cards[other.pk].my_progress is None


def test_the_teachers_filter_follows_new_courses_and_renames(client):
    client.force_login(StudentFactory())
    teacher = TeacherFactory(first_name="Ольга", last_name="Первая")
    CourseFactory(teacher=teacher)
    assert "Ольга Первая" in client.get(reverse("learning:course_list")).content.decode()
    newcomer = TeacherFactory(first_name="Борис", last_name="Новый")
    CourseFactory(teacher=newcomer)
    assert "Борис Новый" in client.get(reverse("learning:course_list")).content.decode()
    teacher.last_name = "Вторая"
    teacher.save()
    html = client.get(reverse("learning:course_list")).content.decode()
    assert "Ольга Вторая" in html and "Ольга Первая" not in html


def test_the_new_course_button_is_for_teachers(client):
    client.force_login(StudentFactory())
    new_url = reverse("learning:course_create")
    assert new_url not in client.get(reverse("learning:course_list")).content.decode()
    client.force_login(TeacherFactory())
    assert new_url in client.get(reverse("learning:course_list")).content.decode()
