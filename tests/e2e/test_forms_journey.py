"""The site's forms, as members fill them: one renderer (crispy-tailwind with the site's
templates in templates/tailwind/) for the profile, a posting, an auction, an ad and an
organization. Each page is shot empty and with its errors, at 390 and 1280 px.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, OrganizationFactory
from internships.tests.factories import EmployerFactory, StudentFactory
from tests.e2e.conftest import login, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} overflows by {overflow}px"


def test_every_form_renders_one_way(live_server, new_page, screenshot_dir):
    base = live_server.url
    organization = OrganizationFactory(name="Студия «Северное сияние»")
    employer = EmployerFactory(
        email="olga@example.com", first_name="Ольга", last_name="Котова", organization=organization
    )
    student = StudentFactory(email="anna@example.com", first_name="Анна", last_name="Смирнова")

    page = new_page()
    login(page, base, employer.email, PASSWORD)
    for path, name in [
        ("/profile/", "form-profile"),
        ("/internships/new/", "form-posting"),
        ("/board/ads/new/", "form-ad"),
        ("/organizations/new/", "form-organization"),
    ]:
        page.goto(base + path)
        # Every visible field has its label, styled by the one set of field templates.
        expect(page.locator("main form label").first).to_be_visible()
        no_sideways_scroll(page)
        shoot(page, screenshot_dir, name)

    # Errors: a posting with a reversed pay range shows them beside the fields.
    page.goto(base + "/internships/new/")
    page.fill("#id_title", "Стажёр")
    page.fill("#id_pay_min", "90000")
    page.fill("#id_pay_max", "10000")
    page.locator("main form [type=submit]").last.click()
    expect(page.locator("#id_pay_max")).to_have_attribute("aria-invalid", "true")
    shoot(page, screenshot_dir, "form-posting-errors")

    page = new_page()
    login(page, base, student.email, PASSWORD)
    page.goto(base + "/auctions/new/")
    expect(page.locator("#id_title")).to_be_visible()
    no_sideways_scroll(page)
    shoot(page, screenshot_dir, "form-auction")
