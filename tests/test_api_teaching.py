"""The teacher's side of learning over the API (lessons, materials, assignments, quizzes,
questions, grading, return for rework, certificates), learning comments and the public
certificate check, with every refusal: anonymous 401, a student 403, a stranger to an
unpublished course 404, bad input 400 with nothing saved."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from learning.models import (
    Assignment,
    Certificate,
    Choice,
    Comment,
    Lesson,
    Material,
    Question,
    Quiz,
    Submission,
)
from learning.tests.factories import (
    AssignmentFactory,
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    QuizFactory,
    StudentFactory,
    SubmissionFactory,
    single_question,
)
from tests.api import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    return CourseFactory(title="Python с нуля")


@pytest.fixture
def teacher(course):
    return course.teacher


@pytest.fixture
def student(course):
    student = StudentFactory()
    EnrollmentFactory(course=course, student=student)
    return student


@pytest.fixture
def lesson(course):
    return LessonFactory(course=course, title="Первый урок")


def test_lessons_by_the_teacher_only(api, course, teacher, student):
    url = f"/api/courses/{course.pk}/lessons/"
    assert_error(api().post(url, {"title": "Урок"}), 401)
    assert_error(api(student).post(url, {"title": "Урок"}), 403)
    assert_error(api(teacher).post(url, {"title": ""}), 400, field="title")
    assert not Lesson.objects.exists()
    created = api(teacher).post(url, {"title": "Урок 1", "body": "<p>Текст<script>x</script></p>"})
    assert created.status_code == 201, created.content
    lesson_id = created.json()["id"]
    assert "<script>" not in created.json()["body"]
    assert created.json()["materials"] == [] and created.json()["assignments"] == []
    second = api(teacher).post(url, {"title": "Урок 2"}).json()
    moved = api(teacher).post(f"/api/lessons/{second['id']}/move/", {"direction": "up"})
    assert moved.json()["order"] == 1
    assert_error(api(teacher).post(f"/api/lessons/{second['id']}/move/", {}), 400)
    assert_error(api(student).patch(f"/api/lessons/{lesson_id}/", {"title": "x"}), 403)
    patched = api(teacher).patch(f"/api/lessons/{lesson_id}/", {"title": "Урок первый"})
    assert patched.json()["title"] == "Урок первый"
    assert "Текст" in patched.json()["body"]  # PATCH keeps what it was not sent
    assert_error(api(student).delete(f"/api/lessons/{lesson_id}/"), 403)
    assert api(teacher).delete(f"/api/lessons/{lesson_id}/").status_code == 204
    assert list(course.lessons.values_list("title", flat=True)) == ["Урок 2"]


def test_an_unpublished_course_is_404_for_strangers(api, teacher):
    hidden = CourseFactory(teacher=teacher, is_published=False)
    lesson = LessonFactory(course=hidden)
    stranger = api(StudentFactory())
    assert_error(stranger.post(f"/api/courses/{hidden.pk}/lessons/", {"title": "x"}), 404)
    assert_error(stranger.patch(f"/api/lessons/{lesson.pk}/", {"title": "x"}), 404)
    assert_error(stranger.get(f"/api/courses/{hidden.pk}/quizzes/"), 404)
    assert_error(stranger.get("/api/lessons/abc/"), 404)
    assert api(teacher).get(f"/api/lessons/{lesson.pk}/").status_code == 200


def test_materials_link_or_file(api, lesson, teacher, student):
    url = f"/api/lessons/{lesson.pk}/materials/"
    assert_error(api(student).post(url, {"url": "https://example.com"}), 403)
    assert_error(api(teacher).post(url, {"title": "Ничего"}), 400)
    link = api(teacher).post(url, {"title": "Документация", "url": "docs.python.org"})
    assert link.status_code == 201, link.content
    assert link.json()["url"] == "https://docs.python.org"
    assert link.json()["has_file"] is False
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    file = api(teacher).post(url, {"title": "Конспект", "file": upload}, format="multipart")
    assert file.status_code == 201, file.content
    assert file.json()["has_file"] is True and file.json()["original_name"] == "notes.pdf"
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    bad = api(teacher).post(url, {"file": exe}, format="multipart")
    assert bad.status_code in (400, 413) and bad.json()["error"]["fields"]
    shown = api(student).get(f"/api/lessons/{lesson.pk}/").json()
    assert {m["title"] for m in shown["materials"]} == {"Документация", "Конспект"}
    material = link.json()["id"]
    assert_error(api(student).delete(f"/api/materials/{material}/"), 403)
    assert api(teacher).delete(f"/api/materials/{material}/").status_code == 204
    assert Material.objects.count() == 1


def test_assignments_crud(api, lesson, teacher, student):
    url = f"/api/lessons/{lesson.pk}/assignments/"
    body = {"title": "Задача", "description": "<p>Решите</p>", "max_grade": 10, "pass_grade": 6}
    assert_error(api(student).post(url, body), 403)
    assert_error(api(teacher).post(url, {**body, "pass_grade": 11}), 400, field="pass_grade")
    assert not Assignment.objects.exists()
    created = api(teacher).post(url, body)
    assert created.status_code == 201, created.content
    assignment = created.json()["id"]
    assert api(student).get(f"/api/assignments/{assignment}/").json()["title"] == "Задача"
    assert_error(api(StudentFactory()).get(f"/api/assignments/{assignment}/"), 403)
    patched = api(teacher).patch(f"/api/assignments/{assignment}/", {"max_grade": 20})
    assert patched.json()["max_grade"] == 20 and patched.json()["pass_grade"] == 6
    assert_error(api(student).patch(f"/api/assignments/{assignment}/", {"max_grade": 5}), 403)
    assert_error(api(student).delete(f"/api/assignments/{assignment}/"), 403)
    assert api(teacher).delete(f"/api/assignments/{assignment}/").status_code == 204
    assert not Assignment.objects.exists()


def test_grading_list_grade_and_return(api, lesson, teacher, student):
    assignment = AssignmentFactory(lesson=lesson, max_grade=10)
    submission = SubmissionFactory(assignment=assignment, student=student)
    url = f"/api/courses/{lesson.course_id}/submissions/"
    assert_error(api(student).get(url), 403)
    assert_error(api().get(url), 401)
    listed = api(teacher).get(url, {"status": "submitted"}).json()
    assert [row["id"] for row in listed["results"]] == [submission.pk]
    assert listed["results"][0]["student"]["id"] == student.pk
    assert_error(api(teacher).get(url, {"status": "nonsense"}), 400, field="status")
    returned_url = f"/api/submissions/{submission.pk}/return/"
    assert_error(api(student).post(returned_url, {"comment": "x"}), 403)
    assert_error(api(StudentFactory()).post(returned_url, {}), 404)
    returned = api(teacher).post(returned_url, {"comment": "Доработайте второй пункт"})
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == Submission.Status.RETURNED
    assert returned.json()["teacher_comment"] == "Доработайте второй пункт"
    assert_error(api(teacher).post(f"/api/submissions/{submission.pk}/grade/", {"grade": 11}), 400)
    graded = api(teacher).post(f"/api/submissions/{submission.pk}/grade/", {"grade": 9})
    assert graded.json()["grade"] == 9


def test_quizzes_and_questions_by_the_teacher(api, course, lesson, teacher, student):
    url = f"/api/courses/{course.pk}/quizzes/"
    assert_error(api(student).post(url, {"title": "Тест"}), 403)
    assert_error(api(teacher).post(url, {"title": "Тест", "pass_mark": 101}), 400)
    other_lesson = LessonFactory()
    assert_error(
        api(teacher).post(url, {"title": "Тест", "lesson": other_lesson.pk}), 400, field="lesson"
    )
    created = api(teacher).post(url, {"title": "Тест", "lesson": lesson.pk, "pass_mark": 50})
    assert created.status_code == 201, created.content
    quiz = created.json()["id"]
    assert api(student).get(url).json()["results"][0]["id"] == quiz
    q_url = f"/api/quizzes/{quiz}/questions/"
    single = {
        "text": "2+2?",
        "kind": "single",
        "choices": [{"text": "4", "is_correct": True}, {"text": "5"}],
    }
    assert_error(api(student).post(q_url, single), 403)
    two_right = {**single, "choices": [{"text": "4", "is_correct": True}] * 2}
    assert_error(api(teacher).post(q_url, two_right), 400, field="choices")
    assert_error(api(teacher).post(q_url, {**single, "choices": ["4", "5"]}), 400, field="choices")
    added = api(teacher).post(q_url, single)
    assert added.status_code == 201, added.content
    assert [c["is_correct"] for c in added.json()["choices"]] == [True, False]
    text = api(teacher).post(q_url, {"text": "Столица?", "kind": "text", "accepted": "Москва"})
    assert text.status_code == 201
    # The student takes the quiz without ever seeing which choice is right.
    seen = api(student).get(f"/api/quizzes/{quiz}/").json()
    for question in seen["questions"]:
        assert "accepted_answers" not in question
        assert all(set(choice) == {"id", "text"} for choice in question["choices"])
    patched = api(teacher).patch(f"/api/quizzes/{quiz}/", {"attempts_allowed": 2})
    assert patched.json()["attempts_allowed"] == 2 and patched.json()["pass_mark"] == 50
    assert patched.json()["lesson"] == lesson.pk
    question = added.json()["id"]
    assert_error(api(student).delete(f"/api/questions/{question}/"), 403)
    assert api(teacher).delete(f"/api/questions/{question}/").status_code == 204
    assert not Choice.objects.filter(question_id=question).exists()
    assert_error(api(student).delete(f"/api/quizzes/{quiz}/"), 403)
    assert api(teacher).delete(f"/api/quizzes/{quiz}/").status_code == 204
    assert not Quiz.objects.exists() and not Question.objects.exists()


def test_comments_on_lessons_assignments_submissions(api, lesson, teacher, student):
    assignment = AssignmentFactory(lesson=lesson)
    submission = SubmissionFactory(assignment=assignment, student=student)
    outsider = api(StudentFactory())
    for kind, target in (("lessons", lesson), ("assignments", assignment)):
        url = f"/api/{kind}/{target.pk}/comments/"
        assert_error(api().get(url), 401)
        assert_error(outsider.get(url), 403)
        assert_error(outsider.post(url, {"text": "x"}), 403)
        assert_error(api(student).post(url, {"text": ""}), 400, field="text")
        posted = api(student).post(url, {"text": "Вопрос"})
        assert posted.status_code == 201, posted.content
        assert api(teacher).get(url).json()["results"][0]["text"] == "Вопрос"
    url = f"/api/submissions/{submission.pk}/comments/"
    assert_error(outsider.get(url), 404)
    assert api(teacher).post(url, {"text": "Хорошо"}).status_code == 201
    comment = Comment.objects.get(submission=submission)
    assert_error(api(student).patch(f"/api/comments/{comment.pk}/", {"text": "x"}), 403)
    edited = api(teacher).patch(f"/api/comments/{comment.pk}/", {"text": "Отлично"})
    assert edited.json()["text"] == "Отлично" and edited.json()["edited"]
    assert_error(api(student).delete(f"/api/comments/{comment.pk}/"), 403)
    assert api(teacher).delete(f"/api/comments/{comment.pk}/").status_code == 204
    assert Comment.objects.count() == 2


def test_certificates_verify_issue_revoke(api, course, teacher, student):
    url = f"/api/courses/{course.pk}/certificates/"
    assert_error(api(student).post(url, {"student": student.pk}), 403)
    assert_error(api(teacher).post(url, {"student": StudentFactory().pk}), 400)
    assert_error(api(teacher).post(url, {"student": "x"}), 400, field="student")
    issued = api(teacher).post(url, {"student": student.pk})
    assert issued.status_code == 201, issued.content
    code = issued.json()["uuid"]
    public = api().get(f"/api/certificates/{code}/")
    assert public.status_code == 200
    assert public.json()["student"]["id"] == student.pk and public.json()["status"] == "issued"
    assert_error(api().get(f"/api/certificates/{uuid.uuid4()}/"), 404)
    assert_error(api().get("/api/certificates/not-a-uuid/"), 404)
    assert_error(api(student).post(f"/api/certificates/{code}/revoke/"), 403)
    revoked = api(teacher).post(f"/api/certificates/{code}/revoke/")
    assert revoked.json()["status"] == "revoked"
    assert api().get(f"/api/certificates/{code}/").json()["status"] == "revoked"
    assert Certificate.objects.get().revoked_at is not None


def test_teacher_lists_do_not_grow(api, course, lesson, teacher, django_assert_max_num_queries):
    quiz = QuizFactory(course=course)
    single_question(quiz)

    def make(n):
        for _ in range(n):
            student = StudentFactory()
            EnrollmentFactory(course=course, student=student)
            assignment = AssignmentFactory(lesson=lesson)
            SubmissionFactory(assignment=assignment, student=student)
            Comment.objects.create(author=student, lesson=lesson, text="Вопрос")
            QuizFactory(course=course)

    client = api(teacher)
    urls = [
        f"/api/courses/{course.pk}/submissions/?page_size=100",
        f"/api/lessons/{lesson.pk}/comments/?page_size=100",
        f"/api/courses/{course.pk}/quizzes/?page_size=100",
    ]
    make(5)
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(10) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    make(45)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert len(client.get(url).json()["results"]) >= 50


def test_questions_list_hides_the_answers_from_students(api, course, teacher, student):
    quiz = QuizFactory(course=course)
    single_question(quiz)
    url = f"/api/quizzes/{quiz.pk}/questions/"
    assert_error(api().get(url), 401)
    assert_error(api(StudentFactory()).get(url), 403)
    seen = api(student).get(url).json()["results"]
    assert seen and all(set(c) == {"id", "text"} for q in seen for c in q["choices"])
    assert "ЧЕТЫРЕ_ВЕРНО" in str(seen)  # the choice's text, never whether it is right
    assert "is_correct" not in str(seen) and "accepted_answers" not in seen[0]
    taught = api(teacher).get(url).json()["results"]
    assert any(c["is_correct"] for c in taught[0]["choices"])


def test_lesson_done_and_my_submissions(api, course, lesson, teacher, student):
    assert_error(api(StudentFactory()).post(f"/api/lessons/{lesson.pk}/done/"), 403)
    done = api(student).post(f"/api/lessons/{lesson.pk}/done/")
    assert done.status_code == 200 and done.json()["done"] == 1
    assert api(student).delete(f"/api/lessons/{lesson.pk}/done/").json()["done"] == 0
    assignment = AssignmentFactory(lesson=lesson)
    mine = SubmissionFactory(assignment=assignment, student=student)
    SubmissionFactory(assignment=assignment, student=StudentFactory())
    url = f"/api/assignments/{assignment.pk}/submissions/"
    assert [s["id"] for s in api(student).get(url).json()["results"]] == [mine.pk]
    assert api(teacher).get(url).json()["count"] == 2
    assert api(StudentFactory()).get(url).json()["count"] == 0
