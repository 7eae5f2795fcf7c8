"""The owner's status select renders with crispy (issue 11): `#status-select-<pk>`, the
application's own next steps under a disabled, selected "Move to…", in the applicants
table (whose rows come from the fragment cache) and on the application's page."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from internships.models import Application
from internships.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def duplicate_ids(html: str) -> list[str]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    return sorted(name for name, count in ids.items() if count > 1)


def select_of(html: str, application) -> tuple[str, list[tuple[str, str]]]:
    found = re.search(
        rf'(<select[^>]*id="status-select-{application.pk}"[^>]*>)(.*?)</select>', html, re.S
    )
    assert found, application
    return found.group(1), re.findall(r'<option value="([^"]*)"([^>]*)>', found.group(2))


def test_applicants_table_status_selects(login, employer, posting):
    fresh = ApplicationFactory(posting=posting)
    shortlisted = ApplicationFactory(posting=posting, status=Application.Status.SHORTLISTED)
    accepted = ApplicationFactory(posting=posting, status=Application.Status.ACCEPTED)
    client = login(employer)
    url = reverse("internships:posting_applications", args=[posting.pk])
    html = client.get(url).content.decode()
    assert duplicate_ids(html) == []
    for application in (fresh, shortlisted):
        select, options = select_of(html, application)
        assert 'name="status"' in select and "required" not in select
        assert options[0] == ("", " selected disabled")
        assert [value for value, _ in options[1:]] == [v for v, _ in application.employer_moves]
        assert f'<label for="status-select-{application.pk}" class="sr-only">' in html
    assert f'id="status-select-{accepted.pk}"' not in html  # nothing left to decide
    # The rows come from the fragment cache the second time: the same selects.
    again = client.get(url).content.decode()
    assert select_of(again, fresh) == select_of(html, fresh)


def test_status_change_answers_with_the_new_select(login, employer, posting):
    application = ApplicationFactory(posting=posting)
    client = login(employer)
    url = reverse("internships:application_status", args=[application.pk])
    response = client.post(url, {"status": "shortlisted"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "shortlisted"
    _, options = select_of(response.content.decode(), application)
    assert [value for value, _ in options] == ["", "accepted", "rejected"]
    bad = client.post(url, {"status": ""}, headers={"HX-Request": "true"})
    assert bad.status_code == 422 and 'role="alert"' in bad.content.decode()
