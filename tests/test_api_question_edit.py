"""Editing one quiz question and one choice over the API (PUT/PATCH /api/questions/{id}/,
/api/choices/{id}/): the course's teacher only, through learning.services.question_update
and choice_update; a student or another teacher gets 403 with the error body, and a
student never receives which choice is correct."""

from __future__ import annotations

import pytest

from learning import services
from learning.models import Choice, Question
from learning.tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    QuizFactory,
    StudentFactory,
    TeacherFactory,
    single_question,
    text_question,
)
from tests.api import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(db):
    return QuizFactory(course=CourseFactory())


@pytest.fixture
def teacher(quiz):
    return quiz.course.teacher


@pytest.fixture
def student(quiz):
    student = StudentFactory()
    EnrollmentFactory(course=quiz.course, student=student)
    return student


@pytest.fixture
def question(quiz):
    return single_question(quiz)


def test_question_patch_keeps_the_choices_and_their_ids(api, question, teacher):
    ids = list(question.choices.values_list("id", flat=True))
    patched = api(teacher).patch(f"/api/questions/{question.pk}/", {"text": "3+3?", "points": 4})
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert body["text"] == "3+3?" and body["points"] == 4 and body["kind"] == "single"
    assert [c["id"] for c in body["choices"]] == ids
    assert [c["is_correct"] for c in body["choices"]] == [True, False]


def test_question_put_replaces_the_choices(api, question, teacher):
    replaced = api(teacher).put(
        f"/api/questions/{question.pk}/",
        {
            "text": "Чётные?",
            "kind": "multiple",
            "choices": [
                {"text": "2", "is_correct": True},
                {"text": "4", "is_correct": True},
                {"text": "3"},
            ],
        },
    )
    assert replaced.status_code == 200, replaced.content
    assert [(c["text"], c["is_correct"]) for c in replaced.json()["choices"]] == [
        ("2", True),
        ("4", True),
        ("3", False),
    ]
    assert Choice.objects.filter(question=question).count() == 3


def test_question_to_text_drops_choices(api, question, teacher):
    url = f"/api/questions/{question.pk}/"
    assert_error(api(teacher).patch(url, {"kind": "text"}), 400, field="accepted")
    done = api(teacher).patch(url, {"kind": "text", "accepted": "четыре\n4"})
    assert done.status_code == 200, done.content
    assert done.json()["choices"] == [] and done.json()["accepted_answers"] == ["четыре", "4"]


def test_question_bad_input_saves_nothing(api, question, teacher):
    url = f"/api/questions/{question.pk}/"
    two_right = [{"text": "a", "is_correct": True}, {"text": "b", "is_correct": True}]
    assert_error(api(teacher).patch(url, {"choices": two_right}), 400, field="choices")
    assert_error(api(teacher).patch(url, {"text": ""}), 400, field="text")
    assert_error(api(teacher).patch(url, {"kind": "essay"}), 400, field="kind")
    assert_error(api(teacher).patch(url, {"choices": [{"text": "один"}]}), 400, field="choices")
    question.refresh_from_db()
    assert question.text == "Сколько будет 2+2?" and question.choices.count() == 2


def test_question_refusals(api, question, student):
    url = f"/api/questions/{question.pk}/"
    assert_error(api().patch(url, {"text": "x"}), 401)
    for who in (student, TeacherFactory()):
        error = assert_error(api(who).patch(url, {"text": "x"}), 403, "permission_denied")
        assert "ЧЕТЫРЕ_ВЕРНО" not in str(error)
        assert_error(api(who).put(url, {"text": "x", "kind": "single"}), 403)
    hidden = QuizFactory(course=CourseFactory(is_published=False))
    other = single_question(hidden)
    assert_error(api(student).patch(f"/api/questions/{other.pk}/", {"text": "x"}), 404)
    assert_error(api(student).patch("/api/questions/abc/", {"text": "x"}), 404)
    question.refresh_from_db()
    assert question.text == "Сколько будет 2+2?"


def test_choice_edit(api, question, teacher, student):
    right, wrong = question.choices.order_by("id")
    url = f"/api/choices/{wrong.pk}/"
    renamed = api(teacher).patch(url, {"text": "  ШЕСТЬ  "})
    assert renamed.status_code == 200, renamed.content
    assert renamed.json() == {"id": wrong.pk, "text": "ШЕСТЬ", "is_correct": False}
    # A single-choice question keeps exactly one right answer.
    error = assert_error(api(teacher).patch(url, {"is_correct": True}), 400, field="is_correct")
    assert error["code"] == "invalid"
    assert_error(api(teacher).patch(f"/api/choices/{right.pk}/", {"is_correct": False}), 400)
    assert_error(api(teacher).put(f"/api/choices/{right.pk}/", {"text": "4"}), 400)
    assert_error(api(teacher).patch(url, {"text": ""}), 400, field="text")
    put = api(teacher).put(f"/api/choices/{right.pk}/", {"text": "4", "is_correct": True})
    assert put.status_code == 200 and put.json()["text"] == "4"
    # The student never sees which one is right, before or after the edit.
    seen = api(student).get(f"/api/quizzes/{question.quiz_id}/questions/").json()["results"]
    assert seen[0]["choices"] == [{"id": right.pk, "text": "4"}, {"id": wrong.pk, "text": "ШЕСТЬ"}]
    assert "is_correct" not in str(seen) and "correct" not in str(seen)


def test_choice_refusals(api, question, student):
    choice = question.choices.first()
    url = f"/api/choices/{choice.pk}/"
    assert_error(api().patch(url, {"text": "x"}), 401)
    for who in (student, TeacherFactory()):
        error = assert_error(api(who).patch(url, {"text": "x"}), 403, "permission_denied")
        assert "is_correct" not in str(error) and "correct" not in error["code"]
        assert_error(api(who).put(url, {"text": "x", "is_correct": True}), 403)
    assert_error(api(student).patch("/api/choices/999999/", {"text": "x"}), 404)
    choice.refresh_from_db()
    assert choice.text == "ЧЕТЫРЕ_ВЕРНО" and choice.is_correct


def test_services_refuse_others_directly(quiz, question, student):
    with pytest.raises(services.PermissionDenied):
        services.question_update(question=question, by=student, text="x", kind="single")
    with pytest.raises(services.PermissionDenied):
        services.choice_update(
            choice=question.choices.first(), by=student, text="x", is_correct=True
        )


def test_text_question_edit_keeps_it_choiceless(api, quiz, teacher):
    question = text_question(quiz)
    patched = api(teacher).patch(f"/api/questions/{question.pk}/", {"points": 2})
    assert patched.status_code == 200, patched.content
    assert patched.json()["accepted_answers"] == ["Москва"]
    assert Question.objects.get(pk=question.pk).points == 2
