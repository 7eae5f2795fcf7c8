"""The chat message editor, the report menu and the "move to forum" select render with
crispy (issue 11) with the ids, limits and messages they had, unique per row; the per-row
ones are rendered once a page (site_config.forms.render_once)."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from community.models import Message, Report, Thread
from community.tests.factories import (
    ForumFactory,
    ForumPostFactory,
    ThreadFactory,
    chat_between,
    say,
)

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def duplicate_ids(html: str) -> list[str]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    return sorted(name for name, count in ids.items() if count > 1)


def tag(html: str, name: str, element_id: str) -> str:
    found = re.search(rf'<{name}\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert found, element_id
    return found.group(0)


@pytest.fixture(params=[True, False], ids=["render-once", "debug"])
def render_mode(request, settings):
    """render_once keeps nothing under DEBUG: both ways give the same page."""
    settings.DEBUG = not request.param
    return request.param


def test_chat_editor_and_report_menus_per_message(client, render_mode):
    anna, boris = UserFactory(), UserFactory()
    chat = chat_between(anna, boris)
    mine = [say(chat, anna, f"моё <b>{n}</b> & “цитата”\nвторая строка") for n in range(3)]
    theirs = [say(chat, boris, f"чужое {n}") for n in range(3)]
    client.force_login(anna)
    html = client.get(reverse("community:chat_detail", args=[chat.pk])).content.decode()
    assert duplicate_ids(html) == []
    for n, message in enumerate(mine):
        box = tag(html, "textarea", f"edit-{message.pk}")
        for attr in ('name="text"', 'rows="3"', 'maxlength="4000"', "required"):
            assert attr in box, (attr, box)
        assert f'<label for="edit-{message.pk}" class="sr-only">' in html
        # The text is in the box, escaped once.
        after = html[html.index(box) + len(box) :]
        assert after.lstrip("\n").startswith(
            f"моё &lt;b&gt;{n}&lt;/b&gt; &amp; “цитата”\nвторая строка</textarea>"
        )
    for message in theirs:
        prefix = f"report-chat_message-{message.pk}"
        assert f'id="{prefix}"' in html  # the <details>
        radios = re.findall(rf'<input type="radio" name="reason"[^>]*id="{prefix}-reason_\d"', html)
        assert len(radios) == len(Report.Reason.choices)
        assert all(
            "required" in radio
            for radio in re.findall(rf'<input type="radio"[^>]*id="{prefix}-reason_\d"[^>]*>', html)
        )
        details = tag(html, "input", f"{prefix}-comment")
        assert 'maxlength="500"' in details and "placeholder=" in details
        assert "required" not in details
    assert "__ROW__" not in html


def test_chat_edit_posts_through_the_form(client):
    anna, boris = UserFactory(), UserFactory()
    chat = chat_between(anna, boris)
    message = say(chat, anna, "опечатка")
    url = reverse("community:message_edit", args=[chat.pk, message.pk])
    client.force_login(anna)
    too_long = client.post(url, {"text": "x" * 4001}, headers=HX)
    assert too_long.status_code == 422
    empty = client.post(url, {"text": "   "})
    assert empty.status_code == 302
    done = client.post(url, {"text": "  исправлено  "}, headers=HX)
    assert done.status_code == 200
    assert Message.objects.get(pk=message.pk).text == "исправлено"
    assert tag(done.content.decode(), "textarea", f"edit-{message.pk}")
    client.force_login(boris)
    assert client.post(url, {"text": ""}).status_code == 403  # a stranger first hears "no"


def test_report_menu_errors_and_ids_after_a_post(client):
    author, reader = UserFactory(), UserFactory()
    post = ForumPostFactory(author=author)
    client.force_login(reader)
    url = reverse("community:report_create", args=["forum_post", post.pk])
    bad = client.post(url, {"reason": "nonsense"}, headers=HX)
    assert bad.status_code == 422
    html = bad.content.decode()
    assert 'role="alert"' in html and html.count('role="alert"') == 1
    assert f'id="report-forum_post-{post.pk}-reason_0"' in html
    assert 'aria-invalid="true"' in html
    assert not Report.objects.exists()
    plain = client.post(url, {"next": "/"})
    assert plain.status_code == 302 and not Report.objects.exists()


def test_thread_page_report_menus_and_move_select(client, staff):
    forum, other_forum = ForumFactory(), ForumFactory()
    thread = ThreadFactory(forum=forum)
    posts = [ForumPostFactory(thread=thread) for _ in range(3)]
    client.force_login(staff)
    url = thread.get_absolute_url()
    html = client.get(url).content.decode()
    assert duplicate_ids(html) == []
    for post in posts:
        assert f'id="report-forum_post-{post.pk}-reason_0"' in html
    assert 'name="forum"' in tag(html, "select", "move-forum")
    options = re.search(r'<select[^>]*id="move-forum"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert f'<option value="{forum.pk}" selected>' in options
    assert f'<option value="{other_forum.pk}">' in options
    assert 'value=""' not in options
    assert '<label for="move-forum" class="sr-only">' in html
    # A second look comes from the fragment cache and is the same page.
    assert client.get(url).content.decode().count("-reason_0") == html.count("-reason_0")
    moved = client.post(
        reverse("community:thread_moderate", args=[thread.pk]),
        {"action": "move", "forum": other_forum.pk},
    )
    assert moved.status_code == 302
    assert Thread.objects.get(pk=thread.pk).forum == other_forum
