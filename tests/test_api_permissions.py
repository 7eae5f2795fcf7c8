"""The permission matrix of the JSON API: for every resource family, who is refused what,
with which status and error code, each refusal in the one error body
(`{"error": {"code", "message", "fields"}}`), and nothing changed by a refused write.

`MATRIX` is the table; `test_every_write_operation_has_a_refusal` fails when the schema
gains a write operation (POST, PUT, PATCH, DELETE) that no row refuses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership, MembershipRequest
from accounts.tests.factories import OrganizationFactory, UserFactory
from board.tests.factories import AdFactory, NewsletterFactory, ResponseFactory
from community.models import Forum
from community.services import blogs as blog_services
from community.services import chats as chat_services
from community.services import forums as forum_services
from community.services import videos as video_services
from internships.tests.factories import (
    ApplicationFactory,
    AuctionFactory,
    EmployerFactory,
    PostingFactory,
    StudentFactory,
)
from learning import services as learning_services
from learning.models import Certificate, Review
from learning.tests.factories import (
    AssignmentFactory,
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    QuizFactory,
    SubmissionFactory,
    TeacherFactory,
    single_question,
)
from tests.api import assert_error

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Row:
    """`actor` doing `method path` (placeholders filled from the world) is refused with
    `status` and error `code`."""

    method: str
    path: str
    actor: str
    status: int
    code: str
    body: dict = field(default_factory=dict, hash=False, compare=False)
    ids: tuple = ()  # (placeholder, world key) pairs overriding the defaults

    def __str__(self):
        return f"{self.method} {self.path} as {self.actor}"


def R(method, path, actor, status, code, body=None, **ids):
    return Row(method, path, actor, status, code, body or {}, tuple(sorted(ids.items())))


ANON, NOTAUTH = "anon", "not_authenticated"
DENIED, NOTFOUND, INVALID = "permission_denied", "not_found", "invalid"

MATRIX = [
    # ---- Auth and my account
    R("POST", "/api/auth/register/", ANON, 400, INVALID, {"email": "nope"}),
    R("POST", "/api/auth/verify-email/", ANON, 400, "invalid_code",
      {"email": "a@b.c", "code": "x"}),
    R("POST", "/api/auth/login/", ANON, 400, "invalid_credentials",
      {"email": "student@x.local", "password": "wrong-password"}),
    R("POST", "/api/auth/refresh/", ANON, 401, "token_not_valid", {"refresh": "garbage"}),
    R("POST", "/api/auth/logout/", "student", 401, "token_not_valid", {"refresh": "garbage"}),
    R("POST", "/api/auth/password-reset/", ANON, 400, INVALID, {"email": "nope"}),
    R("POST", "/api/auth/password-reset/confirm/", ANON, 400, "invalid_key",
      {"key": "bad", "password": "N3w-pass-phrase!"}),
    R("PUT", "/api/auth/user/", ANON, 401, NOTAUTH),
    R("PATCH", "/api/auth/user/", ANON, 401, NOTAUTH),
    R("DELETE", "/api/auth/user/", ANON, 401, NOTAUTH),
    R("DELETE", "/api/auth/user/", "student", 400, "wrong_password", {"password": "wrong"}),
    R("POST", "/api/notifications/read/", ANON, 401, NOTAUTH),
    # ---- Profiles
    R("PUT", "/api/users/{id}/profile/", "other", 403, DENIED, {"headline": "x"}),
    R("PATCH", "/api/users/{id}/profile/", "other", 403, DENIED, {"headline": "x"}),
    R("PATCH", "/api/users/{id}/profile/", ANON, 401, NOTAUTH, {"headline": "x"}),
    R("POST", "/api/users/{id}/avatar/", "other", 403, DENIED),
    R("DELETE", "/api/users/{id}/avatar/", "other", 403, DENIED),
    # ---- Organizations
    R("POST", "/api/organizations/", ANON, 401, NOTAUTH, {"name": "Орг"}),
    R("PUT", "/api/organizations/{id}/", "student", 403, DENIED, {"name": "Орг"}),
    R("PATCH", "/api/organizations/{id}/", "employer2", 403, DENIED, {"name": "Орг"}),
    R("POST", "/api/organizations/{id}/join/", ANON, 401, NOTAUTH),
    R("POST", "/api/organizations/{id}/leave/", ANON, 401, NOTAUTH),
    R("GET", "/api/organizations/{id}/join-requests/", "student", 403, DENIED),
    R("POST", "/api/organizations/{id}/join-requests/{request_id}/approve/", "employer2", 403,
      DENIED),
    R("POST", "/api/organizations/{id}/join-requests/{request_id}/decline/", "other", 403,
      DENIED),
    R("POST", "/api/organizations/{id}/join-requests/{request_id}/approve/", "employer", 404,
      NOTFOUND, request_id="missing"),
    R("DELETE", "/api/organizations/{id}/members/{user_id}/", "student", 403, DENIED,
      user_id="employer_id"),
    R("DELETE", "/api/organizations/{id}/members/{user_id}/", "employer", 409, "last_owner",
      user_id="employer_id"),
    R("POST", "/api/organizations/{id}/members/{user_id}/make-owner/", "employer2", 403, DENIED,
      user_id="employer_id"),
    R("POST", "/api/organizations/{id}/members/{user_id}/make-owner/", "employer", 404,
      NOTFOUND, user_id="other_id"),
    # ---- Board: ads and responses
    R("POST", "/api/ads/", ANON, 401, NOTAUTH, {"title": "x"}),
    R("POST", "/api/ads/", "student", 400, INVALID, {"title": ""}),
    R("PUT", "/api/ads/{id}/", "other", 403, DENIED, {"title": "x", "category": "tanks"}),
    R("PATCH", "/api/ads/{id}/", "other", 403, DENIED, {"title": "x"}),
    R("DELETE", "/api/ads/{id}/", "other", 403, DENIED),
    R("DELETE", "/api/ads/{id}/", ANON, 401, NOTAUTH),
    R("POST", "/api/ads/{ad_pk}/responses/", "student", 403, "own_ad", {"text": "Я!"}),
    R("POST", "/api/ads/{ad_pk}/responses/", ANON, 401, NOTAUTH, {"text": "Я!"}),
    R("DELETE", "/api/responses/{id}/", "other", 404, NOTFOUND),
    R("DELETE", "/api/responses/{id}/", "responder", 404, NOTFOUND),
    R("POST", "/api/responses/{id}/accept/", "other", 404, NOTFOUND),
    R("POST", "/api/responses/{id}/accept/", "responder", 404, NOTFOUND),
    # ---- Postings and applications
    R("POST", "/api/internships/", "student", 403, DENIED, {"title": "x"}),
    R("POST", "/api/jobs/", "student", 403, DENIED, {"title": "x"}),
    R("PUT", "/api/internships/{id}/", "employer2", 403, DENIED, {"title": "x"}),
    R("PATCH", "/api/internships/{id}/", "employer2", 403, DENIED, {"title": "x"}),
    R("DELETE", "/api/internships/{id}/", "employer2", 403, DENIED),
    R("POST", "/api/internships/{id}/close/", "employer2", 403, DENIED),
    R("POST", "/api/internships/{id}/reopen/", "student", 403, DENIED),
    R("PUT", "/api/jobs/{id}/", "employer2", 403, DENIED, {"title": "x"}),
    R("PATCH", "/api/jobs/{id}/", "student", 403, DENIED, {"title": "x"}),
    R("DELETE", "/api/jobs/{id}/", "employer2", 403, DENIED),
    R("POST", "/api/jobs/{id}/close/", "employer2", 403, DENIED),
    R("POST", "/api/jobs/{id}/reopen/", "employer2", 403, DENIED),
    R("POST", "/api/users/{user_id}/internships/", "employer", 403, DENIED,
      {"posting": "@posting"}, user_id="employer_id"),
    R("POST", "/api/users/{user_id}/internships/", "other", 403, DENIED, {"posting": "@posting"}),
    R("POST", "/api/users/{user_id}/internships/", "student", 409, "duplicate",
      {"posting": "@posting"}),
    R("POST", "/api/users/{user_id}/jobs/", "other", 403, DENIED, {"posting": "@job"}),
    R("DELETE", "/api/users/{user_id}/internships/{id}/", "other", 403, DENIED,
      id="application"),
    R("DELETE", "/api/users/{user_id}/jobs/{id}/", "other", 403, DENIED, id="job_application"),
    R("POST", "/api/applications/{id}/status/", "employer2", 404, NOTFOUND,
      {"status": "accepted"}),
    R("POST", "/api/applications/{id}/status/", "student", 403, DENIED, {"status": "accepted"}),
    R("POST", "/api/applications/{id}/viewed/", "employer2", 404, NOTFOUND),
    # ---- Auctions and bids
    R("POST", "/api/auctions/", "employer", 403, DENIED, {"title": "x"}),
    R("POST", "/api/auctions/", ANON, 401, NOTAUTH, {"title": "x"}),
    R("POST", "/api/auctions/{id}/bids/", "student", 403, DENIED, {"amount": 100000}),
    R("POST", "/api/auctions/{id}/bids/", ANON, 401, NOTAUTH, {"amount": 100000}),
    R("POST", "/api/auctions/{id}/cancel/", "employer", 403, DENIED),
    R("POST", "/api/auctions/{id}/cancel/", "student", 403, DENIED),
    # ---- Newsletters (staff only) and the employer's dashboard
    R("GET", "/api/newsletters/", "student", 403, DENIED),
    R("GET", "/api/newsletters/", ANON, 401, NOTAUTH),
    R("POST", "/api/newsletters/", "employer", 403, DENIED, {"subject": "x", "body": "<p>x</p>"}),
    R("PATCH", "/api/newsletters/{id}/", "teacher", 403, DENIED, {"subject": "x"}),
    R("PATCH", "/api/newsletters/{id}/", "staff", 409, "not_draft", {"subject": "x"},
      id="sent_newsletter"),
    R("POST", "/api/newsletters/{id}/send/", "student", 403, DENIED),
    R("POST", "/api/newsletters/{id}/send/", "staff", 409, "conflict", id="sent_newsletter"),
    R("GET", "/api/internships/dashboard/", "student", 403, DENIED),
    R("GET", "/api/internships/dashboard/", ANON, 401, NOTAUTH),
    # ---- Courses
    R("POST", "/api/courses/", "student", 403, DENIED, {"title": "x"}),
    R("PATCH", "/api/courses/{id}/", "teacher2", 403, DENIED, {"title": "x"}),
    R("PATCH", "/api/courses/{id}/", "student", 403, DENIED, {"title": "x"}),
    R("DELETE", "/api/courses/{id}/", "teacher2", 403, DENIED),
    R("POST", "/api/courses/{id}/enroll/", ANON, 401, NOTAUTH),
    R("DELETE", "/api/courses/{id}/enroll/", ANON, 401, NOTAUTH),
    R("POST", "/api/courses/{id}/enroll/", "teacher2", 403, DENIED),
    R("POST", "/api/courses/{id}/certificates/", "teacher2", 403, DENIED,
      {"student": "@student_id"}),
    R("POST", "/api/courses/{id}/certificates/", "student", 403, DENIED,
      {"student": "@student_id"}),
    # ---- Lessons and materials
    R("POST", "/api/courses/{course_pk}/lessons/", "student", 403, DENIED, {"title": "x"}),
    R("POST", "/api/courses/{course_pk}/lessons/", ANON, 401, NOTAUTH, {"title": "x"}),
    R("PUT", "/api/lessons/{id}/", "student", 403, DENIED, {"title": "x"}),
    R("PATCH", "/api/lessons/{id}/", "teacher2", 403, DENIED, {"title": "x"}),
    R("DELETE", "/api/lessons/{id}/", "student", 403, DENIED),
    R("POST", "/api/lessons/{id}/move/", "student", 403, DENIED, {"direction": "up"}),
    R("POST", "/api/lessons/{id}/done/", "other", 403, DENIED),
    R("DELETE", "/api/lessons/{id}/done/", ANON, 401, NOTAUTH),
    R("POST", "/api/lessons/{id}/materials/", "student", 403, DENIED,
      {"title": "x", "url": "https://x.org"}),
    R("DELETE", "/api/materials/{id}/", "student", 403, DENIED),
    R("GET", "/api/materials/{id}/file/", "other", 403, DENIED),
    R("GET", "/api/materials/{id}/file/", ANON, 401, NOTAUTH),
    R("GET", "/api/submissions/{id}/file/", "enrolled", 404, NOTFOUND),
    R("POST", "/api/lessons/{id}/assignments/", "student", 403, DENIED, {"title": "x"}),
    # ---- Assignments and submissions
    R("PUT", "/api/assignments/{id}/", "student", 403, DENIED, {"title": "x"}),
    R("PATCH", "/api/assignments/{id}/", "teacher2", 403, DENIED, {"title": "x"}),
    R("DELETE", "/api/assignments/{id}/", "student", 403, DENIED),
    R("POST", "/api/assignments/{id}/submissions/", "other", 403, DENIED, {"answer": "x"}),
    R("POST", "/api/assignments/{id}/submissions/", ANON, 401, NOTAUTH, {"answer": "x"}),
    R("POST", "/api/submissions/{id}/grade/", "student", 403, DENIED, {"grade": 10}),
    R("POST", "/api/submissions/{id}/grade/", "enrolled", 404, NOTFOUND, {"grade": 10}),
    R("POST", "/api/submissions/{id}/grade/", "teacher2", 404, NOTFOUND, {"grade": 10}),
    R("POST", "/api/submissions/{id}/return/", "student", 403, DENIED),
    # ---- Quizzes, questions, choices
    R("POST", "/api/courses/{course_pk}/quizzes/", "student", 403, DENIED, {"title": "x"}),
    R("PUT", "/api/quizzes/{id}/", "student", 403, DENIED, {"title": "x"}),
    R("PATCH", "/api/quizzes/{id}/", "teacher2", 403, DENIED, {"title": "x"}),
    R("DELETE", "/api/quizzes/{id}/", "student", 403, DENIED),
    R("POST", "/api/quizzes/{id}/attempt/", "other", 403, DENIED, {"answers": {}}),
    R("POST", "/api/quizzes/{id}/attempt/", ANON, 401, NOTAUTH, {"answers": {}}),
    R("GET", "/api/courses/{course_pk}/gradebook/", "student", 403, DENIED),
    R("GET", "/api/courses/{course_pk}/gradebook/", "teacher2", 403, DENIED),
    R("GET", "/api/courses/{course_pk}/gradebook/csv/", "student", 403, DENIED),
    R("POST", "/api/quizzes/{id}/questions/", "student", 403, DENIED,
      {"text": "x", "kind": "text", "accepted": "x"}),
    R("PUT", "/api/questions/{id}/", "student", 403, DENIED, {"text": "x", "kind": "single"}),
    R("PATCH", "/api/questions/{id}/", "teacher2", 403, DENIED, {"text": "x"}),
    R("DELETE", "/api/questions/{id}/", "student", 403, DENIED),
    R("PUT", "/api/choices/{id}/", "student", 403, DENIED, {"text": "x", "is_correct": True}),
    R("PATCH", "/api/choices/{id}/", "teacher2", 403, DENIED, {"text": "x"}),
    # ---- Reviews, learning comments, certificates
    R("POST", "/api/courses/{course_pk}/reviews/", "other", 403, DENIED, {"rating": 5}),
    R("POST", "/api/courses/{course_pk}/reviews/", "teacher", 403, DENIED, {"rating": 5}),
    R("DELETE", "/api/courses/{course_pk}/reviews/{id}/", "enrolled", 403, DENIED),
    R("DELETE", "/api/courses/{course_pk}/reviews/{id}/", "teacher", 403, DENIED),
    R("DELETE", "/api/courses/{course_pk}/reviews/{id}/", ANON, 401, NOTAUTH),
    R("POST", "/api/lessons/{target_pk}/comments/", "other", 403, DENIED, {"text": "x"}),
    R("POST", "/api/assignments/{target_pk}/comments/", "other", 403, DENIED, {"text": "x"}),
    R("POST", "/api/submissions/{target_pk}/comments/", "enrolled", 404, NOTFOUND,
      {"text": "x"}),
    R("PATCH", "/api/comments/{id}/", "enrolled", 403, DENIED, {"text": "x"}),
    R("DELETE", "/api/comments/{id}/", "enrolled", 403, DENIED),
    R("POST", "/api/certificates/{uuid}/revoke/", "student", 403, DENIED),
    R("POST", "/api/certificates/{uuid}/revoke/", "teacher2", 403, DENIED),
    # ---- Blogs
    R("POST", "/api/blogs/", ANON, 401, NOTAUTH, {"title": "x"}),
    R("PUT", "/api/blogs/{id}/", "other", 403, DENIED, {"title": "x", "body": "<p>x</p>"}),
    R("PATCH", "/api/blogs/{id}/", "other", 403, DENIED, {"title": "x"}),
    R("DELETE", "/api/blogs/{id}/", "other", 403, DENIED),
    R("POST", "/api/blogs/{id}/like/", ANON, 401, NOTAUTH),
    R("DELETE", "/api/blogs/{id}/like/", ANON, 401, NOTAUTH),
    R("POST", "/api/blogs/{post_pk}/comments/", ANON, 401, NOTAUTH, {"text": "x"}),
    R("PATCH", "/api/blog-comments/{id}/", "other", 403, DENIED, {"text": "x"}),
    R("DELETE", "/api/blog-comments/{id}/", "other", 403, DENIED),
    # ---- Forums, threads, posts
    R("POST", "/api/forums/{forum_pk}/threads/", ANON, 401, NOTAUTH, {"title": "x", "text": "y"}),
    R("POST", "/api/forums/{forum_pk}/threads/", "student", 400, INVALID, {"title": ""}),
    R("POST", "/api/threads/{id}/like/", ANON, 401, NOTAUTH),
    R("DELETE", "/api/threads/{id}/like/", ANON, 401, NOTAUTH),
    R("POST", "/api/threads/{id}/bookmark/", ANON, 401, NOTAUTH),
    R("POST", "/api/threads/{id}/subscribe/", ANON, 401, NOTAUTH),
    R("DELETE", "/api/threads/{id}/subscribe/", ANON, 401, NOTAUTH),
    R("DELETE", "/api/threads/{id}/bookmark/", ANON, 401, NOTAUTH),
    R("POST", "/api/threads/{thread_pk}/posts/", ANON, 401, NOTAUTH, {"text": "x"}),
    R("PATCH", "/api/posts/{id}/", "other", 403, DENIED, {"text": "x"}),
    R("POST", "/api/posts/{id}/like/", ANON, 401, NOTAUTH),
    R("DELETE", "/api/posts/{id}/like/", ANON, 401, NOTAUTH),
    # ---- Chats and messages
    R("POST", "/api/chats/", ANON, 401, NOTAUTH, {"members": [1]}),
    R("GET", "/api/chats/{id}/", "other", 404, NOTFOUND),
    R("POST", "/api/chats/{chat_pk}/members/", "student", 403, DENIED, {"members": ["@other_id"]},
      chat_pk="group"),
    R("POST", "/api/chats/{chat_pk}/members/", "other", 404, NOTFOUND, {"members": ["@other_id"]},
      chat_pk="group"),
    R("DELETE", "/api/chats/{chat_pk}/members/{id}/", "student", 403, DENIED, chat_pk="group",
      id="staff_id"),
    R("POST", "/api/chats/{chat_pk}/messages/", "other", 404, NOTFOUND, {"text": "x"}),
    R("DELETE", "/api/chats/{chat_pk}/messages/{id}/", "staff", 403, DENIED),
    R("PATCH", "/api/chats/{chat_pk}/messages/{id}/", "staff", 403, DENIED, {"text": "x"}),
    R("PATCH", "/api/chats/{chat_pk}/messages/{id}/", "other", 404, NOTFOUND, {"text": "x"}),
    R("PATCH", "/api/chats/{chat_pk}/messages/{id}/", "student", 400, INVALID, {"text": " "}),
    R("DELETE", "/api/chats/{chat_pk}/messages/{id}/", "other", 404, NOTFOUND),
    R("POST", "/api/chats/{chat_pk}/messages/{id}/react/", "other", 404, NOTFOUND,
      {"emoji": "👍"}),
    R("POST", "/api/chats/{id}/archive/", "other", 404, NOTFOUND),
    R("DELETE", "/api/chats/{id}/archive/", "other", 404, NOTFOUND),
    R("POST", "/api/chats/{id}/read/", "other", 404, NOTFOUND),
    # ---- Videos and their comments
    R("POST", "/api/videos/", ANON, 401, NOTAUTH, {"title": "x"}),
    R("PATCH", "/api/videos/{id}/", "other", 403, DENIED, {"title": "x"}),
    R("DELETE", "/api/videos/{id}/", "other", 403, DENIED),
    R("POST", "/api/videos/{id}/like/", ANON, 401, NOTAUTH),
    R("DELETE", "/api/videos/{id}/like/", ANON, 401, NOTAUTH),
    R("POST", "/api/videos/{video_pk}/comments/", ANON, 401, NOTAUTH, {"text": "x"}),
    R("PATCH", "/api/video-comments/{id}/", "other", 403, DENIED, {"text": "x"}),
    R("DELETE", "/api/video-comments/{id}/", "other", 403, DENIED),
    R("POST", "/api/video-comments/{id}/like/", ANON, 401, NOTAUTH),
    R("DELETE", "/api/video-comments/{id}/like/", ANON, 401, NOTAUTH),
    # ---- Reports (what one may not see is a 404, like a missing item)
    R("POST", "/api/reports/", ANON, 401, NOTAUTH, {"kind": "blog_post", "id": "@blog",
                                                    "reason": "spam"}),
    R("POST", "/api/reports/", "other", 404, NOTFOUND, {"kind": "chat_message",
                                                        "id": "@message", "reason": "spam"}),
    R("POST", "/api/reports/", "other", 404, NOTFOUND, {"kind": "nope", "id": 1,
                                                        "reason": "spam"}),
    R("POST", "/api/reports/", "other", 400, INVALID, {"kind": "blog_post", "id": "@blog",
                                                       "reason": "bored"}),
]  # fmt: skip

# Which world object a placeholder names by default: {id} after its path's first segment.
SEGMENT_IDS = {
    "ads": "ad",
    "responses": "response",
    "internships": "posting",
    "jobs": "job",
    "applications": "application",
    "auctions": "auction",
    "courses": "course",
    "lessons": "lesson",
    "assignments": "assignment",
    "submissions": "submission",
    "quizzes": "quiz",
    "questions": "question",
    "choices": "choice",
    "comments": "lcomment",
    "materials": "material",
    "certificates": "certificate",
    "blogs": "blog",
    "blog-comments": "bcomment",
    "forums": "forum",
    "threads": "thread",
    "posts": "fpost",
    "chats": "chat",
    "videos": "video",
    "video-comments": "vcomment",
    "organizations": "org",
    "users": "student_id",
    "newsletters": "newsletter",
}
NAMED_IDS = {
    "ad_pk": "ad",
    "course_pk": "course",
    "chat_pk": "chat",
    "thread_pk": "thread",
    "forum_pk": "forum",
    "post_pk": "blog",
    "video_pk": "video",
    "user_id": "student_id",
    "uuid": "certificate",
    "request_id": "join_request",
}
# A second placeholder ({id} after another one) by its own segment.
INNER_IDS = {
    "messages": "message",
    "members": "staff_id",
    "internships": "application",
    "reviews": "review",
}


@pytest.fixture
def world():
    staff = UserFactory(staff=True, is_superuser=True)
    student = StudentFactory(email="student@x.local")
    other, enrolled, responder = StudentFactory(), StudentFactory(), StudentFactory()
    employer, employer2 = EmployerFactory(), EmployerFactory()
    teacher, teacher2 = TeacherFactory(), TeacherFactory()
    org = employer.organizations.first()
    Membership.objects.get_or_create(organization=OrganizationFactory(), user=student)
    ad = AdFactory(author=student)
    response = ResponseFactory(ad=ad, author=responder)
    posting = PostingFactory(employer=employer, organization=org)
    job = PostingFactory(employer=employer, organization=org, kind="job")
    application = ApplicationFactory(posting=posting, student=student)
    job_application = ApplicationFactory(posting=job, student=student)
    auction = AuctionFactory(student=student)
    blog = blog_services.blog_post_create(author=student, title="Пост", body="<p>Текст</p>")
    bcomment = blog_services.blog_comment_create(post=blog, author=student, text="Мой")
    forum = Forum.objects.create(title="Общий")
    thread = forum_services.thread_create(forum=forum, author=student, title="Тема", text="x")
    video = video_services.video_create(
        uploader=student, title="Видео", link="https://youtu.be/dQw4w9WgXcQ"
    )
    vcomment = video_services.video_comment_create(video=video, author=student, text="Мой")
    chat = chat_services.chat_start(by=staff, members=[student])
    message = chat_services.message_send(chat=chat, sender=student, text="Привет")
    group = chat_services.chat_start(by=staff, members=[student, enrolled], title="Группа")
    course = CourseFactory(teacher=teacher)
    EnrollmentFactory(course=course, student=student)
    EnrollmentFactory(course=course, student=enrolled)
    lesson = LessonFactory(course=course)
    quiz = QuizFactory(course=course)
    question = single_question(quiz)
    assignment = AssignmentFactory(lesson=lesson)
    submission = SubmissionFactory(assignment=assignment, student=student)
    material = learning_services.material_add(
        lesson=lesson, by=teacher, title="Notes", file=SimpleUploadedFile("n.pdf", b"%PDF-1.4")
    )
    lcomment = learning_services.comment_create(author=student, target=lesson, text="Вопрос")
    review = Review.objects.create(course=course, student=student, rating=5)
    newsletter = NewsletterFactory(created_by=staff)
    sent_newsletter = NewsletterFactory(created_by=staff, state="sent")
    join_request = MembershipRequest.objects.create(organization=org, user=other)
    certificate = Certificate.objects.create(course=course, student=student)
    users = {
        "staff": staff,
        "student": student,
        "other": other,
        "enrolled": enrolled,
        "responder": responder,
        "employer": employer,
        "employer2": employer2,
        "teacher": teacher,
        "teacher2": teacher2,
    }
    ids = {
        "ad": ad.pk,
        "response": response.pk,
        "posting": posting.pk,
        "job": job.pk,
        "application": application.pk,
        "job_application": job_application.pk,
        "auction": auction.pk,
        "course": course.pk,
        "lesson": lesson.pk,
        "assignment": assignment.pk,
        "submission": submission.pk,
        "quiz": quiz.pk,
        "question": question.pk,
        "choice": question.choices.first().pk,
        "lcomment": lcomment.pk,
        "material": material.pk,
        "certificate": certificate.uuid,
        "blog": blog.pk,
        "bcomment": bcomment.pk,
        "forum": forum.pk,
        "thread": thread.pk,
        "fpost": thread.posts.first().pk,
        "chat": chat.pk,
        "group": group.pk,
        "message": message.pk,
        "video": video.pk,
        "vcomment": vcomment.pk,
        "org": org.pk,
        "review": review.pk,
        "newsletter": newsletter.pk,
        "sent_newsletter": sent_newsletter.pk,
        "join_request": join_request.pk,
        "missing": 999_999,
        **{f"{name}_id": user.pk for name, user in users.items()},
    }
    return {"users": users, "ids": ids}


def fill(row: Row, ids: dict) -> str:
    """The row's path with its placeholders filled from the world."""
    overrides = dict(row.ids)
    segments = row.path.strip("/").split("/")  # api, <family>, ...
    seen = 0

    def value(match):
        nonlocal seen
        name = match.group(1)
        index = segments.index(match.group(0))
        seen += 1
        if name in overrides:
            key = overrides[name]
        elif name in NAMED_IDS:
            key = NAMED_IDS[name]
        elif name in ("id", "target_pk") and seen > 1:
            key = INNER_IDS[segments[index - 1]]
        else:
            key = SEGMENT_IDS[segments[1]]
        return str(ids[key])

    return re.sub(r"\{(\w+)\}", value, row.path)


