"""What the API shows of users, profiles and organizations (output only: input is the
site's forms, see site_config.api.bind_form)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import (
    Membership,
    MembershipRequest,
    Notification,
    Organization,
    Profile,
    User,
)


class AvatarField(serializers.ImageField):
    """The avatar's absolute URL, or null."""

    def to_representation(self, value):
        if not value:
            return None
        request = self.context.get("request")
        url = value.url
        return request.build_absolute_uri(url) if request else url


class UserBriefSerializer(serializers.ModelSerializer):
    """A person as other resources name them (an ad's author, an applicant)."""

    full_name = serializers.CharField(source="get_full_name", read_only=True)
    avatar = AvatarField(read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "first_name", "last_name", "full_name", "role", "avatar"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    """My own account: the fields only I see."""

    full_name = serializers.CharField(source="get_full_name", read_only=True)
    avatar = AvatarField(read_only=True, allow_null=True)
    phone = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "first_name",
            "last_name",
            "full_name",
            "role",
            "phone",
            "avatar",
            "language",
            "newsletter_opt_out",
            "date_joined",
        ]
        read_only_fields = fields

    def get_phone(self, user) -> str:
        """E.164 (+79123456789), or empty."""
        return user.phone.as_e164 if user.phone else ""


class OrganizationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name"]
        read_only_fields = fields


class MembershipOfUserSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="organization.id", read_only=True)
    name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "name", "role"]
        read_only_fields = fields


def _profile(user) -> Profile | None:
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


class UserCardSerializer(UserBriefSerializer):
    """A person in the directory: what a card shows, with their organizations."""

    headline = serializers.SerializerMethodField()
    city = serializers.SerializerMethodField()
    skills = serializers.SerializerMethodField()
    organizations = OrganizationRefSerializer(many=True, read_only=True)

    class Meta(UserBriefSerializer.Meta):
        fields = [*UserBriefSerializer.Meta.fields, "headline", "city", "skills", "organizations"]
        read_only_fields = fields

    def get_headline(self, user) -> str:
        profile = _profile(user)
        return profile.headline if profile else ""

    def get_city(self, user) -> str:
        profile = _profile(user)
        return profile.city if profile else ""

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_skills(self, user) -> list[str]:
        profile = _profile(user)
        return [skill.name for skill in profile.skills.all()] if profile else []


class ProfileSerializer(serializers.ModelSerializer):
    """What a user tells about themselves (the fields of /profile/)."""

    skills = serializers.SerializerMethodField()

    class Meta:
        model = Profile
        fields = [*Profile.EDITABLE_FIELDS, "skills", "updated"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_skills(self, profile) -> list[str]:
        if profile.pk is None:  # not saved yet (selectors.profile_for_edit never writes)
            return []
        return [skill.name for skill in profile.skills.all()]


class UserDetailSerializer(UserBriefSerializer):
    """One person's public page: profile and organizations (with their role in each)."""

    profile = serializers.SerializerMethodField()
    organizations = MembershipOfUserSerializer(source="memberships", many=True, read_only=True)

    class Meta(UserBriefSerializer.Meta):
        fields = [*UserBriefSerializer.Meta.fields, "date_joined", "profile", "organizations"]
        read_only_fields = fields

    @extend_schema_field(ProfileSerializer(allow_null=True))
    def get_profile(self, user):
        profile = _profile(user)
        return ProfileSerializer(profile).data if profile else None


class MemberSerializer(serializers.ModelSerializer):
    user = UserBriefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "role", "joined"]
        read_only_fields = fields


class JoinRequestSerializer(serializers.ModelSerializer):
    """A pending request to join an organization (what its owners decide on)."""

    user = UserBriefSerializer(read_only=True)

    class Meta:
        model = MembershipRequest
        fields = ["id", "user", "created"]
        read_only_fields = fields


class OrganizationSerializer(serializers.ModelSerializer):
    """An organization with its member count and its first members."""

    member_count = serializers.IntegerField(read_only=True)
    members = MemberSerializer(source="preview_memberships", many=True, read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "description", "website", "created", "member_count", "members"]
        read_only_fields = fields


class OrganizationDetailSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)
    owner_count = serializers.IntegerField(read_only=True)
    members = serializers.SerializerMethodField()
    my_role = serializers.SerializerMethodField()
    can_manage = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "description",
            "website",
            "created",
            "member_count",
            "owner_count",
            "members",
            "my_role",
            "can_manage",
        ]
        read_only_fields = fields

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, organization):
        """The first page of members; /api/organizations/{id}/members/ pages through all."""
        members = self.context["members"]
        return MemberSerializer(members, many=True, context=self.context).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_my_role(self, organization) -> str | None:
        membership = self.context.get("membership")
        return membership.role if membership else None

    def get_can_manage(self, organization) -> bool:
        return bool(self.context.get("can_manage"))


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "message", "link", "read", "created"]
        read_only_fields = fields
