"""Browser journeys of the internships app.

1. An employer publishes an internship (TinyMCE), a student applies, the employer
   shortlists in the applicants table, the student sees the new status.
2. A student opens a talent auction; two employers bid from two browser contexts and each
   page shows the other's bid without a reload (HTMX polling).

Screenshots at 390 and 1280 px: the list, a posting, the applicants table, the auction.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, OrganizationFactory
from internships import demo
from internships.models import Application, Auction, Bid, Posting
from internships.tests.factories import EmployerFactory, PostingFactory, StudentFactory
from tests.e2e.conftest import assert_accessible, login, shoot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} overflows by {overflow}px"


def test_post_apply_shortlist_and_see_the_status(live_server, new_page, screenshot_dir):
    # Other employers' postings and students around ours, so the pages look lived in.
    EmployerFactory.create_batch(2)
    StudentFactory.create_batch(4)
    demo.seed(scale=1, stdout=io.StringIO())
    organization = OrganizationFactory(name="Студия «Северное сияние»")
    employer = EmployerFactory(
        email="olga@example.com", first_name="Ольга", last_name="Котова", organization=organization
    )
    student = StudentFactory(email="anna@example.com", first_name="Анна", last_name="Смирнова")
    base = live_server.url

    # ---- The employer publishes an internship with TinyMCE.
    employer_page = new_page()
    login(employer_page, base, employer.email, PASSWORD)
    employer_page.goto(f"{base}/internships/new/")
    employer_page.locator(".tox-tinymce").wait_for()
    assert_accessible(employer_page)
    employer_page.fill("#id_title", "Стажёр-разработчик игровых серверов")
    editor = employer_page.frame_locator(".tox-edit-area__iframe").locator("body")
    editor.click()
    editor.type("Пишем бэкенд для онлайн-RPG на Python. Наставник с первого дня.")
    employer_page.fill("#id_location", "Санкт-Петербург")
    employer_page.check("#id_remote")
    employer_page.fill("#id_pay_min", "45000")
    employer_page.fill("#id_pay_max", "60000")
    employer_page.fill("#id_skills", "Python, Django, PostgreSQL")
    deadline = timezone.localdate() + datetime.timedelta(days=21)
    employer_page.fill("#id_deadline", deadline.isoformat())
    with employer_page.expect_navigation():
        employer_page.click("main form button[type=submit]")
    posting = Posting.objects.get(title="Стажёр-разработчик игровых серверов")
    assert employer_page.url == f"{base}/internships/{posting.pk}/"
    assert posting.organization == organization and posting.remote
    assert "Наставник с первого дня" in posting.description
    assert sorted(posting.skills.values_list("name", flat=True)) == [
        "Django",
        "PostgreSQL",
        "Python",
    ]

    # ---- The student finds it in the list (HTMX filter) and applies.
    student_page = new_page()
    login(student_page, base, student.email, PASSWORD)
    student_page.goto(f"{base}/internships/")
    student_page.evaluate("window.__sameDocument = true")
    student_page.fill("#posting-q", "игровых серверов")
    expect(student_page.locator("#posting-list article")).to_have_count(1)
    assert "q=" in student_page.url  # hx-push-url keeps the filter in the address
    assert student_page.evaluate("window.__sameDocument") is True
    student_page.goto(f"{base}/internships/")
    shoot(student_page, screenshot_dir, "internships-list")
    no_sideways_scroll(student_page)

    student_page.goto(f"{base}/internships/{posting.pk}/")
    shoot(student_page, screenshot_dir, "internships-posting")
    student_page.fill("#apply-box textarea", "Здравствуйте! Два года пишу на Django, хочу к вам.")
    student_page.click("#apply-box button[type=submit]")
    expect(student_page.locator('#apply-box [data-status="submitted"]')).to_be_visible()
    application = Application.objects.get(posting=posting, student=student)

    # ---- The employer shortlists in the applicants table, inline.
    employer_page.goto(f"{base}/internships/{posting.pk}/applications/")
    expect(employer_page.locator(f"#application-{application.pk}")).to_contain_text("Смирнова")
    employer_page.select_option(f"#status-select-{application.pk}", "shortlisted")
    expect(
        employer_page.locator(f'#application-status-{application.pk} [data-status="shortlisted"]')
    ).to_be_visible()
    application.refresh_from_db()
    assert application.status == Application.Status.SHORTLISTED
    shoot(employer_page, screenshot_dir, "internships-applicants")
    no_sideways_scroll(employer_page)

    # ---- The student sees the new status and its history.
    student_page.goto(f"{base}/applications/")
    card = student_page.locator(f"#application-{application.pk}")
    expect(card.locator('[data-status="shortlisted"]').first).to_be_visible()
    shoot(student_page, screenshot_dir, "internships-my-applications")

    employer_page.goto(f"{base}/internships/dashboard/")
    shoot(employer_page, screenshot_dir, "internships-dashboard")


def test_two_employers_bid_live(live_server, new_page, screenshot_dir):
    student = StudentFactory(email="anna@example.com", first_name="Анна", last_name="Смирнова")
    first = EmployerFactory(email="olga@example.com", first_name="Ольга", last_name="Котова")
    second = EmployerFactory(email="petr@example.com", first_name="Пётр", last_name="Глебов")
    PostingFactory(employer=first, title="Стажёр-бэкенд")
    PostingFactory(employer=second, title="Стажёр-аналитик")
    base = live_server.url

    # ---- The student opens an auction on themselves.
    student_page = new_page()
    login(student_page, base, student.email, PASSWORD)
    student_page.goto(f"{base}/auctions/new/")
    assert_accessible(student_page)
    student_page.fill("#id_title", "Python-разработчик на полставки")
    student_page.fill("#id_pitch", "Третий курс, два года пишу на Django. Ищу команду с код-ревью.")
    student_page.fill("#id_reserve", "40000")
    student_page.fill("#id_min_step", "2000")
    with student_page.expect_navigation():
        student_page.click("main form button[type=submit]")
    auction = Auction.objects.get(student=student)
    assert student_page.url == f"{base}/auctions/{auction.pk}/"

    # ---- Two employers open the page in their own browsers.
    pages = {}
    for employer in (first, second):
        page = new_page()
        login(page, base, employer.email, PASSWORD)
        page.goto(f"{base}/auctions/{auction.pk}/")
        page.evaluate("window.__sameDocument = true")
        pages[employer.pk] = page
    first_page, second_page = pages[first.pk], pages[second.pk]

    first_page.fill("#bid-amount", "45000")
    first_page.fill("#bid-message", "Ждём вас в команде бэкенда!")
    first_page.click("#bid-box button[type=submit]")
    expect(first_page.locator('#bid-list [data-bid-amount="45000"]')).to_be_visible()
    # The other employer's page shows it by polling, without a reload.
    expect(second_page.locator('#bid-list [data-bid-amount="45000"]')).to_be_visible(timeout=8000)
    expect(second_page.locator("#bid-list")).not_to_contain_text("Ольга")
    expect(second_page.locator("#bid-minimum")).to_contain_text("47")

    # The second employer's form is stale only if they bid below the new minimum.
    second_page.fill("#bid-amount", "46000")
    second_page.click("#bid-box button[type=submit]")
    expect(second_page.locator("#bid-box [role=alert]").first).to_be_visible()
    second_page.fill("#bid-amount", "50000")
    second_page.click("#bid-box button[type=submit]")
    expect(second_page.locator('#bid-list [data-bid-amount="50000"]')).to_be_visible()
    expect(first_page.locator('#bid-list [data-bid-amount="50000"]')).to_be_visible(timeout=8000)

    for page in (first_page, second_page):
        assert page.evaluate("window.__sameDocument") is True
    assert list(Bid.objects.order_by("amount").values_list("amount", flat=True)) == [45000, 50000]
    auction.refresh_from_db()
    assert auction.best_amount == 50000

    # The student sees both bidders by name.
    student_page.reload()
    expect(student_page.locator("#bid-list")).to_contain_text("Котова")
    expect(student_page.locator("#bid-list")).to_contain_text("Глебов")
    shoot(student_page, screenshot_dir, "internships-auction")
    shoot(second_page, screenshot_dir, "internships-auction-employer")
    no_sideways_scroll(second_page)

    student_page.goto(f"{base}/auctions/")
    shoot(student_page, screenshot_dir, "internships-auctions")


def test_more_filters_open_on_a_phone_without_javascript(live_server, new_page, screenshot_dir):
    PostingFactory(title="Стажёр в Казани", location="Казань")
    PostingFactory(title="Стажёр в Москве", location="Москва")
    page = new_page(width=390, java_script_enabled=False)
    page.goto(live_server.url + "/internships/")
    panel = page.locator("#posting-more-filters")
    summary = panel.locator("summary")
    location = page.locator("#posting-location")
    # Served open: without JavaScript the filters are there, and the summary folds them.
    assert summary.is_visible() and location.is_visible()
    summary.click()
    assert not location.is_visible()
    summary.click()
    assert location.is_visible()
    page.screenshot(path=f"{screenshot_dir}/internships-more-filters-390-nojs.png")
    location.select_option("Казань")
    page.locator("#posting-filters-form button[type=submit]").click()
    page.wait_for_url("**/internships/?*location=*")
    expect(page.locator("#posting-list")).to_contain_text("Стажёр в Казани")
    expect(page.locator("#posting-list")).not_to_contain_text("Стажёр в Москве")
    no_sideways_scroll(page)

    # Wide, still without JavaScript: no summary, the filters always show.
    wide = new_page(width=1280, java_script_enabled=False)
    wide.goto(live_server.url + "/internships/")
    assert not wide.locator("#posting-more-filters summary").is_visible()
    assert wide.locator("#posting-location").is_visible()

    # With JavaScript a phone starts folded, as before; the summary opens it.
    phone = new_page(width=390)
    phone.goto(live_server.url + "/internships/")
    expect(phone.locator("#posting-location")).to_be_hidden()
    phone.locator("#posting-more-filters summary").click()
    expect(phone.locator("#posting-location")).to_be_visible()
    assert_accessible(phone, widths=(390,))
