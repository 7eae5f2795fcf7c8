"""/profile/: editing my own profile, skills, organizations and the avatar."""

import re

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from PIL import Image

from accounts.models import Membership, Profile, Skill, User
from accounts.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    SkillFactory,
    UserFactory,
)
from accounts.tests.images import image_bytes, png_claiming, upload

URL = reverse("accounts:profile")
AVATAR_NAME = re.compile(r"^avatars/[a-zA-Z0-9]+\.(png|jpg)$")


def form_data(**overrides):
    data = {
        "first_name": "Анна",
        "last_name": "Смирнова",
        "phone": "",
        "language": "ru",
        "headline": "Бэкенд-разработчик",
        "city": "Москва",
        "bio": "",
        "skills": "",
        "education": "",
        "experience": "",
        "website": "",
        "github": "",
        "linkedin": "",
        "telegram": "",
        "vk": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(URL, form_data())["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_other_methods_are_refused(user_client):
    assert user_client.put(URL).status_code == 405
    assert user_client.delete(URL).status_code == 405


@pytest.mark.django_db
def test_profile_is_created_lazily(user_client, user):
    """A user without a profile gets the empty form; reading it writes nothing (issue 11:
    no writes on GET), saving it creates the profile."""
    Profile.objects.filter(user=user).delete()
    response = user_client.get(URL)
    assert response.status_code == 200
    assert not Profile.objects.filter(user=user).exists()
    html = response.content.decode()
    assert 'name="first_name"' in html and 'name="skills"' in html
    assert 'enctype="multipart/form-data"' in html
    response = user_client.post(
        URL,
        {"first_name": "Анна", "last_name": "Смирнова", "language": "ru", "city": "Казань"},
    )
    assert response.status_code == 302
    assert Profile.objects.get(user=user).city == "Казань"


@pytest.mark.django_db
def test_saving_the_profile(user_client, user):
    response = user_client.post(
        URL,
        form_data(
            first_name="Анна-Мария",
            bio="Пишу на Python.\nЛюблю тесты.",
            education="ВШП, 2027",
            github="https://github.com/anna",
            newsletter_opt_out="on",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == URL
    user.refresh_from_db()
    assert user.first_name == "Анна-Мария"
    assert user.newsletter_opt_out is True
    assert user.profile.bio == "Пишу на Python.\nЛюблю тесты."
    assert user.profile.github == "https://github.com/anna"
    assert user.profile.headline == "Бэкенд-разработчик"


@pytest.mark.django_db
def test_phone_is_normalized_to_e164(user_client, user):
    response = user_client.post(URL, form_data(phone="8 (912) 345-67-89"))
    assert response.status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id = %s", [user.pk])
        assert cursor.fetchone()[0] == "+79123456789"  # stored as E.164
    user.refresh_from_db()
    assert user.phone.as_e164 == "+79123456789"


@pytest.mark.django_db
def test_invalid_phone_is_a_form_error(user_client, user):
    response = user_client.post(URL, form_data(phone="12345", first_name="Changed"))
    assert response.status_code == 200
    assert response.context["user_form"].errors["phone"]
    user.refresh_from_db()
    assert user.first_name == "Анна"
    assert not user.phone


@pytest.mark.django_db
def test_invalid_url_is_a_form_error_and_nothing_is_saved(user_client, user):
    response = user_client.post(URL, form_data(github="not a url", headline="New headline"))
    assert response.status_code == 200
    assert response.context["profile_form"].errors["github"]
    user.profile.refresh_from_db()
    assert user.profile.github == ""
    assert user.profile.headline != "New headline"


@pytest.mark.django_db
def test_links_without_scheme_get_https(user_client, user):
    user_client.post(URL, form_data(website="example.com/me"))
    user.profile.refresh_from_db()
    assert user.profile.website == "https://example.com/me"


@pytest.mark.django_db
def test_required_names(user_client, user):
    response = user_client.post(URL, form_data(first_name="  "))
    assert response.status_code == 200
    assert response.context["user_form"].errors["first_name"]
    user.refresh_from_db()
    assert user.first_name == "Анна"


@pytest.mark.django_db
def test_skills_are_created_deduplicated_and_reused(user_client, user):
    SkillFactory(name="Python")
    response = user_client.post(
        URL, form_data(skills="python, Django,  django , SQL,,  Машинное   обучение ")
    )
    assert response.status_code == 302
    names = sorted(user.profile.skills.values_list("name", flat=True))
    assert names == ["Django", "Python", "SQL", "Машинное обучение"]
    assert Skill.objects.filter(name__iexact="python").count() == 1


@pytest.mark.django_db
def test_cyrillic_skills_are_deduplicated_case_insensitively(user_client, user):
    SkillFactory(name="Дизайн")
    user_client.post(URL, form_data(skills="дизайн, ДИЗАЙН"))
    assert list(user.profile.skills.values_list("name", flat=True)) == ["Дизайн"]
    assert Skill.objects.filter(name__in=["дизайн", "ДИЗАЙН"]).count() == 0


@pytest.mark.django_db
def test_skills_can_be_cleared(user_client, user):
    user.profile.skills.set([SkillFactory(name="Go")])
    user_client.post(URL, form_data(skills=""))
    assert user.profile.skills.count() == 0


@pytest.mark.django_db
def test_too_many_skills_is_a_form_error(user_client, user):
    skills = ", ".join(f"skill{i}" for i in range(31))
    response = user_client.post(URL, form_data(skills=skills))
    assert response.status_code == 200
    assert response.context["profile_form"].errors["skills"]
    assert Skill.objects.count() == 0


@pytest.mark.django_db
def test_too_long_skill_is_a_form_error(user_client, user):
    response = user_client.post(URL, form_data(skills="Python, " + "x" * 61))
    assert response.status_code == 200
    assert response.context["profile_form"].errors["skills"]
    assert Skill.objects.count() == 0


@pytest.mark.django_db
def test_current_skills_are_prefilled(user_client, user):
    user.profile.skills.set([SkillFactory(name="Go"), SkillFactory(name="SQL")])
    html = user_client.get(URL).content.decode()
    assert 'value="Go, SQL"' in html


@pytest.mark.django_db
def test_choosing_organizations(user_client, user):
    kept, dropped, added = OrganizationFactory.create_batch(3)
    MembershipFactory(organization=kept, user=user, role=Membership.Role.OWNER)
    MembershipFactory(organization=dropped, user=user)
    response = user_client.post(URL, form_data(organizations=[kept.pk, added.pk]))
    assert response.status_code == 302
    memberships = {m.organization_id: m.role for m in user.memberships.all()}
    # A new tick is a request to join, not a membership: its owners decide.
    assert memberships == {kept.pk: "owner"}
    assert list(user.membership_requests.values_list("organization_id", flat=True)) == [added.pk]
    # The page shows it ticked (requested); unticking withdraws it.
    assert added.pk in user_client.get(URL).context["profile_form"].initial["organizations"]
    user_client.post(URL, form_data(organizations=[kept.pk]))
    assert not user.membership_requests.exists()


@pytest.mark.django_db
def test_the_last_owner_cannot_untick_their_organization(user_client, user):
    organization = OrganizationFactory()
    MembershipFactory(organization=organization, user=user, role=Membership.Role.OWNER)
    MembershipFactory(organization=organization)
    response = user_client.post(URL, form_data(organizations=[]))
    assert response.status_code == 200
    assert response.context["profile_form"].errors
    assert user.memberships.filter(organization=organization, role="owner").exists()


@pytest.mark.django_db
def test_unknown_organization_is_a_form_error(user_client, user):
    response = user_client.post(URL, form_data(organizations=["999999"]))
    assert response.status_code == 200
    assert response.context["profile_form"].errors["organizations"]
    assert not user.memberships.exists()


@pytest.mark.django_db
def test_profile_page_links_to_organization_creation(user_client):
    html = user_client.get(URL).content.decode()
    assert reverse("accounts:organization_create") in html


@pytest.mark.django_db
def test_a_user_cannot_edit_someone_else(user_client, user, other_user):
    """The page has no user id: whatever is posted, only the logged-in user changes."""
    other_email = other_user.email
    response = user_client.post(
        URL,
        form_data(
            id=other_user.pk,
            pk=other_user.pk,
            user=other_user.pk,
            email="hijack@example.com",
            role="employer",
            is_staff="on",
            first_name="Хакер",
        ),
    )
    assert response.status_code == 302
    other_user.refresh_from_db()
    assert other_user.first_name == "Иван"
    assert other_user.email == other_email
    user.refresh_from_db()
    assert user.first_name == "Хакер"
    assert user.email == "anna@example.com"
    assert user.role == User.Role.STUDENT
    assert user.is_staff is False
    # And there is no per-user edit route at all.
    assert user_client.get(f"/profile/{other_user.pk}/").status_code == 404
    assert user_client.get(f"/users/{other_user.pk}/edit/").status_code == 404


# ---- Avatars


def avatar_error_code(response) -> str:
    return response.context["user_form"].errors.as_data()["avatar"][0].code


def avatar_image(user):
    with default_storage.open(user.avatar.name) as handle, Image.open(handle) as image:
        return image.size, image.format


@pytest.mark.django_db
def test_avatar_is_resized_and_renamed(user_client, user):
    response = user_client.post(
        URL, {**form_data(), "avatar": upload(image_bytes((1000, 600)), name="my photo.png")}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert AVATAR_NAME.match(user.avatar.name), user.avatar.name
    assert "my photo" not in user.avatar.name
    size, image_format = avatar_image(user)
    assert size == (200, 120)
    assert image_format == "JPEG"


@pytest.mark.django_db
def test_transparent_avatar_stays_png(user_client, user):
    data = image_bytes((300, 300), mode="RGBA", color=(10, 20, 30, 0))
    user_client.post(URL, {**form_data(), "avatar": upload(data)})
    user.refresh_from_db()
    assert user.avatar.name.endswith(".png")
    assert avatar_image(user) == ((200, 200), "PNG")


@pytest.mark.django_db
def test_avatar_exif_orientation_is_applied(user_client, user):
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    data = image_bytes((600, 200), image_format="JPEG", exif=exif.tobytes())
    user_client.post(URL, {**form_data(), "avatar": upload(data, "p.jpg", "image/jpeg")})
    user.refresh_from_db()
    width, height = avatar_image(user)[0]
    assert height == 200 and width < height


@pytest.mark.django_db
def test_text_file_renamed_png_is_rejected(user_client, user):
    data = b"Hello, I am not an image at all.\n" * 20
    response = user_client.post(URL, {**form_data(first_name="Changed"), "avatar": upload(data)})
    assert response.status_code == 200
    assert avatar_error_code(response) == "invalid_image"
    user.refresh_from_db()
    assert not user.avatar
    assert user.first_name == "Анна"
    assert not default_storage.exists("avatars") or not default_storage.listdir("avatars")[1]


@pytest.mark.django_db
def test_truncated_image_is_rejected(user_client, user):
    data = image_bytes((400, 400))[:200]
    response = user_client.post(URL, {**form_data(), "avatar": upload(data)})
    assert response.status_code == 200
    assert response.context["user_form"].errors["avatar"]
    user.refresh_from_db()
    assert not user.avatar


@pytest.mark.parametrize(
    "size",
    [
        (30000, 30000),  # over twice Pillow's own limit: Image.open raises
        (6000, 5000),  # 30 megapixels: under Pillow's limit, over ours
    ],
)
@pytest.mark.django_db
def test_decompression_bomb_is_rejected(user_client, user, size):
    data = png_claiming(*size)
    assert len(data) < 200
    response = user_client.post(URL, {**form_data(), "avatar": upload(data)})
    assert response.status_code == 200
    assert avatar_error_code(response) == "too_many_pixels"
    user.refresh_from_db()
    assert not user.avatar


@pytest.mark.django_db
def test_file_over_5_mb_is_rejected(user_client, user):
    data = image_bytes((10, 10)) + b"\0" * (5 * 1024 * 1024)
    response = user_client.post(URL, {**form_data(), "avatar": upload(data)})
    assert response.status_code == 200
    assert avatar_error_code(response) == "too_large"
    user.refresh_from_db()
    assert not user.avatar


@pytest.mark.django_db
def test_unsupported_image_format_is_rejected(user_client, user):
    data = image_bytes((50, 50), image_format="BMP")
    response = user_client.post(URL, {**form_data(), "avatar": upload(data, "a.bmp")})
    assert response.status_code == 200
    assert response.context["user_form"].errors["avatar"]


@pytest.mark.django_db(transaction=True)
def test_replacing_the_avatar_deletes_the_old_file(client):
    user = UserFactory()
    client.force_login(user)
    client.post(URL, {**form_data(), "avatar": upload(image_bytes((300, 300)))})
    user.refresh_from_db()
    old_name = user.avatar.name
    assert default_storage.exists(old_name)
    client.post(URL, {**form_data(), "avatar": upload(image_bytes((400, 300)))})
    user.refresh_from_db()
    assert user.avatar.name != old_name
    assert default_storage.exists(user.avatar.name)
    assert not default_storage.exists(old_name)


@pytest.mark.django_db(transaction=True)
def test_removing_the_avatar(client):
    user = UserFactory()
    client.force_login(user)
    client.post(URL, {**form_data(), "avatar": upload(image_bytes((300, 300)))})
    user.refresh_from_db()
    name = user.avatar.name
    html = client.get(URL).content.decode()
    assert 'name="remove_avatar"' in html
    client.post(URL, {**form_data(), "remove_avatar": "on"})
    user.refresh_from_db()
    assert not user.avatar
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_failed_form_keeps_the_header_name(user_client, user):
    """request.user must not pick up the values of a form that did not validate."""
    response = user_client.post(URL, form_data(first_name="Новое", github="nope"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "anna@example.com" in html
    assert "Анна Смирнова" in html


# ---- The organizations list


@pytest.mark.django_db
def test_my_organizations_come_first_and_checked(user_client, user):
    for name in ("Альфа", "Бета", "Гамма", "Дельта"):
        OrganizationFactory(name=name)
    MembershipFactory(organization=OrganizationFactory(name="Гамма"), user=user)
    MembershipFactory(organization=OrganizationFactory(name="Дельта"), user=user, role="owner")
    response = user_client.get(URL)
    field = response.context["profile_form"]["organizations"]
    assert [str(choice.choice_label) for choice in field] == ["Гамма", "Дельта", "Альфа", "Бета"]
    assert [choice.data["selected"] for choice in field] == [True, True, False, False]
    html = response.content.decode()
    assert html.index(">Гамма<") < html.index(">Дельта<") < html.index(">Альфа<")


@pytest.mark.django_db
def test_organizations_list_has_a_filter_that_is_never_submitted(user_client):
    OrganizationFactory(name="Альфа")
    html = user_client.get(URL).content.decode()
    match = re.search(r"<input [^>]*id=\"organization-filter\"[^>]*>", html)
    assert match and "name=" not in match.group(0)
    # Hidden until the script shows it: without JavaScript only the plain list is there.
    assert re.search(r'class="[^"]*\bhidden\b[^"]*" data-org-filter', html)
    assert 'id="organization-choices"' in html and "max-h-72" in html and "overflow-y-auto" in html


@pytest.mark.django_db
def test_no_organizations_means_no_filter(user_client):
    html = user_client.get(URL).content.decode()
    assert "organization-filter" not in html


@pytest.mark.django_db
def test_form_error_keeps_the_choices_as_posted(user_client, user):
    mine, other = OrganizationFactory(name="Моя"), OrganizationFactory(name="Другая")
    MembershipFactory(organization=mine, user=user)
    response = user_client.post(URL, form_data(organizations=[other.pk], phone="12345"))
    assert response.status_code == 200
    field = response.context["profile_form"]["organizations"]
    assert {str(c.choice_label): c.data["selected"] for c in field} == {
        "Моя": False,
        "Другая": True,
    }
    assert user.memberships.get().organization == mine


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 50])
def test_profile_query_count_does_not_grow_with_organizations(
    user_client, user, django_assert_max_num_queries, count
):
    for organization in OrganizationFactory.create_batch(count):
        if organization.pk % 2:
            MembershipFactory(organization=organization, user=user)
    # session, user, fresh user, profile, skills, my memberships, unread badge,
    # organizations exist?, organizations (mine first)
    with django_assert_max_num_queries(10):
        response = user_client.get(URL)
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_chosen_avatar_is_kept_when_another_field_fails(user_client, user):
    bad = form_data(website="not a url at all", avatar=upload(image_bytes()))
    response = user_client.post(URL, bad)
    assert response.status_code == 200
    user.refresh_from_db()
    assert not user.avatar  # nothing saved yet
    html = response.content.decode()
    assert 'id="avatar-held"' in html
    token = response.context["held_avatar_token"]
    assert token and f'name="avatar_held" value="{token}"' in html
    assert response.context["held_avatar_url"] in html
    # Fix the other field, send no file: the photo chosen before is saved.
    response = user_client.post(URL, form_data(avatar_held=token))
    assert response.status_code == 302
    user.refresh_from_db()
    assert AVATAR_NAME.match(user.avatar.name)
    with Image.open(default_storage.open(user.avatar.name)) as image:
        assert max(image.size) <= 200


@pytest.mark.django_db
def test_a_held_avatar_token_works_only_for_its_user(client, user_client, user):
    response = user_client.post(URL, form_data(website="nope", avatar=upload(image_bytes())))
    token = response.context["held_avatar_token"]
    other = UserFactory()
    client.force_login(other)
    assert client.post(URL, form_data(avatar_held=token)).status_code == 302
    other.refresh_from_db()
    assert not other.avatar
    assert client.post(URL, form_data(avatar_held="forged")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("@guild_master", "https://t.me/guild_master"),
        ("guild_master", "https://t.me/guild_master"),
        ("t.me/guild_master", "https://t.me/guild_master"),
        ("https://t.me/guild_master", "https://t.me/guild_master"),
    ],
)
def test_telegram_accepts_a_plain_handle(user_client, user, typed, saved):
    assert user_client.post(URL, form_data(telegram=typed)).status_code == 302
    assert Profile.objects.get(user=user).telegram == saved


@pytest.mark.django_db
def test_telegram_refuses_what_is_no_handle_nor_link(user_client, user):
    response = user_client.post(URL, form_data(telegram="@a b"))
    assert response.status_code == 200
    assert "telegram" in response.context["profile_form"].errors
