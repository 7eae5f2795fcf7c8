"""Endpoints a client needs beyond the resources' CRUD: deleting my review, editing my
chat message, an organization's join requests and members, thread subscriptions,
reports, the teacher's gradebook (+ CSV), the employer's dashboard and the staff's
newsletters. Each goes through the site's own services and predicates; the refusals are
in tests/test_api_permissions.py, the happy paths and their effects here."""

from __future__ import annotations

import csv
import io

import pytest

from accounts.models import Membership, MembershipRequest, Notification
from accounts.tests.factories import UserFactory
from board.models import Newsletter
from community.models import Forum, Report, ThreadSubscription
from community.services import blogs as blog_services
from community.services import chats as chat_services
from community.services import forums as forum_services
from internships.tests.factories import ApplicationFactory, EmployerFactory, PostingFactory
from learning import services as learning_services
from learning.models import Review
from learning.tests.factories import (
    AssignmentFactory,
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    QuizFactory,
    StudentFactory,
    SubmissionFactory,
)
from tests.api import assert_error

pytestmark = pytest.mark.django_db


def test_delete_my_review_recomputes_the_rating(api):
    course = CourseFactory()
    mine, theirs = StudentFactory(), StudentFactory()
    for student, rating in ((mine, 1), (theirs, 5)):
        EnrollmentFactory(course=course, student=student)
        learning_services.review_save(course=course, student=student, rating=rating)
    review = Review.objects.get(student=mine)
    url = f"/api/courses/{course.pk}/reviews/{review.pk}/"
    assert_error(api(theirs).delete(url), 403)
    assert_error(api(mine).delete(f"/api/courses/{CourseFactory().pk}/reviews/{review.pk}/"), 404)
    assert api(mine).delete(url).status_code == 204
    course.refresh_from_db()
    assert not Review.objects.filter(pk=review.pk).exists()
    assert (course.rating_sum, course.rating_count) == (5, 1)
    assert_error(api(mine).delete(url), 404)


def test_edit_my_chat_message(api):
    anna, boris = UserFactory(), UserFactory()
    chat = chat_services.chat_start(by=anna, members=[boris])
    message = chat_services.message_send(chat=chat, sender=anna, text="Превет")
    url = f"/api/chats/{chat.pk}/messages/{message.pk}/"
    assert_error(api(boris).patch(url, {"text": "чужое"}), 403)
    assert_error(api(anna).patch(url, {"text": ""}), 400, field="text")
    edited = api(anna).patch(url, {"text": "Привет"})
    assert edited.status_code == 200, edited.content
    assert edited.json()["text"] == "Привет" and edited.json()["edited"] is True
    listed = api(boris).get(f"/api/chats/{chat.pk}/messages/").json()["results"]
    assert listed[0]["text"] == "Привет"


def test_organization_join_requests_members_and_owners(api):
    owner = EmployerFactory()
    org = owner.organizations.first()
    newcomer, declined = UserFactory(), UserFactory()
    for user in (newcomer, declined):
        assert api(user).post(f"/api/organizations/{org.pk}/join/").status_code == 200
    pending = api(owner).get(f"/api/organizations/{org.pk}/join-requests/")
    assert pending.status_code == 200
    by_user = {row["user"]["id"]: row["id"] for row in pending.json()["results"]}
    assert set(by_user) == {newcomer.pk, declined.pk}
    base = f"/api/organizations/{org.pk}"
    approved = api(owner).post(f"{base}/join-requests/{by_user[newcomer.pk]}/approve/")
    assert approved.status_code == 200 and approved.json()["member_count"] == 2
    assert (
        api(owner).post(f"{base}/join-requests/{by_user[declined.pk]}/decline/").status_code == 200
    )
    assert not MembershipRequest.objects.filter(organization=org).exists()
    assert not Membership.objects.filter(organization=org, user=declined).exists()
    assert Notification.objects.filter(recipient=declined).exists()
    # Removing the only owner is a conflict; after naming a second owner it works.
    assert_error(api(owner).delete(f"{base}/members/{owner.pk}/"), 409, "last_owner")
    assert_error(api(newcomer).post(f"{base}/members/{newcomer.pk}/make-owner/"), 403)
    made = api(owner).post(f"{base}/members/{newcomer.pk}/make-owner/")
    assert made.status_code == 200 and made.json()["role"] == "owner"
    assert api(newcomer).delete(f"{base}/members/{owner.pk}/").status_code == 204
    assert list(org.memberships.values_list("user_id", "role")) == [(newcomer.pk, "owner")]
    assert_error(api(newcomer).delete(f"{base}/members/{owner.pk}/"), 404)


