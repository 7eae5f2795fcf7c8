"""Links in mails point where the site is served (site_config.siteurl)."""

import os
import subprocess
import sys

import pytest
from django.core import mail
from django.urls import reverse

from board.tests.factories import AdFactory, NewsletterFactory, UserFactory
from site_config.siteurl import absolute_url, site_url, site_url_override


def settings_site_url(**env) -> str:
    """settings.SITE_URL as a fresh process computes it from this environment."""
    # The settings module alone (it reads the environment); starting every app took seconds.
    code = "import site_config.settings as s; print(s.SITE_URL)"
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "site_config.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_site_url_follows_make_runs_host_and_port():
    assert settings_site_url(PORT="8211") == "http://127.0.0.1:8211"
    assert settings_site_url(HOST="0.0.0.0", PORT="8300") == "http://127.0.0.1:8300"
    assert settings_site_url(HOST="localhost", PORT="9000") == "http://localhost:9000"
    assert settings_site_url() == "http://127.0.0.1:8000"
    assert settings_site_url(SITE_URL="https://guildhall.example.com/", PORT="1") == (
        "https://guildhall.example.com"
    )


def test_outside_a_request_links_use_the_settings_and_an_override():
    assert site_url() == "http://127.0.0.1:8000"
    with site_url_override("http://127.0.0.1:8211/"):
        assert absolute_url("/board/") == "http://127.0.0.1:8211/board/"
    assert site_url() == "http://127.0.0.1:8000"


@pytest.mark.django_db
def test_a_mail_sent_during_a_request_links_to_the_requests_site(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    author, player = UserFactory(), UserFactory()
    ad = AdFactory(author=author)
    client.force_login(player)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("board:ad_respond", args=[ad.pk]),
            {"text": "Готов в рейд"},
            HTTP_HOST="127.0.0.1:8211",
        )
    (message,) = mail.outbox
    assert f"http://127.0.0.1:8211/board/responses/?ad={ad.pk}" in message.body
    assert "127.0.0.1:8000" not in message.body + message.alternatives[0][0]


@pytest.mark.django_db
def test_newsletters_sent_by_huey_link_where_sending_was_started(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    staff = UserFactory(staff=True)
    reader = UserFactory()
    newsletter = NewsletterFactory()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("board:newsletter_send", args=[newsletter.pk]), HTTP_HOST="127.0.0.1:8211"
        )
    message = next(m for m in mail.outbox if m.to == [reader.email])
    assert "http://127.0.0.1:8211/newsletter/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8211/newsletter/unsubscribe/"
    )
    assert "127.0.0.1:8000" not in message.body + message.alternatives[0][0]
