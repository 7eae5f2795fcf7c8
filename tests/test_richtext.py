"""The shared sanitizer and the editor's image upload endpoint."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from site_config.richtext import html_to_text, sanitize_html


def png_bytes(size=(40, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, "#4f46e5").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<iframe src="https://evil.example/embed/1"></iframe>',
        '<svg onload="alert(1)"><circle/></svg>',
        '<p style="background:url(javascript:alert(1))">x</p>',
    ],
)
def test_sanitizer_drops_active_content(payload):
    cleaned = sanitize_html(payload).lower()
    for bad in ("<script", "onerror", "onload", "javascript:", "evil.example", "<svg", "style="):
        assert bad not in cleaned


def test_sanitizer_keeps_formatting_links_images_and_video_embeds():
    source = (
        '<p><strong>Hi</strong> <a href="https://example.com">link</a></p>'
        '<img src="/media/uploads/2026/11/abc.png" alt="pic">'
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" width="560" height="315"'
        " allowfullscreen></iframe>"
    )
    cleaned = sanitize_html(source)
    assert "<strong>Hi</strong>" in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned
    assert 'src="/media/uploads/2026/11/abc.png"' in cleaned
    assert 'src="https://www.youtube.com/embed/dQw4w9WgXcQ"' in cleaned


def test_html_to_text_strips_tags_and_truncates():
    assert html_to_text("<p>One &amp; <b>two</b></p><p>three four</p>", words=3) == "One & two…"


@pytest.mark.django_db
def test_image_upload_needs_login(client):
    response = client.post("/uploads/images/", {"file": SimpleUploadedFile("a.png", png_bytes())})
    assert response.status_code == 302


@pytest.mark.django_db
def test_image_upload_stores_a_reencoded_image_under_a_random_name(client, django_user_model):
    user = django_user_model.objects.create_user("u@example.com", "pw-12345678")
    client.force_login(user)
    response = client.post(
        "/uploads/images/", {"file": SimpleUploadedFile("my pic.png", png_bytes())}
    )
    assert response.status_code == 200
    location = response.json()["location"]
    assert location.startswith("/media/uploads/")
    assert location.rsplit("/", 1)[1].split(".")[0].isalnum()


@pytest.mark.django_db
def test_image_upload_rejects_a_fake_image(client, django_user_model):
    user = django_user_model.objects.create_user("u@example.com", "pw-12345678")
    client.force_login(user)
    fake = SimpleUploadedFile("evil.png", b"<?php echo 1; ?> not an image")
    response = client.post("/uploads/images/", {"file": fake})
    assert response.status_code == 400
    assert response.json()["error"]["message"]


@pytest.mark.django_db
def test_image_upload_is_post_only(client, django_user_model):
    user = django_user_model.objects.create_user("u@example.com", "pw-12345678")
    client.force_login(user)
    assert client.get("/uploads/images/").status_code == 405


@pytest.mark.parametrize(
    "src",
    [
        "https://www.youtube.com/embed/../watch?v=x",
        "https://www.youtube.com/embed/%2e%2e/watch",
        "https://vk.com/video_ext.php/../away.php?to=https://evil.example",
        "https://rutube.ru/play/embed/..%2f..%2fx",
        "https://www.youtube.com/embed\\..\\x",
        "http://www.youtube.com/embed/abc",
    ],
)
def test_embed_paths_that_leave_the_player_are_dropped(src):
    assert "<iframe" not in sanitize_html(f'<p>x</p><iframe src="{src}"></iframe>')


@pytest.mark.parametrize(
    "src",
    [
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://vk.com/video_ext.php?oid=-1&id=2&hash=abc",
        "https://rutube.ru/play/embed/0123456789abcdef",
    ],
)
def test_real_video_embeds_survive(src):
    assert f'src="{src.replace("&", "&amp;")}"' in sanitize_html(f'<iframe src="{src}"></iframe>')


@pytest.mark.parametrize(
    "src",
    [
        "http://tracker.example/pixel.gif",
        "https://tracker.example/pixel.gif",
        "//tracker.example/pixel.gif",
        "/media/../admin/",
        "/media/uploads/../../etc/passwd",
        "/media/uploads/%2e%2e/%2e%2e/secret.png",
        "/media/uploads/%2E%2E%2Fsecret.png",
        "/media/uploads\\..\\secret.png",
        "/media//tracker.example/x.png",
        "/media/./uploads/x.png",
        "/media/uploads/x.png?track=1",
        "/static/../media/x.png",
        "/mediax/uploads/x.png",
    ],
)
def test_remote_and_traversal_image_sources_are_dropped(src):
    cleaned = sanitize_html(f'<p>x</p><img src="{src}" alt="a">')
    assert "src=" not in cleaned and "<img" not in cleaned


def test_own_upload_images_survive():
    src = "/media/uploads/2026/12/AbCdEfGhIjKlMnOpQrStUvWx.jpg"
    assert f'src="{src}"' in sanitize_html(f'<img src="{src}" alt="a">')


def test_embedded_frames_get_an_accessible_name_unless_they_have_one():
    cleaned = sanitize_html('<iframe src="https://www.youtube.com/embed/abc"></iframe>')
    assert 'title="' in cleaned and "youtube.com" in cleaned.split('title="')[1]
    own = sanitize_html('<iframe title="Raid guide" src="https://rutube.ru/play/embed/1"></iframe>')
    assert own.count("title=") == 1 and 'title="Raid guide"' in own


def test_editor_has_no_status_bar_the_site_skin_and_the_corrected_russian_pack(settings):
    import json
    from pathlib import Path

    from django.contrib.staticfiles import finders
    from django.utils import translation

    from site_config.richtext import RichTextWidget

    with translation.override("ru"):
        html = RichTextWidget().render("body", "", attrs={"id": "id_body"})
    config = json.loads(_mce_conf(html))
    assert config["statusbar"] is False
    assert config["skin_url"].endswith("vendor/tinymce/skins/ui/guildhall")
    assert config["language"] == "ru"
    assert config["language_url"].endswith("vendor/tinymce/langs/ru.js")
    pack = Path(finders.find("vendor/tinymce/langs/ru.js")).read_text(encoding="utf-8")
    assert '"Undo": "\\u041e\\u0442\\u043c\\u0435\\u043d\\u0438\\u0442\\u044c"' in pack  # Отменить
    assert "\\u041f\\u0435\\u0440\\u0435\\u0434\\u0430\\u0442\\u044c" not in pack  # Передать
    skin = Path(finders.find("vendor/tinymce/skins/ui/guildhall/skin.min.css")).read_text()
    assert "#006ce7" not in skin.lower() and "#4f46e5" in skin
    with translation.override("en"):
        html = RichTextWidget().render("body", "", attrs={"id": "id_body"})
    assert "language_url" not in _mce_conf(html)


def _mce_conf(html: str) -> str:
    import html as html_lib
    import re

    match = re.search(r'data-mce-conf="([^"]*)"', html)
    return html_lib.unescape(match.group(1))
