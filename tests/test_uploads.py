"""Uploads that cannot fill the disk: every stored file is recorded, counted against the
owner's quota and upload rate, and deleted once no content has used it for a day."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone
from PIL import EpsImagePlugin, Image

from accounts.tests.images import image_bytes
from board.tests.factories import AdFactory
from learning.models import Course
from site_config import registry
from site_config.models import Upload
from site_config.richtext import SanitizedHTMLField, sanitize_html
from site_config.tasks import uploads_cleanup_task
from site_config.uploads import upload_usage, uploads_cleanup

pytestmark = pytest.mark.django_db

EDITOR = "/uploads/images/"
PROFILE = "/profile/"
EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
    b"newpath 0 0 moveto 10 10 lineto stroke showpage\n%%EOF\n"
)
QUOTA_TEXT = "Место для ваших файлов закончилось"
RATE_TEXT = "Вы загружаете файлы слишком часто"


def png(name="pic.png", size=(40, 30)):
    return SimpleUploadedFile(name, image_bytes(size=size), content_type="image/png")


def mpo_bytes() -> bytes:
    first, second = Image.new("RGB", (60, 40), "red"), Image.new("RGB", (60, 40), "blue")
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).format == "MPO"  # a real multi-picture file
    return data


def profile_data(**overrides):
    data = {
        "first_name": "Анна",
        "last_name": "Смирнова",
        "phone": "",
        "language": "ru",
        "headline": "",
        "city": "",
        "bio": "",
        "skills": "",
        "education": "",
        "experience": "",
        "website": "",
        "github": "",
        "linkedin": "",
        "telegram": "",
        "vk": "",
    }
    return {**data, **overrides}


def fill_quota(user, settings, mb=1):
    """A quota of `mb` MB that the user has already used up."""
    settings.UPLOAD_QUOTA_MB = mb
    Upload.objects.create(owner=user, name=f"uploads/old-{user.pk}.png", size=mb * 1024 * 1024)


def age(name: str, hours: float) -> None:
    Upload.objects.filter(name=name).update(created=timezone.now() - dt.timedelta(hours=hours))


def editor_upload(client, file=None):
    response = client.post(EDITOR, {"file": file or png()})
    return response


def stored_name(location: str) -> str:
    return location.removeprefix("/media/")


# ---- Every stored file is recorded


def test_an_editor_image_is_recorded_for_its_owner(client, user):
    client.force_login(user)
    response = editor_upload(client)
    assert response.status_code == 200
    name = stored_name(response.json()["location"])
    upload = Upload.objects.get()
    assert upload.name == name and upload.owner == user
    assert upload.kind == Upload.Kind.EDITOR_IMAGE
    assert upload.size == default_storage.size(name) > 0
    assert upload_usage(user) == upload.size


def test_an_avatar_is_recorded_and_the_replaced_one_goes(
    client, user, django_capture_on_commit_callbacks
):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(PROFILE, {**profile_data(), "avatar": png()}).status_code == 302
    user.refresh_from_db()
    first = user.avatar.name
    assert Upload.objects.get().name == first
    assert Upload.objects.get().kind == Upload.Kind.AVATAR
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(PROFILE, {**profile_data(), "avatar": png()}).status_code == 302
    user.refresh_from_db()
    assert list(Upload.objects.values_list("name", flat=True)) == [user.avatar.name]
    assert not default_storage.exists(first)


def test_an_avatar_held_by_a_failing_form_is_recorded(client, user):
    client.force_login(user)
    response = client.post(PROFILE, {**profile_data(website="not a url"), "avatar": png()})
    assert response.status_code == 200
    held = Upload.objects.get()
    assert held.kind == Upload.Kind.AVATAR_HELD and held.owner == user
    assert held.name.startswith("avatars/held/")


def test_a_course_cover_is_recorded(client, teacher):
    client.force_login(teacher)
    response = client.post(
        reverse("learning:course_create"),
        {"title": "SQL с нуля", "summary": "Запросы", "level": "beginner", "cover": png()},
    )
    assert response.status_code == 302
    upload = Upload.objects.get()
    assert upload.kind == Upload.Kind.COURSE_COVER and upload.owner == teacher
    assert upload.name.startswith("learning/covers/")


# ---- Quota


def test_the_editor_refuses_an_upload_over_the_quota(client, user, settings):
    fill_quota(user, settings)
    client.force_login(user)
    response = editor_upload(client)
    assert response.status_code == 413
    assert QUOTA_TEXT in response.json()["error"]["message"]
    assert Upload.objects.filter(owner=user).count() == 1  # only the one that filled it
    assert not default_storage.exists("uploads")  # nothing was stored


def test_the_profile_form_says_the_quota_is_full(client, user, settings):
    fill_quota(user, settings)
    client.force_login(user)
    response = client.post(PROFILE, {**profile_data(), "avatar": png()})
    assert response.status_code == 200
    errors = response.context["user_form"].errors.as_data()["avatar"]
    assert errors[0].code == "upload_quota"
    assert QUOTA_TEXT in response.content.decode()
    user.refresh_from_db()
    assert not user.avatar and Upload.objects.filter(owner=user).count() == 1


def test_the_course_form_says_the_quota_is_full(client, teacher, settings):
    fill_quota(teacher, settings)
    client.force_login(teacher)
    response = client.post(
        reverse("learning:course_create"),
        {"title": "SQL с нуля", "summary": "Запросы", "level": "beginner", "cover": png()},
    )
    assert response.status_code == 200
    assert QUOTA_TEXT in response.content.decode()
    assert not Course.objects.exists()
    assert Upload.objects.count() == 1


def test_the_quota_is_per_user(client, user, other_user, settings):
    fill_quota(user, settings)
    client.force_login(other_user)
    assert editor_upload(client).status_code == 200


def test_the_api_answers_a_full_quota_with_413(api, user, settings):
    fill_quota(user, settings)
    response = api(user).post(
        f"/api/users/{user.pk}/avatar/", {"avatar": png()}, format="multipart"
    )
    assert response.status_code == 413, response.content
    error = response.json()["error"]
    assert error["code"] == "upload_quota" and QUOTA_TEXT in error["fields"]["avatar"][0]


# ---- Rate limit


def test_uploads_faster_than_the_limit_are_refused(client, user, other_user, settings):
    settings.UPLOAD_RATE_LIMIT = 3
    client.force_login(user)
    for _ in range(3):
        assert editor_upload(client).status_code == 200
    refused = editor_upload(client)
    assert refused.status_code == 429
    assert RATE_TEXT in refused.json()["error"]["message"]
    assert Upload.objects.filter(owner=user).count() == 3
    client.force_login(other_user)  # one person's uploads do not hold back another
    assert editor_upload(client).status_code == 200


def test_refused_files_count_toward_the_rate_too(client, user, settings):
    """Decoding is the expensive part: a flood of bad files is stopped like good ones."""
    settings.UPLOAD_RATE_LIMIT = 2
    client.force_login(user)
    for _ in range(2):
        bad = SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")
        assert editor_upload(client, bad).status_code == 400
    assert editor_upload(client).status_code == 429
    assert not Upload.objects.exists()


def test_the_api_answers_too_many_uploads_with_429(api, user, settings):
    settings.UPLOAD_RATE_LIMIT = 1
    client = api(user)
    url = f"/api/users/{user.pk}/avatar/"
    assert client.post(url, {"avatar": png()}, format="multipart").status_code == 200
    response = client.post(url, {"avatar": png()}, format="multipart")
    assert response.status_code == 429, response.content
    assert response.json()["error"]["code"] == "rate_limited"


def test_anonymous_uploads_go_to_the_login(client):
    response = editor_upload(client)
    assert response.status_code == 302 and "/login/" in response.url
    assert not Upload.objects.exists()


def test_uploads_need_a_post(client, user):
    client.force_login(user)
    assert client.get(EDITOR).status_code == 405


# ---- Formats: the allow-list before any decoding; phone photos (MPO) accepted


def test_an_eps_reaches_no_decoder_on_any_upload_path(client, user, teacher, monkeypatch):
    reached = []

    def boom(*args, **kwargs):
        # Pillow's callers swallow exceptions: remember the call, the test asserts on it.
        reached.append(args)
        raise AssertionError("the PostScript decoder was reached")

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", boom)
    eps = lambda: SimpleUploadedFile("x.eps", EPS, "image/jpeg")  # noqa: E731
    client.force_login(user)
    response = editor_upload(client, eps())
    assert response.status_code == 400
    assert "Загрузите настоящее изображение" in response.json()["error"]["message"]
    response = client.post(PROFILE, {**profile_data(), "avatar": eps()})
    assert response.status_code == 200
    assert response.context["user_form"].errors.as_data()["avatar"][0].code == "invalid_image"
    client.force_login(teacher)
    response = client.post(
        reverse("learning:course_create"),
        {"title": "SQL с нуля", "summary": "Запросы", "level": "beginner", "cover": eps()},
    )
    assert response.status_code == 200 and "Загрузите настоящее изображение" in (
        response.content.decode()
    )
    assert not Upload.objects.exists()
    assert not reached


def test_a_phone_photo_with_an_mpo_segment_passes_both_paths(client, user):
    client.force_login(user)
    response = editor_upload(client, SimpleUploadedFile("IMG_1.jpg", mpo_bytes(), "image/jpeg"))
    assert response.status_code == 200 and response.json()["location"].endswith(".jpg")
    photo = SimpleUploadedFile("IMG_2.jpg", mpo_bytes(), "image/jpeg")
    assert client.post(PROFILE, {**profile_data(), "avatar": photo}).status_code == 302
    user.refresh_from_db()
    with default_storage.open(user.avatar.name) as handle, Image.open(handle) as image:
        assert image.format == "JPEG"  # re-encoded: one picture, no MPO segment


# ---- Cleanup


def test_cleanup_deletes_orphans_and_keeps_what_content_uses(client, user):
    client.force_login(user)
    used = stored_name(editor_upload(client).json()["location"])
    unused = stored_name(editor_upload(client).json()["location"])
    fresh = stored_name(editor_upload(client).json()["location"])
    AdFactory(author=user, body=f'<p>Рейд</p><img src="/media/{used}" alt="схема">')
    assert client.post(PROFILE, {**profile_data(), "avatar": png()}).status_code == 302
    user.refresh_from_db()
    for name in (used, unused, user.avatar.name):
        age(name, 25)
    age(fresh, 23)

    assert uploads_cleanup_task.call_local() == 1

    assert not default_storage.exists(unused)
    assert not Upload.objects.filter(name=unused).exists()
    for name in (used, fresh, user.avatar.name):
        assert default_storage.exists(name) and Upload.objects.filter(name=name).exists()


def test_cleanup_deletes_held_avatars_nobody_came_back_for(client, user):
    client.force_login(user)
    client.post(PROFILE, {**profile_data(website="not a url"), "avatar": png()})
    held = Upload.objects.get(kind=Upload.Kind.AVATAR_HELD).name
    age(held, 25)
    assert uploads_cleanup() == 1
    assert not default_storage.exists(held) and not Upload.objects.exists()


def test_cleanup_keeps_files_of_every_registered_kind(teacher, student):
    from learning.tests.factories import CourseFactory

    course = CourseFactory(teacher=teacher)
    course.cover.save("c.png", ContentFile(image_bytes()), save=True)
    Upload.objects.create(owner=teacher, name=course.cover.name, size=10)
    lost = default_storage.save("learning/covers/lost.png", ContentFile(image_bytes()))
    Upload.objects.create(owner=teacher, name=lost, size=10)
    Upload.objects.update(created=timezone.now() - dt.timedelta(days=2))
    assert uploads_cleanup() == 1
    assert default_storage.exists(course.cover.name) and not default_storage.exists(lost)


def test_cleanup_takes_a_constant_number_of_queries(django_assert_max_num_queries, user):
    for index in range(30):
        Upload.objects.create(owner=user, name=f"uploads/x{index}.png", size=1)
    Upload.objects.update(created=timezone.now() - dt.timedelta(days=2))
    fields = sum(len(ref.fields) for ref in registry.upload_references())
    # exists, one read per registered field, two batches (the second empty), one delete
    with django_assert_max_num_queries(1 + fields + 2 + 1):
        assert uploads_cleanup() == 30


def test_every_file_and_rich_text_field_is_registered():
    registered = {
        (apps.get_model(ref.model), name)
        for ref in registry.upload_references()
        for name in ref.fields
    }
    for model in apps.get_models():
        if model._meta.app_label not in {
            "accounts",
            "board",
            "internships",
            "learning",
            "community",
        }:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField | SanitizedHTMLField):
                assert (model, field.name) in registered, f"{model.__name__}.{field.name}"


def test_uploads_adopt_records_existing_files(user):
    user.avatar.save("a.png", ContentFile(image_bytes()), save=True)
    editor = default_storage.save("uploads/2025/01/old.png", ContentFile(image_bytes()))
    out = io.StringIO()
    call_command("uploads_adopt", stdout=out)
    assert "2" in out.getvalue()
    avatar = Upload.objects.get(name=user.avatar.name)
    assert avatar.owner == user and avatar.kind == Upload.Kind.AVATAR
    assert Upload.objects.get(name=editor).kind == Upload.Kind.EDITOR_IMAGE
    call_command("uploads_adopt", stdout=io.StringIO())  # twice records nothing twice
    assert Upload.objects.count() == 2


# ---- Images in user content are our own uploads only


@pytest.mark.parametrize(
    "src",
    [
        "http://tracker.example/pixel.gif",
        "https://tracker.example/pixel.gif",
        "//tracker.example/pixel.gif",
        "/media/../admin/",
        "/media/uploads/%2e%2e/secret.png",
    ],
)
def test_remote_and_traversing_images_are_dropped(src):
    assert "<img" not in sanitize_html(f'<p>x</p><img src="{src}" alt="a">')


# ---- Every upload path counts against the quota

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 8


def test_a_blog_cover_over_the_quota_is_refused_on_the_form(client, user, settings):
    from community.models import BlogPost

    fill_quota(user, settings)
    client.force_login(user)
    data = {"title": "Гайд по рейду", "body": "<p>Текст</p>", "is_published": "on"}
    response = client.post(reverse("community:blog_create"), {**data, "cover": png()})
    assert response.status_code in {200, 422} and QUOTA_TEXT in response.content.decode()
    assert not BlogPost.objects.exists()
    settings.UPLOAD_QUOTA_MB = 2  # room again: the same post goes through, cover recorded
    response = client.post(reverse("community:blog_create"), {**data, "cover": png()})
    assert response.status_code == 302
    post = BlogPost.objects.get()
    assert Upload.objects.get(name=post.cover.name).kind == Upload.Kind.POST_COVER


def test_a_video_file_over_the_quota_is_refused(client, user, settings):
    from community.models import Video

    fill_quota(user, settings)
    client.force_login(user)
    response = client.post(
        reverse("community:video_create"),
        {"title": "Клип", "file": SimpleUploadedFile("clip.mp4", MP4, content_type="video/mp4")},
    )
    assert response.status_code == 422 and QUOTA_TEXT in response.content.decode()
    assert not Video.objects.exists()


def test_a_lesson_material_over_the_quota_is_refused(client, teacher, settings):
    from learning.models import Material
    from learning.tests.factories import CourseFactory, LessonFactory

    lesson = LessonFactory(course=CourseFactory(teacher=teacher))
    fill_quota(teacher, settings)
    client.force_login(teacher)
    url = reverse("learning:material_add", args=[lesson.course_id, lesson.pk])
    response = client.post(url, {"title": "Слайды", "file": SimpleUploadedFile("s.pptx", b"PK")})
    assert response.status_code == 422 and QUOTA_TEXT in response.content.decode()
    assert not Material.objects.exists()
    settings.UPLOAD_QUOTA_MB = 2
    client.post(url, {"title": "Слайды", "file": SimpleUploadedFile("s.pptx", b"PK")})
    material = Material.objects.get()
    assert Upload.objects.get(name=material.file.name).kind == Upload.Kind.MATERIAL


def test_deleting_a_material_deletes_its_file_and_record(
    client, teacher, settings, django_capture_on_commit_callbacks
):
    from learning.models import Material
    from learning.tests.factories import CourseFactory, LessonFactory

    lesson = LessonFactory(course=CourseFactory(teacher=teacher))
    client.force_login(teacher)
    url = reverse("learning:material_add", args=[lesson.course_id, lesson.pk])
    client.post(url, {"title": "Слайды", "file": SimpleUploadedFile("s.pptx", b"PK")})
    material = Material.objects.get()
    name = material.file.name
    assert Upload.objects.filter(name=name, owner=teacher).exists()
    delete = reverse("learning:material_delete", args=[lesson.course_id, lesson.pk, material.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete).status_code in {200, 204, 302}
    assert not Material.objects.exists()
    assert not default_storage.exists(name) and not Upload.objects.exists()
    assert upload_usage(teacher) == 0
