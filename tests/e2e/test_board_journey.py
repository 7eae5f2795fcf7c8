"""Browser journey of the board: post an ad with TinyMCE, respond by HTMX, accept, see it.

Two browser contexts (two players, own cookies) against the live server; screenshots of
the board, an ad and the responses pages at phone and desktop width.
"""

from __future__ import annotations

import io
import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from board import demo
from board.models import Ad, Response
from board.tests.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible, login, newest_mail, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def serve_media_from_test_root(page) -> None:
    """Serve /media/ from this test's MEDIA_ROOT (conftest gives each test its own, but the
    URLconf's static `serve` route keeps the folder it saw when it was imported)."""

    def handle(route):
        relative = urlsplit(route.request.url).path.removeprefix("/media/")
        path = (Path(settings.MEDIA_ROOT) / relative).resolve()
        if Path(settings.MEDIA_ROOT).resolve() in path.parents and path.is_file():
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            route.fulfill(path=str(path), content_type=content_type)
        else:
            route.fulfill(status=404, body="not found")

    # Only the site's /media/ (TinyMCE's own plugins/media/ is a static file).
    page.route(re.compile(r"^https?://[^/]+/media/"), handle)


def test_post_respond_accept_and_see_the_status(live_server, new_page, screenshot_dir, tmp_path):
    # Other players' ads around ours, so the board looks like a real one.
    UserFactory.create_batch(4)
    demo.seed(scale=1, stdout=io.StringIO())
    author = UserFactory(email="anna@example.com", first_name="Анна", last_name="Смирнова")
    player = UserFactory(email="ivan@example.com", first_name="Иван", last_name="Петров")
    base = live_server.url

    # ---- The author posts an ad with TinyMCE.
    author_page = new_page()
    serve_media_from_test_root(author_page)
    login(author_page, base, author.email, PASSWORD)
    author_page.goto(f"{base}/board/ads/new/")
    author_page.locator(".tox-tinymce").wait_for()
    assert_accessible(author_page)
    author_page.fill("#id_title", "Ищу хила на рейд в субботу")
    author_page.select_option("#id_category", "healers")
    editor = author_page.frame_locator(".tox-edit-area__iframe").locator("body")
    editor.click()
    editor.type("Нужен опытный лекарь, рейд в 20:00 по Москве. Пишите!")
    # A picture uploaded from the editor's image dialog (our endpoint, with the CSRF token).
    picture = tmp_path / "raid.png"
    Image.new("RGB", (640, 360), (79, 70, 229)).save(picture)
    author_page.click('.tox-tbtn[aria-label*="изображ" i], .tox-tbtn[aria-label*="image" i]')
    dialog = author_page.locator(".tox-dialog")
    dialog.locator(".tox-tab").nth(1).click()  # "Upload"
    with author_page.expect_file_chooser() as chooser:
        dialog.locator(".tox-dropzone button").click()
    chooser.value.set_files(str(picture))
    expect(dialog.locator("input.tox-textfield").first).to_have_value(
        re.compile(r"^/media/uploads/\d{4}/\d{2}/\w{24}\.png$")
    )
    dialog.locator("button.tox-button:not(.tox-button--secondary)").last.click()
    expect(dialog).to_be_hidden()
    expect(editor.locator("img")).to_have_count(1)
    # The new picture stays selected; the cursor goes after it, or the video replaces it.
    author_page.evaluate("tinymce.activeEditor.selection.collapse(false)")
    # A video through the editor's media dialog: TinyMCE turns the link into an embed.
    author_page.click('.tox-tbtn[aria-label*="мультимедиа"], .tox-tbtn[aria-label*="media" i]')
    dialog = author_page.locator(".tox-dialog")
    dialog.locator("input").first.fill("https://www.youtube.com/watch?v=jNQXAC9IVRw")
    dialog.locator("button.tox-button:not(.tox-button--secondary)").last.click()
    expect(dialog).to_be_hidden()
    with author_page.expect_navigation():
        author_page.click("main form button[type=submit]")
    ad = Ad.objects.get(title="Ищу хила на рейд в субботу")
    assert author_page.url == f"{base}/board/ads/{ad.pk}/"
    assert ad.category == "healers" and ad.author == author
    assert "Нужен опытный лекарь" in ad.body_text
    assert 'src="https://www.youtube.com/embed/jNQXAC9IVRw"' in ad.body and ad.has_video
    assert ad.cover_url.startswith("/media/uploads/") and f'src="{ad.cover_url}"' in ad.body
    assert (Path(settings.MEDIA_ROOT) / ad.cover_url.removeprefix("/media/")).is_file()
    expect(author_page.locator("#ad-body")).to_contain_text("Нужен опытный лекарь")

    author_page.goto(f"{base}/board/")
    expect(author_page.locator("#ad-results")).to_contain_text("Ищу хила на рейд в субботу")
    shoot(author_page, screenshot_dir, "board-list")

    # ---- Another player responds on the ad page: the response appears without a reload.
    player_page = new_page()
    serve_media_from_test_root(player_page)
    login(player_page, base, player.email, PASSWORD)
    player_page.goto(f"{base}/board/ads/{ad.pk}/")
    player_page.evaluate("window.__sameDocument = true")
    player_page.fill("#response-form textarea", "Жрец 70 уровня, свободен в субботу вечером.")
    player_page.click("#response-form button[type=submit]")
    expect(player_page.locator("#response-list")).to_contain_text("Жрец 70 уровня")
    expect(player_page.locator("#response-form textarea")).to_have_value("")
    assert player_page.evaluate("window.__sameDocument") is True  # no page reload
    assert Response.objects.filter(ad=ad, author=player, status="pending").count() == 1
    shoot(player_page, screenshot_dir, "board-ad-detail")

    new_response_mail = newest_mail(to=author.email)
    assert f"/board/responses/?ad={ad.pk}" in new_response_mail.body

    # ---- The author filters their responses by the ad and accepts.
    author_page.goto(f"{base}/board/responses/")
    author_page.evaluate("window.__sameDocument = true")
    author_page.select_option("#filter-ad", str(ad.pk))
    expect(author_page).to_have_url(re.compile(rf"ad={ad.pk}"))
    expect(author_page.locator("#response-list")).to_contain_text("Жрец 70 уровня")
    shoot(author_page, screenshot_dir, "board-responses")
    card = author_page.locator("#response-list article").filter(has_text="Жрец 70 уровня")
    card.get_by_role("button", name=re.compile("Принять|Accept")).click()
    expect(card.locator(".badge-green")).to_be_visible()
    # the list refreshed itself: the ad select no longer counts a new response
    expect(author_page.locator(f'#filter-ad option[value="{ad.pk}"]')).to_have_text(
        re.compile(r"\(1\)$")
    )
    assert author_page.evaluate("window.__sameDocument") is True
    assert Response.objects.get(ad=ad, author=player).status == "accepted"

    accepted_mail = newest_mail(to=player.email)
    assert "/board/my-responses/" in accepted_mail.body
    assert [m.to for m in mail.outbox].count([player.email]) == 1

    # ---- The responder sees the new status.
    player_page.goto(f"{base}/board/my-responses/")
    row = player_page.locator("li").filter(has_text="Ищу хила на рейд в субботу")
    expect(row.locator('[data-status="accepted"]')).to_be_visible()
    shoot(player_page, screenshot_dir, "board-my-responses")


