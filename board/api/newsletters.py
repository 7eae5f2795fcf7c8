"""/api/newsletters/: the site's newsletters for staff (list, write a draft, change it,
send it, follow the progress), through the same form, services and predicate
(board.permissions.can_send_newsletters) as /staff/newsletters/."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api.serializers import UserBriefSerializer
from board import permissions, selectors, services
from board.forms import NewsletterForm
from board.models import Newsletter
from site_config.api import (
    ApiError,
    SelectorFilterSet,
    bind_form,
    errors,
    form_serializer,
    partial_serializer,
)
from site_config.api_views import SelectorListViewSet, int_or_404, list_schema

NewsletterRequest = form_serializer(NewsletterForm, name="NewsletterRequest")


class NewsletterSerializer(serializers.ModelSerializer):
    created_by = UserBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Newsletter
        fields = [
            "id",
            "subject",
            "body",
            "state",
            "total_count",
            "sent_count",
            "created_by",
            "created",
            "started_at",
            "sent_at",
        ]
        read_only_fields = fields


class NewsletterFilter(SelectorFilterSet):
    class Meta:
        model = Newsletter
        fields = []

    def select(self, data):
        return selectors.newsletter_list()


def _staff_only(user) -> None:
    if not permissions.can_send_newsletters(user):
        raise PermissionDenied(_("Only staff can send newsletters."))


@list_schema("The site's newsletters, newest first (staff)", NewsletterSerializer, 401, 403)
@extend_schema(tags=["newsletters"])
class NewsletterViewSet(SelectorListViewSet):
    queryset = Newsletter.objects.all()
    serializer_class = NewsletterSerializer
    filterset_class = NewsletterFilter

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication first: 401 before 403
        _staff_only(request.user)

    def _newsletter(self, pk) -> Newsletter:
        return get_object_or_404(Newsletter.objects.select_related("created_by"), pk=int_or_404(pk))

    @extend_schema(
        summary="One newsletter with its sending progress (staff)",
        responses={200: NewsletterSerializer, **errors(401, 403, 404)},
    )
    def retrieve(self, request, pk=None):
        return Response(NewsletterSerializer(self._newsletter(pk)).data)

    @extend_schema(
        summary="Write a newsletter draft (staff); its HTML is sanitized",
        request=NewsletterRequest,
        responses={201: NewsletterSerializer, **errors(400, 401, 403)},
    )
    def create(self, request):
        form = bind_form(NewsletterForm, request)
        newsletter = services.newsletter_create(created_by=request.user, **form.cleaned_data)
        return Response(NewsletterSerializer(newsletter).data, status=201)

    @extend_schema(
        summary="Change a draft (staff); one going out or sent is final (409)",
        request=partial_serializer(NewsletterRequest, name="PatchedNewsletterRequest"),
        responses={200: NewsletterSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def partial_update(self, request, pk=None):
        newsletter = self._newsletter(pk)
        initial = {"subject": newsletter.subject, "body": newsletter.body}
        form = bind_form(NewsletterForm, request, initial=initial)
        services.newsletter_update(newsletter=newsletter, by=request.user, **form.cleaned_data)
        return Response(NewsletterSerializer(newsletter).data)

    @extend_schema(
        summary="Send a draft to every subscribed member (staff); sending runs in the "
        "background. Sending twice is refused (409)",
        request=None,
        responses={202: NewsletterSerializer, **errors(401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def send(self, request, pk=None):
        newsletter = self._newsletter(pk)
        if not services.newsletter_start(newsletter=newsletter, by=request.user):
            raise ApiError(
                status_code=409,
                code="conflict",
                message=_("This newsletter is already going out."),
            )
        return Response(NewsletterSerializer(newsletter).data, status=202)
