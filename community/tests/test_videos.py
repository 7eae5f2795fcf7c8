"""Videos: links turned into allowed embeds, uploads checked by content, Range requests,
likes, comments, the permission matrix, XSS and query counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community.models import Video, VideoComment, VideoCommentLike
from community.services import videos as services
from community.tests.factories import UserFactory, VideoCommentFactory, VideoFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 8
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 500


@pytest.mark.parametrize(
    ("link", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=jNQXAC9IVRw",
            "https://www.youtube.com/embed/jNQXAC9IVRw",
        ),
        ("https://youtu.be/jNQXAC9IVRw?t=3", "https://www.youtube.com/embed/jNQXAC9IVRw"),
        ("https://m.youtube.com/shorts/jNQXAC9IVRw", "https://www.youtube.com/embed/jNQXAC9IVRw"),
        (
            "https://vk.com/video-22822305_456239018",
            "https://vk.com/video_ext.php?oid=-22822305&id=456239018&hd=2",
        ),
        (
            "https://vkvideo.ru/video-22822305_456239018",
            "https://vk.com/video_ext.php?oid=-22822305&id=456239018&hd=2",
        ),
        (
            "https://rutube.ru/video/c6cc4d620b1d4338901770a44b3e82f4/",
            "https://rutube.ru/play/embed/c6cc4d620b1d4338901770a44b3e82f4",
        ),
    ],
)
def test_links_become_allowed_embeds(link, embed):
    assert services.video_link_parse(link)[0] == embed


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "https://evil.example/embed/jNQXAC9IVRw",
        'https://www.youtube.com/watch?v=bad"><script>',
        "https://www.youtube.com.evil.example/watch?v=jNQXAC9IVRw",
        "https://rutube.ru/video/../../evil/",
        "data:text/html,<script>alert(1)</script>",
        'https://vk.com/video-1_2"onload=alert(1)',
    ],
)
def test_bad_links_are_refused(link):
    with pytest.raises(ValidationError):
        services.video_link_parse(link)


def test_upload_type_is_checked_from_the_content(member):
    assert services.video_file_type(SimpleUploadedFile("a.bin", MP4)) == "video/mp4"
    assert services.video_file_type(SimpleUploadedFile("a.txt", WEBM)) == "video/webm"
    for name, content in (("evil.mp4", b"<html><script>alert(1)</script>"), ("x.webm", b"GIF89a")):
        with pytest.raises(ValidationError):
            services.video_file_type(SimpleUploadedFile(name, content))


def test_upload_size_is_capped(monkeypatch):
    monkeypatch.setattr(services, "MAX_VIDEO_BYTES", 100)
    with pytest.raises(ValidationError):
        services.video_file_type(SimpleUploadedFile("a.mp4", MP4))


def test_share_a_link_page(member_client):
    response = member_client.post(
        reverse("community:video_create"),
        {"title": "Мой доклад", "link": "https://youtu.be/jNQXAC9IVRw", "description": "О Django"},
    )
    video = Video.objects.get()
    assert response.status_code == 302 and response["Location"] == video.get_absolute_url()
    assert video.embed_url == "https://www.youtube.com/embed/jNQXAC9IVRw"
    html = member_client.get(video.get_absolute_url()).content.decode()
    assert 'src="https://www.youtube.com/embed/jNQXAC9IVRw"' in html


def test_share_needs_exactly_one_source(member_client):
    response = member_client.post(reverse("community:video_create"), {"title": "Без видео"})
    assert response.status_code == 422 and not Video.objects.exists()
    response = member_client.post(
        reverse("community:video_create"),
        {"title": "Плохая ссылка", "link": "https://evil.example/v.mp4"},
    )
    assert response.status_code == 422 and not Video.objects.exists()
    assert "YouTube" in response.content.decode()


def test_upload_plays_with_range_requests(client, member_client):
    upload = SimpleUploadedFile("clip.mp4", MP4, content_type="video/mp4")
    response = member_client.post(
        reverse("community:video_create"), {"title": "Клип", "file": upload}
    )
    video = Video.objects.get()
    assert response.status_code == 302 and video.content_type == "video/mp4"
    assert video.file.name.startswith("videos/") and "clip" not in video.file.name
    url = reverse("community:video_file", args=[video.pk])
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == MP4
    part = client.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(MP4)}"
    assert b"".join(part.streaming_content) == MP4[100:200]
    tail = client.get(url, headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and b"".join(tail.streaming_content) == MP4[-10:]
    open_ended = client.get(url, headers={"Range": f"bytes={len(MP4) - 5}-"})
    assert b"".join(open_ended.streaming_content) == MP4[-5:]
    beyond = client.get(url, headers={"Range": f"bytes={len(MP4) + 10}-"})
    assert beyond.status_code == 416
    page = client.get(video.get_absolute_url()).content.decode()
    assert f'src="{url}"' in page and "<video" in page


def test_hidden_videos_are_private(client, member, other, staff):
    video = VideoFactory(uploader=member, is_hidden=True)
    assert client.get(video.get_absolute_url()).status_code == 404
    client.force_login(other)
    assert client.get(video.get_absolute_url()).status_code == 404
    assert client.get(reverse("community:video_file", args=[video.pk])).status_code == 404
    client.force_login(member)
    assert client.get(video.get_absolute_url()).status_code == 200
    client.force_login(staff)
    assert client.get(video.get_absolute_url()).status_code == 200
    assert video.title not in client.get(reverse("community:video_list")).content.decode()


@pytest.mark.parametrize(
    ("who", "edit"), [("author", 200), ("other", 403), ("anonymous", 302), ("staff", 200)]
)
def test_permission_matrix(client, member, other, staff, who, edit):
    users = {"author": member, "other": other, "staff": staff, "anonymous": None}
    video = VideoFactory(uploader=member)
    if users[who]:
        client.force_login(users[who])
    assert client.get(video.get_absolute_url()).status_code == 200
    assert client.get(reverse("community:video_update", args=[video.pk])).status_code == edit
    client.post(reverse("community:video_update", args=[video.pk]), {"title": "Чужое"})
    video.refresh_from_db()
    assert (video.title == "Чужое") == (edit == 200)
    client.post(reverse("community:video_delete", args=[video.pk]))
    assert Video.objects.filter(pk=video.pk).exists() == (edit != 200)


def test_likes_views_and_comments(client, member, other):
    video = VideoFactory()
    client.force_login(member)
    url = reverse("community:video_like", args=[video.pk])
    client.post(url, {"on": "1"})
    client.post(url, {"on": "1"})
    video.refresh_from_db()
    assert video.like_count == 1
    client.get(video.get_absolute_url())
    client.get(video.get_absolute_url())
    video.refresh_from_db()
    assert video.view_count == 1
    response = client.post(
        reverse("community:video_comment_create", args=[video.pk]), {"text": "Класс!"}, headers=HTMX
    )
    assert response.status_code == 200 and "Класс!" in response.content.decode()
    comment = VideoComment.objects.get()
    client.force_login(other)
    like = reverse("community:video_comment_like", args=[comment.pk])
    response = client.post(like, {"on": "1"}, headers=HTMX)
    assert f'id="videocomment-like-{comment.pk}"' in response.content.decode()
    client.post(like, {"on": "1"})
    comment.refresh_from_db()
    assert comment.like_count == 1 and VideoCommentLike.objects.count() == 1
    edit = reverse("community:video_comment_update", args=[comment.pk])
    assert client.post(edit, {"text": "взлом"}).status_code == 403
    delete = reverse("community:video_comment_delete", args=[comment.pk])
    assert client.post(delete).status_code == 403
    client.force_login(member)
    assert client.post(delete, headers=HTMX).status_code == 200
    video.refresh_from_db()
    assert video.comment_count == 0


def test_xss_in_titles_descriptions_and_comments_is_inert(client, member):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    video = services.video_create(
        uploader=member,
        title=f"Видео {payload}",
        description=payload,
        link="https://youtu.be/jNQXAC9IVRw",
    )
    VideoCommentFactory(video=video, text=payload)
    for url in (video.get_absolute_url(), reverse("community:video_list"), "/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x onerror" not in html


@pytest.mark.parametrize("rows", [5, 50])
def test_query_counts(client, member, rows, django_assert_max_num_queries):
    video = None
    for _ in range(rows):
        video = VideoFactory(uploader=UserFactory())
        VideoCommentFactory(video=video)
    for _ in range(rows):
        VideoCommentFactory(video=video)
    client.force_login(member)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("community:video_list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(video.get_absolute_url()).status_code == 200
