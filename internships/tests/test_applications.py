"""Applications: applying, the owner's table and status changes, the student's list."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.tests.factories import SkillFactory
from internships import services
from internships.models import Application, ApplicationEvent, Posting
from internships.tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    PostingFactory,
    StudentFactory,
)

MY_APPLICATIONS = reverse("internships:application_list")


def apply_url(posting):
    return reverse("internships:posting_apply", args=[posting.pk])


def table_url(posting):
    return reverse("internships:posting_applications", args=[posting.pk])


def status_url(application):
    return reverse("internships:application_status", args=[application.pk])


def withdraw_url(application):
    return reverse("internships:application_withdraw", args=[application.pk])


def viewed_url(application):
    return reverse("internships:application_viewed", args=[application.pk])


# ---- Applying


@pytest.mark.django_db
def test_student_applies(login, student, posting, employer):
    response = login(student).post(apply_url(posting), {"cover_letter": "Хочу к вам!"})
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.student, application.posting) == (student, posting)
    assert application.status == Application.Status.SUBMITTED
    assert application.cover_letter == "Хочу к вам!"
    assert list(application.events.values_list("status", "actor")) == [("submitted", student.pk)]
    assert Notification.objects.filter(recipient=employer).count() == 1


@pytest.mark.django_db
def test_apply_over_htmx_swaps_the_box(login, student, posting):
    response = login(student).post(
        apply_url(posting), {"cover_letter": ""}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="apply-box"' in html and "<html" not in html
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_applying_twice_is_refused(login, student, posting):
    client = login(student)
    client.post(apply_url(posting), {"cover_letter": "Первое"})
    response = client.post(apply_url(posting), {"cover_letter": "Второе"})
    assert response.status_code == 422
    assert response.context["apply_form"].has_error(NON_FIELD_ERRORS, "duplicate")
    assert Application.objects.get().cover_letter == "Первое"


@pytest.mark.django_db
def test_applying_twice_at_the_service_is_a_validation_error(student, posting):
    services.application_create(posting=posting, student=student)
    with pytest.raises(services.ValidationError) as error:
        services.application_create(posting=posting, student=student)
    assert error.value.code == "duplicate"
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_applying_after_the_deadline_is_refused(login, student, employer):
    late = PostingFactory(
        employer=employer, deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = login(student).post(apply_url(late), {"cover_letter": "Опоздал"})
    assert response.status_code == 422
    assert response.context["apply_form"].has_error(NON_FIELD_ERRORS, "past_deadline")
    assert 'role="alert"' in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_applying_to_a_closed_posting_is_refused(login, student, employer):
    closed = PostingFactory(employer=employer, status=Posting.Status.CLOSED)
    response = login(student).post(
        apply_url(closed), {"cover_letter": ""}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    response = login(student).post(apply_url(closed), {"cover_letter": ""})
    assert response.context["apply_form"].has_error(NON_FIELD_ERRORS, "closed")
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_too_long_cover_letter_is_a_form_error(login, student, posting):
    response = login(student).post(apply_url(posting), {"cover_letter": "x" * 5001})
    assert response.status_code == 422
    assert response.context["apply_form"].errors["cover_letter"]
    # Rendered by crispy (templates/tailwind/field.html): the error by id, the text kept.
    html = response.content.decode()
    assert 'id="id_cover_letter_error"' in html and "x" * 5001 in html
    assert 'aria-invalid="true"' in html and "Здравствуйте" in html
    assert not Application.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["employer", "other_employer", "teacher"])
def test_employers_and_teachers_cannot_apply(request, login, posting, who):
    response = login(request.getfixturevalue(who)).post(apply_url(posting), {"cover_letter": "x"})
    assert response.status_code == 403
    assert response.context["reason"]  # the page says why
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_apply_needs_login_and_post(client, login, student, posting):
    response = client.post(apply_url(posting), {"cover_letter": "x"})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert login(student).get(apply_url(posting)).status_code == 405
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_posting_page_shows_the_students_status(login, student, posting):
    ApplicationFactory(posting=posting, student=student, status=Application.Status.SHORTLISTED)
    html = login(student).get(posting.get_absolute_url()).content.decode()
    assert 'name="cover_letter"' not in html
    assert 'data-status="shortlisted"' in html


# ---- The owner's table


@pytest.mark.django_db
def test_owner_sees_the_applicants_table(login, employer, posting):
    python = SkillFactory(name="Python")
    a = ApplicationFactory(posting=posting, student=StudentFactory(first_name="Ася"))
    a.student.profile.skills.add(python)
    ApplicationFactory(posting=posting)
    ApplicationFactory()  # another posting's applicant stays out
    response = login(employer).get(table_url(posting))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["table"].rows) == 2
    assert reverse("accounts:user_detail", args=[a.student.pk]) in html
    assert "Python" in html
    assert f'action="{status_url(a)}"' in html


@pytest.mark.django_db
def test_table_sorts_and_answers_htmx_with_the_table_only(login, employer, posting):
    ApplicationFactory(posting=posting, student=StudentFactory(last_name="Яковлев"))
    ApplicationFactory(posting=posting, student=StudentFactory(last_name="Абрамов"))
    client = login(employer)
    response = client.get(table_url(posting), {"sort": "student"})
    names = [row.record.student.last_name for row in response.context["table"].page.object_list]
    assert names == ["Абрамов", "Яковлев"]
    response = client.get(table_url(posting), {"sort": "-student"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="applicants-table"' in html and "<html" not in html
    assert html.index("Яковлев") < html.index("Абрамов")
    assert 'hx-boost="true"' in html


@pytest.mark.django_db
def test_the_sorted_header_cell_carries_aria_sort_not_its_link(login, employer, posting):
    ApplicationFactory(posting=posting)
    client = login(employer)
    for sort, state in (("student", "ascending"), ("-student", "descending")):
        html = client.get(table_url(posting), {"sort": sort}).content.decode()
        assert re.search(rf'<th [^>]*aria-sort="{state}"', html), sort
        assert html.count("aria-sort=") == 1  # only the sorted column's cell
        assert not re.search(r"<a [^>]*aria-sort", html)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_employer", "student", "teacher"])
def test_strangers_cannot_see_the_table(request, login, posting, who):
    ApplicationFactory(posting=posting)
    response = login(request.getfixturevalue(who)).get(table_url(posting))
    assert response.status_code == 403


@pytest.mark.django_db
def test_staff_sees_any_table(login, staff, posting):
    ApplicationFactory(posting=posting)
    assert login(staff).get(table_url(posting)).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.django_db
def test_table_query_count_is_constant(
    login, employer, posting, django_assert_max_num_queries, count
):
    skills = [SkillFactory(name=f"Skill {i}") for i in range(3)]
    for _ in range(count):
        application = ApplicationFactory(posting=posting)
        application.student.profile.skills.set(skills)
    client = login(employer)
    with django_assert_max_num_queries(9):
        response = client.get(table_url(posting), {"per_page": 50})
    assert response.status_code == 200


# ---- Status changes


@pytest.mark.django_db
def test_owner_shortlists_and_the_student_is_notified(
    login, employer, student, posting, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(posting=posting, student=student)
    client = login(employer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            status_url(application), {"status": "shortlisted"}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200
    assert 'data-status="shortlisted"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SHORTLISTED
    event = application.events.last()
    assert (event.status, event.actor) == ("shortlisted", employer)
    assert Notification.objects.filter(recipient=student, link="/applications/").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [student.email]
    assert posting.title in mail.outbox[0].subject
    assert "/applications/" in mail.outbox[0].body


@pytest.mark.django_db
def test_plain_post_status_change_redirects_back(login, employer, posting):
    application = ApplicationFactory(posting=posting)
    response = login(employer).post(
        status_url(application), {"status": "rejected", "next": table_url(posting)}
    )
    assert response.status_code == 302 and response["Location"] == table_url(posting)
    application.refresh_from_db()
    assert application.status == "rejected"


@pytest.mark.django_db
def test_swapped_status_form_returns_to_the_page_it_is_on(login, employer, posting):
    """After an HTMX swap, the form's `next` is the table page, not the URL that answered."""
    application = ApplicationFactory(posting=posting)
    page = f"{table_url(posting)}?sort=status"
    response = login(employer).post(
        status_url(application),
        {"status": "viewed"},
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"},
    )
    assert f'name="next" value="{table_url(posting)}?sort=status"' in response.content.decode()


