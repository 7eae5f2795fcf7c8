"""API views of the board: ads (CRUD by their author), responses, my responses."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response as ApiResponse

from board import permissions, selectors, services
from board.api.serializers import AdDetailSerializer, AdSerializer, ResponseSerializer
from board.forms import AdForm, ResponseForm
from board.models import Ad, Category, Response
from site_config.api import (
    SelectorFilterSet,
    bind_form,
    errors,
    form_serializer,
    no_content,
    partial_serializer,
)
from site_config.api_views import SelectorListViewSet, list_schema

AdRequest = form_serializer(AdForm, name="AdRequest")
ResponseRequest = form_serializer(ResponseForm, name="ResponseRequest")


class AdFilter(SelectorFilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices, help_text="One category.")
    q = django_filters.CharFilter(help_text="Words in the title or text.")

    class Meta:
        model = Ad
        fields = []

    def select(self, data):
        return selectors.ad_list(
            viewer=self.request.user, category=data.get("category") or "", query=data.get("q") or ""
        )


class AdResponseFilter(SelectorFilterSet):
    class Meta:
        model = Response
        fields = []

    def select(self, data):
        ad = self.request.parser_context["view"].get_ad()  # 404 unless the viewer sees it
        return selectors.ad_responses_for_viewer(ad=ad, viewer=self.request.user)


def _ad_for(request, pk) -> Ad:
    try:
        return selectors.ad_for_viewer(viewer=request.user, pk=int(pk))
    except (Ad.DoesNotExist, ValueError):
        raise Http404 from None


def _editable_ad(request, pk) -> Ad:
    ad = _ad_for(request, pk)
    if not permissions.can_edit_ad(request.user, ad):
        raise PermissionDenied(_("Only the ad's author can change it."))
    return ad


@list_schema("The board: ads, newest first", AdSerializer, 400)
@extend_schema(tags=["board"])
class AdViewSet(SelectorListViewSet):
    queryset = Ad.objects.all()
    serializer_class = AdSerializer
    filterset_class = AdFilter
    permission_classes = [IsAuthenticatedOrReadOnly]

    def _detail(self, request, ad: Ad, status: int = 200):
        ad = _ad_for(request, ad.pk)
        return ApiResponse(AdDetailSerializer(ad, context={"request": request}).data, status=status)

    @extend_schema(summary="One ad", responses={200: AdDetailSerializer, **errors(404)})
    def retrieve(self, request, pk=None):
        return self._detail(request, _ad_for(request, pk))

    @extend_schema(
        summary="Post an ad (its HTML is sanitized as on the site)",
        request=AdRequest,
        responses={201: AdDetailSerializer, **errors(400, 401)},
    )
    def create(self, request):
        form = bind_form(AdForm, request)
        ad = services.ad_create(author=request.user, **form.cleaned_data)
        return self._detail(request, ad, status=201)

    def _save(self, request, pk, *, partial: bool):
        ad = _editable_ad(request, pk)
        initial = AdForm.for_ad(ad).initial if partial else None
        form = bind_form(AdForm, request, initial=initial)
        services.ad_update(ad=ad, by=request.user, **form.cleaned_data)
        return self._detail(request, ad)

    @extend_schema(
        summary="Replace an ad (its author)",
        request=AdRequest,
        responses={200: AdDetailSerializer, **errors(400, 401, 403, 404)},
    )
    def update(self, request, pk=None):
        return self._save(request, pk, partial=False)

    @extend_schema(
        summary="Change some of an ad's fields (its author)",
        request=partial_serializer(AdRequest, name="PatchedAdRequest"),
        responses={200: AdDetailSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        return self._save(request, pk, partial=True)

    @extend_schema(
        summary="Delete an ad (its author)",
        responses={204: None, **errors(401, 403, 404)},
    )
    def destroy(self, request, pk=None):
        services.ad_delete(ad=_editable_ad(request, pk), by=request.user)
        return no_content()


@list_schema(
    "Responses to the ad: its author sees all, anyone else their own", ResponseSerializer, 401, 404
)
@extend_schema(tags=["board"])
class AdResponseViewSet(SelectorListViewSet):
    queryset = Response.objects.all()
    serializer_class = ResponseSerializer
    filterset_class = AdResponseFilter

    def get_ad(self) -> Ad:
        return _ad_for(self.request, self.kwargs["ad_pk"])

    @extend_schema(
        summary="Respond to someone else's ad (its author is notified and mailed)",
        request=ResponseRequest,
        responses={201: ResponseSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def create(self, request, ad_pk=None):
        ad = self.get_ad()
        form = bind_form(ResponseForm, request)
        response = services.response_create(
            ad=ad, author=request.user, text=form.cleaned_data["text"]
        )
        return ApiResponse(
            ResponseSerializer(response, context={"request": request}).data, status=201
        )


class MyAdResponseFilter(SelectorFilterSet):
    ad = django_filters.NumberFilter(help_text="Only responses to this ad of mine.")
    status = django_filters.ChoiceFilter(choices=Response.Status.choices)

    class Meta:
        model = Response
        fields = []

    def select(self, data):
        ad = None
        if data.get("ad") is not None:
            try:
                ad = selectors.my_ad(user=self.request.user, pk=int(data["ad"]))
            except Ad.DoesNotExist:
                raise Http404 from None
        return selectors.responses_to_my_ads(
            user=self.request.user, ad=ad, status=data.get("status") or ""
        )


def _my_response(request, pk) -> Response:
    """A response to one of my ads; anyone else's is a 404 (its existence is private)."""
    try:
        return selectors.response_of_my_ad(user=request.user, pk=int(pk))
    except (Response.DoesNotExist, ValueError):
        raise Http404 from None


@list_schema("Responses to my ads", ResponseSerializer, 400, 401, 404)
@extend_schema(tags=["board"])
class ResponseViewSet(SelectorListViewSet):
    queryset = Response.objects.all()
    serializer_class = ResponseSerializer
    filterset_class = MyAdResponseFilter

    @extend_schema(
        summary="One response to one of my ads",
        responses={200: ResponseSerializer, **errors(401, 404)},
    )
    def retrieve(self, request, pk=None):
        return ApiResponse(ResponseSerializer(_my_response(request, pk)).data)

    @extend_schema(
        summary="Accept a response to my ad (the player is notified)",
        request=None,
        responses={200: ResponseSerializer, **errors(401, 404)},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def accept(self, request, pk=None):
        response = _my_response(request, pk)
        services.response_accept(response=response, by=request.user)
        return ApiResponse(ResponseSerializer(_my_response(request, pk)).data)

    @extend_schema(summary="Delete a response to my ad", responses={204: None, **errors(401, 404)})
    def destroy(self, request, pk=None):
        services.response_delete(response=_my_response(request, pk), by=request.user)
        return no_content()


class SentResponseFilter(SelectorFilterSet):
    status = django_filters.ChoiceFilter(choices=Response.Status.choices)

    class Meta:
        model = Response
        fields = []

    def select(self, data):
        # The serializer names each response's author too (me: one join, not a query a row).
        return selectors.responses_sent(
            user=self.request.user, status=data.get("status") or ""
        ).select_related("author")


@list_schema("The responses I sent and their status", ResponseSerializer, 400, 401)
@extend_schema(tags=["board"])
class MyResponseViewSet(SelectorListViewSet):
    queryset = Response.objects.all()
    serializer_class = ResponseSerializer
    filterset_class = SentResponseFilter
