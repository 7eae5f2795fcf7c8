"""The board in the admin (moderation) and its demo data."""

import io

import pytest
from django.urls import reverse

from board import demo
from board.models import Ad, Category, Newsletter, NewsletterDelivery, Response
from board.tests.factories import (
    AdFactory,
    NewsletterDeliveryFactory,
    NewsletterFactory,
    ResponseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def test_admin_changelists_render_with_search_and_filters(admin_client):
    ResponseFactory()
    NewsletterDeliveryFactory()
    for model in ("ad", "response", "newsletter", "newsletterdelivery"):
        changelist = reverse(f"admin:board_{model}_changelist")
        assert admin_client.get(changelist).status_code == 200, model
        assert admin_client.get(changelist, {"q": "рейд"}).status_code == 200, model
    assert (
        admin_client.get(reverse("admin:board_ad_changelist"), {"category": "tanks"}).status_code
        == 200
    )
    assert (
        admin_client.get(
            reverse("admin:board_ad_changelist"), {"is_hidden__exact": "1"}
        ).status_code
        == 200
    )


def test_admin_change_pages_render(admin_client):
    ad = AdFactory()
    newsletter = NewsletterFactory()
    NewsletterDeliveryFactory(newsletter=newsletter)
    assert admin_client.get(reverse("admin:board_ad_change", args=[ad.pk])).status_code == 200
    html = admin_client.get(reverse("admin:board_newsletter_changelist")).content.decode()
    assert newsletter.subject in html


def test_admin_hide_and_unhide_actions(admin_client, client):
    shown = AdFactory(title="Видимое")
    other = AdFactory(title="Другое")
    changelist = reverse("admin:board_ad_changelist")
    admin_client.post(changelist, {"action": "hide_ads", "_selected_action": [shown.pk]})
    shown.refresh_from_db()
    other.refresh_from_db()
    assert shown.is_hidden and not other.is_hidden
    client.logout()
    assert "Видимое" not in client.get(reverse("board:ad_list")).content.decode()

    client.force_login(UserFactory(staff=True, email="boss@example.com"))
    client.post(changelist, {"action": "unhide_ads", "_selected_action": [shown.pk]})
    shown.refresh_from_db()
    assert not shown.is_hidden


def test_admin_edit_keeps_the_derived_text_in_step(admin_client):
    ad = AdFactory(author=UserFactory(profile=None))
    response = admin_client.post(
        reverse("admin:board_ad_change", args=[ad.pk]),
        {
            "author": ad.author.pk,
            "title": "Исправлено модератором",
            "category": "traders",
            "body": "<p>Новый <b>текст</b></p><script>x</script>",
            "is_hidden": "on",
            "responses-TOTAL_FORMS": "0",
            "responses-INITIAL_FORMS": "0",
            "responses-MIN_NUM_FORMS": "0",
            "responses-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ad.refresh_from_db()
    assert ad.body_text == "Новый текст"
    assert "<script" not in ad.body
    assert ad.is_hidden


def test_admin_needs_staff(client, player):
    client.force_login(player)
    response = client.get(reverse("admin:board_ad_changelist"))
    assert response.status_code == 302


def test_seed_is_idempotent_and_covers_every_category_and_state(settings, tmp_path):
    UserFactory.create_batch(4, profile=None)
    UserFactory(staff=True, email="admin@example.com", profile=None)
    out = io.StringIO()
    demo.seed(scale=1, stdout=out)
    counts = (Ad.objects.count(), Response.objects.count(), Newsletter.objects.count())
    demo.seed(scale=1, stdout=out)
    assert (Ad.objects.count(), Response.objects.count(), Newsletter.objects.count()) == counts
    assert set(Ad.objects.values_list("category", flat=True)) == set(Category.values)
    assert set(Response.objects.values_list("status", flat=True)) == set(Response.Status.values)
    assert Ad.objects.exclude(cover_url="").exists()
    assert Ad.objects.filter(has_video=True).exists()
    newsletter = Newsletter.objects.get()
    assert newsletter.state == "sent"
    assert newsletter.sent_count == NewsletterDelivery.objects.count() > 0
    # the pictures exist in media and are referenced in the bodies
    ad = Ad.objects.exclude(cover_url="").first()
    assert ad.cover_url.startswith("/media/uploads/demo/")
    assert (settings.MEDIA_ROOT / ad.cover_url.removeprefix("/media/")).exists()
    assert "board:" in out.getvalue()


def test_seeded_ads_look_lived_in_not_just_edited():
    UserFactory.create_batch(4, profile=None)
    demo.seed(scale=1, stdout=io.StringIO())
    assert not any(ad.was_edited for ad in Ad.objects.all())
    for response in Response.objects.select_related("ad"):
        assert response.created >= response.ad.created
        if response.status == "accepted":
            assert response.accepted_at >= response.created


def test_seed_scales_and_refuses_without_users():
    out = io.StringIO()
    demo.seed(scale=1, stdout=out)
    assert not Ad.objects.exists()
    UserFactory.create_batch(3, profile=None)
    demo.seed(scale=2, stdout=out)
    assert Ad.objects.count() == 2 * len(demo.ADS)


def test_admin_keeps_the_responses_copy_of_the_ads_author(admin_client):
    """`Response.ad_author` follows the ad: a new author, an inline and a moved response."""
    ad = AdFactory(author=UserFactory(profile=None))
    old = ResponseFactory(ad=ad)
    new_author = UserFactory(profile=None)
    responder = UserFactory(profile=None)
    response = admin_client.post(
        reverse("admin:board_ad_change", args=[ad.pk]),
        {
            "author": new_author.pk,
            "title": ad.title,
            "category": ad.category,
            "body": ad.body,
            "responses-TOTAL_FORMS": "2",
            "responses-INITIAL_FORMS": "1",
            "responses-MIN_NUM_FORMS": "0",
            "responses-MAX_NUM_FORMS": "1000",
            "responses-0-id": old.pk,
            "responses-0-ad": ad.pk,
            "responses-0-author": old.author.pk,
            "responses-0-text": old.text,
            "responses-0-status": "pending",
            "responses-1-ad": ad.pk,
            "responses-1-author": responder.pk,
            "responses-1-text": "Добавлено модератором",
            "responses-1-status": "pending",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(ad.responses.values_list("ad_author", flat=True)) == {new_author.pk}
    assert ad.responses.count() == 2

    other_ad = AdFactory()
    response = admin_client.post(
        reverse("admin:board_response_change", args=[old.pk]),
        {"ad": other_ad.pk, "author": old.author.pk, "text": old.text, "status": "pending"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    old.refresh_from_db()
    assert old.ad_author_id == other_ad.author_id