def test_thread_subscribe_and_unsubscribe(api):
    author, reader = UserFactory(), UserFactory()
    forum = Forum.objects.create(title="Общий")
    thread = forum_services.thread_create(forum=forum, author=author, title="Тема", text="x")
    url = f"/api/threads/{thread.pk}/subscribe/"
    assert api(reader).post(url).json() == {"subscribed": True}
    assert api(reader).post(url).json() == {"subscribed": True}  # twice is once
    assert ThreadSubscription.objects.filter(thread=thread, user=reader).count() == 1
    assert api(reader).delete(url).json() == {"subscribed": False}
    assert not ThreadSubscription.objects.filter(thread=thread, user=reader).exists()
    assert_error(api(reader).post("/api/threads/999999/subscribe/"), 404)


def test_report_content_once(api):
    author, reader = UserFactory(), UserFactory()
    post = blog_services.blog_post_create(author=author, title="Пост", body="<p>x</p>")
    body = {"kind": "blog_post", "id": post.pk, "reason": "spam", "comment": "реклама"}
    first = api(reader).post("/api/reports/", body)
    assert first.status_code == 201, first.content
    assert first.json()["kind"] == "blog_post" and first.json()["object_id"] == post.pk
    again = api(reader).post("/api/reports/", body)
    assert again.json()["id"] == first.json()["id"]
    assert Report.objects.count() == 1
    assert_error(api(reader).post("/api/reports/", {**body, "id": "x"}), 404)
    # A chat message: only its chat's members may report it.
    chat = chat_services.chat_start(by=author, members=[reader])
    message = chat_services.message_send(chat=chat, sender=author, text="хамство")
    report = {"kind": "chat_message", "id": message.pk, "reason": "abuse"}
    assert_error(api(UserFactory()).post("/api/reports/", report), 404)
    assert api(reader).post("/api/reports/", report).status_code == 201


@pytest.fixture
def graded_course():
    course = CourseFactory()
    lesson = LessonFactory(course=course)
    assignment = AssignmentFactory(lesson=lesson, title="=HYPERLINK(1)")
    QuizFactory(course=course)
    students = [StudentFactory() for _ in range(3)]
    for student in students:
        EnrollmentFactory(course=course, student=student)
    submission = SubmissionFactory(assignment=assignment, student=students[0])
    learning_services.submission_grade(submission=submission, by=course.teacher, grade=9)
    return course, assignment, students


def test_gradebook(api, graded_course, django_assert_max_num_queries):
    course, assignment, students = graded_course
    url = f"/api/courses/{course.pk}/gradebook/"
    book = api(course.teacher).get(url, {"page_size": 2})
    assert book.status_code == 200, book.content
    body = book.json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert [a["id"] for a in body["assignments"]] == [assignment.pk]
    everyone = api(course.teacher).get(url, {"page_size": 100}).json()["results"]
    graded = next(r for r in everyone if r["student"]["id"] == students[0].pk)
    assert graded["assignments"][0]["grade"] == 9 and graded["quizzes"][0]["percent"] is None
    for _ in range(10):
        EnrollmentFactory(course=course, student=StudentFactory())
    with django_assert_max_num_queries(12):
        assert api(course.teacher).get(url, {"page_size": 100}).json()["count"] == 13


