"""Browser journey of a quiz attempt (learning.forms.AttemptForm, rendered by crispy).

A student takes a timed quiz with a question of each kind: radio rows, checkbox rows and a
text box. The teacher removes the choice the student picked before they submit, so the page
comes back with the error on its question and the other answers kept; the student picks
again and passes. Screenshots (and axe-core) at 390 and 1280 px.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from learning.models import Attempt, Choice
from learning.tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    QuizFactory,
    StudentFactory,
    multiple_question,
    single_question,
    text_question,
)
from tests.e2e.conftest import login, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_student_answers_every_kind_of_question(live_server, new_page, screenshot_dir):
    student = StudentFactory(email="olga@example.com", first_name="Ольга", last_name="Ким")
    course = CourseFactory(title="Арифметика")
    EnrollmentFactory(course=course, student=student)
    quiz = QuizFactory(course=course, title="Проверка по арифметике", time_limit_minutes=10)
    single = single_question(
        quiz, text="Сколько будет 2+2?\nОтветьте без калькулятора.", right="4", wrong="5"
    )
    Choice.objects.create(question=single, text="22", is_correct=False)
    multiple_question(quiz)
    text_question(quiz)
    base = live_server.url

    page = new_page()
    login(page, base, student.email, PASSWORD)
    page.goto(f"{base}{quiz.get_absolute_url()}")
    page.click("#attempt button[type=submit]")
    form = page.locator("#quiz-form")
    expect(form.locator("[data-quiz-timer]")).to_be_visible()
    expect(form.locator("legend").first).to_contain_text("Ответьте без калькулятора.")
    shoot(page, screenshot_dir, "learning-quiz-every-kind")

    form.get_by_label("22", exact=True).check()
    form.get_by_label("два", exact=True).check()
    form.get_by_label("четыре", exact=True).check()
    form.get_by_label("Столица России?").fill("Москва")
    Choice.objects.filter(question=single, text="22").delete()  # the teacher edits the quiz
    form.locator("button[type=submit]").click()

    errors = page.locator("[data-form-errors]")
    expect(errors).to_contain_text("Этого варианта больше нет в вопросе")
    expect(page.get_by_label("два", exact=True)).to_be_checked()
    expect(page.get_by_label("Столица России?")).to_have_value("Москва")
    shoot(page, screenshot_dir, "learning-quiz-errors")

    page.get_by_label("4", exact=True).check()
    page.click("#quiz-form button[type=submit]")
    expect(page.locator("main")).to_contain_text("100%")
    attempt = Attempt.objects.get(quiz=quiz, student=student)
    assert attempt.passed and not attempt.timed_out
