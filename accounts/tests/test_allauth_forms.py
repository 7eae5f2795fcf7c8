"""allauth's pages render their forms the one way the site renders forms: crispy with the
site's templates/tailwind/ (every field wrapped in `div_id_<name>`, errors summarised at
the top by includes/form_errors.html, Django's aria-describedby ids present)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory

CRISPY_WRAPPER = re.compile(r'<div id="div_id_(\w+)"')


def wrapped_fields(html: str) -> set[str]:
    return set(CRISPY_WRAPPER.findall(html))


def ids_described(html: str) -> set[str]:
    return {ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split()}


@pytest.fixture
def signup(client, django_capture_on_commit_callbacks):
    def _signup(**overrides):
        data = {
            "email": "vera@example.com",
            "password1": "Kvas-and-pirozhki-42",
            "password2": "Kvas-and-pirozhki-42",
            "first_name": "Вера",
            "last_name": "Лебедева",
            "role": "student",
            **overrides,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/accounts/signup/", data)

    return _signup


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, fields",
    [
        ("/accounts/login/", {"login", "password"}),
        (
            "/accounts/signup/",
            {"role", "first_name", "last_name", "email", "password1", "password2"},
        ),
        ("/accounts/password/reset/", {"email"}),
    ],
)
def test_entrance_pages_render_every_field_through_crispy(client, url, fields):
    html = client.get(url).content.decode()
    assert fields <= wrapped_fields(html)
    assert "account/snippets" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, fields",
    [
        ("account_change_password", {"oldpassword", "password1", "password2"}),
        ("account_email", {"email"}),
        ("account_reauthenticate", {"password"}),
    ],
)
def test_account_settings_pages_render_through_crispy(client, name, fields):
    client.force_login(UserFactory())
    html = client.get(reverse(name)).content.decode()
    assert fields <= wrapped_fields(html)


@pytest.mark.django_db
def test_login_offers_the_password_reset_link_as_the_password_hint(client):
    html = client.get("/accounts/login/").content.decode()
    hint = re.search(r'<div id="id_password_helptext"[^>]*>(.*?)</div>', html, re.S)
    assert hint and reverse("account_reset_password") in hint.group(1)
    assert 'aria-describedby="id_password_helptext"' in html


@pytest.mark.django_db
def test_signup_roles_are_cards_with_hints_and_autocomplete_names(client):
    html = client.get("/accounts/signup/").content.decode()
    for index in range(3):
        assert f'aria-describedby="id_role_{index}_hint"' in html
        assert f'id="id_role_{index}_hint"' in html
    assert 'autocomplete="given-name"' in html and 'autocomplete="family-name"' in html


@pytest.mark.django_db
def test_a_failed_signup_lists_every_error_at_the_top_and_links_each_field(signup):
    response = signup(email="not-an-email", first_name="", role="wizard")
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index("data-form-errors") : html.index('id="div_id_role"')]
    for anchor in ("#id_email", "#id_first_name", "#id_role"):
        assert f'href="{anchor}"' in summary
    # Each link lands on an element, each described-by id exists.
    assert 'id="id_role"' in html
    for ref in ids_described(html):
        assert f'id="{ref}"' in html, ref


@pytest.mark.django_db
def test_the_code_page_uses_the_sites_confirm_code_form(client, signup):
    assert signup().status_code == 302
    html = client.get("/accounts/confirm-email/").content.decode()
    code_input = re.search(r'<input[^>]*name="code"[^>]*>', html).group(0)
    for attribute in (
        'autocomplete="one-time-code"',
        'autocapitalize="characters"',
        'spellcheck="false"',
        "autofocus",
    ):
        assert attribute in code_input
    assert "placeholder" not in code_input
    assert 'id="div_id_code"' in html


@pytest.mark.django_db
def test_a_wrong_code_is_a_field_error_with_its_summary(client, signup):
    signup()
    response = client.post("/accounts/confirm-email/", {"action": "verify", "code": "WRONG-CODE"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-form-errors" in html and 'id="id_code_error"' in html
    assert 'aria-invalid="true"' in html
    assert len(mail.outbox) == 1  # no new code for a wrong one


@pytest.mark.django_db
def test_a_wrong_password_at_login_is_summarised(client):
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD + "x"})
    assert response.status_code == 200
    assert "data-form-errors" in response.content.decode()
