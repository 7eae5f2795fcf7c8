"""/notifications/: my inbox, marking read, opening, the nav badge."""

import json

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Notification
from accounts.tests.factories import NotificationFactory, UserFactory

LIST = reverse("accounts:notification_list")
MARK = reverse("accounts:notification_mark_read")
BADGE = reverse("accounts:notification_badge")


def open_url(notification):
    return reverse("accounts:notification_open", args=[notification.pk])


@pytest.mark.django_db
def test_inbox_lists_only_my_notifications(user_client, user, other_user):
    NotificationFactory(recipient=user, message="Ваш отклик приняли")
    NotificationFactory(recipient=other_user, message="Чужое уведомление")
    response = user_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ваш отклик приняли" in html
    assert "Чужое уведомление" not in html


@pytest.mark.django_db
def test_inbox_empty_state(user_client):
    response = user_client.get(LIST)
    assert response.status_code == 200
    assert list(response.context["notifications"]) == []


@pytest.mark.django_db
def test_inbox_htmx_partial(user_client, user):
    NotificationFactory(recipient=user, message="Новое")
    response = user_client.get(LIST, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="notification-list"')
    assert "<html" not in html and "Новое" in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_inbox_query_count_does_not_grow(user_client, user, django_assert_max_num_queries, count):
    NotificationFactory.create_batch(count, recipient=user)
    # session, user, unread badge, count, page
    with django_assert_max_num_queries(5):
        assert user_client.get(LIST).status_code == 200


@pytest.mark.django_db
def test_mark_one_read(user_client, user):
    first, second = NotificationFactory.create_batch(2, recipient=user)
    response = user_client.post(MARK, {"id": first.pk})
    assert response.status_code == 302
    assert response["Location"] == LIST
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read is True
    assert second.read is False


@pytest.mark.django_db
def test_mark_all_read(user_client, user, other_user):
    NotificationFactory.create_batch(3, recipient=user)
    theirs = NotificationFactory(recipient=other_user)
    user_client.post(MARK)
    assert not Notification.objects.filter(recipient=user, read=False).exists()
    theirs.refresh_from_db()
    assert theirs.read is False


@pytest.mark.django_db
def test_mark_read_with_htmx_returns_the_list_and_a_trigger(user_client, user):
    notification = NotificationFactory(recipient=user)
    response = user_client.post(MARK, {"id": notification.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "notificationsChanged" in json.loads(response["HX-Trigger"])
    assert response.content.decode().lstrip().startswith('<div id="notification-list"')
    notification.refresh_from_db()
    assert notification.read


@pytest.mark.django_db
def test_cannot_mark_someone_elses_notification(user_client, user, other_user):
    mine = NotificationFactory(recipient=user)
    theirs = NotificationFactory(recipient=other_user)
    assert user_client.post(MARK, {"id": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.read is False
    assert mine.read is False


@pytest.mark.django_db
@pytest.mark.parametrize("bad_id", ["abc", "-1", "1 OR 1=1", "999999", "²", "٣", "1²"])
def test_garbage_id_is_404_not_mark_all(user_client, user, bad_id):
    mine = NotificationFactory(recipient=user)
    assert user_client.post(MARK, {"id": bad_id}).status_code == 404
    mine.refresh_from_db()
    assert mine.read is False


@pytest.mark.django_db
def test_open_follows_a_local_link_and_marks_read(user_client, user):
    notification = NotificationFactory(recipient=user, link="/organizations/")
    response = user_client.post(open_url(notification))
    assert response.status_code == 302
    assert response["Location"] == "/organizations/"
    notification.refresh_from_db()
    assert notification.read


@pytest.mark.django_db
@pytest.mark.parametrize(
    "link",
    ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil.example", ""],
)
def test_open_never_leaves_the_site(user_client, user, link):
    notification = NotificationFactory(recipient=user, link=link)
    response = user_client.post(open_url(notification))
    assert response.status_code == 302
    assert response["Location"] == LIST


@pytest.mark.django_db
def test_cannot_open_someone_elses_notification(user_client, other_user):
    theirs = NotificationFactory(recipient=other_user, link="/users/")
    assert user_client.post(open_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read is False


@pytest.mark.django_db
def test_post_only_routes(user_client, user):
    notification = NotificationFactory(recipient=user)
    assert user_client.get(MARK).status_code == 405
    assert user_client.get(open_url(notification)).status_code == 405
    assert user_client.post(LIST).status_code == 405


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    notification = NotificationFactory()
    for response in (client.get(LIST), client.post(MARK), client.post(open_url(notification))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    notification.refresh_from_db()
    assert notification.read is False


@pytest.mark.django_db
def test_badge_counts_unread(user_client, user, other_user):
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory(recipient=user, read=True)
    NotificationFactory(recipient=other_user)
    html = user_client.get(BADGE).content.decode()
    assert 'id="notification-badge"' in html
    assert ">3</span>" in html
    # The page header shows it too.
    assert ">3</span>" in user_client.get(reverse("accounts:profile")).content.decode()


@pytest.mark.django_db
def test_badge_polls_without_an_invalid_indicator(user_client):
    """htmx treats hx-indicator as a selector: "none" logged a console error every 30 s."""
    import re

    for html in (
        user_client.get(BADGE).content.decode(),
        user_client.get(reverse("accounts:profile")).content.decode(),
    ):
        badge = re.search(r'<span id="notification-badge"[^>]*>', html).group(0)
        assert 'hx-indicator="this"' in badge
        assert 'hx-indicator="none"' not in html


@pytest.mark.django_db
def test_badge_caps_at_99(user_client, user):
    NotificationFactory.create_batch(120, recipient=user)
    assert ">99+</span>" in user_client.get(BADGE).content.decode()


@pytest.mark.django_db
def test_badge_is_empty_without_unread(client, user_client, user):
    NotificationFactory(recipient=user, read=True)
    html = user_client.get(BADGE).content.decode()
    assert "rounded-full bg-rose-600" not in html


@pytest.mark.django_db
def test_badge_for_anonymous_is_empty(client):
    response = client.get(BADGE)
    assert response.status_code == 200
    assert "rounded-full bg-rose-600" not in response.content.decode()


@pytest.mark.django_db
def test_notification_create_service_truncates(user):
    notification = services.notification_create(recipient=user, message="x" * 400, link="/")
    assert len(notification.message) == 300


@pytest.mark.django_db
def test_a_second_user_sees_their_own_count(client):
    someone = UserFactory()
    NotificationFactory.create_batch(2, recipient=someone)
    client.force_login(someone)
    assert ">2</span>" in client.get(BADGE).content.decode()


@pytest.mark.django_db
def test_mark_all_button_only_with_unread(user_client, user):
    NotificationFactory(recipient=user, read=True)
    html = user_client.get(LIST).content.decode()
    assert f'hx-post="{MARK}"' not in html
    NotificationFactory(recipient=user)
    html = user_client.get(LIST).content.decode()
    # "Mark all as read" plus the unread one's own "Mark read".
    assert html.count(f'hx-post="{MARK}"') == 2


# ---- Marking read from a later page stays on that page


@pytest.fixture
def two_pages(user):
    """25 notifications: 20 on page 1, the 5 oldest on page 2."""
    NotificationFactory.create_batch(25, recipient=user)
    return list(Notification.objects.filter(recipient=user).order_by("-created", "-id"))


@pytest.mark.django_db
def test_mark_read_forms_on_page_two_post_to_page_two(user_client, two_pages):
    html = user_client.get(LIST, {"page": 2}).content.decode()
    assert f'action="{MARK}?page=2"' in html
    assert f'hx-post="{MARK}?page=2"' in html
    # Page 1 needs no parameter.
    assert f'action="{MARK}"' in user_client.get(LIST).content.decode()


@pytest.mark.django_db
def test_mark_read_from_page_two_redirects_back_to_it(user_client, two_pages):
    on_page_two = two_pages[-1]
    response = user_client.post(f"{MARK}?page=2", {"id": on_page_two.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?page=2"
    on_page_two.refresh_from_db()
    assert on_page_two.read
    # "Mark all" too.
    assert user_client.post(f"{MARK}?page=2")["Location"] == f"{LIST}?page=2"


@pytest.mark.django_db
def test_mark_read_from_page_two_with_htmx_renders_page_two(user_client, two_pages):
    on_page_two = two_pages[-1]
    response = user_client.post(
        f"{MARK}?page=2", {"id": on_page_two.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "notificationsChanged" in json.loads(response["HX-Trigger"])
    assert response.context["page_obj"].number == 2
    assert list(response.context["notifications"]) == two_pages[20:]
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="notification-list"')
    assert on_page_two.message in html
    # The swapped-in forms keep posting to page 2.
    assert f'hx-post="{MARK}?page=2"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["0", "1", "abc", "-2", "²", "9" * 30, "2%0d%0aX-Evil:1"])
def test_odd_page_parameters_redirect_to_the_plain_list(user_client, two_pages, page):
    response = user_client.post(f"{MARK}?page={page}", {"id": two_pages[0].pk})
    assert response.status_code == 302
    assert response["Location"] == LIST


@pytest.mark.django_db
def test_a_page_beyond_the_last_is_clamped_by_the_list(user_client, two_pages):
    response = user_client.post(f"{MARK}?page=7", {"id": two_pages[0].pk})
    assert response["Location"] == f"{LIST}?page=7"
    assert user_client.get(response["Location"]).context["page_obj"].number == 2
