"""Chats through services and pages: who may see and do what, unread counts, archive,
idempotent sends and reactions, links in plain text, query counts."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.tests.factories import UserFactory
from community.models import Chat, ChatMember, Message, Reaction
from community.services import chats as services
from community.tests.factories import chat_between, say

HX = {"HX-Request": "true"}


@pytest.fixture
def anna(db):
    return UserFactory(first_name="Анна", last_name="Смирнова")


@pytest.fixture
def boris(db):
    return UserFactory(first_name="Борис", last_name="Ершов")


@pytest.fixture
def stranger(db):
    return UserFactory(first_name="Чужой", last_name="Человек")


@pytest.fixture
def chat(anna, boris):
    return chat_between(anna, boris)


def detail(chat):
    return reverse("community:chat_detail", args=[chat.pk])


# ---- starting chats


@pytest.mark.django_db
def test_one_to_one_chat_is_reused(anna, boris):
    first = services.chat_start(by=anna, members=[boris])
    again = services.chat_start(by=boris, members=[anna])
    assert first.pk == again.pk and not first.is_group
    assert Chat.objects.count() == 1


@pytest.mark.django_db
def test_group_chat_with_title(anna, boris, stranger):
    chat = services.chat_start(by=anna, members=[boris, stranger], title="Команда")
    assert chat.is_group and chat.title == "Команда"
    assert set(chat.members.values_list("user_id", flat=True)) == {anna.pk, boris.pk, stranger.pk}


@pytest.mark.django_db
def test_start_needs_someone_else(anna):
    with pytest.raises(ValidationError):
        services.chat_start(by=anna, members=[anna])


@pytest.mark.django_db
def test_new_chat_page_finds_members_and_starts(client, anna, boris):
    client.force_login(anna)
    found = client.get(reverse("community:chat_create"), {"q": "Бор"}, headers=HX)
    assert found.status_code == 200 and "Борис Ершов" in found.content.decode()
    assert "<html" not in found.content.decode()
    response = client.post(reverse("community:chat_create"), {"members": [boris.pk]})
    chat = Chat.objects.get()
    assert response.status_code == 302 and response.url == detail(chat)


@pytest.mark.django_db
def test_new_chat_without_members_is_a_form_error(client, anna):
    client.force_login(anna)
    response = client.post(reverse("community:chat_create"), {"members": []})
    assert response.status_code == 422
    assert "Выберите хотя бы одного" in response.content.decode()
    assert not Chat.objects.exists()


@pytest.mark.django_db
def test_new_chat_title_is_a_crispy_field_that_keeps_its_value_and_error(
    client, anna, boris, stranger
):
    client.force_login(anna)
    page = client.get(reverse("community:chat_create")).content.decode()
    assert 'id="div_id_title"' in page and 'id="id_title_helptext"' in page
    long_title = "Т" * 121
    response = client.post(
        reverse("community:chat_create"), {"members": [boris.pk], "title": long_title}
    )
    html = response.content.decode()
    assert response.status_code == 422 and not Chat.objects.exists()
    assert 'id="id_title_error"' in html and f'value="{long_title}"' in html
    assert 'aria-invalid="true"' in html
    group = {"members": [boris.pk, stranger.pk], "title": "Проект"}
    client.post(reverse("community:chat_create"), group)
    assert Chat.objects.get().title == "Проект"


# ---- the permission matrix: a non-participant sees a 404 everywhere


@pytest.mark.django_db
def test_anonymous_goes_to_login(client, chat):
    for url in (reverse("community:chat_list"), detail(chat)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize("staff", [False, True])
def test_non_participant_gets_404_on_every_route(client, chat, anna, staff):
    message = say(chat, anna, "секрет")
    outsider = UserFactory(is_staff=staff)
    client.force_login(outsider)
    pk = chat.pk
    gets = [detail(chat), reverse("community:chat_updates", args=[pk]) + "?after=0"]
    for url in gets:
        assert client.get(url).status_code == 404
        assert client.get(url, headers=HX).status_code == 404
    posts = [
        (reverse("community:chat_send", args=[pk]), {"text": "я тут"}),
        (reverse("community:chat_read", args=[pk]), {}),
        (reverse("community:chat_archive", args=[pk]), {}),
        (reverse("community:chat_members_add", args=[pk]), {"members": [outsider.pk]}),
        (reverse("community:message_react", args=[pk, message.pk]), {"emoji": "👍"}),
        (reverse("community:message_delete", args=[pk, message.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404
        assert client.post(url, data, headers=HX).status_code == 404
    assert Message.objects.count() == 1 and not Reaction.objects.exists()
    assert not ChatMember.objects.filter(user=outsider).exists()


@pytest.mark.django_db
def test_only_the_sender_deletes(client, chat, anna, boris):
    message = say(chat, anna, "моё")
    client.force_login(boris)
    url = reverse("community:message_delete", args=[chat.pk, message.pk])
    assert client.post(url).status_code == 403
    message.refresh_from_db()
    assert not message.deleted
    client.force_login(anna)
    response = client.post(url, headers=HX)
    assert response.status_code == 200 and "Сообщение удалено" in response.content.decode()
    message.refresh_from_db()
    assert message.deleted and message.text == ""


@pytest.mark.django_db
def test_only_the_creator_manages_group_members(client, anna, boris, stranger):
    chat = services.chat_start(by=anna, members=[boris, UserFactory()], title="Группа")
    client.force_login(boris)
    add = reverse("community:chat_members_add", args=[chat.pk])
    assert client.post(add, {"members": [stranger.pk]}).status_code == 403
    client.force_login(anna)
    assert client.post(add, {"members": [stranger.pk]}).status_code == 302
    assert chat.members.filter(user=stranger).exists()
    remove = reverse("community:chat_member_remove", args=[chat.pk, stranger.pk])
    client.force_login(boris)
    assert client.post(remove).status_code == 403
    client.force_login(anna)
    assert client.post(remove).status_code == 302
    assert not chat.members.filter(user=stranger).exists()
    client.force_login(stranger)
    assert client.get(detail(chat)).status_code == 404


# ---- messages


@pytest.mark.django_db
def test_send_is_idempotent_with_the_form_token(client, chat, anna):
    client.force_login(anna)
    token = str(uuid.uuid4())
    url = reverse("community:chat_send", args=[chat.pk])
    for _ in range(2):  # a double Enter
        response = client.post(url, {"text": "Привет!", "client_token": token}, headers=HX)
        assert response.status_code == 200
        assert "chatSent" in response.headers["HX-Trigger"]
    assert Message.objects.filter(chat=chat).count() == 1
    # The fresh form carries a new token for the next message.
    assert token not in response.content.decode()


@pytest.mark.django_db
def test_send_without_js_redirects_and_empty_is_an_error(client, chat, anna):
    client.force_login(anna)
    url = reverse("community:chat_send", args=[chat.pk])
    response = client.post(url, {"text": "без JS"})
    assert response.status_code == 302 and response.url.endswith("#chat-end")
    response = client.post(url, {"text": "   "})
    assert response.status_code == 422 and "Напишите сообщение" in response.content.decode()
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_rate_limit_refuses_floods(chat, anna):
    for i in range(services.RATE_LIMIT):
        services.message_send(chat=chat, sender=anna, text=f"{i}")
    with pytest.raises(ValidationError) as error:
        services.message_send(chat=chat, sender=anna, text="ещё")
    assert "слишком часто" in str(error.value)
    assert Message.objects.count() == services.RATE_LIMIT


@pytest.mark.django_db
def test_messages_are_plain_text_with_clickable_links(client, chat, anna, boris):
    say(chat, anna, "<script>alert(1)</script> <img src=x onerror=alert(2)> https://example.com/a")
    client.force_login(boris)
    html = client.get(detail(chat)).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://example.com/a" rel="nofollow">' in html


@pytest.mark.django_db
def test_xss_in_group_title_and_names_is_inert(client, anna, boris):
    evil = UserFactory(first_name="<b>x</b>", last_name="<script>y()</script>")
    chat = services.chat_start(by=anna, members=[boris, evil], title="<img src=x onerror=z()>")
    client.force_login(anna)
    for url in (detail(chat), reverse("community:chat_list")):
        html = client.get(url).content.decode()
        assert "<img src=x" not in html and "<script>y()" not in html and "<b>x</b>" not in html


@pytest.mark.django_db
def test_reaction_toggles_once_per_kind(client, chat, anna, boris):
    message = say(chat, anna)
    client.force_login(boris)
    url = reverse("community:message_react", args=[chat.pk, message.pk])
    response = client.post(url, {"emoji": "🔥"}, headers=HX)
    assert response.status_code == 200 and 'data-reaction="🔥"' in response.content.decode()
    assert Reaction.objects.filter(message=message, user=boris, emoji="🔥").count() == 1
    client.post(url, {"emoji": "🔥"}, headers=HX)
    assert not Reaction.objects.exists()
    assert client.post(url, {"emoji": "💩"}).status_code == 302  # not in the set: refused
    assert not Reaction.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_reaction_race_keeps_one(chat, anna, boris):
    import threading

    from django.db import IntegrityError, connection

    message = say(chat, anna)
    barrier = threading.Barrier(2)

    def react():
        barrier.wait()
        try:
            Reaction.objects.get_or_create(message=message, user=boris, emoji="👍")
        except IntegrityError:  # the other thread won: still one reaction
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=react) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Reaction.objects.filter(message=message, user=boris, emoji="👍").count() == 1
    services.reaction_toggle(message=message, by=boris, emoji="👍")
    assert not Reaction.objects.exists()


# ---- the list: unread counts, archive, ordering


@pytest.mark.django_db
def test_unread_counts_and_reading(client, chat, anna, boris):
    say(chat, anna, "раз")
    say(chat, anna, "два")
    # Deleted and hidden messages are not news.
    gone = say(chat, anna, "опечатка")
    services.message_delete(message=gone, by=anna)
    spam = say(chat, anna, "спам")
    Message.objects.filter(pk=spam.pk).update(hidden=True)
    client.force_login(boris)
    response = client.get(reverse("community:chat_list"))
    member = response.context["page_obj"].object_list[0]
    assert member.unread == 2 and 'data-unread="2"' in response.content.decode()
    assert response.context["unread_chats"] == 1
    assert (
        client.post(reverse("community:chat_read", args=[chat.pk]), headers=HX).status_code == 204
    )
    member = client.get(reverse("community:chat_list")).context["page_obj"].object_list[0]
    assert member.unread == 0
    # Opening the chat page reads it, without JavaScript too (a HEAD does not).
    say(chat, anna, "три")
    client.head(reverse("community:chat_detail", args=[chat.pk]))
    assert client.get(reverse("community:chat_list")).context["page_obj"].object_list[0].unread
    assert client.get(reverse("community:chat_detail", args=[chat.pk])).status_code == 200
    member = client.get(reverse("community:chat_list")).context["page_obj"].object_list[0]
    assert member.unread == 0
    # My own messages are never unread for me.
    client.force_login(anna)
    assert client.get(reverse("community:chat_list")).context["page_obj"].object_list[0].unread == 0


@pytest.mark.django_db
def test_archive_hides_until_a_new_message(client, chat, anna, boris):
    client.force_login(boris)
    client.post(reverse("community:chat_archive", args=[chat.pk]), {"archived": "1"})
    assert not client.get(reverse("community:chat_list")).context["page_obj"].object_list
    archived = client.get(reverse("community:chat_list"), {"archived": "1"})
    assert len(archived.context["page_obj"].object_list) == 1
    services.message_send(chat=chat, sender=anna, text="ты тут?")
    assert len(client.get(reverse("community:chat_list")).context["page_obj"].object_list) == 1


@pytest.mark.django_db
def test_list_is_newest_activity_first(client, anna, boris, stranger):
    old = chat_between(anna, boris)
    new = chat_between(anna, stranger)
    say(old, boris, "давно")
    say(new, stranger, "сейчас")
    client.force_login(anna)
    chats = [
        m.chat_id
        for m in client.get(reverse("community:chat_list")).context["page_obj"].object_list
    ]
    assert chats == [new.pk, old.pk]


@pytest.mark.django_db
def test_older_history_and_polling_partials(client, chat, anna, boris):
    messages = [say(chat, anna, f"m{i}") for i in range(40)]
    client.force_login(boris)
    page = client.get(detail(chat))
    shown = page.context["chat_messages"]
    assert [m.pk for m in shown] == [m.pk for m in messages[-30:]] and page.context["has_more"]
    older = client.get(detail(chat), {"before": shown[0].pk}, headers=HX).content.decode()
    assert (
        f'id="message-{messages[0].pk}"' in older
        and 'hx-swap-oob="afterbegin:#chat-messages"' in older
    )
    # Without JavaScript the same link is a page of the older history, with a way back.
    history = client.get(detail(chat), {"before": shown[0].pk})
    assert [m.pk for m in history.context["chat_messages"]] == [m.pk for m in messages[:10]]
    assert not history.context["has_more"]
    html = history.content.decode()
    assert "К новым сообщениям" in html
    assert f'id="message-{messages[-1].pk}"' not in html
    poll = client.get(reverse("community:chat_updates", args=[chat.pk]), {"after": messages[-2].pk})
    html = poll.content.decode()
    assert (
        f'id="message-{messages[-1].pk}"' in html and f'id="message-{messages[-2].pk}"' not in html
    )


# ---- query counts do not grow with rows


def _fill(user, n):
    for i in range(n):
        other = UserFactory()
        chat = chat_between(user, other)
        say(chat, other, f"сообщение {i}")


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [5, 50])
def test_chat_list_queries_constant(client, anna, rows, django_assert_max_num_queries):
    _fill(anna, rows)
    client.force_login(anna)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("community:chat_list"))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [5, 50])
def test_chat_page_queries_constant(client, chat, anna, boris, rows, django_assert_max_num_queries):
    for i in range(rows):
        message = say(chat, anna if i % 2 else boris, f"m{i}")
        Reaction.objects.create(message=message, user=anna, emoji="👍")
    client.force_login(anna)
    with django_assert_max_num_queries(14):
        response = client.get(detail(chat))
    assert response.status_code == 200


@pytest.mark.django_db
def test_participant_refusals_as_services(chat, anna, stranger):
    with pytest.raises(PermissionDenied):
        services.message_send(chat=chat, sender=stranger, text="я чужой")
    message = say(chat, anna)
    with pytest.raises(PermissionDenied):
        services.reaction_toggle(message=message, by=stranger, emoji="👍")
    with pytest.raises(PermissionDenied):
        services.chat_mark_read(chat=chat, user=stranger)
