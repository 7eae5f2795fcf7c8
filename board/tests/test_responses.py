"""Responses: respond (HTMX and plain), the two mails, the private responses page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Notification
from board.models import Response
from board.tests.factories import AdFactory, ResponseFactory, UserFactory

pytestmark = pytest.mark.django_db

RESPONSES = reverse("board:response_list")
MY_RESPONSES = reverse("board:my_responses")
HTMX = {"HX-Request": "true"}


def respond_url(ad):
    return reverse("board:ad_respond", args=[ad.pk])


# ---- Responding


def test_player_responds_with_a_plain_post(
    client, author, player, django_capture_on_commit_callbacks
):
    ad = AdFactory(author=author, title="Ищу танка")
    client.force_login(player)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(respond_url(ad), {"text": "Паладин 60, готов в среду"})
    assert response.status_code == 302
    assert response.url == f"{ad.get_absolute_url()}#responses"
    saved = Response.objects.get()
    assert (saved.ad, saved.author, saved.status) == (ad, player, "pending")
    assert saved.ad_author == author  # the copy "responses to my ads" is found by
    assert saved.text == "Паладин 60, готов в среду"


def test_new_response_mails_and_notifies_the_ad_author(
    client, author, player, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://guildhall.example.com"
    ad = AdFactory(author=author, title="Ищу танка")
    client.force_login(player)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(respond_url(ad), {"text": "Паладин 60, готов в среду"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert "Ищу танка" in message.subject
    link = f"https://guildhall.example.com/board/responses/?ad={ad.pk}"
    assert link in message.body
    assert "Паладин 60, готов в среду" in message.body
    html = message.alternatives[0][0]
    assert f'href="{link}"' in html
    notification = Notification.objects.get(recipient=author)
    assert notification.link == f"/board/responses/?ad={ad.pk}"
    assert not Notification.objects.filter(recipient=player).exists()


def test_no_mail_when_the_response_is_refused(client, author, django_capture_on_commit_callbacks):
    ad = AdFactory(author=author)
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(respond_url(ad), {"text": "Сам себе"})
    assert mail.outbox == []


def test_htmx_respond_returns_the_list_and_a_fresh_form_out_of_band(client, author, player):
    ad = AdFactory(author=author)
    client.force_login(player)
    response = client.post(respond_url(ad), {"text": "Хил, свободен вечером"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="response-list"')
    assert "Хил, свободен вечером" in html
    assert 'id="response-form"' in html and 'hx-swap-oob="true"' in html
    # the fresh form is empty
    form_html = html[html.index('id="response-form"') :]
    assert "Хил, свободен вечером" not in form_html
    assert Response.objects.count() == 1


def test_htmx_respond_error_retargets_the_form(client, author, player):
    ad = AdFactory(author=author)
    client.force_login(player)
    response = client.post(respond_url(ad), {"text": "   "}, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#response-form"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="response-form"')
    assert "aria-invalid" in html
    # The field is crispy's (templates/tailwind/field.html): its error under it, by id.
    assert 'id="div_id_text"' in html and 'id="id_text_error"' in html
    assert not Response.objects.exists()


def test_responding_to_ones_own_ad_is_refused(client, author):
    ad = AdFactory(author=author)
    client.force_login(author)
    response = client.post(respond_url(ad), {"text": "Сам себе"}, follow=True)
    assert response.status_code == 200
    errors = [m for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1
    assert not Response.objects.exists()


def test_responding_to_ones_own_ad_by_htmx_shows_the_error(client, author):
    ad = AdFactory(author=author)
    client.force_login(author)
    response = client.post(respond_url(ad), {"text": "Сам себе"}, headers=HTMX)
    assert response["HX-Retarget"] == "#response-form"
    assert "aria-invalid" in response.content.decode()
    assert not Response.objects.exists()


def test_same_text_twice_within_a_minute_is_refused_as_a_duplicate(client, author, player):
    ad = AdFactory(author=author)
    client.force_login(player)
    client.post(respond_url(ad), {"text": "Готов в рейд"})
    response = client.post(respond_url(ad), {"text": "  Готов в рейд  "})
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert Response.objects.count() == 1
    # a different text is fine
    client.post(respond_url(ad), {"text": "Готов в рейд, могу и в четверг"})
    assert Response.objects.count() == 2


def test_same_text_after_a_minute_is_accepted(client, author, player):
    ad = AdFactory(author=author)
    client.force_login(player)
    client.post(respond_url(ad), {"text": "Готов в рейд"})
    first = Response.objects.get()
    Response.objects.filter(pk=first.pk).update(created=first.created - timedelta(seconds=61))
    client.post(respond_url(ad), {"text": "Готов в рейд"})
    assert Response.objects.count() == 2


@pytest.mark.parametrize("text", ["", "   ", "я" * 1001])
def test_empty_or_too_long_text_is_a_form_error(client, author, player, text):
    ad = AdFactory(author=author)
    client.force_login(player)
    response = client.post(respond_url(ad), {"text": text})
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not Response.objects.exists()


def test_anonymous_respond_goes_to_login(client):
    ad = AdFactory()
    response = client.post(respond_url(ad), {"text": "Привет"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Response.objects.exists()


def test_responding_to_a_hidden_ad_is_404(client, player):
    ad = AdFactory(is_hidden=True)
    client.force_login(player)
    assert client.post(respond_url(ad), {"text": "Привет"}).status_code == 404
    assert not Response.objects.exists()


def test_responding_to_a_missing_ad_is_404(client, player):
    client.force_login(player)
    url = reverse("board:ad_respond", args=[987654])
    assert client.post(url, {"text": "Привет"}).status_code == 404


# ---- Who sees which responses on the ad page


def test_ad_author_sees_every_response_others_only_their_own(client, author, player, stranger):
    ad = AdFactory(author=author)
    ResponseFactory(ad=ad, author=player, text="Ответ Ивана")
    ResponseFactory(ad=ad, author=stranger, text="Ответ Олега")

    client.force_login(author)
    html = client.get(ad.get_absolute_url()).content.decode()
    assert "Ответ Ивана" in html and "Ответ Олега" in html
    assert 'id="response-form"' not in html
    assert reverse("board:response_accept", args=[ad.responses.first().pk]) in html

    client.force_login(player)
    html = client.get(ad.get_absolute_url()).content.decode()
    assert "Ответ Ивана" in html and "Ответ Олега" not in html
    assert 'id="response-form"' in html
    assert "/accept/" not in html


# ---- /board/responses/


def test_responses_page_needs_login(client):
    response = client.get(RESPONSES)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_responses_page_shows_only_responses_to_my_ads(client, author, player, stranger):
    mine = AdFactory(author=author, title="Моё объявление")
    theirs = AdFactory(author=stranger, title="Чужое объявление")
    ResponseFactory(ad=mine, author=player, text="Ответ на моё")
    ResponseFactory(ad=theirs, author=player, text="Ответ на чужое")
    client.force_login(author)
    html = client.get(RESPONSES).content.decode()
    assert "Ответ на моё" in html
    assert "Ответ на чужое" not in html
    assert "Чужое объявление" not in html


def test_responses_page_filters_by_ad(client, author, player):
    raid = AdFactory(author=author, title="Рейд")
    trade = AdFactory(author=author, title="Торговля")
    ResponseFactory(ad=raid, author=player, text="Иду в рейд")
    ResponseFactory(ad=trade, author=player, text="Куплю всё")
    client.force_login(author)
    html = client.get(RESPONSES, {"ad": raid.pk}).content.decode()
    assert "Иду в рейд" in html
    assert "Куплю всё" not in html
    assert f'<option value="{raid.pk}" selected>' in html


def test_responses_filter_by_htmx_returns_only_the_list(client, author, player):
    raid = AdFactory(author=author, title="Рейд")
    trade = AdFactory(author=author, title="Торговля")
    ResponseFactory(ad=raid, author=player, text="Иду в рейд")
    ResponseFactory(ad=trade, author=player, text="Куплю всё")
    client.force_login(author)
    response = client.get(RESPONSES, {"ad": trade.pk}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="response-list"')
    assert "<html" not in html and 'id="response-filter"' not in html
    assert "Куплю всё" in html and "Иду в рейд" not in html
    assert "HX-Request" in response["Vary"]


def test_responses_filter_by_status(client, author, player, stranger):
    ad = AdFactory(author=author)
    ResponseFactory(ad=ad, author=player, text="Принятый", status="accepted")
    ResponseFactory(ad=ad, author=stranger, text="Ждущий")
    client.force_login(author)
    html = client.get(RESPONSES, {"status": "accepted"}).content.decode()
    assert "Принятый" in html and "Ждущий" not in html


def test_responses_filter_by_someone_elses_ad_is_404(client, author, stranger, player):
    theirs = AdFactory(author=stranger)
    ResponseFactory(ad=theirs, author=player, text="Секретный ответ")
    client.force_login(author)
    response = client.get(RESPONSES, {"ad": theirs.pk})
    assert response.status_code == 404
    assert "Секретный ответ" not in response.content.decode()
    response = client.get(RESPONSES, {"ad": theirs.pk}, headers=HTMX)
    assert response.status_code == 404


def test_responses_filter_ignores_garbage(client, author):
    client.force_login(author)
    for params in ({"ad": "abc"}, {"ad": "-1"}, {"ad": "9" * 40}, {"status": "lost"}):
        assert client.get(RESPONSES, params).status_code == 200


def test_responses_list_refreshes_itself_after_an_accept_or_a_delete(client, author, player):
    ad = AdFactory(author=author, title="Ищу кузнеца")
    ResponseFactory(ad=ad, author=player)
    client.force_login(author)
    html = client.get(RESPONSES, {"ad": ad.pk}).content.decode()
    section = html.split('<section id="response-list"', 1)[1].split(">", 1)[0]
    assert f'hx-get="{RESPONSES}?ad={ad.pk}"' in section  # same filters, same page
    assert "responseAccepted from:body" in section and "responseDeleted from:body" in section
    # a filter change swaps the list alone; the select stays as the user left it
    html = client.get(RESPONSES, {"ad": ad.pk}, headers=HTMX).content.decode()
    assert "hx-swap-oob" not in html


def test_the_refreshed_list_brings_fresh_counts_and_its_empty_state(client, author, player):
    ad = AdFactory(author=author, title="Ищу кузнеца")
    answer = ResponseFactory(ad=ad, author=player)
    client.force_login(author)
    client.post(reverse("board:response_delete", args=[answer.pk]), headers=HTMX)
    refresh = {**HTMX, "HX-Trigger": "response-list", "HX-Target": "response-list"}
    html = client.get(RESPONSES, {"ad": ad.pk}, headers=refresh).content.decode()
    assert "<html" not in html
    # the designed empty state (with its way back to all responses), no stale count
    assert f'href="{RESPONSES}" class="btn-primary' in html
    assert "<article" not in html
    select = html.split('<select id="filter-ad"', 1)[1].split("</select>", 1)[0]
    assert 'hx-swap-oob="true"' in select
    # the ad has no responses left but stays the selected filter
    assert f'<option value="{ad.pk}" selected>Ищу кузнеца (0)</option>' in select


def test_responses_page_empty_state(client, author):
    client.force_login(author)
    html = client.get(RESPONSES).content.decode()
    assert reverse("board:ad_create") in html


@pytest.mark.parametrize("rows", [5, 50])
def test_responses_page_query_count_is_constant(
    client, author, django_assert_max_num_queries, rows
):
    players = UserFactory.create_batch(5, profile=None)
    ads = [AdFactory(author=author) for _ in range(rows)]
    for i, ad in enumerate(ads):
        ResponseFactory(ad=ad, author=players[i % 5])
    client.force_login(author)
    # session, user, count, page, my ads for the select, unread badge
    with django_assert_max_num_queries(7):
        response = client.get(RESPONSES)
    assert response.status_code == 200


# ---- Accept


def accept_url(response):
    return reverse("board:response_accept", args=[response.pk])


def test_author_accepts_a_response_which_mails_and_notifies_the_responder(
    client, author, player, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://guildhall.example.com"
    ad = AdFactory(author=author, title="Ищу хила")
    answer = ResponseFactory(ad=ad, author=player)
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(accept_url(answer))
    assert response.status_code == 302
    assert response.url == f"{RESPONSES}?ad={ad.pk}"
    answer.refresh_from_db()
    assert answer.status == "accepted" and answer.accepted_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [player.email]
    assert "Ищу хила" in message.subject
    assert "https://guildhall.example.com/board/my-responses/" in message.body
    assert 'href="https://guildhall.example.com/board/my-responses/"' in message.alternatives[0][0]
    notification = Notification.objects.get(recipient=player)
    assert notification.link == MY_RESPONSES


def test_accepting_twice_changes_nothing_and_mails_once(
    client, author, player, django_capture_on_commit_callbacks
):
    answer = ResponseFactory(ad=AdFactory(author=author), author=player)
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(accept_url(answer))
        client.post(accept_url(answer), headers=HTMX)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(recipient=player).count() == 1


def test_htmx_accept_returns_the_updated_card(client, author, player):
    answer = ResponseFactory(ad=AdFactory(author=author), author=player)
    client.force_login(author)
    response = client.post(accept_url(answer), {"show_ad": "1", "next": RESPONSES}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article id="response-{answer.pk}"')
    assert "badge-green" in html
    assert "/accept/" not in html  # nothing left to accept
    assert answer.ad.title in html  # show_ad kept


def test_htmx_accept_tells_the_lists_to_refresh(client, author, player):
    answer = ResponseFactory(ad=AdFactory(author=author), author=player)
    client.force_login(author)
    response = client.post(accept_url(answer), headers=HTMX)
    assert "responseAccepted" in response["HX-Trigger"]


@pytest.mark.parametrize("who", ["stranger", "player"])
def test_accept_by_anyone_but_the_ad_author_is_404_and_changes_nothing(
    client, author, player, stranger, who, django_capture_on_commit_callbacks
):
    answer = ResponseFactory(ad=AdFactory(author=author), author=player)
    client.force_login({"stranger": stranger, "player": player}[who])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(accept_url(answer))
    assert response.status_code == 404
    answer.refresh_from_db()
    assert answer.status == "pending"
    assert mail.outbox == []


def test_accept_by_anonymous_goes_to_login(client):
    answer = ResponseFactory()
    response = client.post(accept_url(answer))
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.status == "pending"


def test_accept_redirects_only_to_local_next(client, author):
    answer = ResponseFactory(ad=AdFactory(author=author))
    client.force_login(author)
    response = client.post(accept_url(answer), {"next": "https://evil.example/"})
    assert response.url.startswith(RESPONSES)


# ---- Delete


def delete_url(response):
    return reverse("board:response_delete", args=[response.pk])


def test_author_deletes_a_response(client, author):
    answer = ResponseFactory(ad=AdFactory(author=author))
    client.force_login(author)
    response = client.post(delete_url(answer), {"next": MY_RESPONSES})
    assert response.status_code == 302
    assert response.url == MY_RESPONSES
    assert not Response.objects.filter(pk=answer.pk).exists()


def test_htmx_delete_answers_empty_with_an_event(client, author):
    answer = ResponseFactory(ad=AdFactory(author=author))
    client.force_login(author)
    response = client.post(delete_url(answer), headers=HTMX)
    assert response.status_code == 200
    assert response.content == b""
    assert "responseDeleted" in response["HX-Trigger"]
    assert not Response.objects.filter(pk=answer.pk).exists()


@pytest.mark.parametrize("who", ["stranger", "player"])
def test_delete_by_anyone_but_the_ad_author_is_404(client, author, player, stranger, who):
    answer = ResponseFactory(ad=AdFactory(author=author), author=player)
    client.force_login({"stranger": stranger, "player": player}[who])
    assert client.post(delete_url(answer)).status_code == 404
    assert client.post(delete_url(answer), headers=HTMX).status_code == 404
    assert Response.objects.filter(pk=answer.pk).exists()


def test_delete_by_anonymous_goes_to_login(client):
    answer = ResponseFactory()
    assert client.post(delete_url(answer)).status_code == 302
    assert Response.objects.filter(pk=answer.pk).exists()


# ---- /board/my-responses/


def test_my_responses_needs_login(client):
    response = client.get(MY_RESPONSES)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_my_responses_lists_what_i_sent_with_status(client, player, stranger):
    ResponseFactory(author=player, text="Мой ответ один", status="accepted")
    ResponseFactory(author=player, text="Мой ответ два")
    ResponseFactory(author=stranger, text="Чужой ответ")
    client.force_login(player)
    html = client.get(MY_RESPONSES).content.decode()
    assert "Мой ответ один" in html and "Мой ответ два" in html
    assert "Чужой ответ" not in html
    assert 'data-status="accepted"' in html and 'data-status="pending"' in html
    html = client.get(MY_RESPONSES, {"status": "accepted"}).content.decode()
    assert "Мой ответ один" in html and "Мой ответ два" not in html


def test_my_responses_empty_state(client, player):
    client.force_login(player)
    html = client.get(MY_RESPONSES).content.decode()
    assert reverse("board:ad_list") in html


@pytest.mark.parametrize("rows", [5, 50])
def test_my_responses_query_count_is_constant(client, player, django_assert_max_num_queries, rows):
    for _ in range(rows):
        ResponseFactory(author=player)
    client.force_login(player)
    with django_assert_max_num_queries(6):
        assert client.get(MY_RESPONSES).status_code == 200
