"""Mail goes out through a Huey task queued after the transaction commits, with retries."""

import pytest
from django.core import mail
from django.db import transaction
from huey.contrib.djhuey import HUEY

from accounts import services, tasks  # noqa: F401
from accounts.models import OutgoingMail


@pytest.fixture
def clean_queue():
    HUEY.flush()
    yield
    HUEY.flush()


def enqueue(**overrides):
    data = {"subject": "Привет", "body": "Текст", "to": ["anna@example.com"]}
    data.update(overrides)
    services.email_enqueue(**data)


@pytest.mark.django_db
def test_mail_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        enqueue()
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Привет"
    assert mail.outbox[0].to == ["anna@example.com"]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue()
        raise RuntimeError("the write failed")
    assert mail.outbox == []
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_html_part_and_headers_are_kept():
    enqueue(html="<p>Текст</p>", headers={"List-Unsubscribe": "<https://x.example/u>"})
    message = mail.outbox[0]
    assert message.alternatives[0][0] == "<p>Текст</p>"
    assert message.extra_headers["List-Unsubscribe"] == "<https://x.example/u>"
