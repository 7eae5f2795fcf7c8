"""Site-wide pages: home, health check, error pages, language."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_renders_in_russian_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    assert 'lang="ru"' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = client.get("/")
    assert 'lang="en"' in response.content.decode()
    assert "Log in" in response.content.decode()


@pytest.mark.django_db
def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_healthz_reports_a_dead_database(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def boom(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(CursorWrapper, "execute", boom)
    response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
def test_404_is_a_styled_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404" in response.content.decode()
    assert "css/site.css" in response.content.decode()


def test_500_page_renders_without_the_database(rf):
    from site_config.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert b"500" in response.content


@pytest.mark.django_db
def test_htmx_is_served_locally(client):
    html = client.get("/").content.decode()
    assert "/static/django_htmx/htmx-2" in html
    assert "unpkg" not in html and "cdn" not in html.lower()
    assert "x-csrftoken" in html


def _fill_site(count: int) -> None:
    from accounts.tests.factories import MembershipFactory, OrganizationFactory, UserFactory
    from board.tests.factories import AdFactory
    from internships.tests.factories import AuctionFactory, PostingFactory

    for _ in range(count):
        MembershipFactory(user=UserFactory(), organization=OrganizationFactory())
        AdFactory()
        PostingFactory()
        AuctionFactory()


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_home_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, logged_in):
    from accounts.tests.factories import UserFactory

    if logged_in:
        client.force_login(UserFactory())
    _fill_site(5)
    with django_assert_max_num_queries(25) as small:
        assert client.get("/").status_code == 200
    _fill_site(45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees_posting_link"),
    [(None, True), ("student", False), ("teacher", False), ("employer", True)],
)
def test_home_has_entry_points_per_role(client, role, sees_posting_link):
    from accounts.tests.factories import UserFactory

    if role:
        client.force_login(UserFactory(role=role))
    html = client.get("/").content.decode()
    start = html.index('id="entry-points"')
    section = html[start : html.index("</section>", start)]
    assert 'href="/internships/"' in section
    assert 'href="/users/?role=student"' in section
    assert ('href="/internships/new/"' in section) is sees_posting_link
    if role:
        assert 'href="/profile/"' in section
    else:
        assert 'href="/accounts/signup/"' in section


@pytest.mark.django_db
def test_flash_messages_are_translated(client):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.post(
        reverse("accounts:organization_create"),
        {"name": "Гильдия", "description": "", "website": ""},
        follow=True,
    )
    html = response.content.decode()
    assert 'id="messages"' in html
    assert 'aria-label="Закрыть"' in html


@pytest.mark.parametrize("language", ["ru", "en"])
def test_500_page_speaks_the_current_language(rf, language):
    from django.utils import translation

    from site_config.views import error_500

    with translation.override(language):
        response = error_500(rf.get("/"))
    assert f'lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_csrf_failure_page_is_styled_and_translated(rf, language):
    """templates/403_csrf.html (Django's fixed name) includes errors/403_csrf.html."""
    from django.utils import translation
    from django.views.csrf import csrf_failure

    with translation.override(language):
        response = csrf_failure(rf.post("/"), reason="CSRF token missing.")
    html = response.content.decode()
    assert response.status_code == 403
    assert f'lang="{language}"' in html
    assert "css/site.css" in html
    assert ("Форма устарела" if language == "ru" else "The form has expired") in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/healthz", "/board/", "/internships/", "/jobs/", "/auctions/", "/organizations/"]
)
def test_pages_answer_head_like_get(client, path):
    """Uptime monitors and link checkers send HEAD: pages allow it (require_safe)."""
    response = client.head(path)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.django_db
def test_pages_still_refuse_other_methods(client):
    assert client.put("/healthz").status_code == 405
    assert client.delete("/board/").status_code == 405


@pytest.mark.django_db
def test_footer_does_not_send_people_to_the_plain_text_health_check(client):
    html = client.get("/").content.decode()
    footer = html.split("<footer")[1]
    assert "/healthz" not in footer


@pytest.mark.django_db
def test_home_lists_new_members_without_links_to_a_login_wall_for_anonymous_visitors(client):
    from accounts.tests.factories import UserFactory

    person = UserFactory(first_name="Вера", last_name="Лисицына", email="vera@example.com")
    html = client.get("/").content.decode()
    assert "Вера Лисицына" in html
    assert f'href="{person.get_absolute_url()}"' not in html
    assert "vera@example.com" not in html
    client.force_login(UserFactory())
    assert f'href="{person.get_absolute_url()}"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_login_page_says_why_when_a_page_sent_us_there(client):
    html = client.get("/accounts/login/?next=/users/").content.decode()
    assert 'id="login-reason"' in html
    assert 'id="login-reason"' not in client.get("/accounts/login/").content.decode()


def test_no_view_refuses_head():
    """Pages use require_safe: require_GET answers HEAD with 405."""

    from django.conf import settings

    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for app in ("accounts", "board", "internships", "learning", "community", "site_config")
        for path in (settings.BASE_DIR / app).rglob("*.py")
        if "require_" + "GET" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