APPS = ("accounts", "board", "internships", "learning", "community")


def fingerprint() -> str:
    """Every row of the site's own apps, serialized: a refused write changes none."""
    from django.apps import apps
    from django.core import serializers

    rows = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            rows.append(serializers.serialize("json", model.objects.order_by("pk")))
    return "".join(rows)


def body_of(row: Row, ids: dict) -> dict:
    """The body, with "@key" values (and list items) taken from the world's ids."""

    def resolve(value):
        if isinstance(value, str) and value.startswith("@"):
            return ids[value[1:]]
        if isinstance(value, list):
            return [resolve(item) for item in value]
        return value

    return {key: resolve(value) for key, value in row.body.items()}


@pytest.mark.parametrize("row", MATRIX, ids=str)
def test_refusal(api, world, row):
    user = world["users"].get(row.actor)
    client = api(user)
    url = fill(row, world["ids"])
    before = fingerprint()
    response = client.generic(
        row.method,
        url,
        data=json.dumps(body_of(row, world["ids"])),
        content_type="application/json",
    )
    error = assert_error(response, row.status, row.code)
    assert set(error) == {"code", "message", "fields"}
    assert fingerprint() == before, f"{row} was refused but changed data"


def _write_operations() -> set[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"post", "put", "patch", "delete"}
    }


def test_every_write_operation_has_a_refusal():
    refused = {(row.method, row.path) for row in MATRIX}
    missing = sorted(_write_operations() - refused)
    assert not missing, f"write operations without a refusal row: {missing}"


def test_the_matrix_names_real_operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    known = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
    }
    unknown = sorted({(row.method, row.path) for row in MATRIX} - known)
    assert not unknown, unknown
