"""Browser checks of organization editing and member management, the profile's
organization filter and the notifications pages; screenshots at 390 and 1280 px."""

import io
import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Membership, Notification, Organization, User
from tests.e2e.test_accounts_journey import WIDTHS, log_in

OWNER_EMAIL = "artem.lebedev@guildhall.local"
GUILD = "Гильдия разработчиков игр"


def no_sideways_overflow(page, width: int) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} overflows by {overflow}px at {width}px"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_owner_pages_look_right(browser, live_server, screenshot_dir):
    call_command("seed_demo", stdout=io.StringIO())
    organization = Organization.objects.get(name=GUILD)
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
        log_in(context, live_server, OWNER_EMAIL)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))

        page.goto(live_server.url + organization.get_absolute_url())
        assert page.get_by_role("link", name=re.compile("Edit|Изменить")).is_visible()
        no_sideways_overflow(page, width)
        page.screenshot(
            path=os.path.join(screenshot_dir, f"accounts-organization-owner-{width}.png"),
            full_page=True,
        )
        # A member's menu, open.
        page.locator("#organization-members details[data-dropdown] summary").first.click()
        menu = page.locator("#organization-members details[open]")
        menu.get_by_role("button", name=re.compile("Remove|Исключить")).wait_for()
        no_sideways_overflow(page, width)
        page.screenshot(
            path=os.path.join(screenshot_dir, f"accounts-organization-menu-{width}.png"),
            full_page=True,
        )

        page.goto(live_server.url + f"/organizations/{organization.pk}/edit/")
        assert page.input_value("#id_name") == GUILD
        no_sideways_overflow(page, width)
        page.screenshot(
            path=os.path.join(screenshot_dir, f"accounts-organization-edit-{width}.png"),
            full_page=True,
        )
        # A name another organization has: the error shows beside the field.
        page.fill("#id_name", "технопарк софт")
        page.locator("form button[type=submit]").last.click()
        page.wait_for_selector("#id_name_error")
        no_sideways_overflow(page, width)
        page.screenshot(
            path=os.path.join(screenshot_dir, f"accounts-organization-edit-errors-{width}.png"),
            full_page=True,
        )
        assert errors == []
        context.close()
    assert Organization.objects.filter(name=GUILD).exists()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_owner_edits_and_manages_members_with_htmx(browser, live_server, screenshot_dir):
    call_command("seed_demo", stdout=io.StringIO())
    organization = Organization.objects.get(name=GUILD)
    student = User.objects.get(email="student@guildhall.local")
    employer = User.objects.get(email="employer@guildhall.local")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    log_in(context, live_server, OWNER_EMAIL)
    page = context.new_page()

    page.goto(live_server.url + f"/organizations/{organization.pk}/edit/")
    page.fill("#id_name", "Гильдия игроделов")
    page.fill("#id_description", "Делаем игры вместе.")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(live_server.url + organization.get_absolute_url())
    assert "Гильдия игроделов" in page.inner_text("h1")
    assert "Делаем игры вместе." in page.inner_text("main")

    members = page.locator("#organization-members")
    card = members.locator("li", has_text=employer.get_full_name())
    card.locator("summary").click()
    card.get_by_role("button", name=re.compile("Make an owner|Сделать владельцем")).click()
    card = members.locator("li", has_text=employer.get_full_name())
    card.locator(".badge-brand").wait_for()
    assert Membership.objects.get(organization=organization, user=employer).role == "owner"

    page.on("dialog", lambda dialog: dialog.accept())
    card = members.locator("li", has_text=student.get_full_name())
    card.locator("summary").click()
    card.get_by_role("button", name=re.compile("Remove|Исключить")).click()
    expect(page.locator("#organization-members")).not_to_contain_text(student.get_full_name())
    assert not Membership.objects.filter(organization=organization, user=student).exists()
    assert Notification.objects.filter(recipient=student, link=organization.get_absolute_url())
    page.screenshot(path=os.path.join(screenshot_dir, "accounts-organization-managed-1280.png"))
    context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_profile_organization_filter(browser, live_server, screenshot_dir):
    call_command("seed_demo", scale=4, stdout=io.StringIO())
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
        log_in(context, live_server, "student@guildhall.local")
        page = context.new_page()
        page.goto(live_server.url + "/profile/")
        choices = page.locator("#organization-choices label")
        # Mine first, checked.
        assert choices.first.locator("input").is_checked()
        total = choices.count()
        assert total > 20
        box = page.locator("#organization-choices").bounding_box()
        assert box["height"] <= 18 * 16 + 2  # max-h-72: it scrolls instead of growing

        page.evaluate(
            "document.getElementById('section-organizations').closest('section')"
            ".scrollIntoView({block: 'center'})"
        )
        page.screenshot(
            path=os.path.join(screenshot_dir, f"accounts-profile-orgs-list-{width}.png")
        )

        page.fill("#organization-filter", "гильдия разработчиков")
        visible = page.locator("#organization-choices label:visible")
        assert visible.count() == 1
        assert GUILD in visible.first.inner_text()
        no_sideways_overflow(page, width)
        page.evaluate(
            "document.getElementById('section-organizations').closest('section')"
            ".scrollIntoView({block: 'center'})"
        )
        page.screenshot(path=os.path.join(screenshot_dir, f"accounts-profile-orgs-{width}.png"))

        # Enter in the filter does not submit the profile; nothing matches shows a note.
        page.fill("#organization-filter", "нет такой организации")
        page.press("#organization-filter", "Enter")
        assert page.locator("#organization-choices label:visible").count() == 0
        assert page.locator("[data-org-none]").is_visible()
        assert page.url == live_server.url + "/profile/"
        # Hidden choices are still sent: saving keeps the memberships.
        before = set(
            Membership.objects.filter(user__email="student@guildhall.local").values_list(
                "organization_id", flat=True
            )
        )
        page.locator("main form[enctype='multipart/form-data'] button[type=submit]").last.click()
        page.wait_for_load_state()
        after = set(
            Membership.objects.filter(user__email="student@guildhall.local").values_list(
                "organization_id", flat=True
            )
        )
        assert before and after == before
        context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_notifications_mark_read_stays_on_page_two(browser, live_server, screenshot_dir):
    call_command("seed_demo", stdout=io.StringIO())
    student = User.objects.get(email="student@guildhall.local")
    Notification.objects.bulk_create(
        [Notification(recipient=student, message=f"Старое уведомление {i}") for i in range(25)]
    )
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
        log_in(context, live_server, student.email)
        page = context.new_page()
        page.goto(live_server.url + "/notifications/?page=2")
        unread_before = page.locator("#notification-list .bg-brand-600").count()
        button = page.locator("#notification-list").get_by_role(
            "button", name=re.compile("^(Mark read|Прочитано)$")
        )
        button.first.click()
        # A locator wait, not wait_for_function: the strict CSP forbids evaluating strings.
        expect(page.locator("#notification-list .bg-brand-600")).to_have_count(unread_before - 1)
        assert page.url.endswith("/notifications/?page=2")
        assert re.search(r"(Page|Страница) 2", page.inner_text("#notification-list"))
        no_sideways_overflow(page, width)
        page.screenshot(
            path=os.path.join(screenshot_dir, f"accounts-notifications-page2-{width}.png"),
            full_page=True,
        )
        context.close()
