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
