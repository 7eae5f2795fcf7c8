"""Ads: the board list, one ad, create / edit / delete and who may do what."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from board import selectors
from board.models import Ad, Category
from board.tests.factories import AdFactory, ResponseFactory, UserFactory

pytestmark = pytest.mark.django_db

AD_LIST = reverse("board:ad_list")
AD_CREATE = reverse("board:ad_create")


def valid_ad(**overrides):
    data = {
        "title": "Ищу хила в рейд на Огненные Недра",
        "category": "healers",
        "body": "<p>Рейд во вторник в <strong>20:00</strong>. Нужен опытный хил.</p>",
    }
    return {**data, **overrides}


# ---- The list


def test_board_lists_public_ads_newest_first_with_teaser_and_category(client):
    old = AdFactory(title="Старое объявление", category="traders")
    new = AdFactory(title="Новое объявление", body="<p>Продаю <b>мифрил</b></p>")
    Ad.objects.filter(pk=old.pk).update(created=new.created.replace(year=2020))
    response = client.get(AD_LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Новое объявление") < html.index("Старое объявление")
    assert "Продаю мифрил" in html  # the teaser is the plain text
    assert "<b>мифрил</b>" not in html
    assert f"?category={Category.TRADERS}" in html


def test_every_category_has_a_chip_with_its_stable_slug(client):
    html = client.get(AD_LIST).content.decode()
    for slug in Category.values:
        assert f"category={slug}" in html
    assert "potion-makers" in Category.values and len(Category.values) == 10


def test_category_filter_shows_only_that_category(client):
    AdFactory(title="Танк ищет группу", category="tanks")
    AdFactory(title="Кузнец куёт мечи", category="blacksmiths")
    html = client.get(AD_LIST, {"category": "blacksmiths"}).content.decode()
    assert "Кузнец куёт мечи" in html
    assert "Танк ищет группу" not in html


def test_unknown_category_and_bad_page_are_ignored(client):
    AdFactory(title="Танк ищет группу")
    for params in ({"category": "dragons"}, {"page": "abc"}, {"page": "999"}, {"q": "x" * 500}):
        response = client.get(AD_LIST, params)
        assert response.status_code == 200


def test_search_matches_title_and_text_in_any_letter_case(client):
    AdFactory(title="Продаю Мифриловую кирасу", body="<p>Недорого</p>")
    AdFactory(title="Ищу группу", body="<p>Нужен ТАНК на вечер</p>")
    AdFactory(title="Зелья лечения", body="<p>Оптом</p>")
    html = client.get(AD_LIST, {"q": "мифрил"}).content.decode()
    assert "Продаю Мифриловую кирасу" in html
    assert "Зелья лечения" not in html
    html = client.get(AD_LIST, {"q": "танк"}).content.decode()
    assert "Ищу группу" in html
    assert "Продаю Мифриловую кирасу" not in html


def test_search_does_not_match_html_markup(client):
    AdFactory(title="Кузнец", body="<p><strong>Кую</strong> мечи</p>")
    response = client.get(AD_LIST, {"q": "strong"})
    assert response.context["page_obj"].paginator.count == 0


def test_empty_board_has_a_designed_empty_state(client):
    html = client.get(AD_LIST).content.decode()
    assert reverse("board:ad_create") in html
    assert "card" in html


def test_list_is_paginated(client):
    AdFactory.create_batch(13)
    first = client.get(AD_LIST).content.decode()
    second = client.get(AD_LIST, {"page": 2}).content.decode()
    assert first.count('class="group card') == 12
    assert second.count('class="group card') == 1


def test_htmx_request_gets_only_the_results_fragment(client):
    AdFactory(title="Танк ищет группу")
    response = client.get(AD_LIST, {"category": "tanks"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="ad-results"' in html
    assert "<html" not in html and "ad-search-q" not in html
    assert "Танк ищет группу" in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client):
    response = client.get(
        AD_LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_board_query_count_does_not_grow_with_the_ads(client, django_assert_max_num_queries, rows):
    authors = UserFactory.create_batch(5, profile=None)
    for i in range(rows):
        AdFactory(author=authors[i % 5])
    viewer = UserFactory(profile=None)
    client.force_login(viewer)
    # session, user, count, page, category counts (+ the lazy unread badge)
    with django_assert_max_num_queries(7):
        response = client.get(AD_LIST)
    assert response.status_code == 200


# ---- Hidden ads (moderation)


def test_hidden_ad_leaves_the_list_search_and_page_for_others(client, stranger):
    AdFactory(title="Спрятанное объявление", is_hidden=True)
    client.force_login(stranger)
    assert "Спрятанное объявление" not in client.get(AD_LIST).content.decode()
    found = client.get(AD_LIST, {"q": "Спрятанное"})
    assert found.context["page_obj"].paginator.count == 0
    assert "Спрятанное объявление" not in found.content.decode()
    hidden = Ad.objects.get(title="Спрятанное объявление")
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_author_still_sees_their_hidden_ad_with_a_badge(client, author):
    ad = AdFactory(author=author, title="Спрятанное объявление", is_hidden=True)
    client.force_login(author)
    html = client.get(AD_LIST).content.decode()
    assert "Спрятанное объявление" in html
    assert "badge-red" in html
    response = client.get(ad.get_absolute_url())
    assert response.status_code == 200
    assert "badge-red" in response.content.decode()


def test_staff_can_open_a_hidden_ad(client, staff):
    ad = AdFactory(is_hidden=True)
    client.force_login(staff)
    assert client.get(ad.get_absolute_url()).status_code == 200


def test_anonymous_sees_hidden_ad_as_404(client):
    ad = AdFactory(is_hidden=True)
    assert client.get(ad.get_absolute_url()).status_code == 404


# ---- One ad


def test_ad_page_renders_the_body_and_author(client):
    ad = AdFactory(
        title="Набор в гильдию",
        body='<p>Мы <em>дружные</em></p><iframe src="https://www.youtube.com/embed/abc"></iframe>',
    )
    html = client.get(ad.get_absolute_url()).content.decode()
    assert "Набор в гильдию" in html
    assert "<em>дружные</em>" in html
    assert 'src="https://www.youtube.com/embed/abc"' in html
    assert ad.author.get_full_name() in html


def test_ad_page_shows_the_newest_responses_and_links_to_all(client, author):
    ad = AdFactory(author=author)
    responses = ResponseFactory.create_batch(12, ad=ad)
    client.force_login(author)
    html = client.get(ad.get_absolute_url()).content.decode()
    assert html.count('<article id="response-') == 10
    assert f'id="response-{responses[-1].pk}"' in html  # the newest
    assert f'id="response-{responses[0].pk}"' not in html  # the oldest is on the page of all
    assert f"{reverse('board:response_list')}?ad={ad.pk}" in html
    assert "12" in html.split('class="section-title"', 1)[1][:200]  # the count is of all


@pytest.mark.parametrize("rows", [5, 50])
def test_ad_page_query_count_does_not_grow_with_the_responses(
    client, author, django_assert_max_num_queries, rows
):
    ad = AdFactory(author=author)
    players = UserFactory.create_batch(5, profile=None)
    for i in range(rows):
        ResponseFactory(ad=ad, author=players[i % 5])
    client.force_login(author)
    # session, user, ad, responses, their count, unread badge
    with django_assert_max_num_queries(7):
        response = client.get(ad.get_absolute_url())
    assert response.status_code == 200


def test_authors_responses_card_refreshes_as_a_fragment(client, author, player):
    ad = AdFactory(author=author)
    ResponseFactory(ad=ad, author=player, text="Паладин свободен")
    headers = {"HX-Request": "true", "HX-Target": "author-responses"}
    client.force_login(author)
    response = client.get(ad.get_absolute_url(), headers=headers)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="author-responses"')
    assert "Паладин свободен" in html and "<html" not in html
    assert "responseDeleted from:body" in html and "responseAccepted from:body" in html
    assert response["Vary"] and "HX-Request" in response["Vary"]
    # anyone else asking for the author's card gets the ordinary page, with no card
    client.force_login(player)
    html = client.get(ad.get_absolute_url(), headers=headers).content.decode()
    assert "<html" in html and 'id="author-responses"' not in html


def test_anonymous_visitor_is_invited_to_log_in_to_respond(client):
    ad = AdFactory()
    html = client.get(ad.get_absolute_url()).content.decode()
    assert reverse("account_login") in html
    assert 'id="response-form"' not in html


def test_missing_ad_is_404(client):
    assert client.get(reverse("board:ad_detail", args=[999999])).status_code == 404


# ---- Create


def test_anonymous_is_sent_to_login_to_create(client):
    response = client.get(AD_CREATE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    response = client.post(AD_CREATE, valid_ad())
    assert response.status_code == 302
    assert not Ad.objects.exists()


def test_create_form_loads_tinymce_locally(client, author):
    client.force_login(author)
    html = client.get(AD_CREATE).content.decode()
    assert "tinymce/tinymce.min.js" in html
    assert "cdn.tiny.cloud" not in html
    assert "js/tinymce-upload.js" in html


def test_owner_creates_an_ad(client, author):
    client.force_login(author)
    response = client.post(AD_CREATE, valid_ad())
    ad = Ad.objects.get()
    assert response.status_code == 302
    assert response.url == ad.get_absolute_url()
    assert ad.author == author
    assert ad.category == "healers"
    assert ad.body_text == "Рейд во вторник в 20:00. Нужен опытный хил."
    assert not ad.is_hidden


def test_a_double_submit_posts_the_ad_once(client, author):
    client.force_login(author)
    first = client.post(AD_CREATE, valid_ad())
    second = client.post(AD_CREATE, valid_ad())
    ad = Ad.objects.get()
    assert first.url == second.url == ad.get_absolute_url()
    # the same text later, or another text now, is a new ad
    client.post(AD_CREATE, valid_ad(title="Ищу второго хила"))
    assert Ad.objects.count() == 2
    Ad.objects.filter(pk=ad.pk).update(created=ad.created - timedelta(minutes=2))
    client.post(AD_CREATE, valid_ad())
    assert Ad.objects.count() == 3


def test_create_keeps_a_picture_as_the_cover_and_notes_a_video(client, author):
    client.force_login(author)
    body = (
        '<p>Смотрите</p><img src="/media/uploads/2026/11/abc.png" alt="">'
        '<iframe src="https://rutube.ru/play/embed/123"></iframe>'
    )
    client.post(AD_CREATE, valid_ad(body=body))
    ad = Ad.objects.get()
    assert ad.cover_url == "/media/uploads/2026/11/abc.png"
    assert ad.has_video


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "ab"}, "title"),
        ({"title": "x" * 151}, "title"),
        ({"category": ""}, "category"),
        ({"category": "dragons"}, "category"),
        ({"body": ""}, "body"),
        ({"body": "<p>   </p><script>alert(1)</script>"}, "body"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(client, author, overrides, field):
    client.force_login(author)
    response = client.post(AD_CREATE, valid_ad(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Ad.objects.exists()


def test_form_errors_are_translated(client, author):
    client.force_login(author)
    html = client.post(AD_CREATE, valid_ad(title="")).content.decode()
    assert "Обязательное поле." in html


# ---- Edit


def test_owner_edits_their_ad(client, author):
    ad = AdFactory(author=author, category="tanks")
    client.force_login(author)
    assert client.get(reverse("board:ad_update", args=[ad.pk])).status_code == 200
    response = client.post(
        reverse("board:ad_update", args=[ad.pk]),
        valid_ad(title="Новый заголовок", category="dd", body="<p>Новый текст</p>"),
    )
    assert response.status_code == 302
    ad.refresh_from_db()
    assert (ad.title, ad.category, ad.body_text) == ("Новый заголовок", "dd", "Новый текст")


def test_edit_by_another_user_is_403_and_changes_nothing(client, author, stranger):
    ad = AdFactory(author=author, title="Моё объявление")
    client.force_login(stranger)
    url = reverse("board:ad_update", args=[ad.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, valid_ad(title="Взломано")).status_code == 403
    ad.refresh_from_db()
    assert ad.title == "Моё объявление"


def test_edit_by_anonymous_goes_to_login(client):
    ad = AdFactory()
    response = client.post(reverse("board:ad_update", args=[ad.pk]), valid_ad(title="Взломано"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_may_edit_any_ad(client, staff):
    ad = AdFactory()
    client.force_login(staff)
    response = client.post(reverse("board:ad_update", args=[ad.pk]), valid_ad(title="Модерация"))
    assert response.status_code == 302
    ad.refresh_from_db()
    assert ad.title == "Модерация"


def test_edit_button_only_for_the_owner(client, author, stranger):
    ad = AdFactory(author=author)
    edit_url = reverse("board:ad_update", args=[ad.pk])
    client.force_login(stranger)
    assert edit_url not in client.get(ad.get_absolute_url()).content.decode()
    client.force_login(author)
    assert edit_url in client.get(ad.get_absolute_url()).content.decode()


# ---- Delete


def test_owner_deletes_their_ad_and_its_responses(client, author):
    ad = AdFactory(author=author)
    ResponseFactory(ad=ad)
    client.force_login(author)
    response = client.post(reverse("board:ad_delete", args=[ad.pk]))
    assert response.status_code == 302
    assert response.url == AD_LIST
    assert not Ad.objects.filter(pk=ad.pk).exists()


def test_delete_by_another_user_is_403(client, author, stranger):
    ad = AdFactory(author=author)
    client.force_login(stranger)
    assert client.post(reverse("board:ad_delete", args=[ad.pk])).status_code == 403
    assert Ad.objects.filter(pk=ad.pk).exists()


def test_delete_by_anonymous_goes_to_login(client):
    ad = AdFactory()
    response = client.post(reverse("board:ad_delete", args=[ad.pk]))
    assert response.status_code == 302
    assert Ad.objects.filter(pk=ad.pk).exists()


def test_get_on_post_only_routes_is_405(client, author):
    ad = AdFactory(author=author)
    response_obj = ResponseFactory(ad=ad)
    client.force_login(author)
    for url in (
        reverse("board:ad_delete", args=[ad.pk]),
        reverse("board:ad_respond", args=[ad.pk]),
        reverse("board:response_accept", args=[response_obj.pk]),
        reverse("board:response_delete", args=[response_obj.pk]),
    ):
        assert client.get(url).status_code == 405, url
    assert Ad.objects.filter(pk=ad.pk).exists()


def test_post_on_the_list_is_405(client):
    assert client.post(AD_LIST).status_code == 405


# ---- Home page section


def test_home_section_lists_the_four_newest_visible_ads(django_assert_max_num_queries):
    AdFactory.create_batch(6)
    hidden = AdFactory(title="Скрытое", is_hidden=True)
    with django_assert_max_num_queries(1):
        context = selectors.home_section()
    assert len(context["board_latest"]) == 4
    assert hidden not in context["board_latest"]
    html = render_to_string("board/_home_section.html", context)
    assert context["board_latest"][0].title in html
    assert "category=potion-makers" in html


def test_home_section_has_an_empty_state():
    html = render_to_string("board/_home_section.html", selectors.home_section())
    assert reverse("board:ad_create") in html


@pytest.mark.postgres
def test_postgres_full_text_search_uses_prefixes_and_has_a_gin_index(client, settings):
    if not settings.IS_POSTGRES:
        pytest.skip("PostgreSQL only")
    from django.db import connection

    AdFactory(title="Продаю Мифриловую кирасу", body="<p>Недорого, 5 штук</p>")
    AdFactory(title="Зелья лечения", body="<p>Оптом</p>")
    responses = {}
    for query in ("мифрил", "кираса мифриловая", "недорого", "'&|!:*()"):
        responses[query] = client.get(AD_LIST, {"q": query})
        assert responses[query].status_code == 200
    # The first answer for a query is rendered (a repeat within 5 s may come from the
    # anonymous page cache, without a template context).
    assert responses["кираса мифриловая"].context["page_obj"].paginator.count == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'board_ad_search_gin'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition.lower() and "to_tsvector" in definition


@pytest.mark.parametrize(
    "path",
    [
        "/board/ads/99999999999999999999999/",
        "/board/ads/99999999999999999999999/edit/",
        "/board/responses/99999999999999999999999/accept/",
        "/staff/newsletters/99999999999999999999999/",
    ],
)
def test_huge_ids_are_404_not_500(client, staff, path):
    client.force_login(staff)
    method = client.post if path.endswith("accept/") else client.get
    assert method(path).status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "  ab  "}, "title"),
        ({"title": "x" * 151}, "title"),
        ({"category": "dragons"}, "category"),
        ({"body": "<script>alert(1)</script>"}, "body"),
    ],
)
def test_the_service_validates_on_its_own(author, data, field):
    from django.core.exceptions import ValidationError

    from board import services

    params = {"title": "Ищу группу", "category": "dd", "body": "<p>Текст</p>", **data}
    with pytest.raises(ValidationError) as caught:
        services.ad_create(author=author, **params)
    assert field in caught.value.message_dict
    assert not Ad.objects.exists()


def test_category_chips_count_what_the_search_finds(client):
    AdFactory(title="Мифрил оптом", category="traders")
    AdFactory(title="Мифриловый меч", category="blacksmiths")
    AdFactory(title="Зелья", category="potion-makers")
    response = client.get(AD_LIST, {"q": "мифрил"})
    counts = {chip["slug"]: chip["count"] for chip in response.context["chips"]}
    assert counts[""] == 2
    assert counts["traders"] == 1 and counts["blacksmiths"] == 1 and counts["potion-makers"] == 0


def test_search_inside_a_category_says_so_and_offers_everywhere(client):
    AdFactory(title="Мифрил оптом", category="traders")
    AdFactory(title="Мифриловый меч", category="blacksmiths")
    html = client.get(AD_LIST, {"q": "мифрил", "category": "traders"}).content.decode()
    summary = html.split('id="search-summary"')[1].split("</p>")[0]
    assert "Торговцы" in summary or "Traders" in summary
    assert "Мифрил оптом" in html and "Мифриловый меч" not in html
    assert 'href="/board/?q=%D0%BC%D0%B8%D1%84%D1%80%D0%B8%D0%BB"' in summary  # everywhere
    everywhere = client.get(AD_LIST, {"q": "мифрил"}).content.decode()
    assert "Мифриловый меч" in everywhere
    summary = everywhere.split('id="search-summary"')[1].split("</p>")[0]
    assert "hx-get" not in summary  # no "search everywhere" when already everywhere


def test_search_box_shows_the_query_of_the_url(client):
    html = client.get(AD_LIST, {"q": "мифрил"}).content.decode()
    box = html.split('id="ad-search-q"')[1].split(">")[0]
    assert 'value="мифрил"' in box
    assert 'data-value-from-url="q"' in box  # site.js restores it after Back


@pytest.mark.parametrize("rows", [5, 50])
def test_home_page_with_the_board_section(client, monkeypatch, django_assert_max_num_queries, rows):
    from site_config import registry

    only_board = {k: v for k, v in registry._home_sections.items() if k.startswith("board/")}
    monkeypatch.setattr(registry, "_home_sections", only_board)
    AdFactory.create_batch(rows)
    newest = AdFactory(title="Самое свежее объявление")
    with django_assert_max_num_queries(10):
        response = client.get("/")
    html = response.content.decode()
    assert 'id="board-latest-title"' in html
    assert "Самое свежее объявление" in html
    assert html.count('class="group card') == 4
    assert newest.get_absolute_url() in html
