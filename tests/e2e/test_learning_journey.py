"""Browser journey of the learning app.

A teacher creates a course with a lesson (TinyMCE), an assignment and a quiz; a student
enrolls (HTMX), marks the lesson done and submits work; the teacher grades it inline in
the grading table; the student passes the quiz and opens the certificate, which anyone
can verify. Screenshots at 390 and 1280 px of every main page.
"""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from learning import demo, services
from learning.models import Certificate, Course, Submission
from learning.tests.factories import StudentFactory, TeacherFactory
from tests.e2e.conftest import assert_accessible, login, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} overflows by {overflow}px"


def test_teacher_builds_student_completes_and_gets_a_certificate(
    live_server, new_page, screenshot_dir
):
    # Other courses around ours, so the catalog looks lived in.
    TeacherFactory.create_batch(2)
    StudentFactory.create_batch(4)
    demo.seed(scale=1, stdout=io.StringIO())
    teacher = TeacherFactory(email="anna@example.com", first_name="Анна", last_name="Петрова")
    student = StudentFactory(email="ivan@example.com", first_name="Иван", last_name="Смирнов")
    base = live_server.url

    # ---- The teacher creates a course.
    tpage = new_page()
    login(tpage, base, teacher.email, PASSWORD)
    tpage.goto(f"{base}/teaching/")
    shoot(tpage, screenshot_dir, "learning-teaching-empty")
    tpage.goto(f"{base}/courses/new/")
    tpage.fill("#id_title", "Алгоритмы для начинающих")
    tpage.fill("#id_summary", "Сортировки, поиск и сложность на простых примерах.")
    tpage.select_option("#id_level", "beginner")
    tpage.check("#id_is_published")
    tpage.click("#learning-form button[type=submit]")
    expect(tpage.locator("h1")).to_have_text("Алгоритмы для начинающих")
    course = Course.objects.get(title="Алгоритмы для начинающих")

    # ---- A lesson written in TinyMCE.
    tpage.click("text=Добавить урок")
    tpage.locator(".tox-tinymce").wait_for()
    tpage.fill("#id_title", "Сортировка пузырьком")
    editor = tpage.frame_locator(".tox-edit-area__iframe").locator("body")
    editor.click()
    editor.type("Сравниваем соседние элементы и меняем их местами.")
    tpage.click("#learning-form button[type=submit]")
    expect(tpage.locator("h1")).to_have_text("Сортировка пузырьком")
    expect(tpage.locator("article")).to_contain_text("Сравниваем соседние элементы")
    # A video embed (560 px wide in its HTML) must still fit a phone's screen.
    lesson = course.lessons.get(title="Сортировка пузырьком")
    services.lesson_update(
        lesson=lesson, by=teacher, title=lesson.title, body=lesson.body + demo.VIDEO
    )

    # ---- An assignment on the lesson.
    tpage.click("text=Добавить задание")
    tpage.locator(".tox-tinymce").wait_for()
    tpage.fill("#id_title", "Реализуйте сортировку")
    tpage.fill("#id_max_grade", "10")
    tpage.fill("#id_pass_grade", "6")
    tpage.click("#learning-form button[type=submit]")
    expect(tpage.locator("h1")).to_have_text("Реализуйте сортировку")

    # ---- A quiz with one question.
    tpage.goto(f"{base}{course.get_absolute_url()}")
    tpage.click("text=Добавить тест")
    tpage.fill("#id_title", "Проверка по сортировкам")
    tpage.fill("#id_pass_mark", "60")
    tpage.click("#learning-form button[type=submit]")
    tpage.fill("#id_question-text", "Какова сложность сортировки пузырьком?")
    tpage.select_option("#id_question-kind", "single")
    tpage.fill("#id_question-choices", "*O(n²)\nO(n)\nO(log n)")
    tpage.click("#questions form button[type=submit]")
    expect(tpage.locator("#questions")).to_contain_text("O(n²)")
    shoot(tpage, screenshot_dir, "learning-quiz-editor")

    # ---- The student finds the course and enrolls (HTMX).
    spage = new_page()
    login(spage, base, student.email, PASSWORD)
    spage.goto(f"{base}/courses/")
    expect(spage.locator("#course-list")).to_contain_text("Алгоритмы для начинающих")
    shoot(spage, screenshot_dir, "learning-catalog")
    no_sideways_scroll(spage)
    spage.goto(f"{base}{course.get_absolute_url()}")
    expect(spage.locator("#lesson-outline")).to_contain_text("Сортировка пузырьком")
    shoot(spage, screenshot_dir, "learning-course-before-enrolling")
    spage.click("#enroll-box button[type=submit]")
    expect(spage.locator("#enroll-box")).to_contain_text("0 из 3")
    shoot(spage, screenshot_dir, "learning-course-enrolled")

    # ---- Studies the lesson and submits the assignment.
    spage.click("#enroll-box >> text=Начать первый урок")
    expect(spage.locator("h1")).to_have_text("Сортировка пузырьком")
    spage.click("#done-box button[type=submit]")
    expect(spage.locator("#done-box")).to_contain_text("Вы прошли этот урок")
    shoot(spage, screenshot_dir, "learning-lesson")
    no_sideways_scroll(spage)
    spage.click("text=Реализуйте сортировку")
    spage.fill("#id_answer", "def bubble(xs):\n    ...")
    spage.click("#my-work form button[type=submit]")
    expect(spage.locator("#my-work")).to_contain_text("Не проверено")
    shoot(spage, screenshot_dir, "learning-assignment-submitted")

    # ---- The teacher grades it inline in the grading table.
    tpage.goto(f"{base}/courses/{course.pk}/submissions/")
    submission = Submission.objects.get(student=student)
    cell = tpage.locator(f"#grade-{submission.pk}")
    shoot(tpage, screenshot_dir, "learning-grading-table")
    cell.locator("input[name=grade]").fill("9")
    cell.locator("input[name=comment]").fill("Аккуратно, молодец!")
    cell.locator("button[type=submit]").first.click()
    expect(tpage.locator(f"#grade-{submission.pk}")).to_contain_text("9/10")
    submission.refresh_from_db()
    assert submission.grade == 9
    tpage.goto(f"{base}/courses/{course.pk}/gradebook/")
    expect(tpage.locator("table")).to_contain_text("Смирнов")
    shoot(tpage, screenshot_dir, "learning-gradebook")

    # ---- The student sees the grade, passes the quiz and opens the certificate.
    spage.reload()
    expect(spage.locator("#my-work")).to_contain_text("Аккуратно, молодец!")
    spage.goto(f"{base}{course.get_absolute_url()}")
    spage.click("text=Проверка по сортировкам")
    spage.click("#attempt button[type=submit]")
    assert "O(n²)" in spage.content()
    shoot(spage, screenshot_dir, "learning-quiz-attempt")
    spage.get_by_label("O(n²)").check()
    spage.click("#quiz-form button[type=submit]")
    expect(spage.locator("main")).to_contain_text("100%")
    shoot(spage, screenshot_dir, "learning-quiz-result")

    certificate = Certificate.objects.get(student=student, course=course)
    spage.goto(f"{base}/my/courses/")
    expect(spage.locator("main")).to_contain_text("Алгоритмы для начинающих")
    shoot(spage, screenshot_dir, "learning-my-courses")
    spage.goto(f"{base}{course.get_absolute_url()}")
    spage.click("#enroll-box >> text=Мой сертификат")
    expect(spage.locator("article")).to_contain_text("Иван Смирнов")
    expect(spage.locator("article svg")).to_be_visible()
    shoot(spage, screenshot_dir, "learning-certificate")
    spage.emulate_media(media="print")
    spage.screenshot(path=f"{screenshot_dir}/learning-certificate-print.png")
    spage.emulate_media(media="screen")

    # ---- Anyone can verify it by its link.
    anon = new_page()
    anon.goto(f"{base}{certificate.get_absolute_url()}")
    expect(anon.locator("main")).to_contain_text("Алгоритмы для начинающих")
    assert_accessible(anon)
    # Printed, it is one A4 landscape page (842 × 595 pt).
    pdf = anon.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    width, height = (
        float(n) for n in re.search(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups()
    )
    assert round(width) == 842 and round(height) == 595
    tpage.goto(f"{base}/teaching/")
    shoot(tpage, screenshot_dir, "learning-teaching")
