"""The accounts services, called directly."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from accounts import services
from accounts.models import Membership, Organization, Skill, User
from accounts.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    SkillFactory,
    UserFactory,
)
from accounts.tests.images import image_bytes, png_claiming, upload

NAME = re.compile(r"^[a-zA-Z0-9]{24}\.(png|jpg)$")


def test_avatar_prepare_shrinks_and_renames():
    result = services.avatar_prepare(upload=upload(image_bytes((1000, 600))))
    assert NAME.match(result.name)
    with Image.open(io.BytesIO(result.read())) as image:
        assert image.size == (200, 120)


def test_avatar_prepare_keeps_transparency_of_palette_images():
    image = Image.new("P", (300, 300), 0)
    buffer = io.BytesIO()
    image.save(buffer, format="GIF", transparency=0)
    result = services.avatar_prepare(upload=upload(buffer.getvalue(), "a.gif", "image/gif"))
    assert result.name.endswith(".png")
    with Image.open(io.BytesIO(result.read())) as converted:
        assert converted.mode == "RGBA"


def test_avatar_names_are_unique():
    names = {services.avatar_prepare(upload=upload(image_bytes((20, 20)))).name for _ in range(5)}
    assert len(names) == 5


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"GIF89a but not really", "invalid_image"),
        (b"", "invalid_image"),
        (png_claiming(30000, 30000), "too_many_pixels"),
        (png_claiming(5001, 5000), "too_many_pixels"),
    ],
)
def test_avatar_prepare_refuses(data, code):
    with pytest.raises(ValidationError) as error:
        services.avatar_prepare(upload=upload(data))
    assert error.value.error_list[0].code == code


def test_avatar_prepare_accepts_exactly_25_megapixels_header():
    # 5000 x 5000 is at the cap: refused only for being a broken file, not for its size.
    with pytest.raises(ValidationError) as error:
        services.avatar_prepare(upload=upload(png_claiming(5000, 5000)))
    assert error.value.error_list[0].code == "invalid_image"


@pytest.mark.django_db
def test_skills_resolve_reuses_and_creates():
    SkillFactory(name="Python")
    skills = services.skills_resolve(names=["python", " PYTHON ", "Go", "", "  Data   Science "])
    assert [s.name for s in skills] == ["Python", "Go", "Data Science"]
    assert Skill.objects.count() == 3


@pytest.mark.django_db
def test_profile_update_never_touches_other_fields():
    user = UserFactory(email="me@example.com", role="student")
    services.profile_update(
        user=user,
        user_data={"first_name": "Имя", "email": "x@example.com", "is_staff": True},
        profile_data={"headline": "Заголовок", "user_id": 999},
    )
    user.refresh_from_db()
    assert user.first_name == "Имя"
    assert user.email == "me@example.com"
    assert user.is_staff is False
    assert user.profile.headline == "Заголовок"


@pytest.mark.django_db
def test_organization_create_race_is_a_validation_error(monkeypatch):
    """If two people create "Acme" at once, the database constraint has the last word."""
    OrganizationFactory(name="Acme")
    monkeypatch.setattr(services, "organization_name_taken", lambda **kwargs: False)
    with pytest.raises(ValidationError):
        services.organization_create(name="ACME", created_by=UserFactory())
    assert Organization.objects.count() == 1
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_leaving_as_the_only_member_leaves_an_empty_organization():
    owner = MembershipFactory(role=Membership.Role.OWNER)
    assert services.organization_leave(organization=owner.organization, user=owner.user)
    assert not owner.organization.memberships.exists()
    assert not services.organization_leave(organization=owner.organization, user=owner.user)


@pytest.mark.django_db
def test_users_set_active_spares_the_acting_user():
    admin = UserFactory(staff=True)
    others = UserFactory.create_batch(2)
    changed = services.users_set_active(users=User.objects.all(), active=False, by=admin)
    assert changed == 2
    admin.refresh_from_db()
    assert admin.is_active
    assert not User.objects.filter(pk__in=[o.pk for o in others], is_active=True).exists()
