"""Uploads in a real browser: a phone photo (MPO) goes into an ad through TinyMCE, a
PostScript file named .jpg is refused with a readable message, a full quota is refused on
the editor and on the profile form, and the hourly cleanup keeps the picture the ad shows
while it deletes the one taken out of the text before saving."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from board.models import Ad
from board.tests.factories import PASSWORD, UserFactory
from site_config.models import Upload
from site_config.tasks import uploads_cleanup_task
from tests.e2e.conftest import login, shoot
from tests.e2e.test_board_journey import serve_media_from_test_root

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
    b"newpath 0 0 moveto 10 10 lineto stroke showpage\n%%EOF\n"
)


def phone_photo(path: Path) -> Path:
    """A JPEG with a multi-picture (MPO) segment, as phones save them."""
    first, second = Image.new("RGB", (640, 360), (79, 70, 229)), Image.new("RGB", (640, 360))
    buffer = io.BytesIO()
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    path.write_bytes(buffer.getvalue())
    assert Image.open(path).format == "MPO"
    return path


def upload_through_dialog(page, path: Path):
    """Upload a file in TinyMCE's image dialog; returns the dialog."""
    page.click('.tox-tbtn[aria-label*="изображ" i], .tox-tbtn[aria-label*="image" i]')
    dialog = page.locator(".tox-dialog").last
    dialog.locator(".tox-tab").nth(1).click()  # "Upload"
    with page.expect_file_chooser() as chooser:
        dialog.locator(".tox-dropzone button").click()
    chooser.value.set_files(str(path))
    return dialog


def insert_picture(page, path: Path) -> str:
    dialog = upload_through_dialog(page, path)
    field = dialog.locator("input.tox-textfield").first
    expect(field).to_have_value(re.compile(r"^/media/uploads/\d{4}/\d{2}/\w{24}\.jpg$"))
    location = field.input_value()
    dialog.locator("button.tox-button:not(.tox-button--secondary)").last.click()
    expect(dialog).to_be_hidden()
    page.evaluate("tinymce.activeEditor.selection.collapse(false)")
    return location


def close_dialogs(page) -> None:
    while page.locator(".tox-dialog").count():
        page.keyboard.press("Escape")
        page.wait_for_timeout(100)


def test_upload_refusals_and_the_cleanup(live_server, new_page, screenshot_dir, tmp_path, settings):
    author = UserFactory(email="anna@example.com", first_name="Анна", last_name="Смирнова")
    base = live_server.url
    page = new_page()
    serve_media_from_test_root(page)
    login(page, base, author.email, PASSWORD)

    # ---- Two phone photos go into the text; one is taken out again before saving.
    page.goto(f"{base}/board/ads/new/")
    page.locator(".tox-tinymce").wait_for()
    page.fill("#id_title", "Скриншоты рейда")
    page.select_option("#id_category", "healers")
    editor = page.frame_locator(".tox-edit-area__iframe").locator("body")
    editor.click()
    editor.type("Вот как мы прошли босса.")
    kept = insert_picture(page, phone_photo(tmp_path / "IMG_0001.jpg"))
    dropped = insert_picture(page, phone_photo(tmp_path / "IMG_0002.jpg"))
    expect(editor.locator("img")).to_have_count(2)
    page.evaluate(
        "src => tinymce.activeEditor.dom.remove("
        "tinymce.activeEditor.dom.select(`img[src='${src}']`)[0])",
        dropped,
    )
    expect(editor.locator("img")).to_have_count(1)

    # ---- PostScript named .jpg: refused with the site's message, nothing stored.
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(EPS)
    upload_through_dialog(page, scan)
    expect(page.get_by_text(re.compile("Загрузите настоящее изображение"))).to_be_visible()
    # (Not shot: TinyMCE's own alert dialog has no accessible name, which axe refuses.)
    page.screenshot(path=f"{screenshot_dir}/uploads-refused-format-1280.png")
    close_dialogs(page)
    assert Upload.objects.count() == 2

    # ---- A full quota: the editor says so.
    settings.UPLOAD_QUOTA_MB = 1
    Upload.objects.create(owner=author, name="uploads/earlier.png", size=1024 * 1024)
    upload_through_dialog(page, phone_photo(tmp_path / "IMG_0003.jpg"))
    expect(page.get_by_text(re.compile("Место для ваших файлов закончилось"))).to_be_visible()
    close_dialogs(page)
    assert Upload.objects.count() == 3

    with page.expect_navigation():
        page.click("main form button[type=submit]")
    ad = Ad.objects.get(title="Скриншоты рейда")
    assert f'src="{kept}"' in ad.body and dropped not in ad.body

    # ---- The profile form says the quota is full too.
    page.goto(f"{base}/profile/")
    page.set_input_files("input[name=avatar]", str(phone_photo(tmp_path / "me.jpg")))
    form = page.locator("main form[enctype='multipart/form-data']")
    with page.expect_navigation():
        form.locator("button[type=submit]").last.click()
    expect(page.locator("main")).to_contain_text("Место для ваших файлов закончилось")
    shoot(page, screenshot_dir, "uploads-quota-profile")
    author.refresh_from_db()
    assert not author.avatar

    # ---- A day later the hourly cleanup deletes the pictures no text shows.
    Upload.objects.update(created=timezone.now() - dt.timedelta(hours=25))
    assert uploads_cleanup_task.call_local() == 2  # the dropped one and the earlier one
    assert list(Upload.objects.values_list("name", flat=True)) == [kept.removeprefix("/media/")]
    media = Path(settings.MEDIA_ROOT)
    assert (media / kept.removeprefix("/media/")).is_file()
    assert not (media / dropped.removeprefix("/media/")).exists()
    page.goto(f"{base}/board/ads/{ad.pk}/")
    picture = page.locator(f"#ad-body img[src='{kept}']")
    picture.wait_for(state="visible")
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    shoot(page, screenshot_dir, "uploads-ad-after-cleanup")
