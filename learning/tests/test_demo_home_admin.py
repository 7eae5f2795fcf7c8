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
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (
        Course.objects.count(),
        Submission.objects.count(),
        Certificate.objects.count(),
    )


def test_home_page_shows_popular_courses(client, course):
    html = client.get("/").content.decode()
    assert course.title in html and "/courses/" in html


def test_home_page_empty_state(client, db):
    assert client.get("/").status_code == 200


def test_admin_activity_lists_learning_events(client, staff, course, student, enrollment):
    client.force_login(staff)
    html = client.get("/admin/").content.decode()
    assert course.title in html


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
