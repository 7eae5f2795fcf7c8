"""The API's users, profiles, avatars, organizations and notifications."""

from __future__ import annotations

import pytest

from accounts import services
from accounts.models import (
    Membership,
    MembershipRequest,
    Notification,
    Organization,
    Profile,
    Skill,
)
from accounts.tests.factories import OrganizationFactory, UserFactory
from accounts.tests.images import image_bytes, upload
from tests.api import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(db):
    user = UserFactory(first_name="Анна", last_name="Смирнова", role="student")
    user.profile.skills.set([Skill.objects.create(name="Python")])
    return user


# ---- Users


def test_user_list_with_organizations_and_filters(api, anna):
    org = OrganizationFactory(name="Гильдия")
    Membership.objects.create(organization=org, user=anna)
    UserFactory(role="employer", first_name="Пётр")
    client = api(anna)
    body = client.get("/api/users/").json()
    assert body["count"] == 2
    card = next(u for u in body["results"] if u["id"] == anna.pk)
    assert card["organizations"] == [{"id": org.pk, "name": "Гильдия"}]
    assert card["skills"] == ["Python"]
    assert "email" not in card
    assert client.get("/api/users/?role=employer").json()["count"] == 1
    assert client.get("/api/users/?skill=python").json()["count"] == 1
    assert client.get("/api/users/?search=Смирн").json()["results"][0]["id"] == anna.pk
    assert_error(client.get("/api/users/?role=wizard"), 400, field="role")
    assert client.get("/api/users/?page_size=1").json()["next"]
    assert_error(client.get("/api/users/?page=99"), 404)


def test_users_need_a_token(api, anna):
    assert_error(api().get("/api/users/"), 401)
    assert_error(api().get(f"/api/users/{anna.pk}/"), 401)


def test_user_detail(api, anna):
    body = api(UserFactory()).get(f"/api/users/{anna.pk}/").json()
    assert body["profile"]["skills"] == ["Python"]
    assert_error(api(anna).get("/api/users/999999/"), 404)
    inactive = UserFactory(is_active=False)
    assert_error(api(anna).get(f"/api/users/{inactive.pk}/"), 404)


def test_user_list_query_count_is_constant(api, anna, django_assert_max_num_queries):
    client = api(anna)
    orgs = [OrganizationFactory() for _ in range(3)]

    def add(n):
        for _ in range(n):
            user = UserFactory()
            Membership.objects.create(organization=orgs[0], user=user)
            user.profile.skills.add(Skill.objects.get_or_create(name="SQL")[0])

    add(5)
    with django_assert_max_num_queries(8):
        assert client.get("/api/users/?page_size=100").status_code == 200
    add(45)
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/users/?page_size=100").json()["results"]) == 51


# ---- Profile and avatar


def test_profile_owner_reads_and_changes_it(api, anna):
    client = api(anna)
    url = f"/api/users/{anna.pk}/profile/"
    assert client.get(url).json()["skills"] == ["Python"]
    response = client.patch(url, {"headline": "Backend", "skills": ["Django", "SQL"]})
    assert response.status_code == 200, response.content
    assert response.json()["headline"] == "Backend"
    assert sorted(response.json()["skills"]) == ["Django", "SQL"]
    # PATCH keeps the rest; PUT replaces.
    response = client.patch(url, {"city": "Казань"})
    assert sorted(response.json()["skills"]) == ["Django", "SQL"]
    response = client.put(url, {"headline": "Data"})
    assert response.status_code == 200
    assert response.json()["skills"] == [] and response.json()["city"] == ""


def test_profile_refusals(api, anna):
    url = f"/api/users/{anna.pk}/profile/"
    assert_error(api().get(url), 401)
    stranger = api(UserFactory())
    assert_error(stranger.get(url), 403)
    assert_error(stranger.patch(url, {"headline": "hacked"}), 403)
    error = assert_error(api(anna).patch(url, {"website": "not a url", "skills": ["x" * 61]}), 400)
    assert {"website", "skills"} <= set(error["fields"])
    assert Profile.objects.get(user=anna).headline != "hacked"
    assert Profile.objects.get(user=anna).website == ""


