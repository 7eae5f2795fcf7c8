"""The board over the API: ads (CRUD by their author), responses, my responses."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.models import Notification
from accounts.tests.factories import UserFactory
from board.models import Ad, Response
from board.tests.factories import AdFactory, ResponseFactory
from tests.api import assert_error

pytestmark = pytest.mark.django_db

BODY = '<p>Нужен <strong>хил</strong></p><script>alert(1)</script><a href="javascript:x">x</a>'


@pytest.fixture
def author(db):
    return UserFactory()


@pytest.fixture
def ad(author):
    return AdFactory(author=author, title="Ищу хила", category="healers")


def test_ads_list_is_public_with_filters(api, ad):
    AdFactory(category="tanks", title="Нужен танк")
    AdFactory(is_hidden=True)
    client = api()
    body = client.get("/api/ads/").json()
    assert body["count"] == 2
    assert "body" not in body["results"][0]
    assert client.get("/api/ads/?category=healers").json()["results"][0]["id"] == ad.pk
    assert client.get("/api/ads/?q=хила").json()["count"] == 1
    assert_error(client.get("/api/ads/?category=nope"), 400, field="category")


def test_ad_detail_and_hidden_ads(api, ad, author):
    assert api().get(f"/api/ads/{ad.pk}/").json()["can_edit"] is False
    assert api(author).get(f"/api/ads/{ad.pk}/").json()["can_edit"] is True
    hidden = AdFactory(author=author, is_hidden=True)
    assert_error(api().get(f"/api/ads/{hidden.pk}/"), 404)
    assert_error(api(UserFactory()).get(f"/api/ads/{hidden.pk}/"), 404)
    assert api(author).get(f"/api/ads/{hidden.pk}/").status_code == 200


def test_create_sanitizes_and_validates(api, author):
    client = api(author)
    response = client.post("/api/ads/", {"title": "Рейд", "category": "healers", "body": BODY})
    assert response.status_code == 201, response.content
    ad = Ad.objects.get()
    assert "<script" not in ad.body and "javascript:" not in ad.body
    assert response.json()["body"] == ad.body

    error = assert_error(client.post("/api/ads/", {"title": "x", "category": "?"}), 400)
    assert {"title", "category", "body"} <= set(error["fields"])
    assert Ad.objects.count() == 1
    assert_error(api().post("/api/ads/", {"title": "Рейд", "category": "healers"}), 401)


def test_update_and_delete_by_author_only(api, ad, author):
    stranger = api(UserFactory())
    assert_error(stranger.patch(f"/api/ads/{ad.pk}/", {"title": "Чужое"}), 403)
    assert_error(stranger.put(f"/api/ads/{ad.pk}/", {"title": "Чужое"}), 403)
    assert_error(stranger.delete(f"/api/ads/{ad.pk}/"), 403)
    assert_error(api().patch(f"/api/ads/{ad.pk}/", {"title": "Чужое"}), 401)
    client = api(author)
    response = client.patch(f"/api/ads/{ad.pk}/", {"title": "Ищу двух хилов"})
    assert response.status_code == 200
    assert response.json()["title"] == "Ищу двух хилов"
    assert response.json()["category"] == "healers"
    assert_error(client.put(f"/api/ads/{ad.pk}/", {"title": "Только"}), 400, field="body")
    assert_error(client.patch(f"/api/ads/{ad.pk}/", {"title": ""}), 400, field="title")
    ad.refresh_from_db()
    assert ad.title == "Ищу двух хилов"
    assert client.delete(f"/api/ads/{ad.pk}/").status_code == 204
    assert not Ad.objects.exists()


def test_respond_and_the_authors_view(api, ad, author):
    player = UserFactory()
    client = api(player)
    url = f"/api/ads/{ad.pk}/responses/"
    response = client.post(url, {"text": "Я паладин"})
    assert response.status_code == 201, response.content
    assert Notification.objects.filter(recipient=author).count() == 1
    assert len(mail.outbox) == 1
    # The same text again at once: a conflict.
    assert_error(client.post(url, {"text": "Я паладин"}), 409, "duplicate")
    assert_error(client.post(url, {"text": ""}), 400, field="text")
    assert_error(api(author).post(url, {"text": "Сам себе"}), 403, "own_ad")
    assert_error(api().post(url, {"text": "Аноним"}), 401)
    assert Response.objects.count() == 1

    other = api(UserFactory())
    assert other.get(url).json()["count"] == 0  # only their own
    assert api(author).get(url).json()["count"] == 1


def test_responses_to_my_ads_accept_delete(api, ad, author):
    response = ResponseFactory(ad=ad)
    foreign = ResponseFactory()
    client = api(author)
    listed = client.get("/api/responses/").json()
    assert [r["id"] for r in listed["results"]] == [response.pk]
    assert client.get(f"/api/responses/?ad={ad.pk}&status=pending").json()["count"] == 1
    assert_error(client.get(f"/api/responses/?ad={foreign.ad_id}"), 404)
    assert_error(client.get("/api/responses/?status=weird"), 400, field="status")

    assert_error(client.post(f"/api/responses/{foreign.pk}/accept/"), 404)
    assert_error(api(response.author).post(f"/api/responses/{response.pk}/accept/"), 404)
    accepted = client.post(f"/api/responses/{response.pk}/accept/")
    assert accepted.json()["status"] == "accepted"

    assert_error(client.delete(f"/api/responses/{foreign.pk}/"), 404)
    assert client.delete(f"/api/responses/{response.pk}/").status_code == 204
    assert Response.objects.filter(pk=foreign.pk).exists()


def test_my_responses(api):
    player = UserFactory()
    mine = ResponseFactory(author=player)
    ResponseFactory()
    body = api(player).get("/api/my-responses/").json()
    assert [r["id"] for r in body["results"]] == [mine.pk]
    assert_error(api().get("/api/my-responses/"), 401)


def test_list_query_counts(api, author, django_assert_max_num_queries):
    client = api(author)
    for n in (5, 50):
        while Ad.objects.count() < n:
            ResponseFactory(ad=AdFactory(author=author))
        with django_assert_max_num_queries(4):
            assert client.get("/api/ads/?page_size=100").json()["count"] == n
        with django_assert_max_num_queries(4):
            assert client.get("/api/responses/?page_size=100").json()["count"] == n
