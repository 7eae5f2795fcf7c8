"""The accounts rules (accounts/permissions.py) and the services that ask them."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts import permissions, services
from accounts.models import Membership
from accounts.tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
OWNER = Membership.Role.OWNER


def test_owners_and_staff_manage_an_organization(user, other_user):
    from accounts.tests.factories import UserFactory

    organization = OrganizationFactory()
    MembershipFactory(organization=organization, user=user, role=OWNER)
    MembershipFactory(organization=organization, user=other_user)
    staff = UserFactory(staff=True)
    assert permissions.can_manage_organization(user, organization)
    assert permissions.can_manage_organization(staff, organization)
    assert not permissions.can_manage_organization(other_user, organization)
    assert not permissions.can_manage_organization(AnonymousUser(), organization)
    assert rules.has_perm("accounts.edit_organization", user, organization)
    assert not other_user.has_perm("accounts.manage_members", organization)


def test_profiles_are_only_ones_own(user, other_user):
    assert permissions.can_edit_profile(user, user)
    assert not permissions.can_edit_profile(user, other_user)
    assert not permissions.can_edit_profile(AnonymousUser(), user)


def test_a_member_cannot_rename_or_manage_the_organization(user, other_user):
    organization = OrganizationFactory(name="Гильдия")
    MembershipFactory(organization=organization, user=user, role=OWNER)
    member = MembershipFactory(organization=organization, user=other_user)
    with pytest.raises(PermissionDenied):
        services.organization_update(organization=organization, name="Захват", by=other_user)
    with pytest.raises(PermissionDenied):
        services.organization_member_make_owner(membership=member, by=other_user)
    third = MembershipFactory(organization=organization)
    with pytest.raises(PermissionDenied):
        services.organization_member_remove(membership=third, by=other_user)
    organization.refresh_from_db()
    assert organization.name == "Гильдия"
    assert organization.memberships.filter(role=OWNER).count() == 1
    assert organization.memberships.count() == 3


def test_the_owner_renames_and_names_owners(user, other_user):
    organization = OrganizationFactory(name="Гильдия")
    MembershipFactory(organization=organization, user=user, role=OWNER)
    member = MembershipFactory(organization=organization, user=other_user)
    services.organization_update(organization=organization, name="Орден", by=user)
    assert services.organization_member_make_owner(membership=member, by=user) is True
    organization.refresh_from_db()
    assert organization.name == "Орден"
