"""Journeys through the newcomer's papercuts, checked with axe-core at phone and desktop
width: what anonymous visitors see (home, a public auction, why the login page asks),
board search that keeps its query after Back, the Russian TinyMCE in the site's colours,
an outbid employer told on the open page, and deleting one's account."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from accounts.tests.factories import PASSWORD
from board.tests.factories import AdFactory
from internships.models import Auction
from internships.services import bid_place
from internships.tests.factories import (
    AuctionFactory,
    EmployerFactory,
    PostingFactory,
    StudentFactory,
)
from tests.e2e.conftest import assert_accessible, login, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            # The WSGI live server has no /ws/: the page falls back to polling, by design.
            and "WebSocket connection" not in message.text
            and message.text != "[object Event]"
            and errors.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_anonymous_visitor_sees_public_pages_and_learns_why_to_log_in(
    live_server, new_page, screenshot_dir
):
    student = StudentFactory(first_name="Анна", last_name="Смирнова")
    auction = AuctionFactory(student=student, title="Python-разработчик на полставки")
    employer = EmployerFactory()
    bid_place(auction=auction, employer=employer, posting=PostingFactory(employer=employer),
              amount=50000)  # fmt: skip
    base = live_server.url
    page = new_page()

    page.goto(f"{base}/")
    # New members are names, not links to a login wall; the footer has no /healthz.
    assert page.locator(f"main a[href='/users/{student.pk}/']").count() == 0
    assert page.locator("footer a[href='/healthz']").count() == 0
    shoot(page, screenshot_dir, "ux-home-anonymous")

    page.goto(f"{base}/auctions/{auction.pk}/")
    assert page.url == f"{base}/auctions/{auction.pk}/"  # public, read-only
    expect(page.locator("h1")).to_have_text("Python-разработчик на полставки")
    assert page.locator("#bid-amount").count() == 0
    shoot(page, screenshot_dir, "ux-auction-anonymous")
    with page.expect_navigation():
        page.locator("#bid-box a[href^='/accounts/login/']").click()
    expect(page.locator("#login-reason")).to_be_visible()
    shoot(page, screenshot_dir, "ux-login-why")


def test_board_search_keeps_its_query_after_back_and_offers_everywhere(
    live_server, new_page, screenshot_dir
):
    AdFactory(title="Мифриловая кираса", category="blacksmiths")
    AdFactory(title="Мифрил оптом", category="traders")
    base = live_server.url
    page = new_page()
    page.goto(f"{base}/board/?category=traders")
    page.fill("#ad-search-q", "мифрил")
    with page.expect_response(re.compile(r"/board/\?")):
        page.press("#ad-search-q", "Enter")
    summary = page.locator("#search-summary")
    expect(summary).to_contain_text("Торговцы")
    shoot(page, screenshot_dir, "ux-board-search-in-category")

    # Open an ad, come back: the box still says what the results are filtered by.
    with page.expect_navigation():
        page.locator("#ad-results a", has_text="Мифрил оптом").first.click()
    page.go_back()
    expect(page.locator("#ad-search-q")).to_have_value("мифрил")
    assert "q=" in page.url

    with page.expect_response(re.compile(r"/board/\?q=")):
        page.locator("#search-summary a", has_text=re.compile("Искать везде")).click()
    expect(page.locator("#ad-results")).to_contain_text("Мифриловая кираса")
    expect(page.locator("#ad-search-q")).to_have_value("мифрил")
    assert_accessible(page)


def test_the_editor_speaks_russian_in_the_sites_colours(live_server, new_page, screenshot_dir):
    user = StudentFactory()
    base = live_server.url
    page = new_page()
    errors = console_errors(page)
    login(page, base, user.email, PASSWORD)
    page.goto(f"{base}/board/ads/new/")
    page.locator(".tox-tinymce").wait_for()
    assert page.locator(".tox-statusbar").count() == 0  # no element path, no resize handle
    expect(page.locator('.tox-tbtn[aria-label="Отменить"]')).to_have_count(1)
    expect(page.locator('.tox-tbtn[aria-label="Повторить"]')).to_have_count(1)
    assert_accessible(page)

    page.click('.tox-tbtn[aria-label*="изображ" i]')
    dialog = page.locator(".tox-dialog")
    expect(dialog.locator(".tox-tab", has_text="Загрузить")).to_be_visible()
    assert dialog.locator(".tox-tab", has_text="Передать").count() == 0
    primary = dialog.locator("button.tox-button:not(.tox-button--secondary)").last
    assert primary.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(79, 70, 229)"
    shoot(page, screenshot_dir, "ux-editor-dialog")

    # The notification badge polls without an htmx error (it logged one every 30 s).
    page.keyboard.press("Escape")
    with page.expect_response(re.compile(r"/notifications/badge/")):
        page.evaluate("htmx.trigger(document.body, 'notificationsChanged')")
    page.wait_for_timeout(200)
    assert errors == [], errors


def test_an_outbid_employer_is_told_without_bidding_again(live_server, new_page, screenshot_dir):
    auction = AuctionFactory(reserve=40000, min_step=1000)
    first, second = EmployerFactory(), EmployerFactory()
    first_posting = PostingFactory(employer=first)
    bid_place(auction=auction, employer=first, posting=first_posting, amount=40000)
    base = live_server.url
    page = new_page()
    login(page, base, first.email, PASSWORD)
    page.goto(f"{base}/auctions/{auction.pk}/")
    assert page.locator("[data-outbid]").count() == 0
    bid_place(auction=auction, employer=second, posting=PostingFactory(employer=second),
              amount=45000)  # fmt: skip
    # The live part (polled every 2 s) brings the news to the open page.
    expect(page.locator("#bid-standing [data-outbid]")).to_be_visible(timeout=10_000)
    shoot(page, screenshot_dir, "ux-auction-outbid")
    Auction.objects.filter(pk=auction.pk).update(status=Auction.Status.CANCELLED)


def test_a_member_deletes_their_account(live_server, new_page, screenshot_dir):
    user = StudentFactory(first_name="Вера", last_name="Лисицына", email="vera@example.com")
    base = live_server.url
    page = new_page()
    login(page, base, user.email, PASSWORD)
    page.goto(f"{base}/profile/")
    form = page.locator("#account-delete-form")
    form.scroll_into_view_if_needed()
    shoot(page, screenshot_dir, "ux-profile-delete")

    form.locator("input[name=password]").fill("not my password")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url == f"{base}/profile/delete/"
    expect(page.locator("main")).to_contain_text("Пароль неверный")
    shoot(page, screenshot_dir, "ux-delete-wrong-password")

    page.locator("#account-delete-form input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#account-delete-form button[type=submit]").click()
    assert page.url == f"{base}/"
    expect(page.locator("#messages")).to_contain_text("аккаунт удалён")
    assert page.locator("header a[href='/accounts/login/']").first.is_visible()
    assert_accessible(page)
    user.refresh_from_db()
    assert user.is_deleted and not User.objects.filter(email="vera@example.com").exists()
