"""Quizzes: scoring of each kind, attempts limit, time limit, answers hidden until finished."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from learning import services
from learning.models import Attempt
from learning.selectors import gradebook
from learning.tests.factories import (
    QuizFactory,
    multiple_question,
    single_question,
    text_question,
)

SECRET_TEXT = "СекретныйОтвет"


@pytest.fixture
def full_quiz(course):
    quiz = QuizFactory(course=course, pass_mark=60)
    return (
        quiz,
        single_question(quiz),
        multiple_question(quiz),
        text_question(quiz, accepted="Москва\nг. Москва"),
    )


def _post(**answers) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in answers.items():
        if isinstance(value, list):
            data.setlist(key, [str(v) for v in value])
        else:
            data[key] = str(value)
    return data


def _take(quiz, student, data):
    attempt = services.attempt_start(quiz=quiz, student=student)
    return services.attempt_submit(attempt=attempt, student=student, data=data)


def test_scoring_of_every_kind(full_quiz, student, enrollment):
    quiz, single, multiple, text = full_quiz
    right_single = single.choices.get(is_correct=True).pk
    evens = list(multiple.choices.filter(is_correct=True).values_list("pk", flat=True))
    answers = {f"q{single.pk}": right_single, f"q{multiple.pk}": evens, f"q{text.pk}": " МОСКВА "}
    attempt = _take(quiz, student, _post(**answers))
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == (3, 3, 100, True)


def test_partial_multiple_choice_scores_nothing(full_quiz, student, enrollment):
    quiz, single, multiple, text = full_quiz
    one_even = multiple.choices.filter(is_correct=True).first().pk
    wrong = single.choices.get(is_correct=False).pk
    answers = {f"q{single.pk}": wrong, f"q{multiple.pk}": [one_even], f"q{text.pk}": "г.  москва"}
    attempt = _take(quiz, student, _post(**answers))
    assert attempt.score == 1 and attempt.percent == 33 and not attempt.passed


def test_multiple_with_an_extra_wrong_choice_is_wrong(full_quiz, student, enrollment):
    quiz, _single, multiple, _text = full_quiz
    every = list(multiple.choices.values_list("pk", flat=True))
    assert _take(quiz, student, _post(**{f"q{multiple.pk}": every})).score == 0


def test_foreign_choice_ids_are_ignored(full_quiz, student, enrollment):
    quiz, single, multiple, _text = full_quiz
    foreign = multiple.choices.filter(is_correct=True).first().pk
    assert _take(quiz, student, _post(**{f"q{single.pk}": foreign})).score == 0


def test_attempts_limit(course, student, enrollment):
    quiz = QuizFactory(course=course, attempts_allowed=2)
    single_question(quiz)
    _take(quiz, student, _post())
    _take(quiz, student, _post())
    with pytest.raises(ValidationError):
        services.attempt_start(quiz=quiz, student=student)
    assert Attempt.objects.filter(quiz=quiz).count() == 2


def test_unlimited_attempts(course, student, enrollment):
    quiz = QuizFactory(course=course, attempts_allowed=0)
    single_question(quiz)
    for _ in range(4):
        _take(quiz, student, _post())
    assert services.attempts_left(quiz=quiz, student=student) is None


def test_best_attempt_counts(course, student, enrollment):
    quiz = QuizFactory(course=course)
    question = single_question(quiz)
    right = question.choices.get(is_correct=True).pk
    _take(quiz, student, _post(**{f"q{question.pk}": right}))
    _take(quiz, student, _post())  # a worse later attempt
    row = gradebook(course=course)["rows"][0]
    assert row["quizzes"][0] == {"percent": 100, "passed": True}


def test_time_limit_enforced_on_the_server(course, student, enrollment):
    quiz = QuizFactory(course=course, time_limit_minutes=5)
    question = single_question(quiz)
    right = question.choices.get(is_correct=True).pk
    attempt = services.attempt_start(quiz=quiz, student=student)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    attempt.refresh_from_db()
    finished = services.attempt_submit(
        attempt=attempt, student=student, data=_post(**{f"q{question.pk}": right})
    )
    assert finished.timed_out and finished.score == 0 and not finished.passed


def test_within_the_time_limit_counts(course, student, enrollment):
    quiz = QuizFactory(course=course, time_limit_minutes=5)
    question = single_question(quiz)
    right = question.choices.get(is_correct=True).pk
    finished = _take(quiz, student, _post(**{f"q{question.pk}": right}))
    assert not finished.timed_out and finished.passed


def test_a_finished_attempt_cannot_be_resubmitted(course, student, enrollment):
    quiz = QuizFactory(course=course)
    single_question(quiz)
    attempt = _take(quiz, student, _post())
    with pytest.raises(ValidationError):
        services.attempt_submit(attempt=attempt, student=student, data=_post())


def test_stranger_cannot_start(quiz, stranger):
    with pytest.raises(PermissionDenied):
        services.attempt_start(quiz=quiz, student=stranger)


def test_question_authoring_validates(course, teacher):
    quiz = QuizFactory(course=course)
    with pytest.raises(ValidationError):
        services.question_add(quiz=quiz, by=teacher, text="Q", kind="single", choices="a\nb")
    with pytest.raises(ValidationError):
        services.question_add(quiz=quiz, by=teacher, text="Q", kind="single", choices="*a\n*b")
    with pytest.raises(ValidationError):
        services.question_add(quiz=quiz, by=teacher, text="Q", kind="text", accepted=" ")
    question = services.question_add(
        quiz=quiz, by=teacher, text="Q", kind="multiple", choices="*a\n*b\nc"
    )
    assert question.choices.filter(is_correct=True).count() == 2


# ---- The right answers never reach a student's browser before the attempt is finished


def _choice_markup_is_uniform(html: str, question) -> bool:
    """The right and wrong choices' inputs differ only in their value and their row's id."""
    tags = re.findall(rf'<input[^>]*name="q{question.pk}"[^>]*>', html)
    inputs = {re.sub(rf'value="\d+"|id="q{question.pk}_\d+"', "", tag) for tag in tags}
    return len(tags) >= 2 and len(inputs) == 1


@pytest.mark.parametrize("htmx", [False, True])
def test_answers_absent_from_every_page_before_finishing(
    client, course, lesson, student, enrollment, htmx
):
    quiz = QuizFactory(course=course, lesson=lesson)
    single = single_question(quiz)
    multiple = multiple_question(quiz)
    text_question(quiz, accepted=SECRET_TEXT)
    client.force_login(student)
    headers = {"HX-Request": "true"} if htmx else {}
    client.post(reverse("learning:quiz_start", args=[quiz.pk]))
    pages = [
        reverse("learning:quiz_detail", args=[quiz.pk]),
        course.get_absolute_url(),
        lesson.get_absolute_url(),
        reverse("learning:my_courses"),
        reverse("learning:course_list"),
    ]
    for url in pages:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert SECRET_TEXT not in html, url
        assert "is_correct" not in html and "correct" not in html.lower(), url
    html = client.get(pages[0]).content.decode()
    assert _choice_markup_is_uniform(html, single)
    assert _choice_markup_is_uniform(html, multiple)
    # The teacher's editor shows them; a student asking for it is refused.
    assert client.get(reverse("learning:quiz_edit", args=[quiz.pk])).status_code == 403
    attempt = Attempt.objects.get()
    review = client.get(reverse("learning:attempt_detail", args=[quiz.pk, attempt.pk]))
    assert review.status_code == 302  # not finished: back to the quiz, nothing revealed


def test_review_after_finishing_shows_right_and_wrong(client, course, student, enrollment):
    quiz = QuizFactory(course=course)
    question = single_question(quiz)
    text_question(quiz, accepted=SECRET_TEXT)
    client.force_login(student)
    client.post(reverse("learning:quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    wrong = question.choices.get(is_correct=False).pk
    response = client.post(
        reverse("learning:attempt_submit", args=[quiz.pk, attempt.pk]),
        {f"q{question.pk}": wrong},
        follow=True,
    )
    html = response.content.decode()
    assert SECRET_TEXT in html and "0%" in html


def test_someone_elses_attempt_is_404(client, course, student, enrollment, stranger):
    quiz = QuizFactory(course=course)
    single_question(quiz)
    attempt = _take(quiz, student, _post())
    client.force_login(stranger)
    url = reverse("learning:attempt_detail", args=[quiz.pk, attempt.pk])
    assert client.get(url).status_code == 404
    submit = reverse("learning:attempt_submit", args=[quiz.pk, attempt.pk])
    assert client.post(submit).status_code == 404


def test_time_limit_through_the_view(client, course, student, enrollment):
    quiz = QuizFactory(course=course, time_limit_minutes=1)
    question = single_question(quiz)
    client.force_login(student)
    client.post(reverse("learning:quiz_start", args=[quiz.pk]))
    attempt = Attempt.objects.get()
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    right = question.choices.get(is_correct=True).pk
    client.post(
        reverse("learning:attempt_submit", args=[quiz.pk, attempt.pk]), {f"q{question.pk}": right}
    )
    attempt.refresh_from_db()
    assert attempt.timed_out and attempt.score == 0


# ---- The attempt page is learning.forms.AttemptForm, rendered by crispy


def _start(client, quiz, student) -> Attempt:
    client.force_login(student)
    client.post(reverse("learning:quiz_start", args=[quiz.pk]))
    return Attempt.objects.get(quiz=quiz, student=student, finished_at__isnull=True)


def _submit(client, quiz, attempt, data):
    return client.post(reverse("learning:attempt_submit", args=[quiz.pk, attempt.pk]), data)


def test_the_attempt_page_draws_one_field_per_question(client, full_quiz, student, enrollment):
    quiz, single, multiple, text = full_quiz
    _start(client, quiz, student)
    html = client.get(reverse("learning:quiz_detail", args=[quiz.pk])).content.decode()
    assert 'id="quiz-form"' in html
    assert re.search(rf'<input type="radio" name="q{single.pk}"[^>]*id="q{single.pk}_0"', html)
    assert re.search(
        rf'<input type="checkbox" name="q{multiple.pk}"[^>]*id="q{multiple.pk}_2"', html
    )
    assert re.search(rf'<input type="text" name="q{text.pk}"[^>]*maxlength="300"', html)
    # Each question's text labels its field: the radios' and checkboxes' legend, the box's label.
    assert re.search(rf"<legend[^>]*>{re.escape(single.text)}</legend>", html)
    assert re.search(rf"<legend[^>]*>{re.escape(multiple.text)}</legend>", html)
    assert re.search(rf'<label for="q{text.pk}"[^>]*>{re.escape(text.text)}</label>', html)
    assert "1 / 3" in html and "3 / 3" in html


def test_every_kind_through_the_form(client, full_quiz, student, enrollment):
    quiz, single, multiple, text = full_quiz
    attempt = _start(client, quiz, student)
    evens = list(multiple.choices.filter(is_correct=True).values_list("pk", flat=True))
    data = {
        f"q{single.pk}": single.choices.get(is_correct=True).pk,
        f"q{multiple.pk}": evens,
        f"q{text.pk}": " москва ",
    }
    response = _submit(client, quiz, attempt, data)
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.score, attempt.percent, attempt.passed) == (3, 100, True)
    assert attempt.answers[str(text.pk)] == "москва"


def test_unanswered_questions_are_allowed(client, full_quiz, student, enrollment):
    quiz, *_questions = full_quiz
    attempt = _start(client, quiz, student)
    assert _submit(client, quiz, attempt, {}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 0 and attempt.answers == {}


@pytest.mark.parametrize("bad", ["foreign", "999999999", "x"])
def test_a_choice_not_in_the_question_is_an_error_and_the_answers_stay(
    client, full_quiz, student, enrollment, bad
):
    quiz, single, multiple, text = full_quiz
    attempt = _start(client, quiz, student)
    foreign = multiple.choices.first().pk
    right = single.choices.get(is_correct=True).pk
    data = {
        f"q{single.pk}": right,
        f"q{multiple.pk}": [foreign, single.choices.first().pk if bad == "foreign" else bad],
        f"q{text.pk}": "Москва",
    }
    response = _submit(client, quiz, attempt, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "data-form-errors" in html and 'aria-invalid="true"' in html
    assert re.search(rf'value="{right}"[^>]*checked', html)  # the answers are kept
    assert 'value="Москва"' in html
    attempt.refresh_from_db()
    assert not attempt.is_finished


def test_too_long_a_text_answer_is_an_error(client, full_quiz, student, enrollment):
    quiz, _single, _multiple, text = full_quiz
    attempt = _start(client, quiz, student)
    response = _submit(client, quiz, attempt, {f"q{text.pk}": "я" * 301})
    assert response.status_code == 422
    attempt.refresh_from_db()
    assert not attempt.is_finished


def test_bad_answers_after_the_time_limit_still_time_out(client, course, student, enrollment):
    quiz = QuizFactory(course=course, time_limit_minutes=1)
    question = single_question(quiz)
    attempt = _start(client, quiz, student)
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    response = _submit(client, quiz, attempt, {f"q{question.pk}": "999999999"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.timed_out and attempt.score == 0


def test_a_finished_attempt_posted_again_is_refused_politely(client, course, student, enrollment):
    quiz = QuizFactory(course=course)
    question = single_question(quiz)
    attempt = _start(client, quiz, student)
    _submit(client, quiz, attempt, {})
    response = _submit(client, quiz, attempt, {f"q{question.pk}": "999999999"})
    assert response.status_code == 302 and response.url == quiz.get_absolute_url()


def _quiz_page_queries(client, course, student, n: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    quiz = QuizFactory(course=course)
    for _ in range(n):
        single_question(quiz)
        multiple_question(quiz)
        text_question(quiz)
    _start(client, quiz, student)
    url = reverse("learning:quiz_detail", args=[quiz.pk])
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_attempt_page_queries_do_not_grow_with_its_questions(
    client, course, student, enrollment
):
    assert _quiz_page_queries(client, course, student, 1) == _quiz_page_queries(
        client, course, student, 10
    )
