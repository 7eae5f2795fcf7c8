"""Points of issue 7 that the other test modules left unproved: the catalog's search, filters,
sorting and ratings; the lesson page's steps; reviews edited by their author; the comment
target constraint; mails in the recipient's language after commit; the teaching chart; the
certificate's print sheet; and query counts that are equal for 5 and 50 rows."""

import datetime
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from django.db import IntegrityError, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learning import services
from learning.models import Comment, Course, Enrollment, Review
from learning.tests.factories import (
    AssignmentFactory,
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    StudentFactory,
    SubmissionFactory,
    TeacherFactory,
)

# ---- The catalog


def _titles(response) -> list[str]:
    return [course.title for course in response.context["courses"]]


def test_catalog_search_level_teacher_and_sort(client, teacher, other_teacher):
    python = CourseFactory(teacher=teacher, title="Основы Python", level="beginner")
    sql = CourseFactory(teacher=other_teacher, title="SQL для аналитиков", level="intermediate")
    games = CourseFactory(teacher=teacher, title="Геймдизайн", level="advanced")
    Course.objects.filter(pk=python.pk).update(created=timezone.now() - datetime.timedelta(days=3))
    Course.objects.filter(pk=sql.pk).update(student_count=9, rating_sum=8, rating_count=2)
    Course.objects.filter(pk=games.pk).update(student_count=2, rating_sum=5, rating_count=1)
    url = reverse("learning:course_list")

    # Search folds case, Cyrillic included (SQLite's LIKE would not).
    assert _titles(client.get(url, {"q": "ОСНОВЫ"})) == ["Основы Python"]
    assert _titles(client.get(url, {"level": "intermediate"})) == ["SQL для аналитиков"]
    assert set(_titles(client.get(url, {"teacher": teacher.pk}))) == {"Основы Python", "Геймдизайн"}
    assert _titles(client.get(url, {"sort": "new"}))[-1] == "Основы Python"
    assert _titles(client.get(url, {"sort": "popular"}))[0] == "SQL для аналитиков"
    assert _titles(client.get(url, {"sort": "rating"}))[0] == "Геймдизайн"  # 5.0 over 4.0
    # A bad filter value is ignored, never a 500.
    assert client.get(url, {"level": "guru", "teacher": "x", "sort": "?"}).status_code == 200


