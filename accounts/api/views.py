"""API views of accounts: the directory, profiles, avatars, organizations, notifications.

Thin, as the HTML views: bind the site's form, call the same selector or service.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts import permissions, selectors, services
from accounts.api.serializers import (
    JoinRequestSerializer,
    MemberSerializer,
    MeSerializer,
    NotificationSerializer,
    OrganizationDetailSerializer,
    OrganizationSerializer,
    ProfileSerializer,
    UserCardSerializer,
    UserDetailSerializer,
)
from accounts.forms import OrganizationForm, ProfileForm, UserInfoForm
from accounts.models import Membership, MembershipRequest, Notification, Organization, Profile, User
from site_config.api import (
    ApiError,
    SelectorFilterSet,
    bind_form,
    errors,
    form_serializer,
    no_content,
    partial_serializer,
)
from site_config.api_views import SelectorListViewSet, int_or_404, list_schema

# ---- People


class UserFilter(SelectorFilterSet):
    role = django_filters.ChoiceFilter(choices=User.Role.choices, help_text="Only this role.")
    skill = django_filters.CharFilter(help_text="People with this skill (any letter case).")
    search = django_filters.CharFilter(help_text="Name, email name or skill contains this.")

    class Meta:
        model = User
        fields = []

    def select(self, data):
        return selectors.user_directory(
            query=data.get("search") or "",
            role=data.get("role") or "",
            skill=data.get("skill") or "",
        )


ProfileUpdateSerializer = form_serializer(
    ProfileForm,
    name="ProfileUpdateRequest",
    extra={
        "skills": serializers.ListField(
            child=serializers.CharField(max_length=60),
            required=False,
            help_text="Up to 30 skills (a comma-separated string is accepted too).",
        )
    },
)
AvatarUploadSerializer = inline_serializer(
    name="AvatarUploadRequest", fields={"avatar": serializers.ImageField()}
)


def _owner_only(request, user: User) -> None:
    if not permissions.can_edit_profile(request.user, user):
        raise PermissionDenied(_("Only the owner can change this profile."))


def _profile_initial(profile: Profile, user: User) -> dict:
    initial = model_to_dict(profile, fields=Profile.EDITABLE_FIELDS)
    skills = profile.skills.all() if profile.pk else []
    initial["skills"] = ", ".join(skill.name for skill in skills)
    initial["organizations"] = list(user.memberships.values_list("organization_id", flat=True))
    return initial


def _user_initial(user: User) -> dict:
    initial = model_to_dict(user, fields=UserInfoForm.Meta.fields)
    initial["phone"] = str(user.phone) if user.phone else ""
    return initial


@extend_schema_view(
    list=extend_schema(
        summary="The directory of active users with their organizations",
        responses={200: UserCardSerializer(many=True), **errors(400, 401)},
    ),
    retrieve=extend_schema(
        summary="One user's public profile",
        responses={200: UserDetailSerializer, **errors(401, 404)},
    ),
)
@extend_schema(tags=["users"])
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = User.objects.all()
    serializer_class = UserCardSerializer
    filterset_class = UserFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _person(self) -> User:
        try:
            return selectors.user_profile(pk=int(self.kwargs["pk"]))
        except (User.DoesNotExist, ValueError):
            raise Http404 from None

    def retrieve(self, request, pk=None):
        person = self._person()
        return Response(UserDetailSerializer(person, context={"request": request}).data)

    @extend_schema(
        methods=["GET"],
        summary="My profile (only its owner)",
        responses={200: ProfileSerializer, **errors(401, 403, 404)},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Replace my profile",
        request=ProfileUpdateSerializer,
        responses={200: ProfileSerializer, **errors(400, 401, 403, 404)},
    )
    @extend_schema(
        methods=["PATCH"],
        summary="Change some fields of my profile",
        request=partial_serializer(ProfileUpdateSerializer, name="PatchedProfileUpdateRequest"),
        responses={200: ProfileSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get", "put", "patch"])
    def profile(self, request, pk=None):
        person = self._person()
        _owner_only(request, person)
        profile = selectors.profile_for_edit(user=person)
        if request.method == "GET":
            return Response(ProfileSerializer(profile).data)
        body = dict(request.data) if isinstance(request.data, dict) else None
        if body is not None and isinstance(body.get("skills"), list):
            body["skills"] = ", ".join(str(name) for name in body["skills"])
        form = bind_form(
            ProfileForm,
            request,
            data=body,
            initial=_profile_initial(profile, person) if request.method == "PATCH" else None,
            # A fresh copy (or the unsaved empty profile): a failed validation leaves
            # `profile` as it was.
            instance=Profile.objects.filter(pk=profile.pk).first() or Profile(user=person),
            user=person,
        )
        data = form.cleaned_data
        services.profile_update(
            user=person,
            user_data={},
            profile_data={key: data[key] for key in ProfileForm.Meta.fields},
            skill_names=data["skills"],
            organizations=data["organizations"],
        )
        profile = Profile.objects.prefetch_related("skills").get(user=person)
        return Response(ProfileSerializer(profile).data)

    @extend_schema(
        methods=["POST"],
        summary="Upload a new avatar (multipart; shrunk to fit 200×200 as on the site)",
        request={"multipart/form-data": AvatarUploadSerializer},
        responses={200: MeSerializer, **errors(400, 401, 403, 404, 413, 415)},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove my avatar",
        responses={200: MeSerializer, **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["post", "delete"], parser_classes=[MultiPartParser, FormParser])
    def avatar(self, request, pk=None):
        person = self._person()
        _owner_only(request, person)
        user = User.objects.get(pk=person.pk)
        if request.method == "DELETE":
            services.profile_update(
                user=user, user_data={}, profile_data={}, skill_names=None, remove_avatar=True
            )
        else:
            if "avatar" not in request.FILES:
                raise ApiError(
                    status_code=400,
                    code="invalid",
                    message=_("Choose an image to upload."),
                    fields={"avatar": [str(_("This field is required."))]},
                )
            form = bind_form(
                UserInfoForm,
                request,
                data=_user_initial(user),
                instance=User.objects.get(pk=user.pk),
            )
            services.profile_update(
                user=user,
                user_data={},
                profile_data={},
                skill_names=None,
                avatar=form.cleaned_data["avatar"],
            )
        user.refresh_from_db()
        return Response(MeSerializer(user, context={"request": request}).data)


# ---- Organizations


class OrganizationFilter(SelectorFilterSet):
    search = django_filters.CharFilter(help_text="Name or description contains this.")

    class Meta:
        model = Organization
        fields = []

    def select(self, data):
        return selectors.organization_directory(query=data.get("search") or "")


OrganizationRequest = form_serializer(OrganizationForm, name="OrganizationRequest")


def _organization(pk) -> Organization:
    try:
        return selectors.organization_detail(pk=int(pk))
    except (Organization.DoesNotExist, ValueError):
        raise Http404 from None


@list_schema(
    "Organizations with their member counts and first members", OrganizationSerializer, 400, 401
)
@extend_schema(tags=["organizations"])
class OrganizationViewSet(SelectorListViewSet):
    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter

    def _detail_response(self, request, organization: Organization, status: int = 200):
        membership = selectors.membership_of(organization=organization, user=request.user)
        members = selectors.organization_members(organization=organization)[:20]
        context = {
            "request": request,
            "members": members,
            "membership": membership,
            "can_manage": permissions.can_manage_organization(request.user, organization),
        }
        return Response(
            OrganizationDetailSerializer(organization, context=context).data, status=status
        )

    @extend_schema(
        summary="One organization with its first 20 members",
        responses={200: OrganizationDetailSerializer, **errors(401, 404)},
    )
    def retrieve(self, request, pk=None):
        return self._detail_response(request, _organization(pk))

    @extend_schema(
        summary="Create an organization (you become its owner)",
        request=OrganizationRequest,
        responses={201: OrganizationDetailSerializer, **errors(400, 401)},
    )
    def create(self, request):
        form = bind_form(OrganizationForm, request)
        organization = services.organization_create(
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            website=form.cleaned_data["website"],
            created_by=request.user,
        )
        return self._detail_response(request, _organization(organization.pk), status=201)

    def _save(self, request, pk, *, partial: bool):
        organization = _organization(pk)
        if not permissions.can_manage_organization(request.user, organization):
            raise PermissionDenied(_("Only the organization's owners can change it."))
        initial = (
            model_to_dict(organization, fields=["name", "description", "website"])
            if partial
            else None
        )
        form = bind_form(
            OrganizationForm,
            request,
            initial=initial,
            instance=Organization.objects.get(pk=organization.pk),
        )
        services.organization_update(
            organization=organization,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            website=form.cleaned_data["website"],
            by=request.user,
        )
        return self._detail_response(request, _organization(pk))

    @extend_schema(
        summary="Replace an organization's name, description and website (its owners)",
        request=OrganizationRequest,
        responses={200: OrganizationDetailSerializer, **errors(400, 401, 403, 404)},
    )
    def update(self, request, pk=None):
        return self._save(request, pk, partial=False)

    @extend_schema(
        summary="Change some of an organization's fields (its owners)",
        request=partial_serializer(OrganizationRequest, name="PatchedOrganizationRequest"),
        responses={200: OrganizationDetailSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        return self._save(request, pk, partial=True)

    @extend_schema(
        summary="The organization's active members, owners first",
        responses={200: MemberSerializer(many=True), **errors(401, 404)},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def members(self, request, pk=None):
        organization = _organization(pk)
        page = self.paginate_queryset(selectors.organization_members(organization=organization))
        data = MemberSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    def _managed(self, request, pk) -> Organization:
        """The organization, if the user may manage it (its owners and staff): else 403."""
        organization = _organization(pk)
        if not permissions.can_manage_organization(request.user, organization):
            raise PermissionDenied(_("Only the organization's owners can manage it."))
        return organization

    def _membership(self, organization: Organization, user_id) -> Membership:
        return get_object_or_404(
            Membership.objects.select_related("user", "organization"),
            organization=organization,
            user_id=int_or_404(user_id),
        )

    @extend_schema(
        summary="Pending requests to join, oldest first (its owners)",
        responses={200: JoinRequestSerializer(many=True), **errors(401, 403, 404)},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="join-requests", filterset_class=None)
    def join_requests(self, request, pk=None):
        organization = self._managed(request, pk)
        rows = selectors.organization_join_requests(organization=organization)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(JoinRequestSerializer(page, many=True).data)

    def _decide(self, request, pk, request_id, *, approve: bool):
        organization = self._managed(request, pk)
        join_request = get_object_or_404(
            MembershipRequest.objects.select_related("user", "organization"),
            organization=organization,
            pk=int_or_404(request_id),
        )
        services.organization_request_decide(
            join_request=join_request, by=request.user, approve=approve
        )
        return self._detail_response(request, _organization(pk))

    @extend_schema(
        summary="Approve a request to join (its owners): the user becomes a member and is told",
        request=None,
        responses={200: OrganizationDetailSerializer, **errors(401, 403, 404)},
        filters=False,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"join-requests/(?P<request_id>[0-9]+)/approve",
        filterset_class=None,
    )
    def join_request_approve(self, request, pk=None, request_id=None):
        return self._decide(request, pk, request_id, approve=True)

    @extend_schema(
        summary="Decline a request to join (its owners); the user is told",
        request=None,
        responses={200: OrganizationDetailSerializer, **errors(401, 403, 404)},
        filters=False,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"join-requests/(?P<request_id>[0-9]+)/decline",
        filterset_class=None,
    )
    def join_request_decline(self, request, pk=None, request_id=None):
        return self._decide(request, pk, request_id, approve=False)

    @extend_schema(
        summary="Remove a member (its owners); the last owner cannot be removed (409)",
        responses={204: None, **errors(401, 403, 404, 409)},
        filters=False,
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"members/(?P<user_id>[0-9]+)",
        filterset_class=None,
    )
    def member_remove(self, request, pk=None, user_id=None):
        organization = self._managed(request, pk)
        membership = self._membership(organization, user_id)
        services.organization_member_remove(membership=membership, by=request.user)
        return no_content()

    @extend_schema(
        summary="Make a member an owner too (its owners)",
        request=None,
        responses={200: MemberSerializer, **errors(401, 403, 404)},
        filters=False,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"members/(?P<user_id>[0-9]+)/make-owner",
        filterset_class=None,
    )
    def member_make_owner(self, request, pk=None, user_id=None):
        organization = self._managed(request, pk)
        membership = self._membership(organization, user_id)
        services.organization_member_make_owner(membership=membership, by=request.user)
        return Response(MemberSerializer(membership, context={"request": request}).data)

    @extend_schema(
        summary="Join the organization",
        request=None,
        responses={200: OrganizationDetailSerializer, **errors(401, 404)},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def join(self, request, pk=None):
        organization = _organization(pk)
        services.organization_join(organization=organization, user=request.user)
        return self._detail_response(request, _organization(pk))

    @extend_schema(
        summary="Leave the organization",
        request=None,
        responses={200: OrganizationDetailSerializer, **errors(401, 404)},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def leave(self, request, pk=None):
        organization = _organization(pk)
        services.organization_leave(organization=organization, user=request.user)
        return self._detail_response(request, _organization(pk))


# ---- Notifications


class NotificationFilter(SelectorFilterSet):
    class Meta:
        model = Notification
        fields = []

    def select(self, data):
        return selectors.notification_inbox(user=self.request.user)


NotificationReadRequest = inline_serializer(
    name="NotificationReadRequest",
    fields={
        "id": serializers.IntegerField(
            required=False, help_text="One notification; without it, all of mine."
        )
    },
)
NotificationReadResponse = inline_serializer(
    name="NotificationReadResponse", fields={"marked": serializers.IntegerField()}
)


@list_schema("My notifications, newest first", NotificationSerializer, 401)
@extend_schema(tags=["notifications"])
class NotificationViewSet(SelectorListViewSet):
    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter

    @extend_schema(
        summary="Mark one notification, or all of mine, read",
        request=NotificationReadRequest,
        responses={200: NotificationReadResponse, **errors(400, 401, 404)},
    )
    @action(detail=False, methods=["post"], filterset_class=None)
    def read(self, request):
        raw = request.data.get("id") if isinstance(request.data, dict) else None
        notification_id = None
        if raw not in (None, ""):
            try:
                notification_id = int(raw)
            except (TypeError, ValueError):
                raise ApiError(
                    status_code=400,
                    code="invalid",
                    message=_("Please correct the errors below."),
                    fields={"id": [str(_("A valid integer is required."))]},
                ) from None
            if not Notification.objects.for_user(request.user).filter(pk=notification_id).exists():
                raise Http404
        marked = services.notification_mark_read(user=request.user, notification_id=notification_id)
        return Response({"marked": marked})
