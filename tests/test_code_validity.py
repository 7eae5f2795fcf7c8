"""The signup code mail and page state how long the code is valid (allauth's setting)."""

import pytest
from django.core import mail
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"),
    [("ru", "Код действует 10 минут."), ("en", "The code is valid for 10 minutes.")],
)
def test_code_mail_and_page_state_ten_minutes(
    client, django_capture_on_commit_callbacks, language, text
):
    client.cookies["django_language"] = language
    data = {
        "email": "new@example.com",
        "password1": "Sturdy-pass-4821",
        "password2": "Sturdy-pass-4821",
        "first_name": "Нина",
        "last_name": "Орлова",
        "role": "student",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), data, follow=True)
    assert text in response.content.decode()
    (message,) = mail.outbox
    assert text in message.body
    assert text in message.alternatives[0][0]
