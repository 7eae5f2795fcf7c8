"""Postings: the lists with search and filters, one posting, create/edit/close/delete."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Skill
from accounts.tests.factories import OrganizationFactory, SkillFactory
from internships.models import Auction, Posting
from internships.tests.factories import (
    AuctionFactory,
    BidFactory,
    EmployerFactory,
    PostingFactory,
)

LIST = reverse("internships:posting_list")
JOBS = reverse("internships:job_list")
NEW = reverse("internships:posting_create")


def titles(response) -> list[str]:
    return [posting.title for posting in response.context["page_obj"].object_list]


def valid_data(organization, **overrides):
    data = {
        "organization": organization.pk,
        "kind": "internship",
        "title": "Стажёр-аналитик",
        "description": "<p>Считать метрики.</p><script>alert(1)</script>",
        "location": "Казань",
        "remote": "on",
        "pay_min": "30000",
        "pay_max": "50000",
        "skills": "SQL, Python, sql",
        "deadline": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
    }
    data.update(overrides)
    return data


# ---- Lists


@pytest.mark.django_db
def test_list_shows_only_open_postings(client, posting):
    PostingFactory(title="Закрытая", status=Posting.Status.CLOSED)
    PostingFactory(title="Просроченная", deadline=timezone.localdate() - datetime.timedelta(days=1))
    PostingFactory(title="Последний день", deadline=timezone.localdate())
    response = client.get(LIST)
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(["Стажёр-разработчик на Python", "Последний день"])


@pytest.mark.django_db
def test_more_filters_are_a_disclosure_that_needs_no_javascript(client, posting):
    """On phones "More filters" is a <details>: served open with its fields inside, its
    summary hidden on wide screens, and no script needed to open it."""
    html = client.get(LIST).content.decode()
    start = html.index('<details id="posting-more-filters"')
    opening = html[start : html.index(">", start)]
    assert " open" in opening and 'data-open-from="(min-width: 1024px)"' in opening
    panel = html[start : html.index("</details>", start)]
    summary = panel[panel.index("<summary") : panel.index("</summary>")]
    assert "lg:hidden" in summary and "Ещё фильтры" in summary
    for name in ("location", "skill", "remote", "sort", "kind"):
        assert f'name="{name}"' in panel, name
    assert "data-menu-toggle" not in html and 'aria-controls="posting-more-filters"' not in html


@pytest.mark.django_db
def test_jobs_list_has_only_jobs(client, posting):
    PostingFactory(title="Junior-разработчик", kind=Posting.Kind.JOB)
    response = client.get(JOBS)
    assert titles(response) == ["Junior-разработчик"]
    # ?kind= cannot override the fixed kind of /jobs/
    assert titles(client.get(JOBS, {"kind": "internship"})) == ["Junior-разработчик"]


@pytest.mark.django_db
def test_search_matches_title_text_organization_and_skill_case_insensitively(client):
    python = SkillFactory(name="Python")
    PostingFactory(title="Стажировка в аналитике")
    PostingFactory(title="Другое", description="<p>Нужна СТАЖИРОВКА по Go</p>")
    org = OrganizationFactory(name="Аналитика Плюс")
    PostingFactory(title="Третья", employer=EmployerFactory(organization=org), organization=org)
    PostingFactory(title="Четвёртая", skills=[python])
    PostingFactory(title="Ничего общего")

    assert sorted(titles(client.get(LIST, {"q": "стажировка"}))) == [
        "Другое",
        "Стажировка в аналитике",
    ]
    assert titles(client.get(LIST, {"q": "аналитика плюс"})) == ["Третья"]
    assert titles(client.get(LIST, {"q": "python"})) == ["Четвёртая"]


@pytest.mark.django_db
def test_filters_kind_location_remote_skill_and_sort(client):
    sql = SkillFactory(name="SQL")
    soon = timezone.localdate() + datetime.timedelta(days=3)
    later = timezone.localdate() + datetime.timedelta(days=40)
    PostingFactory(title="A", kind="job", location="Казань", remote=True, deadline=later)
    PostingFactory(title="B", location="Москва", skills=[sql], deadline=soon)
    PostingFactory(title="C", location="Москва", remote=True, skills=[sql], deadline=later)

    assert titles(client.get(LIST, {"kind": "job"})) == ["A"]
    assert sorted(titles(client.get(LIST, {"location": "Москва"}))) == ["B", "C"]
    assert sorted(titles(client.get(LIST, {"remote": "1"}))) == ["A", "C"]
    assert sorted(titles(client.get(LIST, {"skill": "SQL"}))) == ["B", "C"]
    assert titles(client.get(LIST, {"skill": "SQL", "remote": "1"})) == ["C"]
    assert titles(client.get(LIST, {"sort": "deadline"}))[0] == "B"
    assert titles(client.get(LIST, {"sort": "newest"}))[0] == "C"


@pytest.mark.django_db
def test_list_ignores_bad_parameters(client, posting):
    response = client.get(
        LIST, {"sort": "'; drop", "kind": "pirate", "page": "abc", "q": "x" * 500}
    )
    assert response.status_code == 200
    assert titles(response) == [posting.title]


@pytest.mark.django_db
def test_list_htmx_answers_with_the_partial(client, posting):
    response = client.get(LIST, {"q": "python"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="posting-list"' in html
    assert "<html" not in html
    assert posting.title in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_list_filter_form_works_without_javascript(client, posting):
    html = client.get(LIST).content.decode()
    assert 'method="get"' in html and 'hx-get="/internships/"' in html
    assert 'hx-push-url="true"' in html


@pytest.mark.django_db
def test_list_paginates(client):
    PostingFactory.create_batch(15)
    first = client.get(LIST)
    assert len(titles(first)) == 12
    assert len(titles(client.get(LIST, {"page": 2}))) == 3


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.django_db
def test_list_query_count_is_constant(client, django_assert_max_num_queries, count):
    skills = [SkillFactory(name=f"S{i}") for i in range(3)]
    employer = EmployerFactory()
    for _ in range(count):
        PostingFactory(employer=employer, skills=skills)
    with django_assert_max_num_queries(8):
        response = client.get(LIST, {"q": "стажировка"} if count == 5 else {})
    assert response.status_code == 200


# ---- One posting


@pytest.mark.django_db
def test_detail_for_anonymous_asks_to_log_in(client, posting):
    html = client.get(posting.get_absolute_url()).content.decode()
    assert posting.title in html
    assert reverse("account_login") in html
    assert 'name="cover_letter"' not in html


@pytest.mark.django_db
def test_detail_for_student_has_the_apply_form(login, student, posting):
    html = login(student).get(posting.get_absolute_url()).content.decode()
    assert 'name="cover_letter"' in html


@pytest.mark.django_db
def test_detail_for_owner_shows_management(login, employer, posting):
    html = login(employer).get(posting.get_absolute_url()).content.decode()
    assert reverse("internships:posting_applications", args=[posting.pk]) in html
    assert reverse("internships:posting_edit", args=[posting.pk]) in html
    assert 'name="cover_letter"' not in html


@pytest.mark.django_db
def test_detail_of_a_missing_posting_is_404(client):
    assert client.get(reverse("internships:posting_detail", args=[999])).status_code == 404


# ---- Creating


@pytest.mark.django_db
def test_create_needs_login(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "teacher"])
def test_only_employers_create(login, role, student, teacher, organization):
    user = {"student": student, "teacher": teacher}[role]
    client = login(user)
    assert client.get(NEW).status_code == 403
    response = client.post(NEW, valid_data(organization))
    assert response.status_code == 403
    assert not Posting.objects.exists()


@pytest.mark.django_db
def test_employer_without_organization_is_sent_to_create_one(login):
    loner = EmployerFactory(organization=False)
    response = login(loner).get(NEW)
    assert response.status_code == 200
    assert reverse("accounts:organization_create") in response.content.decode()
    assert "form" not in response.context or response.context.get("form") is None


@pytest.mark.django_db
def test_employer_creates_a_posting(login, employer, organization):
    response = login(employer).post(NEW, valid_data(organization))
    posting = Posting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == posting.get_absolute_url()
    assert posting.employer == employer and posting.organization == organization
    assert "<script>" not in posting.description and "Считать метрики" in posting.description
    assert posting.remote is True and posting.pay_min == 30000
    assert sorted(posting.skills.values_list("name", flat=True)) == ["Python", "SQL"]
    assert "считать метрики" in posting.search_text


@pytest.mark.django_db
def test_create_page_loads_the_editor(login, employer):
    html = login(employer).get(NEW).content.decode()
    assert "tinymce" in html.lower()


@pytest.mark.django_db
def test_create_refuses_someone_elses_organization(login, employer):
    foreign = OrganizationFactory(name="Чужая")
    response = login(employer).post(NEW, valid_data(foreign))
    assert response.status_code == 200
    assert response.context["form"].errors["organization"]
    assert not Posting.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("deadline", {"deadline": "2001-01-01"}),
        ("pay_max", {"pay_min": "90000", "pay_max": "10000"}),
        ("title", {"title": ""}),
        ("description", {"description": "<script>x</script>"}),
        ("kind", {"kind": "pirate"}),
        ("pay_min", {"pay_min": "-5"}),
    ],
)
def test_create_bad_input_is_a_form_error(login, employer, organization, field, overrides):
    response = login(employer).post(NEW, valid_data(organization, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Posting.objects.exists()


# ---- Editing, closing, deleting


@pytest.mark.django_db
def test_owner_edits(login, employer, posting, organization):
    url = reverse("internships:posting_edit", args=[posting.pk])
    client = login(employer)
    assert client.get(url).status_code == 200
    response = client.post(url, valid_data(organization, title="Новое название", skills="Go"))
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.title == "Новое название"
    assert list(posting.skills.values_list("name", flat=True)) == ["Go"]


@pytest.mark.django_db
def test_edit_keeps_a_past_deadline_that_was_not_changed(login, employer, organization):
    old = PostingFactory(
        employer=employer,
        organization=organization,
        deadline=timezone.localdate() - datetime.timedelta(days=2),
    )
    data = valid_data(organization, deadline=old.deadline.isoformat(), title="Переименована")
    response = login(employer).post(reverse("internships:posting_edit", args=[old.pk]), data)
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.title == "Переименована"


@pytest.mark.django_db
def test_staff_edits_any_posting(login, staff, posting, organization):
    url = reverse("internships:posting_edit", args=[posting.pk])
    response = login(staff).post(url, valid_data(organization, title="Поправлено модератором"))
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.title == "Поправлено модератором"
    assert posting.employer.email == "olga@example.com"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_employer", "student", "teacher"])
def test_strangers_cannot_edit_close_or_delete(request, login, posting, organization, who):
    client = login(request.getfixturevalue(who))
    edit = reverse("internships:posting_edit", args=[posting.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, valid_data(organization, title="Взлом")).status_code == 403
    assert client.post(reverse("internships:posting_close", args=[posting.pk])).status_code == 403
    delete = reverse("internships:posting_delete", args=[posting.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete).status_code == 403
    posting.refresh_from_db()
    assert posting.title != "Взлом" and posting.status == Posting.Status.PUBLISHED


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_for_owner_routes(client, posting):
    for name in ["posting_edit", "posting_delete", "posting_applications"]:
        response = client.get(reverse(f"internships:{name}", args=[posting.pk]))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    response = client.post(reverse("internships:posting_close", args=[posting.pk]))
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.status == Posting.Status.PUBLISHED


@pytest.mark.django_db
def test_owner_closes_and_reopens(login, employer, posting):
    client = login(employer)
    close = reverse("internships:posting_close", args=[posting.pk])
    assert client.get(close).status_code == 405
    assert client.post(close).status_code == 302
    posting.refresh_from_db()
    assert posting.status == Posting.Status.CLOSED
    assert posting.title not in "".join(titles(client.get(LIST)))
    assert client.post(reverse("internships:posting_reopen", args=[posting.pk])).status_code == 302
    posting.refresh_from_db()
    assert posting.status == Posting.Status.PUBLISHED


@pytest.mark.django_db
def test_owner_deletes(login, employer, posting):
    url = reverse("internships:posting_delete", args=[posting.pk])
    client = login(employer)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Posting.objects.exists()


@pytest.mark.django_db
def test_posting_with_bids_cannot_be_deleted(login, employer, posting):
    BidFactory(employer=employer, posting=posting, auction=AuctionFactory())
    url = reverse("internships:posting_delete", args=[posting.pk])
    page = login(employer).get(url)
    assert page.status_code == 200 and page.context["error"]  # said before confirming
    assert 'class="btn-danger" disabled' in page.content.decode()
    response = login(employer).post(url)
    assert response.status_code == 422
    assert Posting.objects.filter(pk=posting.pk).exists()
    assert Auction.objects.get().bids.count() == 1


@pytest.mark.django_db
def test_skills_are_reused_case_insensitively(login, employer, organization):
    SkillFactory(name="Python")
    login(employer).post(NEW, valid_data(organization, skills="python, PYTHON, Django"))
    assert Skill.objects.filter(name__iexact="python").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("who", [None, "teacher", "student", "other_employer"])
def test_anyone_can_browse_postings(request, login, posting, who):
    client = login(request.getfixturevalue(who) if who else None)
    assert client.get(LIST).status_code == 200
    assert client.get(JOBS).status_code == 200
    assert client.get(posting.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_reopen_needs_the_owner_and_a_future_deadline(login, employer, other_employer, posting):
    reopen = reverse("internships:posting_reopen", args=[posting.pk])
    Posting.objects.filter(pk=posting.pk).update(status=Posting.Status.CLOSED)
    assert login(other_employer).post(reopen).status_code == 403
    Posting.objects.filter(pk=posting.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = login(employer).post(reopen)
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.status == Posting.Status.CLOSED


@pytest.mark.django_db
def test_posting_form_reports_every_error_at_once_with_a_summary_on_top(
    client, employer, organization
):
    client.force_login(employer)
    past = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    response = client.post(
        NEW, valid_data(organization, pay_min="90000", pay_max="50000", deadline=past, title="")
    )
    assert response.status_code == 200
    assert not Posting.objects.exists()
    errors = response.context["form"].errors
    assert {"pay_max", "deadline", "title"} <= set(errors)
    html = response.content.decode()
    summary = html.split("data-form-errors")[1].split("</ul>")[0]
    assert html.index("data-form-errors") < html.index('name="title"')  # above the fields
    for field in ("id_pay_max", "id_deadline", "id_title"):
        assert f'href="#{field}"' in summary


@pytest.mark.django_db
def test_editing_keeps_a_deadline_that_has_passed_meanwhile(client, employer, organization):
    posting = PostingFactory(
        employer=employer,
        organization=organization,
        deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(employer)
    data = valid_data(organization, deadline=posting.deadline.isoformat(), title="Новое название")
    response = client.post(reverse("internships:posting_edit", args=[posting.pk]), data)
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.title == "Новое название"


@pytest.mark.django_db
def test_list_counts_say_what_they_count(client):
    PostingFactory(kind=Posting.Kind.JOB)
    PostingFactory(kind=Posting.Kind.INTERNSHIP)
    both = client.get(LIST).content.decode()
    jobs = client.get(JOBS).content.decode()
    internships = client.get(LIST, {"kind": "internship"}).content.decode()
    assert "2 открытых предложения" in both or "2 open postings" in both
    assert "1 открытая вакансия" in jobs or "1 open job" in jobs
    assert "1 открытая стажировка" in internships or "1 open internship" in internships
    assert "вакансии" not in both.split('id="posting-list"')[1].split("</p>")[0]


@pytest.mark.django_db
def test_the_home_page_does_not_call_internships_vacancies(client):
    PostingFactory(kind=Posting.Kind.INTERNSHIP)
    html = client.get("/").content.decode()
    section = html[html.index("Новые стажировки и вакансии") :]
    link = section[: section.index("</a>")]
    assert 'href="/internships/"' in link and "Все стажировки и вакансии" in link
    # Without open postings the empty state names both kinds too.
    Posting.objects.all().delete()
    assert "Открытых стажировок и вакансий пока нет" in client.get("/").content.decode()
