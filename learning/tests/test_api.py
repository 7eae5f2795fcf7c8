"""Learning over the API: catalog, enrolment, progress, quizzes (never leaking the answers
to students), submissions and grades, reviews, certificates."""

from __future__ import annotations

import json

import pytest

from learning.models import Attempt, Course, Enrollment, Submission
from learning.tests.factories import (
    AssignmentFactory,
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    QuizFactory,
    StudentFactory,
    TeacherFactory,
    multiple_question,
    single_question,
    text_question,
)
from tests.api import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    return CourseFactory(title="Python с нуля")


@pytest.fixture
def student(course):
    student = StudentFactory()
    EnrollmentFactory(course=course, student=student)
    return student


def test_catalog_and_course_crud(api, course):
    CourseFactory(is_published=False)
    assert api().get("/api/courses/").json()["count"] == 1
    assert api().get("/api/courses/?q=python").json()["results"][0]["id"] == course.pk
    assert_error(api().get("/api/courses/?level=guru"), 400, field="level")
    teacher = TeacherFactory()
    client = api(teacher)
    response = client.post(
        "/api/courses/", {"title": "SQL", "summary": "Запросы", "level": "beginner"}
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["is_published"] is False
    assert_error(api().get(f"/api/courses/{pk}/"), 404)  # unpublished: the teacher's only
    assert client.patch(f"/api/courses/{pk}/", {"is_published": True}).json()["title"] == "SQL"
    assert_error(api(StudentFactory()).post("/api/courses/", {"title": "x"}), 403)
    assert_error(api(TeacherFactory()).patch(f"/api/courses/{pk}/", {"title": "Чужой"}), 403)
    assert_error(api(TeacherFactory()).delete(f"/api/courses/{pk}/"), 403)
    assert_error(client.post("/api/courses/", {"title": ""}), 400, field="title")
    assert client.delete(f"/api/courses/{pk}/").status_code == 204
    assert Course.objects.count() == 2


def test_enroll_progress_and_my_courses(api, course):
    LessonFactory(course=course)
    student = StudentFactory()
    client = api(student)
    assert_error(client.get(f"/api/courses/{course.pk}/completion/"), 403)
    enrolled = client.post(f"/api/courses/{course.pk}/enroll/")
    assert enrolled.status_code == 200 and enrolled.json()["total"] == 1
    assert client.get(f"/api/courses/{course.pk}/completion/").json()["percent"] == 0
    mine = client.get(f"/api/users/{student.pk}/courses/").json()
    assert [e["course"]["id"] for e in mine["results"]] == [course.pk]
    assert client.get(f"/api/users/{student.pk}/completed-courses/").json()["count"] == 0
    assert_error(api(StudentFactory()).get(f"/api/users/{student.pk}/courses/"), 403)
    assert_error(api(TeacherFactory()).post(f"/api/courses/{course.pk}/enroll/"), 403)
    assert_error(api().post(f"/api/courses/{course.pk}/enroll/"), 401)
    assert client.delete(f"/api/courses/{course.pk}/enroll/").status_code == 204
    assert not Enrollment.objects.filter(student=student).exists()


def test_lessons_for_students_only(api, course, student):
    lesson = LessonFactory(course=course)
    assert api().get(f"/api/courses/{course.pk}/lessons/").json()["count"] == 1
    assert "секретное" in api(student).get(f"/api/lessons/{lesson.pk}/").json()["body"]
    assert_error(api(StudentFactory()).get(f"/api/lessons/{lesson.pk}/"), 403)
    assert_error(api().get(f"/api/lessons/{lesson.pk}/"), 401)


def test_a_student_never_receives_the_correct_answers(api, course, student):
    quiz = QuizFactory(course=course)
    single = single_question(quiz)
    multiple_question(quiz)
    text_question(quiz)
    body = api(student).get(f"/api/quizzes/{quiz.pk}/")
    assert body.status_code == 200
    raw = body.content.decode()
    assert "is_correct" not in raw and "accepted_answers" not in raw
    assert "Москва" not in raw  # the accepted text answer
    assert [c["text"] for c in body.json()["questions"][0]["choices"]] == ["ЧЕТЫРЕ_ВЕРНО", "ПЯТЬ"]
    # The teacher sees them.
    teacher_view = api(course.teacher).get(f"/api/quizzes/{quiz.pk}/").json()
    assert any(c["is_correct"] for c in teacher_view["questions"][0]["choices"])
    # Nor does the attempt's answer give them away: only right/wrong per question.
    right = single.choices.get(is_correct=True)
    attempt = api(student).post(
        f"/api/quizzes/{quiz.pk}/attempt/", {"answers": {str(single.pk): [right.pk]}}
    )
    assert attempt.status_code == 200, attempt.content
    result = attempt.json()
    assert result["score"] == 1 and result["max_score"] == 3 and result["passed"] is False
    assert result["results"][str(single.pk)] is True
    assert "is_correct" not in json.dumps(result) and "Москва" not in json.dumps(result)
    assert Attempt.objects.filter(student=student, finished_at__isnull=False).count() == 1


def test_quiz_refusals(api, course, student):
    quiz = QuizFactory(course=course)
    single_question(quiz)
    assert_error(api(StudentFactory()).get(f"/api/quizzes/{quiz.pk}/"), 403)
    assert_error(
        api(StudentFactory()).post(f"/api/quizzes/{quiz.pk}/attempt/", {"answers": {}}), 403
    )
    assert_error(api().get(f"/api/quizzes/{quiz.pk}/"), 401)
    assert_error(api(student).post(f"/api/quizzes/{quiz.pk}/attempt/", {"answers": "x"}), 400)
    hidden = QuizFactory(course=CourseFactory(is_published=False))
    assert_error(api(student).get(f"/api/quizzes/{hidden.pk}/"), 404)
    assert not Attempt.objects.exists()


def test_submit_and_grade(api, course, student):
    assignment = AssignmentFactory(lesson=LessonFactory(course=course))
    url = f"/api/assignments/{assignment.pk}/submissions/"
    assert_error(api(student).post(url, {"answer": ""}), 400)
    assert_error(api(StudentFactory()).post(url, {"answer": "Ответ"}), 403)
    response = api(student).post(url, {"answer": "Мой ответ"})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    grade_url = f"/api/submissions/{pk}/grade/"
    assert_error(api(student).post(grade_url, {"grade": 10}), 403)
    assert_error(api(StudentFactory()).get(f"/api/submissions/{pk}/"), 404)
    assert_error(api(course.teacher).post(grade_url, {"grade": 11}), 400, field="grade")
    graded = api(course.teacher).post(grade_url, {"grade": 9, "comment": "Хорошо"})
    assert graded.status_code == 200 and graded.json()["grade"] == 9
    assert Submission.objects.get(pk=pk).grade == 9


def test_reviews_and_certificates(api, course, student):
    url = f"/api/courses/{course.pk}/reviews/"
    assert_error(api(StudentFactory()).post(url, {"rating": 5}), 403)
    assert_error(api(student).post(url, {"rating": 9}), 400, field="rating")
    assert api(student).post(url, {"rating": 5, "text": "Отлично"}).status_code == 201
    assert api().get(url).json()["results"][0]["rating"] == 5
    assert api().get(f"/api/courses/{course.pk}/").json()["rating"] == 5.0
    assert api(student).get("/api/certificates/").json()["count"] == 0
    assert_error(api().get("/api/certificates/"), 401)


def test_catalog_query_count(api, django_assert_max_num_queries):
    for n in (5, 50):
        while Course.objects.count() < n:
            CourseFactory()
        with django_assert_max_num_queries(4):
            assert api().get("/api/courses/?page_size=100").json()["count"] == n
