"""Chats over the API: my list with unread counts, messages paged and resumed after an id,
posting, reactions, archive, read marks and members, with every refusal."""

from __future__ import annotations

import uuid

import pytest

from accounts.tests.factories import UserFactory
from community.models import ChatMember, Message, Reaction
from community.services import chats as chat_services
from community.tests.factories import chat_between, say
from tests.api import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db):
    return UserFactory(first_name="Алиса")


@pytest.fixture
def bob(db):
    return UserFactory(first_name="Боб")


@pytest.fixture
def chat(alice, bob):
    return chat_services.chat_start(by=alice, members=[bob])


def test_anonymous_gets_401_everywhere(api, chat):
    for url in ("/api/chats/", f"/api/chats/{chat.pk}/", f"/api/chats/{chat.pk}/messages/"):
        assert_error(api().get(url), 401)
    assert_error(api().post(f"/api/chats/{chat.pk}/messages/", {"text": "hi"}), 401)
    assert not Message.objects.exists()


def test_my_chats_with_unread_counts(api, alice, bob, chat):
    say(chat, bob, "Привет")
    say(chat, bob, "Как дела?")
    body = api(alice).get("/api/chats/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == chat.pk
    assert row["unread"] == 2
    assert row["title"] == str(bob)
    assert row["last_message"]["text"] == "Как дела?"
    assert {m["id"] for m in row["members"]} == {alice.pk, bob.pk}
    assert api(alice).get("/api/chats/unread/").json() == {"unread_chats": 1}
    assert api(bob).get("/api/chats/unread/").json() == {"unread_chats": 0}


def test_a_stranger_never_sees_a_chat(api, chat, bob):
    say(chat, bob)
    stranger = api(UserFactory())
    assert stranger.get("/api/chats/").json()["count"] == 0
    assert_error(stranger.get(f"/api/chats/{chat.pk}/"), 404)
    assert_error(stranger.get(f"/api/chats/{chat.pk}/messages/"), 404)
    assert_error(stranger.post(f"/api/chats/{chat.pk}/messages/", {"text": "hi"}), 404)
    assert_error(stranger.post(f"/api/chats/{chat.pk}/archive/"), 404)
    assert_error(stranger.get("/api/chats/abc/"), 404)
    assert Message.objects.count() == 1


def test_start_a_chat_reuses_the_one_to_one(api, alice, bob, chat):
    response = api(alice).post("/api/chats/", {"members": [bob.pk]})
    assert response.status_code == 201, response.content
    assert response.json()["id"] == chat.pk
    carol = UserFactory()
    group = api(alice).post("/api/chats/", {"members": [bob.pk, carol.pk], "title": "Гильдия"})
    assert group.status_code == 201
    assert group.json()["is_group"] is True
    assert group.json()["title"] == "Гильдия"
    assert group.json()["can_manage_members"] is True
    assert_error(api(alice).post("/api/chats/", {"members": []}), 400, field="members")
    assert_error(api(alice).post("/api/chats/", {"members": [999999]}), 400, field="members")


def test_post_and_page_messages(api, alice, bob, chat):
    token = str(uuid.uuid4())
    first = api(alice).post(
        f"/api/chats/{chat.pk}/messages/", {"text": "Привет", "client_token": token}
    )
    assert first.status_code == 201, first.content
    again = api(alice).post(
        f"/api/chats/{chat.pk}/messages/", {"text": "Привет", "client_token": token}
    )
    assert again.json()["id"] == first.json()["id"]
    assert Message.objects.count() == 1
    assert first.json()["is_mine"] is True
    for n in range(4):
        say(chat, bob, f"n{n}")
    page = api(alice).get(f"/api/chats/{chat.pk}/messages/", {"page_size": 2}).json()
    assert page["count"] == 5
    assert [m["text"] for m in page["results"]] == ["n3", "n2"]
    after = api(alice).get(f"/api/chats/{chat.pk}/messages/", {"after": first.json()["id"]})
    assert [m["text"] for m in after.json()["results"]] == ["n0", "n1", "n2", "n3"]
    assert_error(api(alice).get(f"/api/chats/{chat.pk}/messages/?after=x"), 400, field="after")
    assert_error(api(alice).post(f"/api/chats/{chat.pk}/messages/", {"text": " "}), 400)
    long = "x" * 4001
    assert_error(
        api(alice).post(f"/api/chats/{chat.pk}/messages/", {"text": long}), 400, field="text"
    )


def test_the_flood_guard_is_429(api, alice, chat, monkeypatch):
    monkeypatch.setattr(chat_services, "RATE_LIMIT", 1)
    assert api(alice).post(f"/api/chats/{chat.pk}/messages/", {"text": "1"}).status_code == 201
    assert_error(
        api(alice).post(f"/api/chats/{chat.pk}/messages/", {"text": "2"}), 429, "rate_limited"
    )


def test_react_toggles_and_delete_is_the_senders(api, alice, bob, chat):
    message = say(chat, bob)
    url = f"/api/chats/{chat.pk}/messages/{message.pk}/"
    on = api(alice).post(url + "react/", {"emoji": "👍"})
    assert on.status_code == 200
    assert on.json()["reactions"] == [{"emoji": "👍", "count": 1, "mine": True}]
    off = api(alice).post(url + "react/", {"emoji": "👍"})
    assert off.json()["reactions"] == []
    assert_error(api(alice).post(url + "react/", {"emoji": "💩"}), 400, field="emoji")
    assert_error(api(UserFactory()).post(url + "react/", {"emoji": "👍"}), 404)
    assert_error(api(alice).delete(url), 403)
    assert api(bob).delete(url).status_code == 204
    message.refresh_from_db()
    assert message.deleted
    deleted = api(alice).get(f"/api/chats/{chat.pk}/messages/").json()["results"][0]
    assert deleted["deleted"] is True and deleted["text"] == ""
    assert_error(api(alice).post(url + "react/", {"emoji": "👍"}), 400)
    assert not Reaction.objects.exists()
    assert_error(api(alice).delete(f"/api/chats/{chat.pk}/messages/999999/"), 404)


def test_archive_read_and_unarchive(api, alice, bob, chat):
    message = say(chat, bob)
    archived = api(alice).post(f"/api/chats/{chat.pk}/archive/")
    assert archived.status_code == 200 and archived.json()["archived"] is True
    assert api(alice).get("/api/chats/").json()["count"] == 0
    assert api(alice).get("/api/chats/", {"archived": "true"}).json()["count"] == 1
    assert api(alice).delete(f"/api/chats/{chat.pk}/archive/").json()["archived"] is False
    read = api(alice).post(f"/api/chats/{chat.pk}/read/", {})
    assert read.json() == {"last_read_id": message.pk}
    assert ChatMember.objects.get(chat=chat, user=alice).last_read_id == message.pk
    assert api(alice).get("/api/chats/").json()["results"][0]["unread"] == 0
    assert_error(api(alice).post(f"/api/chats/{chat.pk}/read/", {"upto": "x"}), 400, field="upto")


def test_group_members_by_its_creator(api, alice, bob):
    carol, dave = UserFactory(), UserFactory()
    group = chat_services.chat_start(by=alice, members=[bob, carol], title="Гильдия")
    url = f"/api/chats/{group.pk}/members/"
    assert_error(api(bob).post(url, {"members": [dave.pk]}), 403)
    added = api(alice).post(url, {"members": [dave.pk]})
    assert added.status_code == 200
    assert dave.pk in {m["id"] for m in added.json()["members"]}
    assert_error(api(alice).post(url, {"members": [dave.pk]}), 400, field="members")
    assert_error(api(bob).delete(f"{url}{carol.pk}/"), 403)
    assert api(alice).delete(f"{url}{carol.pk}/").status_code == 204
    assert api(bob).delete(f"{url}{bob.pk}/").status_code == 204  # bob leaves
    assert not ChatMember.objects.filter(chat=group, user__in=[bob, carol]).exists()
    assert_error(api(bob).get(f"/api/chats/{group.pk}/"), 404)


def test_one_to_one_keeps_both_members(api, alice, bob, chat):
    assert_error(api(alice).delete(f"/api/chats/{chat.pk}/members/{bob.pk}/"), 403)
    assert_error(api(alice).delete(f"/api/chats/{chat.pk}/members/{alice.pk}/"), 400)
    assert ChatMember.objects.filter(chat=chat).count() == 2


def test_list_queries_do_not_grow(api, alice, django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            other = UserFactory()
            chat = chat_between(alice, other)
            message = say(chat, other)
            Reaction.objects.create(message=message, user=alice, emoji="👍")

    make(5)
    client = api(alice)
    with django_assert_max_num_queries(8):
        assert client.get("/api/chats/?page_size=100").json()["count"] == 5
    make(45)
    with django_assert_max_num_queries(8):
        assert client.get("/api/chats/?page_size=100").json()["count"] == 50
    chat = ChatMember.objects.filter(user=alice).first().chat
    for n in range(50):
        say(chat, alice, f"m{n}")
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/chats/{chat.pk}/messages/?page_size=100").json()["count"] == 51
