"""Each user's language: stored at signup, by the language switch and on /profile/, and
used for what other people's actions send them (notifications, mails)."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from accounts import services, views
from accounts.models import User
from accounts.tests.factories import UserFactory

SETLANG = "/i18n/setlang/"
SIGNUP_URL = "/accounts/signup/"
PROFILE_URL = "/profile/"


# ---- The helpers


@pytest.mark.django_db
def test_user_language_falls_back_to_the_sites():
    assert services.user_language(UserFactory.build(language="en")) == "en"
    assert services.user_language(UserFactory.build(language="")) == "ru"
    assert services.user_language(UserFactory.build(language="de")) == "ru"
    assert services.user_language(None) == settings.LANGUAGE_CODE


@pytest.mark.django_db
def test_recipient_language_switches_and_restores():
    english = UserFactory(language="en")
    with translation.override("ru"):
        with services.recipient_language(english):
            assert translation.get_language() == "en"
        assert translation.get_language() == "ru"


@pytest.mark.django_db
def test_notification_resolves_a_lazy_message_in_the_recipients_language():
    english, russian = UserFactory(language="en"), UserFactory(language="ru")
    message = gettext_lazy("Shortlisted")
    with translation.override("ru"):
        assert services.notification_create(recipient=english, message=message).message == (
            "Shortlisted"
        )
    with translation.override("en"):
        assert services.notification_create(recipient=russian, message=message).message == (
            "В шорт-листе"
        )


@pytest.mark.django_db
def test_user_set_language_accepts_the_sites_languages_only():
    user = UserFactory()
    assert services.user_set_language(user=user, language="en") is True
    assert services.user_set_language(user=user, language="en") is False
    assert User.objects.get(pk=user.pk).language == "en"
    assert services.user_set_language(user=user, language="ru-RU") is True
    assert User.objects.get(pk=user.pk).language == "ru"
    for bad in ("de", "xx", "", "e" * 600):
        with pytest.raises(ValidationError):
            services.user_set_language(user=user, language=bad)
    assert User.objects.get(pk=user.pk).language == "ru"


def test_new_users_speak_the_sites_language():
    assert User._meta.get_field("language").default == settings.LANGUAGE_CODE == "ru"
    assert dict(User._meta.get_field("language").choices) == dict(settings.LANGUAGES)


# ---- The language switch


def test_the_site_routes_the_language_switch_to_our_view():
    assert reverse("set_language") == SETLANG
    assert resolve(SETLANG).func is views.set_language


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru"])
def test_switching_language_while_logged_in_stores_it(client, language):
    other = "ru" if language == "en" else "en"
    user = UserFactory(language=other)
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": language, "next": "/board/"})
    assert response.status_code == 302
    assert response["Location"] == "/board/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    user.refresh_from_db()
    assert user.language == language
    # The page that follows speaks it too: Django's switch still does its part.
    assert f'lang="{language}"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_anonymous_switch_only_sets_the_cookie(client):
    user = UserFactory(language="ru")
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert user.language == "ru"


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["de", "xx", "", "en'><script>"])
def test_an_unknown_language_is_ignored(client, bad):
    user = UserFactory(language="en")
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": bad, "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.django_db
def test_the_switch_is_post_only(client):
    user = UserFactory(language="ru")
    client.force_login(user)
    assert client.get(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 405
    user.refresh_from_db()
    assert user.language == "ru"


@pytest.mark.django_db
def test_the_switch_refuses_a_foreign_next(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


# ---- Signup


def _signup_data(email):
    return {
        "email": email,
        "password1": "Kvas-and-pirozhki-42",
        "password2": "Kvas-and-pirozhki-42",
        "first_name": "Анна",
        "last_name": "Петрова",
        "role": "student",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru"])
def test_signup_stores_the_language_of_the_signup_page(
    client, django_capture_on_commit_callbacks, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP_URL, _signup_data("anna@example.com"))
    assert response.status_code == 302
    assert User.objects.get(email="anna@example.com").language == language


@pytest.mark.django_db
def test_signup_follows_the_browsers_language_without_a_cookie(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP_URL, _signup_data("john@example.com"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert User.objects.get(email="john@example.com").language == "en"


@pytest.mark.django_db
def test_complete_signup_refuses_to_store_an_unknown_language():
    user = UserFactory(language="en")
    services.user_complete_signup(
        user=user, first_name="Анна", last_name="Петрова", role="student", language="xx"
    )
    assert User.objects.get(pk=user.pk).language == "ru"


# ---- /profile/


def _profile_data(**overrides):
    data = {
        "first_name": "Анна",
        "last_name": "Смирнова",
        "phone": "",
        "language": "ru",
        "headline": "",
        "city": "",
        "bio": "",
        "skills": "",
        "education": "",
        "experience": "",
        "website": "",
        "github": "",
        "linkedin": "",
        "telegram": "",
        "vk": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_profile_shows_the_language_select(client):
    client.force_login(UserFactory(language="en"))
    html = client.get(PROFILE_URL).content.decode()
    assert '<select name="language"' in html
    assert "Язык писем и уведомлений" in html or "Language of mails and notifications" in html
    assert '<option value="en" selected>English</option>' in html
    assert '<option value="ru">Русский</option>' in html


@pytest.mark.django_db
def test_profile_form_saves_the_language(client):
    user = UserFactory(language="ru")
    client.force_login(user)
    response = client.post(PROFILE_URL, _profile_data(language="en"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["de", ""])
def test_profile_refuses_an_unknown_language(client, bad):
    user = UserFactory(language="en", first_name="Анна")
    client.force_login(user)
    response = client.post(PROFILE_URL, _profile_data(language=bad, first_name="Мария"))
    assert response.status_code == 200
    assert response.context["user_form"].errors["language"]
    user.refresh_from_db()
    assert (user.language, user.first_name) == ("en", "Анна")


@pytest.mark.django_db
def test_profile_service_refuses_an_unknown_language():
    user = UserFactory(language="en")
    with pytest.raises(ValidationError):
        services.profile_update(user=user, user_data={"language": "de"}, profile_data={})
    assert User.objects.get(pk=user.pk).language == "en"