def test_gradebook_csv(api, graded_course):
    course, _assignment, _students = graded_course
    response = api(course.teacher).get(f"/api/courses/{course.pk}/gradebook/csv/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="gradebook-{course.pk}.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 4 and "'=HYPERLINK(1)" in rows[0]  # never a live formula
    assert "9" in [cell for row in rows[1:] for cell in row]
    # The site's own download streams the same rows.
    from django.test import Client

    client = Client()
    client.force_login(course.teacher)
    site = client.get(f"/courses/{course.pk}/gradebook.csv")
    assert list(csv.reader(io.StringIO(b"".join(site.streaming_content).decode()))) == rows


def test_employer_dashboard(api):
    employer = EmployerFactory()
    posting = PostingFactory(employer=employer)
    PostingFactory(employer=employer, kind="job")
    ApplicationFactory(posting=posting)
    ApplicationFactory(posting=posting, status="viewed")
    ApplicationFactory()  # someone else's posting
    body = api(employer).get("/api/internships/dashboard/").json()
    assert body["count"] == 2 and body["application_total"] == 2
    counts = {row["status"]: row["count"] for row in body["status_counts"]}
    assert counts["submitted"] == 1 and counts["viewed"] == 1
    assert body["chart"]["total"] == 2 and len(body["chart"]["days"]) == 30
    row = next(r for r in body["results"] if r["id"] == posting.pk)
    assert (row["applicant_count"], row["new_count"]) == (2, 1)


def test_staff_newsletters(api, mailoutbox):
    staff = UserFactory(staff=True)
    created = api(staff).post(
        "/api/newsletters/",
        {"subject": "Новый сезон", "body": "<p>Скоро</p><script>x()</script>"},
    )
    assert created.status_code == 201, created.content
    newsletter = created.json()
    assert newsletter["state"] == "draft" and "<script>" not in newsletter["body"]
    url = f"/api/newsletters/{newsletter['id']}/"
    assert api(staff).patch(url, {"subject": "Сезон 2"}).json()["subject"] == "Сезон 2"
    assert api(staff).get("/api/newsletters/").json()["count"] == 1
    sent = api(staff).post(f"{url}send/")
    assert sent.status_code == 202 and sent.json()["state"] in ("sending", "sent")
    assert Newsletter.objects.get(pk=newsletter["id"]).state != "draft"
    assert_error(api(staff).post(f"{url}send/"), 409)
    assert_error(api(staff).patch(url, {"subject": "поздно"}), 409, "not_draft")


def test_new_lists_run_a_constant_number_of_queries(api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from board.tests.factories import NewsletterFactory

    staff, employer = UserFactory(staff=True), EmployerFactory()
    org = employer.organizations.first()
    course = CourseFactory()
    assignment = AssignmentFactory(lesson=LessonFactory(course=course))
    QuizFactory(course=course)
    views = {
        "/api/newsletters/?page_size=100": staff,
        f"/api/organizations/{org.pk}/join-requests/?page_size=100": employer,
        "/api/internships/dashboard/?page_size=100": employer,
        f"/api/courses/{course.pk}/gradebook/?page_size=100": course.teacher,
    }

    def grow(n):
        while Newsletter.objects.count() < n:
            NewsletterFactory(created_by=staff)
            MembershipRequest.objects.create(organization=org, user=UserFactory())
            ApplicationFactory(posting=PostingFactory(employer=employer, organization=org))
            student = StudentFactory()
            EnrollmentFactory(course=course, student=student)
            SubmissionFactory(assignment=assignment, student=student)

    counts = {}
    grow(5)
    for url, user in views.items():
        with CaptureQueriesContext(connection) as queries:
            assert api(user).get(url).status_code == 200
        counts[url] = len(queries)
    grow(50)
    for url, user in views.items():
        with CaptureQueriesContext(connection) as queries:
            body = api(user).get(url).json()
        assert len(body["results"]) >= 50, url
        assert len(queries) <= counts[url], (url, counts[url], len(queries))
