"""The OpenAPI schema: valid OpenAPI 3, every endpoint in it with its errors, and real
responses of every GET endpoint checked against what it documents."""

from __future__ import annotations

import copy
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from accounts.models import Membership, MembershipRequest, Notification
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
    BidFactory,
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

PUBLIC = {
    ("post", "/api/auth/register/"),
    ("post", "/api/auth/verify-email/"),
    ("post", "/api/auth/login/"),
    ("post", "/api/auth/refresh/"),
    ("post", "/api/auth/logout/"),
    ("post", "/api/auth/password-reset/"),
    ("post", "/api/auth/password-reset/confirm/"),
    ("get", "/api/certificates/{uuid}/"),
}


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    import json

    return json.loads(response.content)


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def _api_routes() -> set[str]:
    """Every /api/ route of the URL conf, in the schema's {param} spelling."""
    routes = set()

    def walk(patterns, prefix):
        for entry in patterns:
            pattern = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + pattern)
            elif isinstance(entry, URLPattern):
                routes.add(prefix + pattern)

    walk(get_resolver().url_patterns, "/")
    result = set()
    for route in routes:
        if not route.startswith("/api/") or "(?P<format>" in route or "\\.(?P" in route:
            continue
        path = route.replace("^", "").replace("$", "")
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", path)
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)
        if path in {"/api/.*", "/api/schema/", "/api/docs/", "/api/redoc/"}:
            continue
        result.add(path.replace("{pk}", "{id}"))
    return result


def test_every_endpoint_is_documented_with_its_errors(schema):
    documented = set(schema["paths"])
    missing = _api_routes() - documented
    assert not missing, missing
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation["responses"]
            errors = [code for code in responses if code.startswith("4")]
            assert errors, (method, path)
            for code in errors:
                content = responses[code]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}, (method, path, code)
            if (method, path) not in PUBLIC and not _is_public_read(method, path):
                assert "401" in responses, (method, path)
            if "{" in path:
                assert "404" in responses or (method, path) in PUBLIC, (method, path)


def _is_public_read(method: str, path: str) -> bool:
    public = {"ads", "internships", "jobs", "blogs", "forums", "threads", "videos", "courses"}
    return method == "get" and path.split("/")[2] in public


def test_docs_are_served_from_our_static_files(client):
    for url in ("/api/docs/", "/api/redoc/"):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "cdn" not in html.lower() and "googleapis" not in html
        assert "/static/drf_spectacular_sidecar/" in html
    assert "<script>" not in client.get("/api/docs/").content.decode()


# ---- Real responses against the schema


