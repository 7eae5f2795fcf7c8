"""Demo data, the home-page section and the admin activity panel."""

import io

import pytest
from django.core.management import call_command

from learning.models import Assignment, Certificate, Course, Quiz, Review, Submission


@pytest.mark.django_db
def test_seed_demo_is_complete_and_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Course.objects.count(), Submission.objects.count(), Certificate.objects.count())
    assert Course.objects.filter(is_published=True).count() == 3
    for course in Course.objects.all():
        assert course.lessons.exists() and course.quizzes.exists()
        assert Assignment.objects.filter(lesson__course=course).exists()
        assert course.lesson_count == course.lessons.count()
    assert Submission.objects.filter(status=Submission.Status.CHECKED).exists()
    assert Submission.objects.filter(status=Submission.Status.SUBMITTED).exists()
    assert Certificate.objects.filter(status=Certificate.Status.ISSUED).count() == 1
    assert Review.objects.exists() and Quiz.objects.count() == 3
    # The teaching chart has a shape and the demo teacher has work to grade.
    from learning.models import Enrollment

    assert Enrollment.objects.dates("enrolled_at", "day").count() >= 5
    assert Submission.objects.filter(
        status=Submission.Status.SUBMITTED,
        assignment__lesson__course__teacher__email="teacher@guildhall.local",
    ).exists()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (
        Course.objects.count(),
        Submission.objects.count(),
        Certificate.objects.count(),
    )


def test_home_page_shows_popular_courses(client, course):
    html = client.get("/").content.decode()
    assert course.title in html and "/courses/" in html


def test_home_page_empty_state(client, db, teacher):
    from learning.tests.factories import CourseFactory

    CourseFactory(is_published=False, title="Черновик курса")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="home-courses-title"' in html
    assert "Черновик курса" not in html and ("Курсов пока нет" in html or "No courses yet" in html)
    client.force_login(teacher)  # a teacher is offered to create the first one
    assert "/courses/new/" in client.get("/").content.decode()


def test_admin_activity_lists_learning_events(client, staff, course, student, enrollment):
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    assert course.title in html


def test_admin_activity_counts_learning(client, staff, course, lesson, assignment, student,
                                        enrollment, teacher):  # fmt: skip
    """Totals and the past week: an old enrollment counts in the total only."""
    import datetime
    import re

    from django.utils import timezone

    from learning import services
    from learning.models import Enrollment
    from learning.tests.factories import EnrollmentFactory, StudentFactory

    old = EnrollmentFactory(course=course, student=StudentFactory())
    Enrollment.objects.filter(pk=old.pk).update(
        enrolled_at=timezone.now() - datetime.timedelta(days=30)
    )
    services.submission_submit(assignment=assignment, student=student, answer="x")
    services.certificate_issue(course=course, student=student, by=teacher)
    client.force_login(staff)
    html = client.get("/admin/").content.decode()

    def numbers(key):
        card = re.search(rf'id="activity-{key}">(.*?)</li>', html, re.S).group(1)
        total = re.search(r'activity-stat-total">([^<]*)<', card).group(1)
        recent = re.search(r"activity-stat-recent[^>]*>\s*\+(\S+)", card).group(1)
        return total.strip(), recent.strip()

    assert numbers("courses") == ("1", "1")
    assert numbers("enrollments") == ("2", "1")
    assert numbers("submissions") == ("1", "1")
    assert numbers("certificates") == ("1", "1")


@pytest.mark.parametrize(
    "model",
    ["course", "lesson", "assignment", "submission", "enrollment", "quiz", "question",
     "attempt", "certificate", "comment", "review", "lessonprogress"],
)  # fmt: skip
def test_admin_lists_with_search(client, staff, model, course):
    client.force_login(staff)
    assert client.get(f"/admin/learning/{model}/?q=x").status_code == 200


def test_admin_revokes_certificates_and_hides_reviews(client, staff, course, student, enrollment):
    from learning import services

    certificate = services.certificate_issue(course=course, student=student, by=staff)
    review = services.review_save(course=course, student=student, rating=2)
    client.force_login(staff)
    client.post(
        "/admin/learning/certificate/",
        {"action": "revoke", "_selected_action": [certificate.pk]},
    )
    client.post("/admin/learning/review/", {"action": "hide", "_selected_action": [review.pk]})
    certificate.refresh_from_db()
    course.refresh_from_db()
    assert certificate.is_revoked and course.rating_count == 0
