"""The site's frame at phone and desktop width: no page scrolls sideways, the top bar's
"More" menu holds the sections that do not fit it and opens without JavaScript, and every
page is checked with axe-core (tests/e2e/conftest.py: assert_accessible)."""

from __future__ import annotations

import pytest

from accounts.tests.factories import PASSWORD
from internships.tests.factories import TeacherFactory
from tests.e2e.conftest import WIDTHS, assert_accessible, login, sideways_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ANONYMOUS_PAGES = [
    "/",
    "/board/",
    "/internships/",
    "/jobs/",
    "/auctions/",
    "/courses/",
    "/blogs/",
    "/forums/",
    "/videos/",
    "/organizations/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/no-such-page/",
]
MEMBER_PAGES = [
    "/",
    "/profile/",
    "/users/",
    "/notifications/",
    "/teaching/",
    "/accounts/email/",
    "/accounts/password/change/",
]
MORE = ["/courses/", "/blogs/", "/forums/", "/videos/"]


def _visit_all(page, base: str, paths: list[str]) -> None:
    for path in paths:
        page.goto(base + path)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(50)
            assert sideways_overflow(page) == 0, f"{path} scrolls sideways at {width} px"
        assert_accessible(page)


def test_no_page_scrolls_sideways_and_each_passes_axe(live_server, new_page):
    page = new_page(width=1280)
    _visit_all(page, live_server.url, ANONYMOUS_PAGES)

    teacher = TeacherFactory(password=PASSWORD)
    login(page, live_server.url, teacher.email, PASSWORD)
    _visit_all(page, live_server.url, MEMBER_PAGES)
    # A teacher's extra section is in "More" too.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    assert page.locator("#nav-more a[href='/teaching/']").count() == 1


def test_more_menu_opens_without_javascript(live_server, new_page):
    page = new_page(width=1280, java_script_enabled=False)
    page.goto(live_server.url + "/board/")
    bar = page.locator("header nav[aria-label]").first
    # The bar itself shows the main sections; the rest wait in "More".
    assert bar.locator("> a[href='/board/']").is_visible()
    for path in MORE:
        assert bar.locator(f"> a[href='{path}']").count() == 0
        assert not page.locator(f"#nav-more a[href='{path}']").is_visible()
    page.locator("#nav-more summary").click()
    for path in MORE:
        assert page.locator(f"#nav-more a[href='{path}']").is_visible()
    page.locator("#nav-more a[href='/forums/']").click()
    page.wait_for_url("**/forums/")
    # The current section is marked inside the menu and on its summary.
    assert page.locator("#nav-more a[href='/forums/']").get_attribute("aria-current") == "page"
    assert "text-brand-700" in page.locator("#nav-more summary").get_attribute("class")
    assert sideways_overflow(page) == 0


def test_phone_menu_opens_without_javascript(live_server, new_page, screenshot_dir):
    page = new_page(width=390, java_script_enabled=False)
    page.goto(live_server.url + "/")
    menu = page.locator("#mobile-nav")
    # The top bar is hidden at phone width; the menu's links wait behind its summary.
    assert not page.locator("header nav[aria-label]").first.is_visible()
    assert not menu.locator("a[href='/forums/']").is_visible()
    menu.locator("summary").click()
    for path in ["/board/", "/internships/", *MORE, "/accounts/login/"]:
        assert menu.locator(f"a[href='{path}']").is_visible(), path
    # (axe-core needs JavaScript: the open menu is checked in the journey below.)
    page.screenshot(path=f"{screenshot_dir}/layout-phone-menu-390.png")
    menu.locator("a[href='/forums/']").click()
    page.wait_for_url("**/forums/")
    # A new page: the menu is closed again, and marks where we are once opened.
    assert not menu.locator("a[href='/forums/']").is_visible()
    menu.locator("summary").click()
    assert menu.locator("a[href='/forums/']").get_attribute("aria-current") == "page"
    assert sideways_overflow(page) == 0


def test_phone_menu_closes_on_escape_and_outside_click(live_server, new_page):
    teacher = TeacherFactory(password=PASSWORD)
    page = new_page(width=390)
    login(page, live_server.url, teacher.email, PASSWORD)
    page.goto(live_server.url + "/board/")
    menu = page.locator("#mobile-nav")
    summary = menu.locator("summary")
    summary.click()
    # A teacher's own section and account links are in the phone menu.
    assert menu.locator("a[href='/teaching/']").first.is_visible()
    assert menu.locator("form[action='/accounts/logout/'] button").is_visible()
    assert_accessible(page, widths=(390,))
    page.keyboard.press("Escape")
    assert menu.get_attribute("open") is None
    assert summary.evaluate("el => el === document.activeElement")
    summary.click()
    assert menu.get_attribute("open") is not None
    # (The open panel covers the page's top; a click on the page below it closes it.)
    page.locator("footer").dispatch_event("click")
    assert menu.get_attribute("open") is None
    # By keyboard: Enter on the focused summary opens it.
    summary.focus()
    page.keyboard.press("Enter")
    assert menu.locator("a[href='/board/']").is_visible()