def test_filter_by_category_then_search_keeps_both(live_server, new_page, screenshot_dir):
    UserFactory.create_batch(3)
    demo.seed(scale=1, stdout=io.StringIO())
    page = new_page(width=390)
    serve_media_from_test_root(page)
    page.goto(f"{live_server.url}/board/")
    page.evaluate("window.__sameDocument = true")
    page.locator("#ad-results nav a", has_text=re.compile("Хилы|Healers")).click()
    expect(page).to_have_url(re.compile(r"category=healers"))
    expect(page.locator("#ad-results li")).to_have_count(2)
    page.fill("#ad-search-q", "ключи")
    page.press("#ad-search-q", "Enter")
    expect(page).to_have_url(re.compile(r"q=%D0%BA%D0%BB%D1%8E%D1%87%D0%B8"))
    expect(page).to_have_url(re.compile(r"category=healers"))
    expect(page.locator("#ad-results li")).to_have_count(1)
    expect(page.locator("#ad-results")).to_contain_text("ключи +15")
    assert page.evaluate("window.__sameDocument") is True
    # nothing found: the designed empty state
    page.fill("#ad-search-q", "несуществующий-предмет")
    page.press("#ad-search-q", "Enter")
    expect(page.locator("#ad-results .card")).to_be_visible()
    shoot(page, screenshot_dir, "board-list-empty-search")


def test_staff_compose_preview_and_send_a_newsletter(live_server, new_page, screenshot_dir):
    staff = UserFactory(
        email="boss@example.com", first_name="Мария", last_name="Орлова", staff=True
    )
    UserFactory.create_batch(3)
    UserFactory(email="optout@example.com", newsletter_opt_out=True)
    page = new_page()
    login(page, live_server.url, staff.email, PASSWORD)
    page.goto(f"{live_server.url}/staff/newsletters/")
    shoot(page, screenshot_dir, "board-newsletters-empty")
    page.goto(f"{live_server.url}/staff/newsletters/new/")
    page.fill("#id_subject", "Сезон «Пепел драконов» стартует в пятницу")
    editor = page.frame_locator(".tox-edit-area__iframe").locator("body")
    editor.click()
    editor.type("Новые рейды, профессии и награды. До встречи в игре!")
    shoot(page, screenshot_dir, "board-newsletter-form")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    preview = page.frame_locator("main iframe")
    expect(preview.locator("body")).to_contain_text("Новые рейды")
    shoot(page, screenshot_dir, "board-newsletter-draft")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#newsletter-progress button[type=submit]")
    expect(page.locator("#newsletter-progress [data-progress]")).to_have_attribute(
        "data-progress", "100"
    )
    shoot(page, screenshot_dir, "board-newsletter-sent")
    addresses = sorted(m.to[0] for m in mail.outbox)
    assert "optout@example.com" not in addresses
    assert len(addresses) == 4 and len(set(addresses)) == 4
