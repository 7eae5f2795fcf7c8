"""A thread page's posts are fragment-cached (the author block and the body, the same for
every viewer; the actions by what they show): an edit, a hidden post, a renamed author, a
new like and another language each show at once, and no viewer gets another's buttons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from community.services import forums as services
from community.tests.factories import ForumFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(member):
    thread = services.thread_create(
        forum=ForumFactory(), author=member, title="Кэш темы", text="Первое сообщение"
    )
    return thread


def page(client, thread) -> str:
    response = client.get(f"{thread.get_absolute_url()}?page=1")
    assert response.status_code == 200
    return response.content.decode()


def test_an_edit_shows_at_once(client, member, thread):
    post = services.post_create(thread=thread, author=UserFactory(), text="Старый текст")
    assert "Старый текст" in page(client, thread)
    client.force_login(post.author)
    assert "Старый текст" in page(client, thread)
    response = client.post(reverse("community:post_update", args=[post.pk]), {"text": "Новый"})
    assert response.status_code in (200, 302)
    assert "Новый" in page(client, thread) and "Старый текст" not in page(client, thread)
    client.logout()
    assert "Новый" in page(client, thread) and "Старый текст" not in page(client, thread)


def test_a_hidden_post_goes_at_once_and_staff_see_it_marked(client, staff, thread):
    post = services.post_create(thread=thread, author=UserFactory(), text="Спорный ответ")
    client.force_login(staff)
    assert "Спорный ответ" in page(client, thread)
    client.post(reverse("community:post_hide", args=[post.pk]), {"hidden": "1"})
    html = page(client, thread)
    assert "Спорный ответ" in html and "Скрыто модераторами" in html
    client.logout()
    assert "Спорный ответ" not in page(client, thread)


def test_a_renamed_author_shows_at_once(client, thread):
    author = UserFactory(first_name="Пётр", last_name="Старов")
    services.post_create(thread=thread, author=author, text="Ответ Петра")
    assert "Пётр Старов" in page(client, thread)
    author.last_name = "Новиков"
    author.save()
    html = page(client, thread)
    assert "Пётр Новиков" in html and "Пётр Старов" not in html


def test_likes_and_buttons_follow_the_viewer(client, member, other, thread):
    post = services.post_create(thread=thread, author=other, text="Ответ для лайка")
    client.force_login(other)
    edit_url = reverse("community:post_update", args=[post.pk])
    assert edit_url in page(client, thread)  # the author may edit
    client.force_login(member)
    assert edit_url not in page(client, thread)  # another member may not
    services.post_like(post=post, user=member, on=True)
    assert f'id="forumpost-like-{post.pk}"' in page(client, thread)
    assert 'aria-pressed="true"' in page(client, thread)
    client.force_login(other)
    html = page(client, thread)
    assert edit_url in html and 'aria-pressed="true"' not in html


def test_another_language_renders_its_own_fragments(client, thread):
    services.post_create(thread=thread, author=UserFactory(), text="Ответ")
    client.force_login(UserFactory())
    ru = page(client, thread)
    client.cookies["django_language"] = "en"
    en = page(client, thread)
    assert "Пожаловаться" in ru and ">Report<" not in ru
    assert ">Report<" in en and "Пожаловаться" not in en