def test_avatar_upload_and_remove(api, anna):
    client = api(anna)
    url = f"/api/users/{anna.pk}/avatar/"
    response = client.post(
        url, {"avatar": upload(image_bytes(size=(800, 400)))}, format="multipart"
    )
    assert response.status_code == 200, response.content
    anna.refresh_from_db()
    assert anna.avatar and response.json()["avatar"].endswith(anna.avatar.name.split("/")[-1])
    from PIL import Image

    with Image.open(anna.avatar.path) as img:
        assert max(img.size) <= 200  # the site's pipeline
    assert client.delete(url).json()["avatar"] is None


def test_avatar_refusals(api, anna):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/api/users/{anna.pk}/avatar/"
    assert_error(api().post(url, {}, format="multipart"), 401)
    assert_error(
        api(UserFactory()).post(url, {"avatar": upload(image_bytes())}, format="multipart"), 403
    )
    assert_error(api(anna).post(url, {}, format="multipart"), 400, field="avatar")
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    assert_error(api(anna).post(url, {"avatar": bad}, format="multipart"), 400, field="avatar")
    anna.refresh_from_db()
    assert not anna.avatar


# ---- Organizations


def test_organizations_list_create_update(api, anna):
    client = api(anna)
    response = client.post("/api/organizations/", {"name": "  Северное   сияние ", "website": ""})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Северное сияние" and body["my_role"] == "owner"
    assert body["can_manage"] is True
    listed = client.get("/api/organizations/").json()["results"][0]
    assert listed["member_count"] == 1 and listed["members"][0]["user"]["id"] == anna.pk

    assert_error(client.post("/api/organizations/", {"name": "северное СИЯНИЕ"}), 400, field="name")
    assert Organization.objects.count() == 1

    pk = body["id"]
    stranger = api(UserFactory())
    assert_error(stranger.patch(f"/api/organizations/{pk}/", {"description": "x"}), 403)
    response = client.patch(f"/api/organizations/{pk}/", {"description": "Студия"})
    assert response.json()["description"] == "Студия"
    assert response.json()["name"] == "Северное сияние"
    assert_error(api().post("/api/organizations/", {"name": "Anon"}), 401)
    assert_error(client.get("/api/organizations/999999/"), 404)


def test_organization_join_leave_members(api, anna):
    org = OrganizationFactory()
    client = api(anna)
    # Joining is a request its owners approve (issue 12): no membership until then.
    assert client.post(f"/api/organizations/{org.pk}/join/").json()["my_role"] is None
    members = client.get(f"/api/organizations/{org.pk}/members/").json()
    assert members["results"] == []
    request = MembershipRequest.objects.get(organization=org, user=anna)
    owner = UserFactory()
    Membership.objects.create(organization=org, user=owner, role=Membership.Role.OWNER)
    services.organization_request_decide(join_request=request, by=owner, approve=True)
    members = client.get(f"/api/organizations/{org.pk}/members/").json()
    assert anna.pk in [m["user"]["id"] for m in members["results"]]
    assert client.post(f"/api/organizations/{org.pk}/leave/").json()["my_role"] is None


def test_organization_list_query_count(api, anna, django_assert_max_num_queries):
    client = api(anna)
    for n in (5, 50):
        while Organization.objects.count() < n:
            org = OrganizationFactory()
            Membership.objects.create(organization=org, user=UserFactory())
        with django_assert_max_num_queries(6):
            response = client.get("/api/organizations/?page_size=100")
        assert len(response.json()["results"]) == n


# ---- Notifications


def test_notifications_mine_only(api, anna):
    mine = Notification.objects.create(recipient=anna, message="Hello")
    other = Notification.objects.create(recipient=UserFactory(), message="Secret")
    client = api(anna)
    assert [n["id"] for n in client.get("/api/notifications/").json()["results"]] == [mine.pk]
    assert_error(client.post("/api/notifications/read/", {"id": other.pk}), 404)
    assert_error(client.post("/api/notifications/read/", {"id": "x"}), 400, field="id")
    assert client.post("/api/notifications/read/", {"id": mine.pk}).json() == {"marked": 1}
    other.refresh_from_db()
    assert not other.read
    assert_error(api().get("/api/notifications/"), 401)