def _resolve(node, components):
    """The schema with every $ref replaced by what it points to."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            return _resolve(copy.deepcopy(components[name]), components)
        resolved = {key: _resolve(value, components) for key, value in node.items()}
        if resolved.get("nullable") and "allOf" in resolved:
            # OpenAPI 3.0 spells a nullable reference `allOf: [$ref], nullable: true`;
            # the validator checks null against the referenced object, so say it plainly.
            return {"anyOf": [*resolved["allOf"], {"enum": [None]}]}
        return resolved
    if isinstance(node, list):
        return [_resolve(item, components) for item in node]
    return node


def _check(schema, path, method, response):
    documented = schema["paths"][path][method]["responses"]
    code = str(response.status_code)
    assert code in documented, (method, path, code, response.content[:300])
    content = documented[code].get("content")
    if content is None:
        assert not response.content
        return
    if "application/json" not in content and response.status_code == 200:
        # A download (site_config.http.file_download): the file as an attachment.
        assert response["Content-Disposition"].startswith("attachment;")
        return
    body_schema = _resolve(content["application/json"]["schema"], schema["components"]["schemas"])
    errors = sorted(OAS30Validator(body_schema).iter_errors(response.json()), key=str)
    assert not errors, (method, path, [str(e)[:400] for e in errors[:3]])


@pytest.fixture
def world():
    """A little of everything, so every list has rows."""
    staff = UserFactory(staff=True, is_superuser=True)
    employer = EmployerFactory()
    student = StudentFactory()
    org = employer.organizations.first()
    Membership.objects.get_or_create(organization=OrganizationFactory(), user=student)
    ad = AdFactory(author=staff)
    ResponseFactory(ad=ad, author=student)
    ResponseFactory(author=staff)
    posting = PostingFactory(employer=employer, organization=org)
    job = PostingFactory(employer=employer, organization=org, kind="job")
    mine = ApplicationFactory(posting=posting, student=staff)
    my_job = ApplicationFactory(posting=job, student=staff)
    application = ApplicationFactory(posting=posting, student=student)
    auction = AuctionFactory(student=student)
    BidFactory(auction=auction, employer=employer, posting=posting)
    Notification.objects.create(recipient=staff, message="Привет")
    newsletter = NewsletterFactory(created_by=staff)
    MembershipRequest.objects.create(organization=org, user=UserFactory())
    blog = blog_services.blog_post_create(author=student, title="Пост", body="<p>Текст</p>")
    blog_services.blog_comment_create(post=blog, author=staff, text="Класс")
    blog_services.blog_post_like(post=blog, user=staff, on=True)
    forum = Forum.objects.create(title="Общий")
    thread = forum_services.thread_create(forum=forum, author=student, title="Тема", text="x")
    forum_services.thread_bookmark(thread=thread, user=staff, on=True)
    video = video_services.video_create(
        uploader=student, title="Видео", link="https://youtu.be/dQw4w9WgXcQ"
    )
    video_services.video_comment_create(video=video, author=staff, text="Класс")
    chat = chat_services.chat_start(by=staff, members=[student])
    chat_services.message_send(chat=chat, sender=student, text="Привет")
    course = CourseFactory(teacher=TeacherFactory())
    lesson = LessonFactory(course=course)
    quiz = QuizFactory(course=course)
    single_question(quiz)
    assignment = AssignmentFactory(lesson=lesson)
    submission = SubmissionFactory(
        assignment=assignment,
        student=student,
        file=SimpleUploadedFile("work.pdf", b"%PDF-1.4"),
        original_name="work.pdf",
    )
    material = learning_services.material_add(
        lesson=lesson,
        by=course.teacher,
        title="Notes",
        file=SimpleUploadedFile("notes.pdf", b"%PDF-1.4"),
    )
    for target in (lesson, assignment, submission):
        learning_services.comment_create(author=staff, target=target, text="Вопрос")
    EnrollmentFactory(course=course, student=staff, completed_at=timezone.now())
    Review.objects.create(course=course, student=student, rating=5)
    certificate = Certificate.objects.create(course=course, student=staff)
    return {
        "courses": course.pk,
        "lessons": lesson.pk,
        "quizzes": quiz.pk,
        "submissions": submission.pk,
        "assignments": assignment.pk,
        "materials": material.pk,
        "newsletters": newsletter.pk,
        "certificates": certificate.uuid,
        "blogs": blog.pk,
        "forums": forum.pk,
        "threads": thread.pk,
        "videos": video.pk,
        "chats": chat.pk,
        "staff": staff,
        # Pages only one role has (staff see everything else).
        "viewers": {"/api/internships/dashboard/": employer},
        "ads": ad.pk,
        "organizations": org.pk,
        "users": staff.pk,
        "internships": posting.pk,
        "jobs": job.pk,
        "applications": application.pk,
        "auctions": auction.pk,
        "responses": ad.responses.first().pk,
        "/api/users/{user_id}/internships/{id}/": (staff.pk, mine.pk),
        "/api/users/{user_id}/jobs/{id}/": (staff.pk, my_job.pk),
    }


def _fill(path: str, world: dict) -> str:
    if path in world:
        values = iter(world[path])
        return re.sub(r"\{\w+\}", lambda _m: str(next(values)), path)
    segment = path.split("/")[2]
    return re.sub(r"\{\w+\}", str(world.get(segment, 0)), path)


def test_every_get_endpoint_answers_as_documented(api, schema, world):
    staff = api(world["staff"])
    anonymous = api()
    walked = 0
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        url = _fill(path, world)
        viewer = world["viewers"].get(path)
        response = (api(viewer) if viewer else staff).get(url)
        assert response.status_code == 200, (url, response.content[:300])
        _check(schema, path, "get", response)
        if not response["Content-Type"].startswith("application/json"):
            _check(schema, path, "get", anonymous.get(url))
            walked += 1
            continue
        if "results" in response.json():
            assert response.json()["results"], f"{url} should list the world's rows"
            paged = (api(viewer) if viewer else staff).get(url, {"page_size": 1})
            _check(schema, path, "get", paged)
        _check(schema, path, "get", anonymous.get(url))
        walked += 1
    assert walked >= 25


def test_error_bodies_match_the_schema(api, schema, world):
    staff = api(world["staff"])
    _check(schema, "/api/ads/", "post", staff.post("/api/ads/", {}))
    _check(schema, "/api/ads/{id}/", "get", staff.get("/api/ads/999999/"))
    other = api(UserFactory())
    url = f"/api/users/{world['users']}/profile/"
    _check(schema, "/api/users/{id}/profile/", "patch", other.patch(url, {"headline": "x"}))
    assert_error(api().get("/api/ads/?page=x"), 404)
