"""Private uploads: course materials and submission files go only through permission-
checked downloads (site_config.http.file_download) on the site and over the API; the
/media/ route refuses their folders however the path is spelled."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import UserFactory
from learning import services
from learning.tests.factories import (
    AssignmentFactory,
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    StudentFactory,
    TeacherFactory,
)
from site_config.http import download_name
from tests.api import assert_error

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 private"


@pytest.fixture
def world():
    course = CourseFactory()
    lesson = LessonFactory(course=course)
    student = StudentFactory()
    EnrollmentFactory(course=course, student=student)
    other = StudentFactory()
    EnrollmentFactory(course=course, student=other)
    material = services.material_add(
        lesson=lesson,
        by=course.teacher,
        title="Конспект",
        file=SimpleUploadedFile('../"evil"\r\nname.pdf', PDF, content_type="application/pdf"),
    )
    link = services.material_add(lesson=lesson, by=course.teacher, title="Док", url="https://x.org")
    assignment = AssignmentFactory(lesson=lesson)
    submission = services.submission_submit(
        assignment=assignment,
        student=student,
        answer="",
        file=SimpleUploadedFile("работа.pdf", PDF, content_type="application/pdf"),
    )
    return {
        "course": course,
        "lesson": lesson,
        "teacher": course.teacher,
        "student": student,
        "other": other,
        "stranger": StudentFactory(),
        "staff": UserFactory(staff=True),
        "material": material,
        "link": link,
        "submission": submission,
    }


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _is_attachment(response):
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    assert "\r" not in disposition and "\n" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == PDF
    return disposition


def test_api_material_file(api, world):
    url = f"/api/materials/{world['material'].pk}/file/"
    for who in ("student", "teacher", "staff"):
        disposition = _is_attachment(api(world[who]).get(url))
        assert ".." not in disposition and '"evil"' not in disposition
    assert_error(api().get(url), 401)
    assert_error(api(world["stranger"]).get(url), 403, "permission_denied")
    assert_error(api(world["student"]).get(f"/api/materials/{world['link'].pk}/file/"), 404)
    assert_error(api(world["student"]).get("/api/materials/0/file/"), 404)
    # Whatever the client accepts, the errors come in the API's JSON shape.
    refused = api(world["stranger"]).get(url, HTTP_ACCEPT="application/octet-stream")
    assert_error(refused, 403)
    lesson = api(world["student"]).get(f"/api/lessons/{world['lesson'].pk}/").json()
    by_title = {m["title"]: m for m in lesson["materials"]}
    assert by_title["Конспект"]["file_url"] == url and by_title["Док"]["file_url"] is None


def test_api_material_of_an_unpublished_course_is_404(api, world):
    course = world["course"]
    course.is_published = False
    course.save()
    url = f"/api/materials/{world['material'].pk}/file/"
    assert_error(api(world["stranger"]).get(url), 404)
    _is_attachment(api(world["teacher"]).get(url))


def test_api_submission_file(api, world):
    url = f"/api/submissions/{world['submission'].pk}/file/"
    for who in ("student", "teacher", "staff"):
        disposition = _is_attachment(api(world[who]).get(url))
        assert "filename*=utf-8''" in disposition  # the Cyrillic name, encoded
    assert_error(api().get(url), 401)
    for who in ("other", "stranger", "teacher_elsewhere"):
        user = world.get(who) or TeacherFactory()
        assert_error(api(user).get(url), 404)
    shown = api(world["student"]).get(f"/api/submissions/{world['submission'].pk}/").json()
    assert shown["file_url"] == url and shown["has_file"] is True


def test_api_submission_without_a_file_is_404(api, world):
    bare = services.submission_submit(
        assignment=AssignmentFactory(lesson=world["lesson"]), student=world["student"], answer="x"
    )
    assert_error(api(world["student"]).get(f"/api/submissions/{bare.pk}/file/"), 404)


def test_web_downloads_are_permission_checked(client, world):
    material, lesson = world["material"], world["lesson"]
    material_url = reverse(
        "learning:material_download", args=[lesson.course_id, lesson.pk, material.pk]
    )
    submission_url = reverse("learning:submission_file", args=[world["submission"].pk])
    for url in (material_url, submission_url):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for who in ("student", "teacher", "staff"):
        client.force_login(world[who])
        _is_attachment(client.get(material_url))
        _is_attachment(client.get(submission_url))
    client.force_login(world["stranger"])
    assert client.get(material_url).status_code == 403
    assert client.get(submission_url).status_code == 404
    client.force_login(world["other"])
    assert client.get(submission_url).status_code == 404


def test_media_route_refuses_private_folders(client, world):
    names = [world["material"].file.name, world["submission"].file.name]
    assert all(name.startswith("learning/") for name in names)
    client.force_login(world["staff"])  # not even staff: only the download views hand them out
    for name in names:
        folder, rest = name.split("/", 1)
        for spelled in (
            name,
            f"/{name}",
            f"{folder}//{rest}",
            f"{folder}/./{rest}",
            f"x/../{name}",
            f"LEARNING/{rest}",
        ):
            assert client.get(f"/media/{spelled}").status_code == 404, spelled
    # Public uploads still come from /media/.
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    public = default_storage.save("uploads/2026/12/pic.png", ContentFile(b"png"))
    assert client.get(f"/media/{public}").status_code == 200


def test_nginx_sample_refuses_private_folders():
    from django.conf import settings

    conf = (settings.BASE_DIR / "deploy" / "nginx.conf").read_text()
    assert "learning/+(materials|submissions)" in conf
    assert settings.PRIVATE_MEDIA_PREFIXES == ("learning/materials/", "learning/submissions/")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ('a"b\r\nSet-Cookie: x.pdf', "a_b_Set-Cookie_ x.pdf"),
        ("..hidden", "hidden"),
        ("", "file"),
        ("C:\\Users\\me\\work.docx", "work.docx"),
        ("x" * 300 + ".pdf", "x" * 146 + ".pdf"),
    ],
)
def test_download_name(given, expected):
    assert download_name(given) == expected


def test_files_are_handed_out_one_way():
    """Downloads go through site_config.http.file_download (videos stream their own
    ranges for players; everything else is an attachment)."""
    from pathlib import Path

    from django.conf import settings

    allowed = {Path("site_config/http.py"), Path("community/views/videos.py")}
    offenders = []
    for app in ("accounts", "board", "internships", "learning", "community", "site_config"):
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            relative = path.relative_to(settings.BASE_DIR)
            if "tests" in relative.parts or relative in allowed:
                continue
            if "FileResponse(" in path.read_text():
                offenders.append(str(relative))
    assert not offenders, offenders
