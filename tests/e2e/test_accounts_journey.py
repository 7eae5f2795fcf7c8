"""Browser checks of the accounts pages with demo data, screenshotted at 390 and 1280 px."""

import io
import os
import re

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import Organization, User

WIDTHS = (390, 1280)


def log_in(context, live_server, email: str) -> None:
    """Reuse Django's session login instead of driving the login form (tested elsewhere)."""
    client = Client()
    client.force_login(User.objects.get(email=email))
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_accounts_pages_look_right(browser, live_server, screenshot_dir):
    call_command("seed_demo", stdout=io.StringIO())
    organization = Organization.objects.get(name="Гильдия разработчиков игр")
    pages = {
        "profile": "/profile/",
        "users": "/users/",
        "user": User.objects.get(email="employer@guildhall.local").get_absolute_url(),
        "organizations": "/organizations/",
        "organization": organization.get_absolute_url(),
        "organization-new": "/organizations/new/",
        "notifications": "/notifications/",
    }
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
        log_in(context, live_server, "student@guildhall.local")
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            # Nothing may stick out sideways on a phone.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} overflows by {overflow}px at {width}px"
            page.screenshot(
                path=os.path.join(screenshot_dir, f"accounts-{name}-{width}.png"), full_page=True
            )
        assert errors == []
        context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_directory_search_and_join_with_htmx(browser, live_server, screenshot_dir):
    call_command("seed_demo", stdout=io.StringIO())
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    log_in(context, live_server, "student@guildhall.local")
    page = context.new_page()

    page.goto(live_server.url + "/users/")
    page.fill("#people-q", "figma")
    page.wait_for_url(re.compile(r"q=figma"))
    cards = page.locator("#user-list li.card")
    cards.first.wait_for()
    assert "Полина Козлова" in page.inner_text("#user-list")
    assert "Иван Петров" not in page.inner_text("#user-list")
    page.locator("label", has_text=re.compile(r"^\s*(Teacher|Преподаватель)\s*$")).click()
    page.wait_for_url(re.compile(r"role=teacher"))
    page.wait_for_function(
        "!document.querySelector('#user-list').innerText.includes('Полина Козлова')"
    )
    assert "Татьяна Николаева" in page.inner_text("#user-list")
    page.screenshot(path=os.path.join(screenshot_dir, "accounts-users-search-1280.png"))

    organization = Organization.objects.get(name="ТехноПарк Софт")
    page.goto(live_server.url + organization.get_absolute_url())
    members = page.locator("#organization-members")
    # Joining is a request an owner approves: until then the student is no member.
    join = re.compile("Ask to join|Попроситься в участники")
    withdraw = re.compile("Withdraw request|Отозвать заявку")
    members.get_by_role("button", name=join).click()
    members.get_by_role("button", name=withdraw).wait_for()
    assert "Анна Смирнова" not in page.inner_text("#organization-members")
    page.screenshot(path=os.path.join(screenshot_dir, "accounts-organization-requested-1280.png"))
    members.get_by_role("button", name=withdraw).click()
    members.get_by_role("button", name=join).wait_for()
    assert "Анна Смирнова" not in page.inner_text("#organization-members")

    # Form errors are shown beside their fields, and nothing is lost.
    page.goto(live_server.url + "/profile/")
    page.fill("#id_phone", "12345")
    page.fill("#id_github", "not a link")
    page.locator('form[action="/profile/"] button[type=submit]').last.click()
    page.wait_for_selector("#id_phone_error")
    assert page.locator("#id_github_error").is_visible()
    assert page.input_value("#id_github") == "not a link"
    page.screenshot(path=os.path.join(screenshot_dir, "accounts-profile-errors-1280.png"))
    context.close()