@pytest.mark.django_db
def test_status_change_on_the_application_page_updates_its_history(login, employer, posting):
    application = ApplicationFactory(posting=posting)
    client = login(employer)
    headers = {
        "HX-Request": "true",
        "HX-Current-URL": f"http://testserver{application.get_absolute_url()}",
    }
    response = client.post(status_url(application), {"status": "shortlisted"}, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="application-status-{application.pk}"' in html
    history = html[html.index('id="application-history"') :]
    assert 'hx-swap-oob="true"' in history
    assert history.count('<li class="relative">') == 2  # "submitted", then the new step
    # From the table, only the status cell comes back.
    headers["HX-Current-URL"] = f"http://testserver{table_url(posting)}"
    response = client.post(status_url(application), {"status": "accepted"}, headers=headers)
    assert 'id="application-history"' not in response.content.decode()


@pytest.mark.django_db
def test_next_must_be_local(login, employer, posting):
    application = ApplicationFactory(posting=posting)
    response = login(employer).post(
        status_url(application), {"status": "viewed", "next": "https://evil.example/"}
    )
    assert response["Location"] == application.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("current", "new"),
    [
        ("accepted", "viewed"),
        ("rejected", "accepted"),
        ("withdrawn", "shortlisted"),
        ("shortlisted", "submitted"),
        ("viewed", "withdrawn"),
        ("submitted", "pirate"),
    ],
)
def test_invalid_transitions_are_refused(
    login, employer, posting, current, new, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(posting=posting, status=current)
    client = login(employer)
    with django_capture_on_commit_callbacks(execute=True):
        plain = client.post(status_url(application), {"status": new})
        htmx = client.post(status_url(application), {"status": new}, headers={"HX-Request": "true"})
    assert plain.status_code == 422 and htmx.status_code == 422
    assert 'role="alert"' in htmx.content.decode()
    application.refresh_from_db()
    assert application.status == current
    assert application.events.count() == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_strangers_cannot_change_a_status(login, other_employer, student, posting):
    application = ApplicationFactory(posting=posting, student=student)
    # Another employer cannot even see it; the student sees it but may not change it.
    assert (
        login(other_employer).post(status_url(application), {"status": "viewed"}).status_code == 404
    )
    assert login(student).post(status_url(application), {"status": "accepted"}).status_code == 403
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.django_db
def test_status_route_needs_login_and_post(client, login, employer, posting):
    application = ApplicationFactory(posting=posting)
    response = client.post(status_url(application), {"status": "viewed"})
    assert response.status_code == 302
    assert login(employer).get(status_url(application)).status_code == 405
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.django_db
def test_staff_can_change_a_status(login, staff, posting):
    application = ApplicationFactory(posting=posting)
    assert login(staff).post(status_url(application), {"status": "accepted"}).status_code == 302
    application.refresh_from_db()
    assert application.status == "accepted"


# ---- The owner opens one application


@pytest.mark.django_db
def test_reading_an_application_changes_nothing(login, employer, student, posting):
    """The GET only shows the page; the page then asks to mark it viewed with a POST."""
    application = ApplicationFactory(posting=posting, student=student, cover_letter="Привет!")
    response = login(employer).get(application.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Привет!" in html
    assert f'hx-post="{viewed_url(application)}" hx-trigger="load"' in html
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not Notification.objects.filter(recipient=student).exists()


@pytest.mark.django_db
def test_owner_opening_an_application_marks_it_viewed(
    login, employer, student, posting, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(posting=posting, student=student)
    client = login(employer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(viewed_url(application), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="viewed"' in html and "<html" not in html
    assert 'id="application-history" class="card card-body" hx-swap-oob="true"' in html
    application.refresh_from_db()
    assert application.status == "viewed"
    assert list(application.events.values_list("status", flat=True)) == ["submitted", "viewed"]
    # Like every status change: in the app and by mail.
    assert Notification.objects.filter(recipient=student).count() == 1
    assert [message.to for message in mail.outbox] == [[student.email]]
    # The page no longer asks, and a second POST changes nothing.
    assert 'hx-trigger="load"' not in client.get(application.get_absolute_url()).content.decode()
    assert client.post(viewed_url(application)).status_code == 302
    assert application.events.count() == 2
    assert Notification.objects.filter(recipient=student).count() == 1


@pytest.mark.django_db
def test_staff_and_the_student_opening_do_not_mark_viewed(login, staff, student, posting):
    application = ApplicationFactory(posting=posting, student=student)
    for viewer in (staff, student):
        client = login(viewer)
        assert client.get(application.get_absolute_url()).status_code == 200
        assert client.post(viewed_url(application)).status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.django_db
def test_viewed_route_needs_login_post_and_the_owner(
    client, login, employer, other_employer, teacher, posting
):
    application = ApplicationFactory(posting=posting)
    response = client.post(viewed_url(application))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert login(employer).get(viewed_url(application)).status_code == 405
    for stranger in (other_employer, teacher):
        assert login(stranger).post(viewed_url(application)).status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_employer", "other_student", "teacher"])
def test_strangers_cannot_open_an_application(request, login, posting, who):
    application = ApplicationFactory(posting=posting)
    response = login(request.getfixturevalue(who)).get(application.get_absolute_url())
    assert response.status_code == 404


# ---- The student's list


@pytest.mark.django_db
def test_student_sees_applications_with_status_and_history(login, student, employer, posting):
    application = ApplicationFactory(posting=posting, student=student)
    services.application_set_status(application=application, status="shortlisted", by=employer)
    ApplicationFactory()  # someone else's
    response = login(student).get(MY_APPLICATIONS)
    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == [application]
    assert posting.title in html
    assert 'data-status="shortlisted"' in html
    assert html.count("badge-") >= 3  # current status plus two history steps


@pytest.mark.django_db
def test_applications_page_needs_login(client):
    response = client.get(MY_APPLICATIONS)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_employer_gets_a_pointer_to_the_dashboard(login, employer):
    html = login(employer).get(MY_APPLICATIONS).content.decode()
    assert reverse("internships:dashboard") in html


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.django_db
def test_applications_query_count_is_constant(login, student, django_assert_max_num_queries, count):
    student.profile.skills.add(SkillFactory(name="Python"))
    for _ in range(count):
        application = ApplicationFactory(student=student)
        ApplicationEvent.objects.create(application=application, status="viewed")
    client = login(student)
    # The session, the user, the count, the page, the histories (and one more on this cold
    # first view): the cards do not show the student's skills, so they are not
    # loaded (7 queries before, 8 allowed).
    with django_assert_max_num_queries(6) as queries:
        response = client.get(MY_APPLICATIONS)
    assert response.status_code == 200
    assert not any("accounts_skill" in query["sql"] for query in queries.captured_queries)
    # The application's own page still shows them.
    detail = client.get(reverse("internships:application_detail", args=[application.pk]))
    assert "Python" in detail.content.decode()


@pytest.mark.django_db
def test_student_withdraws_an_undecided_application(login, student, employer, posting):
    application = ApplicationFactory(posting=posting, student=student, status="shortlisted")
    client = login(student)
    response = client.post(withdraw_url(application), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="application-{application.pk}"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == "withdrawn"
    assert application.events.last().actor == student
    assert Notification.objects.filter(recipient=employer).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["accepted", "rejected", "withdrawn"])
def test_decided_applications_cannot_be_withdrawn(login, student, posting, status):
    application = ApplicationFactory(posting=posting, student=student, status=status)
    client = login(student)
    assert client.post(withdraw_url(application)).status_code == 422
    response = client.post(withdraw_url(application), headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert 'role="alert"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == status


@pytest.mark.django_db
def test_only_the_applicant_withdraws(client, login, other_student, employer, posting):
    application = ApplicationFactory(posting=posting)
    assert client.post(withdraw_url(application)).status_code == 302  # anonymous: login
    assert login(other_student).post(withdraw_url(application)).status_code == 404
    assert login(employer).post(withdraw_url(application)).status_code == 404
    assert login(application.student).get(withdraw_url(application)).status_code == 405
    application.refresh_from_db()
    assert application.status == "submitted"


# ---- The employer's dashboard


@pytest.mark.django_db
def test_dashboard_counts_and_chart(login, employer, posting):
    ApplicationFactory.create_batch(2, posting=posting)
    ApplicationFactory(posting=posting, status="accepted")
    old = ApplicationFactory(posting=posting)
    Application.objects.filter(pk=old.pk).update(
        created=timezone.now() - datetime.timedelta(days=3)
    )
    ApplicationFactory(posting=PostingFactory(employer=EmployerFactory()))  # not mine
    response = login(employer).get(reverse("internships:dashboard"))
    assert response.status_code == 200
    counts = {item["status"]: item["count"] for item in response.context["status_counts"]}
    assert counts["submitted"] == 3 and counts["accepted"] == 1 and counts["rejected"] == 0
    chart = response.context["chart"]
    assert chart["total"] == 4 and len(chart["bars"]) == 30
    assert chart["bars"][-1].count == 3 and chart["bars"][-4].count == 1
    html = response.content.decode()
    assert "<svg" in html and "<rect" in html
    assert posting.title in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["student", "teacher"])
def test_dashboard_is_for_employers(request, login, who):
    assert (
        login(request.getfixturevalue(who)).get(reverse("internships:dashboard")).status_code == 403
    )


@pytest.mark.django_db
def test_dashboard_needs_login(client):
    assert client.get(reverse("internships:dashboard")).status_code == 302


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.django_db
def test_dashboard_is_paginated_with_a_constant_query_count(
    login, employer, organization, django_assert_max_num_queries, count
):
    for _ in range(count):
        ApplicationFactory(posting=PostingFactory(employer=employer, organization=organization))
    client = login(employer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("internships:dashboard"))
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == count
    assert len(page.object_list) == min(count, 20)
    if count > 20:
        last = client.get(reverse("internships:dashboard"), {"page": page.paginator.num_pages})
        assert len(last.context["page_obj"].object_list) == (count % 20 or 20)
