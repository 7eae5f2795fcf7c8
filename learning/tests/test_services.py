"""Services: grading, resubmission, late marking, ordering, reviews, certificates."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from accounts.models import Notification
from learning import services
from learning.models import Certificate, Course, Enrollment, Lesson, Submission
from learning.tests.factories import (
    AssignmentFactory,
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    StudentFactory,
)


def test_only_teachers_create_courses(teacher, student, employer):
    course = services.course_create(teacher=teacher, title="  SQL  для всех ", summary="s")
    assert course.title == "SQL для всех" and not course.is_published
    for user in (student, employer):
        with pytest.raises(PermissionDenied):
            services.course_create(teacher=user, title="Чужой курс", summary="s")


def test_description_is_sanitized(teacher):
    course = services.course_create(
        teacher=teacher,
        title="Курс",
        summary="s",
        description='<p onclick="x()">Hi</p><script>alert(1)</script>',
    )
    assert "script" not in course.description and "onclick" not in course.description


def test_other_teacher_cannot_edit(course, other_teacher):
    with pytest.raises(PermissionDenied):
        services.course_update(
            course=course,
            by=other_teacher,
            title="x" * 5,
            summary="",
            description="",
            level="beginner",
            is_published=True,
        )


def test_lesson_reorder_up_down_and_number(course, teacher):
    a, _b, c = (services.lesson_create(course=course, by=teacher, title=t) for t in "abc")
    services.lesson_move(lesson=c, by=teacher, direction="up")
    assert list(course.lessons.values_list("title", flat=True)) == ["a", "c", "b"]
    services.lesson_move(lesson=a, by=teacher, position=3)
    assert list(course.lessons.values_list("title", flat=True)) == ["c", "b", "a"]
    services.lesson_move(lesson=a, by=teacher, direction="down")  # already last: stays
    assert list(course.lessons.values_list("title", flat=True)) == ["c", "b", "a"]
    assert Course.objects.get(pk=course.pk).lesson_count == 3


def test_lesson_reorder_refused_to_stranger(lesson, other_teacher):
    with pytest.raises(PermissionDenied):
        services.lesson_move(lesson=lesson, by=other_teacher, direction="up")


def test_material_type_and_size_checked(lesson, teacher, settings):
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError):
        services.material_add(lesson=lesson, by=teacher, title="x", file=bad)
    big = SimpleUploadedFile("big.pdf", b"0" * 10)
    big.size = 50 * 1024 * 1024
    with pytest.raises(ValidationError):
        services.material_add(lesson=lesson, by=teacher, title="x", file=big)
    ok = services.material_add(
        lesson=lesson, by=teacher, title="Конспект", file=SimpleUploadedFile("n.pdf", b"%PDF")
    )
    assert ok.original_name == "n.pdf" and ok.size == 4
    with pytest.raises(ValidationError):
        services.material_add(lesson=lesson, by=teacher, title="x")


# ---- Submissions


def test_submission_needs_enrollment(assignment, stranger):
    with pytest.raises(PermissionDenied):
        services.submission_submit(assignment=assignment, student=stranger, answer="x")


def test_resubmission_before_checking_replaces(assignment, student, enrollment):
    first = services.submission_submit(assignment=assignment, student=student, answer="один")
    second = services.submission_submit(assignment=assignment, student=student, answer="два")
    assert first.pk == second.pk
    assert Submission.objects.get().answer == "два"


def test_resubmission_after_checking_refused_until_returned(
    assignment, student, enrollment, teacher
):
    sub = services.submission_submit(assignment=assignment, student=student, answer="один")
    services.submission_grade(submission=sub, by=teacher, grade=4, comment="Слабо")
    with pytest.raises(ValidationError):
        services.submission_submit(assignment=assignment, student=student, answer="два")
    assert Submission.objects.get().answer == "один"
    services.submission_return(submission=sub, by=teacher, comment="Переделайте")
    again = services.submission_submit(assignment=assignment, student=student, answer="два")
    assert again.status == Submission.Status.SUBMITTED and again.grade is None


def test_empty_submission_refused(assignment, student, enrollment):
    with pytest.raises(ValidationError):
        services.submission_submit(assignment=assignment, student=student, answer="  ")
    assert not Submission.objects.exists()


def test_late_marking(lesson, student, enrollment):
    past = AssignmentFactory(lesson=lesson, due_at=timezone.now() - datetime.timedelta(hours=1))
    future = AssignmentFactory(lesson=lesson, due_at=timezone.now() + datetime.timedelta(days=1))
    none = AssignmentFactory(lesson=lesson, due_at=None)
    assert services.submission_submit(assignment=past, student=student, answer="x").is_late
    assert not services.submission_submit(assignment=future, student=student, answer="x").is_late
    assert not services.submission_submit(assignment=none, student=student, answer="x").is_late


@pytest.mark.parametrize("grade", [-1, 11, None])
def test_grade_out_of_range_refused(assignment, student, enrollment, teacher, grade):
    sub = services.submission_submit(assignment=assignment, student=student, answer="x")
    with pytest.raises(ValidationError):
        services.submission_grade(submission=sub, by=teacher, grade=grade)
    sub.refresh_from_db()
    assert sub.status == Submission.Status.SUBMITTED and sub.grade is None


def test_grade_bounds_accepted_and_student_notified(
    assignment, student, enrollment, teacher, django_capture_on_commit_callbacks
):
    sub = services.submission_submit(assignment=assignment, student=student, answer="x")
    services.submission_grade(submission=sub, by=teacher, grade=0)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_grade(submission=sub, by=teacher, grade=10, comment="Отлично")
    sub.refresh_from_db()
    assert sub.grade == 10 and sub.teacher_comment == "Отлично"
    assert Notification.objects.filter(recipient=student).count() >= 2
    assert any(student.email in m.to for m in mail.outbox)


def test_only_course_teacher_grades(assignment, student, enrollment, other_teacher):
    sub = services.submission_submit(assignment=assignment, student=student, answer="x")
    with pytest.raises(PermissionDenied):
        services.submission_grade(submission=sub, by=other_teacher, grade=5)
    with pytest.raises(PermissionDenied):
        services.submission_grade(submission=sub, by=student, grade=10)


# ---- Enrollment and reviews


def test_enroll_rules(course, student, employer, teacher):
    services.enrollment_create(course=course, student=student)
    services.enrollment_create(course=course, student=student)  # twice is harmless
    assert Enrollment.objects.count() == 1
    assert Course.objects.get(pk=course.pk).student_count == 1
    for user in (employer, teacher):
        with pytest.raises(PermissionDenied):
            services.enrollment_create(course=course, student=user)
    draft = CourseFactory(is_published=False)
    with pytest.raises(PermissionDenied):
        services.enrollment_create(course=draft, student=student)


def test_review_once_per_student_and_average(course, student, enrollment):
    services.review_save(course=course, student=student, rating=5, text="Супер")
    services.review_save(course=course, student=student, rating=3, text="Передумал")
    other = StudentFactory()
    EnrollmentFactory(course=course, student=other)
    services.review_save(course=course, student=other, rating=4)
    course.refresh_from_db()
    assert course.rating_count == 2 and course.rating == 3.5
    with pytest.raises(ValidationError):
        services.review_save(course=course, student=student, rating=6)


def test_review_needs_enrollment(course, stranger):
    with pytest.raises(PermissionDenied):
        services.review_save(course=course, student=stranger, rating=5)


# ---- Certificates


def test_certificate_issued_exactly_when_rules_hold(
    course,
    lesson,
    assignment,
    quiz,
    student,
    enrollment,
    teacher,
    django_capture_on_commit_callbacks,
):
    services.lesson_mark_done(lesson=lesson, student=student)
    assert not Certificate.objects.exists()  # assignment and quiz still open
    sub = services.submission_submit(assignment=assignment, student=student, answer="x")
    services.submission_grade(submission=sub, by=teacher, grade=5)  # below the pass grade
    assert not Certificate.objects.exists()
    services.submission_grade(submission=sub, by=teacher, grade=8)
    assert not Certificate.objects.exists()  # the quiz is not passed yet
    attempt = services.attempt_start(quiz=quiz, student=student)
    question = quiz.questions.get()
    right = question.choices.get(is_correct=True)
    from django.http import QueryDict

    with django_capture_on_commit_callbacks(execute=True):
        services.attempt_submit(
            attempt=attempt, student=student, data=QueryDict(f"q{question.pk}={right.pk}")
        )
    certificate = Certificate.objects.get()
    assert certificate.student == student and certificate.status == Certificate.Status.ISSUED
    assert Enrollment.objects.get(pk=enrollment.pk).completed_at is not None
    # Completing another step later does not issue a second one.
    services.lesson_mark_done(lesson=lesson, student=student)
    assert Certificate.objects.count() == 1
    assert any("сертификат" in m.subject.lower() or "certificate" in m.subject.lower()
               for m in mail.outbox)  # fmt: skip


def test_undone_lesson_blocks_certificate(course, student, enrollment):
    first = LessonFactory(course=course)
    LessonFactory(course=course)
    services.lesson_mark_done(lesson=first, student=student)
    assert not Certificate.objects.exists()


def test_teacher_issues_and_revokes(course, student, enrollment, teacher, other_teacher):
    with pytest.raises(PermissionDenied):
        services.certificate_issue(course=course, student=student, by=other_teacher)
    certificate = services.certificate_issue(course=course, student=student, by=teacher)
    assert certificate.by_teacher
    assert services.certificate_issue(course=course, student=student, by=teacher) == certificate
    with pytest.raises(PermissionDenied):
        services.certificate_revoke(certificate=certificate, by=student)
    services.certificate_revoke(certificate=certificate, by=teacher)
    assert Certificate.objects.get().is_revoked


@pytest.mark.django_db(transaction=True)
def test_certificate_once_under_concurrency(django_db_blocker):
    """Two requests complete the last step at the same time: one certificate."""
    course = CourseFactory()
    lesson = LessonFactory(course=course)
    student = StudentFactory()
    EnrollmentFactory(course=course, student=student)
    from learning.models import LessonProgress

    LessonProgress.objects.create(student=student, lesson=lesson)
    barrier = threading.Barrier(2)
    results = []

    def finish():
        try:
            barrier.wait(timeout=5)
            fresh_student = type(student).objects.get(pk=student.pk)
            fresh_course = Course.objects.get(pk=course.pk)
            results.append(
                services.certificate_issue_if_complete(student=fresh_student, course=fresh_course)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=finish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Certificate.objects.filter(student=student, course=course).count() == 1
    assert sum(1 for r in results if r is not None) == 1


def test_lesson_model_ordering(course):
    LessonFactory(course=course, order=2, title="b")
    LessonFactory(course=course, order=1, title="a")
    assert [lesson.title for lesson in Lesson.objects.filter(course=course)] == ["a", "b"]
