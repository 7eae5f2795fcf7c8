"""The board's rules (board/permissions.py): services refuse with PermissionDenied, views
answer the designed 403 with the reason, templates show buttons by the same rules."""

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from board import permissions, services
from board.models import Ad, Newsletter, Response
from board.tests.factories import AdFactory, NewsletterFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def test_rules_are_registered_under_their_names(author, player, staff):
    ad = AdFactory(author=author)
    assert rules.has_perm("board.edit_ad", author, ad)
    assert rules.has_perm("board.remove_ad", staff, ad)
    assert not rules.has_perm("board.edit_ad", player, ad)
    assert author.has_perm("board.edit_ad", ad)  # through the auth backend
    assert not player.has_perm("board.remove_ad", ad)


def test_predicates(author, player, staff):
    from django.contrib.auth.models import AnonymousUser

    ad = AdFactory(author=author)
    hidden = AdFactory(author=author, is_hidden=True)
    response = ResponseFactory(ad=ad, author=player)
    anonymous = AnonymousUser()
    assert permissions.can_edit_ad(author, ad) and permissions.can_edit_ad(staff, ad)
    assert not permissions.can_edit_ad(player, ad) and not permissions.can_edit_ad(anonymous, ad)
    assert permissions.can_respond_to_ad(player, ad)
    assert not permissions.can_respond_to_ad(author, ad)
    assert not permissions.can_respond_to_ad(player, hidden)
    assert not permissions.can_respond_to_ad(anonymous, ad)
    assert permissions.can_manage_response(author, response)
    assert not permissions.can_manage_response(player, response)
    assert permissions.can_send_newsletters(staff) and not permissions.can_send_newsletters(author)


def test_ad_services_refuse_strangers(author, player):
    ad = AdFactory(author=author, title="Нетронутое")
    with pytest.raises(PermissionDenied):
        services.ad_update(ad=ad, by=player, title="Чужое", category="dd", body="<p>x</p>")
    with pytest.raises(PermissionDenied):
        services.ad_delete(ad=ad, by=player)
    with pytest.raises(PermissionDenied):
        services.ads_set_hidden(ads=Ad.objects.all(), hidden=True, by=player)
    ad.refresh_from_db()
    assert ad.title == "Нетронутое" and not ad.is_hidden


def test_ad_services_let_the_author_and_moderators(author, staff):
    ad = AdFactory(author=author)
    services.ad_update(ad=ad, by=author, title="Новое имя", category="dd", body="<p>x</p>")
    assert services.ads_set_hidden(ads=Ad.objects.all(), hidden=True, by=staff) == 1
    services.ad_delete(ad=ad, by=staff)
    assert not Ad.objects.exists()


def test_response_services_are_for_the_ads_author(author, player, stranger):
    response = ResponseFactory(ad=AdFactory(author=author), author=player)
    for user in (player, stranger):
        with pytest.raises(PermissionDenied):
            services.response_accept(response=response, by=user)
        with pytest.raises(PermissionDenied):
            services.response_delete(response=response, by=user)
    response.refresh_from_db()
    assert response.status == Response.Status.PENDING
    assert services.response_accept(response=response, by=author) is True
    services.response_delete(response=response, by=author)
    assert not Response.objects.exists()


def test_newsletter_services_are_for_staff(author, staff):
    with pytest.raises(PermissionDenied):
        services.newsletter_create(created_by=author, subject="Спам", body="<p>x</p>")
    draft = NewsletterFactory(created_by=staff)
    with pytest.raises(PermissionDenied):
        services.newsletter_update(newsletter=draft, by=author, subject="Спам", body="<p>x</p>")
    with pytest.raises(PermissionDenied):
        services.newsletter_start(newsletter=draft, by=author)
    draft.refresh_from_db()
    assert draft.state == Newsletter.State.DRAFT and draft.subject != "Спам"


def test_a_stranger_editing_an_ad_gets_the_designed_403_with_the_reason(login, author, player):
    ad = AdFactory(author=author)
    response = login(player).get(reverse("board:ad_update", args=[ad.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    with translation.override("ru"):
        reason = escape(gettext("Only the ad's author can change it."))
    assert reason in html
    assert "<html" in html  # the site's page, not a bare text


def test_the_edit_buttons_follow_the_rule(login, author, player, staff):
    ad = AdFactory(author=author)
    edit_url = reverse("board:ad_update", args=[ad.pk])
    assert edit_url in login(author).get(ad.get_absolute_url()).content.decode()
    assert edit_url in login(staff).get(ad.get_absolute_url()).content.decode()
    assert edit_url not in login(player).get(ad.get_absolute_url()).content.decode()