def test_catalog_empty_state_and_htmx_partial(client, db):
    CourseFactory(title="Основы Python")
    response = client.get(reverse("learning:course_list"), {"q": "квантовая физика"})
    html = response.content.decode()
    assert response.status_code == 200 and "Основы Python" not in html
    assert 'id="course-list"' in html
    partial = client.get(
        reverse("learning:course_list"), {"q": "Python"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Основы Python" in partial and "<html" not in partial


def test_catalog_and_course_page_show_the_average_and_count(client, course, student, enrollment):
    other = StudentFactory()
    EnrollmentFactory(course=course, student=other)
    services.review_save(course=course, student=student, rating=5, text="Отлично")
    services.review_save(course=course, student=other, rating=4, text="Хорошо")
    for url in (reverse("learning:course_list"), course.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "4,5" in html or "4.5" in html, url
        assert "(2)" in html, url


def test_catalog_card_shows_my_progress(client, course, lesson, student, enrollment):
    LessonFactory(course=course)
    services.lesson_mark_done(lesson=lesson, student=student)
    client.force_login(student)
    html = client.get(reverse("learning:course_list")).content.decode()
    assert 'aria-valuenow="50"' in html


# ---- The lesson page


def test_lesson_page_mark_done_progress_and_neighbours(client, course, student, enrollment):
    first = LessonFactory(course=course, title="Первый", order=1)
    second = LessonFactory(course=course, title="Второй", order=2)
    client.force_login(student)
    html = client.get(first.get_absolute_url()).content.decode()
    assert second.get_absolute_url() in html  # next
    html = client.get(second.get_absolute_url()).content.decode()
    assert first.get_absolute_url() in html  # previous

    done = reverse("learning:lesson_done", args=[course.pk, first.pk])
    response = client.post(done, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'id="done-box"' in response.content.decode()
    html = client.get(course.get_absolute_url()).content.decode()
    assert 'aria-valuenow="50"' in html  # 1 of 2 steps
    # Plain form (no JavaScript): a redirect back; "not done" undoes it.
    response = client.post(done, {"done": "0"})
    assert response.status_code == 302
    assert 'aria-valuenow="0"' in client.get(course.get_absolute_url()).content.decode()


def test_lesson_page_shows_my_submission_state(client, lesson, assignment, student, enrollment):
    client.force_login(student)
    SubmissionFactory(assignment=assignment, student=student)
    html = client.get(lesson.get_absolute_url()).content.decode()
    assert assignment.title in html and ("Не проверено" in html or "Not checked" in html)


# ---- Reviews


def test_review_is_edited_by_its_author_not_duplicated(client, course, student, enrollment):
    client.force_login(student)
    url = reverse("learning:course_reviews", args=[course.pk])
    assert client.post(url, {"rating": 5, "text": "Супер"}).status_code == 302
    assert client.post(url, {"rating": 2, "text": "Передумала"}).status_code == 302
    review = Review.objects.get()
    assert (review.rating, review.text) == (2, "Передумала")
    course.refresh_from_db()
    assert (course.rating_count, course.rating) == (1, 2.0)
    bad = client.post(url, {"rating": 9, "text": "x"})
    assert bad.status_code == 422 and Review.objects.get().rating == 2


def test_hidden_review_leaves_the_page_and_the_average(client, course, student, enrollment, staff):
    review = services.review_save(course=course, student=student, rating=1, text="Спам-спам")
    services.review_set_hidden(review=review, hidden=True, by=staff)
    course.refresh_from_db()
    assert course.rating_count == 0
    html = client.get(reverse("learning:course_reviews", args=[course.pk])).content.decode()
    assert "Спам-спам" not in html


# ---- Comments


@pytest.mark.parametrize(
    "targets",
    [{}, {"lesson": True, "assignment": True}, {"assignment": True, "submission": True}],
)
def test_comment_needs_exactly_one_target_in_the_database(lesson, assignment, student, targets):
    submission = SubmissionFactory(assignment=assignment, student=student)
    objects = {"lesson": lesson, "assignment": assignment, "submission": submission}
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(
            author=student, text="x", **{name: objects[name] for name in targets}
        )


def test_staff_hides_a_comment_in_the_admin(client, lesson, student, enrollment, staff):
    comment = services.comment_create(author=student, target=lesson, text="Реклама казино")
    client.force_login(staff)
    client.post("/admin/learning/comment/", {"action": "hide", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.is_hidden
    client.force_login(student)
    assert "Реклама казино" not in client.get(lesson.get_absolute_url()).content.decode()


# ---- Mail: Huey after commit, in the recipient's language


@pytest.mark.parametrize(("language", "word"), [("en", "graded"), ("ru", "оценена")])
def test_graded_mail_in_the_students_language_after_commit(
    assignment, student, enrollment, teacher, language, word, django_capture_on_commit_callbacks
):
    student.language = language
    student.save(update_fields=["language"])
    submission = services.submission_submit(assignment=assignment, student=student, answer="x")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submission_grade(submission=submission, by=teacher, grade=9)
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    (message,) = [m for m in mail.outbox if student.email in m.to]
    assert word in message.subject.lower(), message.subject


def test_rolled_back_grading_sends_nothing(assignment, student, enrollment, teacher,
                                           django_capture_on_commit_callbacks):  # fmt: skip
    submission = services.submission_submit(assignment=assignment, student=student, answer="x")
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.submission_grade(submission=submission, by=teacher, grade=9)
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
    assert mail.outbox == []


# ---- The teaching dashboard


def test_teaching_dashboard_counts_and_chart(client, course, teacher, assignment):
    today = timezone.now()
    for days_ago in (0, 0, 3):
        enrollment = EnrollmentFactory(course=course, student=StudentFactory())
        Enrollment.objects.filter(pk=enrollment.pk).update(
            enrolled_at=today - datetime.timedelta(days=days_ago)
        )
        SubmissionFactory(assignment=assignment, student=enrollment.student)
    CourseFactory(teacher=TeacherFactory(), title="Чужой курс")
    client.force_login(teacher)
    response = client.get(reverse("learning:teaching"))
    html = response.content.decode()
    assert course.title in html and "Чужой курс" not in html
    assert response.context["waiting_total"] == 3
    chart = response.context["chart"]
    assert chart["total"] == 3 and chart["peak"] == 2
    assert "<svg" in html and "<rect" in html


def test_teaching_dashboard_empty_state(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("learning:teaching"))
    assert response.status_code == 200 and response.context["chart"]["total"] == 0
    assert reverse("learning:course_create") in response.content.decode()


# ---- The certificate sheet


def test_certificate_prints_on_one_a4_landscape_page(client, course, student, enrollment, teacher):
    certificate = services.certificate_issue(course=course, student=student, by=teacher)
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert "certificate-sheet" in html and "learning-print.css" in html
    css = Path(finders.find("css/learning-print.css")).read_text(encoding="utf-8")
    assert "size: A4 landscape" in css and "break-inside: avoid" in css
    # The QR code is an inline SVG of the certificate's own absolute URL.
    assert "<svg" in html and certificate.get_absolute_url() in html


# ---- Query counts: the same for 5 and 50 rows


def _world(n: int):
    teacher = TeacherFactory()
    courses = [CourseFactory(teacher=teacher) for _ in range(n)]
    main = courses[0]
    lessons = [LessonFactory(course=main, order=i) for i in range(n)]
    assignments = [AssignmentFactory(lesson=lessons[0]) for _ in range(n)]
    students = [StudentFactory() for _ in range(n)]
    for student in students:
        for course in courses:
            EnrollmentFactory(course=course, student=student)
        SubmissionFactory(assignment=assignments[0], student=student)
        services.lesson_mark_done(lesson=lessons[0], student=student)
        services.comment_create(author=student, target=lessons[0], text="Комментарий")
        services.review_save(course=main, student=student, rating=4, text="Норм")
    return teacher, main, lessons[0], assignments[0], students[0]


def _counts(client, n: int) -> dict[str, int]:
    teacher, main, lesson, assignment, student = _world(n)
    pages = {
        student: [
            reverse("learning:course_list"),
            main.get_absolute_url(),
            lesson.get_absolute_url(),
            assignment.get_absolute_url(),
            reverse("learning:my_courses"),
            reverse("learning:course_reviews", args=[main.pk]),
        ],
        teacher: [
            reverse("learning:course_submissions", args=[main.pk]),
            reverse("learning:gradebook", args=[main.pk]),
            reverse("learning:teaching"),
            main.get_absolute_url(),
        ],
    }
    counts = {}
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            client.get(url)  # warm the per-process caches (site settings, content types)
            with CaptureQueriesContext(transaction.get_connection()) as queries:
                assert client.get(url).status_code == 200, url
            counts[f"{user.role}:{url.split('/')[1]}:{url.count('/')}:{url[-12:]}"] = len(queries)
    Course.objects.all().delete()
    return counts


def test_query_counts_equal_for_5_and_50_rows(client, db):
    few = _counts(client, 5)
    many = _counts(client, 50)
    assert list(few.values()) == list(many.values()), {
        k: (few[k], v) for k, v in zip(few, many.values(), strict=True)
    }


# ---- Comments are paginated


def test_lesson_comments_are_paged_and_a_new_one_opens_its_page(client, lesson, student,
                                                                 enrollment):  # fmt: skip
    from learning.views.study import COMMENTS_PER_PAGE

    for number in range(COMMENTS_PER_PAGE):
        services.comment_create(author=student, target=lesson, text=f"Реплика {number:03}")
    client.force_login(student)
    url = reverse("learning:comment_create", args=["lesson", lesson.pk])
    response = client.post(url, {"text": "Самая новая реплика"})
    newest = Comment.objects.latest("id")
    assert response["Location"] == (f"{lesson.get_absolute_url()}?comments=2#comment-{newest.pk}")
    first = client.get(lesson.get_absolute_url()).content.decode()
    assert "Реплика 000" in first and "Самая новая реплика" not in first
    assert "?comments=2" in first  # the pager
    second = client.get(lesson.get_absolute_url(), {"comments": 2}).content.decode()
    assert "Самая новая реплика" in second and "Реплика 000" not in second
    # Editing the newest comment goes back to its page too.
    response = client.post(
        reverse("learning:comment_update", args=[newest.pk]), {"text": "Исправленная"}
    )
    assert "?comments=2" in response["Location"]


def test_assignment_comments_page_apart_from_the_teachers_submissions(
    client, assignment, student, enrollment, teacher
):
    from learning.views.study import COMMENTS_PER_PAGE

    for number in range(COMMENTS_PER_PAGE + 1):
        services.comment_create(author=student, target=assignment, text=f"Вопрос {number:03}")
    SubmissionFactory(assignment=assignment, student=student, answer="Моё решение")
    client.force_login(teacher)
    html = client.get(assignment.get_absolute_url(), {"comments": 2}).content.decode()
    assert "Вопрос 030" in html and "Вопрос 000" not in html
    assert "Моё решение" in html  # the submissions list stays on its first page


# ---- The grading table


def test_grading_table_filters_sorts_and_pages(client, course, lesson, teacher):
    from learning.views.study import SUBMISSIONS_PER_PAGE

    first = AssignmentFactory(lesson=lesson, title="Первое задание")
    second = AssignmentFactory(lesson=lesson, title="Второе задание")
    students = [StudentFactory(last_name=f"Студент{n:02}") for n in range(SUBMISSIONS_PER_PAGE + 1)]
    for student in students:
        EnrollmentFactory(course=course, student=student)
        SubmissionFactory(assignment=first, student=student)
    checked = SubmissionFactory(assignment=second, student=students[0], answer="второе")
    services.submission_grade(submission=checked, by=teacher, grade=8)
    client.force_login(teacher)
    url = reverse("learning:course_submissions", args=[course.pk])

    def rows(**params):
        response = client.get(url, params)
        assert response.status_code == 200, params
        return list(response.context["table"].page.object_list)

    assert len(rows()) == SUBMISSIONS_PER_PAGE  # paged
    assert len(rows(page=2)) == 2
    assert len(rows(page=999)) == 2  # too far: the last page, not a 404
    assert len(rows(per_page=100_000)) <= 100  # capped like every table on the site
    only_second = rows(assignment=second.pk)
    assert [row.record.pk for row in only_second] == [checked.pk]
    assert [row.record.pk for row in rows(status="checked")] == [checked.pk]
    assert len(rows(status="submitted", page=2)) == 1
    by_name = [row.record.student.last_name for row in rows(sort="student", assignment=first.pk)]
    assert by_name == sorted(by_name)
    partial = client.get(url, {"status": "checked"}, headers={"HX-Request": "true"})
    assert 'id="submissions-table"' in partial.content.decode()
    assert "<html" not in partial.content.decode()


# ---- Progress, quizzes and my courses


def test_progress_counts_lessons_passed_assignments_and_passed_quizzes(
    client, course, lesson, assignment, quiz, student, enrollment, teacher
):
    from learning import selectors

    def progress():
        p = selectors.progress_for(student=student, courses=[course])[course.pk]
        return p.done, p.total

    assert progress() == (0, 3)
    services.lesson_mark_done(lesson=lesson, student=student)
    submission = services.submission_submit(assignment=assignment, student=student, answer="x")
    services.submission_grade(submission=submission, by=teacher, grade=assignment.pass_grade - 1)
    assert progress() == (1, 3)  # checked but not passed does not count
    services.submission_grade(submission=submission, by=teacher, grade=assignment.pass_grade)
    assert progress() == (2, 3)
    attempt = services.attempt_start(quiz=quiz, student=student)
    question = quiz.questions.get()
    right = question.choices.get(is_correct=True)
    from django.http import QueryDict

    services.attempt_submit(
        attempt=attempt, student=student, data=QueryDict(f"q{question.pk}={right.pk}")
    )
    assert progress() == (3, 3)


def test_quiz_page_shows_attempts_left(client, course, student, enrollment):
    from learning.tests.factories import QuizFactory, single_question

    quiz = QuizFactory(course=course, attempts_allowed=2)
    single_question(quiz)
    client.force_login(student)
    assert client.get(quiz.get_absolute_url()).context["attempts_left"] == 2
    attempt = services.attempt_start(quiz=quiz, student=student)
    from django.http import QueryDict

    services.attempt_submit(attempt=attempt, student=student, data=QueryDict(""))
    response = client.get(quiz.get_absolute_url())
    assert response.context["attempts_left"] == 1
    attempt = services.attempt_start(quiz=quiz, student=student)
    services.attempt_submit(attempt=attempt, student=student, data=QueryDict(""))
    html = client.get(quiz.get_absolute_url()).content.decode()
    assert reverse("learning:quiz_start", args=[quiz.pk]) not in html  # no more Start button


def test_my_courses_lists_active_completed_and_certificates(client, student, teacher):
    active = CourseFactory(teacher=teacher, title="Курс в процессе")
    LessonFactory(course=active)
    done = CourseFactory(teacher=teacher, title="Пройденный курс")
    lesson = LessonFactory(course=done)
    EnrollmentFactory(course=active, student=student)
    EnrollmentFactory(course=done, student=student)
    services.lesson_mark_done(lesson=lesson, student=student)  # completes it: a certificate
    client.force_login(student)
    response = client.get(reverse("learning:my_courses"))
    html = response.content.decode()
    assert "Курс в процессе" in html and "Пройденный курс" in html
    certificate = student.certificates.get()
    assert certificate.get_absolute_url() in html
    assert html.index("Курс в процессе") < html.index("Пройденный курс")  # active first
    assert 'aria-valuenow="100"' in html and 'aria-valuenow="0"' in html


def test_lesson_body_keeps_allowed_embeds_only(course, teacher):
    from learning.demo import VIDEO

    lesson = services.lesson_create(
        course=course,
        by=teacher,
        title="Видео",
        body=VIDEO + '<iframe src="https://evil.example.com/x"></iframe><script>x()</script>',
    )
    assert "youtube.com/embed/" in lesson.body
    assert "evil.example.com" not in lesson.body and "<script" not in lesson.body


def test_late_work_is_marked_for_the_teacher(client, course, lesson, student, enrollment,
                                              teacher):  # fmt: skip
    late = AssignmentFactory(lesson=lesson, due_at=timezone.now() - datetime.timedelta(hours=1))
    on_time = AssignmentFactory(lesson=lesson, due_at=timezone.now() + datetime.timedelta(days=1))
    services.submission_submit(assignment=late, student=student, answer="поздно")
    services.submission_submit(assignment=on_time, student=student, answer="вовремя")
    client.force_login(teacher)
    table = client.get(
        reverse("learning:course_submissions", args=[course.pk]), {"assignment": late.pk}
    ).content.decode()
    assert "Просрочено" in table
    table = client.get(
        reverse("learning:course_submissions", args=[course.pk]), {"assignment": on_time.pk}
    ).content.decode()
    assert "Просрочено" not in table


def test_returned_work_notifies_and_mails_the_student(
    assignment, student, enrollment, teacher, django_capture_on_commit_callbacks
):
    from accounts.models import Notification

    submission = services.submission_submit(assignment=assignment, student=student, answer="x")
    services.submission_grade(submission=submission, by=teacher, grade=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_return(submission=submission, by=teacher, comment="Переделайте")
    assert Notification.objects.filter(recipient=student, link=assignment.get_absolute_url())
    assert [m for m in mail.outbox if student.email in m.to]


def test_gradebook_has_assignments_and_quizzes_with_the_best_attempt(
    client, course, assignment, quiz, student, enrollment, teacher
):
    from django.http import QueryDict

    question = quiz.questions.get()
    right = question.choices.get(is_correct=True)
    for data in ("", f"q{question.pk}={right.pk}", ""):  # wrong, right, wrong: 100% counts
        attempt = services.attempt_start(quiz=quiz, student=student)
        services.attempt_submit(attempt=attempt, student=student, data=QueryDict(data))
    submission = services.submission_submit(assignment=assignment, student=student, answer="x")
    services.submission_grade(submission=submission, by=teacher, grade=7)
    client.force_login(teacher)
    html = client.get(reverse("learning:gradebook", args=[course.pk])).content.decode()
    assert assignment.title in html and quiz.title in html and "100%" in html
    response = client.get(reverse("learning:gradebook_csv", args=[course.pk]))
    header, row = b"".join(response.streaming_content).decode().splitlines()[:2]
    assert assignment.title in header and quiz.title in header
    assert "7" in row.split(",") and any(cell.startswith("100") for cell in row.split(","))


def test_a_refused_material_keeps_the_lessons_comments_on_the_page(
    client, lesson, teacher, student, enrollment
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.comment_create(author=student, target=lesson, text="Вопрос к уроку")
    client.force_login(teacher)
    response = client.post(
        reverse("learning:material_add", args=[lesson.course_id, lesson.pk]),
        {"title": "x", "file": SimpleUploadedFile("a.exe", b"MZ")},
    )
    assert response.status_code == 422 and "Вопрос к уроку" in response.content.decode()
