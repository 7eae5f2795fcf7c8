"""API views of internships and jobs: postings, applications, applicants, auctions, bids.

The same forms, selectors and services as the HTML views (internships/views/).
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from internships import permissions, selectors, services
from internships.api.serializers import (
    ApplicantSerializer,
    ApplicationSerializer,
    AuctionDetailSerializer,
    AuctionSerializer,
    BidSerializer,
    PostingDetailSerializer,
    PostingSerializer,
)
from internships.forms import (
    ApplicationStatusForm,
    ApplyForm,
    AuctionForm,
    BidForm,
    PostingForm,
)
from internships.models import Application, Auction, Bid, Posting
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

PostingRequest = form_serializer(
    PostingForm,
    name="PostingRequest",
    extra={
        "skills": serializers.ListField(
            child=serializers.CharField(max_length=60),
            required=False,
            help_text="Skills wanted (a comma-separated string is accepted too).",
        )
    },
)


def _skills_as_text(body: dict) -> dict:
    if isinstance(body.get("skills"), list):
        body = {**body, "skills": ", ".join(str(name) for name in body["skills"])}
    return body


# ---- Postings


class PostingFilter(SelectorFilterSet):
    q = django_filters.CharFilter(help_text="Words in the title, text, skills or organization.")
    kind = django_filters.ChoiceFilter(choices=Posting.Kind.choices)
    location = django_filters.CharFilter(help_text="Exactly this city.")
    remote = django_filters.BooleanFilter(help_text="Only remote-friendly postings.")
    skill = django_filters.CharFilter(help_text="Postings that want this skill.")
    sort = django_filters.ChoiceFilter(
        choices=[("newest", "newest"), ("deadline", "deadline")],
        help_text="Ordering: newest first (default) or the nearest deadline first.",
    )

    class Meta:
        model = Posting
        fields = []

    def select(self, data):
        fixed = self.request.parser_context["view"].fixed_kind
        return selectors.posting_search(
            q=(data.get("q") or "").strip(),
            kind=fixed or data.get("kind") or "",
            location=(data.get("location") or "").strip(),
            remote=bool(data.get("remote")),
            skill=(data.get("skill") or "").strip(),
            sort=data.get("sort") or "newest",
        )


class JobFilter(PostingFilter):
    kind = None


class _PostingViewSet(SelectorListViewSet):
    """Open postings; their employer creates, changes, closes, reopens and deletes them."""

    queryset = Posting.objects.all()
    serializer_class = PostingSerializer
    filterset_class = PostingFilter
    permission_classes = [IsAuthenticatedOrReadOnly]
    fixed_kind = ""
    default_kind = Posting.Kind.INTERNSHIP

    def _posting(self, pk) -> Posting:
        qs = selectors.postings_with_related()
        if self.fixed_kind:
            qs = qs.filter(kind=self.fixed_kind)
        try:
            return get_object_or_404(qs, pk=int(pk))
        except ValueError:
            raise Http404 from None

    def _managed(self, pk) -> Posting:
        posting = self._posting(pk)
        if not permissions.can_manage_posting(self.request.user, posting):
            raise PermissionDenied(_("Only the posting's owner can change it."))
        return posting

    def _detail(self, request, posting: Posting, status: int = 200):
        posting = self._posting(posting.pk)
        context = {
            "request": request,
            **selectors.posting_for_viewer(posting=posting, user=request.user),
        }
        return Response(PostingDetailSerializer(posting, context=context).data, status=status)

    def _body(self, request) -> dict:
        from site_config.api import request_data

        body = _skills_as_text(request_data(request))
        if self.fixed_kind:
            body["kind"] = self.fixed_kind
        return body

    @extend_schema(summary="One posting", responses={200: PostingDetailSerializer, **errors(404)})
    def retrieve(self, request, pk=None):
        return self._detail(request, self._posting(pk))

    @extend_schema(
        summary="Publish a posting for one of my organizations (employers)",
        request=PostingRequest,
        responses={201: PostingDetailSerializer, **errors(400, 401, 403)},
    )
    def create(self, request):
        if not permissions.can_create_posting(request.user):
            raise PermissionDenied(_("Only employers can publish internships and jobs."))
        body = {"kind": self.default_kind, **self._body(request)}
        form = bind_form(PostingForm, request, data=body, employer=request.user)
        posting = services.posting_create(employer=request.user, **form.service_kwargs())
        return self._detail(request, posting, status=201)

    def _save(self, request, pk, *, partial: bool):
        posting = self._managed(pk)
        initial = PostingForm.initial_for(posting) if partial else None
        form = bind_form(
            PostingForm,
            request,
            data=self._body(request),
            initial=initial,
            employer=posting.employer,
        )
        services.posting_update(posting=posting, by=request.user, **form.service_kwargs())
        return self._detail(request, posting)

    @extend_schema(
        summary="Replace a posting (its owner)",
        request=PostingRequest,
        responses={200: PostingDetailSerializer, **errors(400, 401, 403, 404)},
    )
    def update(self, request, pk=None):
        return self._save(request, pk, partial=False)

    @extend_schema(
        summary="Change some of a posting's fields (its owner)",
        request=partial_serializer(PostingRequest, name="PatchedPostingRequest"),
        responses={200: PostingDetailSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        return self._save(request, pk, partial=True)

    @extend_schema(
        summary="Delete a posting (its owner; not once auction bids name it)",
        responses={204: None, **errors(401, 403, 404, 409)},
    )
    def destroy(self, request, pk=None):
        services.posting_delete(posting=self._managed(pk), by=request.user)
        return no_content()

    @extend_schema(
        summary="Stop taking applications (its owner)",
        request=None,
        responses={200: PostingDetailSerializer, **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def close(self, request, pk=None):
        posting = self._managed(pk)
        services.posting_close(posting=posting, by=request.user)
        return self._detail(request, posting)

    @extend_schema(
        summary="Publish a closed posting again (its owner)",
        request=None,
        responses={200: PostingDetailSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def reopen(self, request, pk=None):
        posting = self._managed(pk)
        services.posting_reopen(posting=posting, by=request.user)
        return self._detail(request, posting)

    @extend_schema(
        summary="The posting's applicants (its owner)",
        responses={200: ApplicantSerializer(many=True), **errors(401, 403, 404)},
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        filterset_class=None,
        serializer_class=ApplicantSerializer,
        permission_classes=[IsAuthenticatedOrReadOnly],
    )
    def applications(self, request, pk=None):
        if not request.user.is_authenticated:
            from rest_framework.exceptions import NotAuthenticated

            raise NotAuthenticated
        posting = self._posting(pk)
        if not permissions.can_manage_posting(request.user, posting):
            raise PermissionDenied(_("Only the posting's owner can see its applicants."))
        applicants = selectors.applicants(posting=posting).order_by("-created", "-id")
        page = self.paginate_queryset(applicants)
        return self.get_paginated_response(ApplicantSerializer(page, many=True).data)


@list_schema("Open internships and jobs (`kind` filters)", PostingSerializer, 400)
@extend_schema(tags=["internships"])
class InternshipViewSet(_PostingViewSet):
    pass


@list_schema("Open jobs", PostingSerializer, 400)
@extend_schema(tags=["jobs"])
class JobViewSet(_PostingViewSet):
    filterset_class = JobFilter
    fixed_kind = Posting.Kind.JOB
    default_kind = Posting.Kind.JOB


# ---- A student's applications: /api/users/{user_id}/internships/ and /jobs/


ApplyRequest = form_serializer(
    ApplyForm, name="ApplyRequest", extra={"posting": serializers.IntegerField()}
)


class MyApplicationFilter(SelectorFilterSet):
    status = django_filters.ChoiceFilter(choices=Application.Status.choices)

    class Meta:
        model = Application
        fields = []

    def select(self, data):
        view = self.request.parser_context["view"]
        applications = selectors.student_applications(user=view.student()).filter(
            posting__kind=view.kind
        )
        if data.get("status"):
            applications = applications.filter(status=data["status"])
        return applications


class _MyApplicationViewSet(SelectorListViewSet):
    queryset = Application.objects.all()
    serializer_class = ApplicationSerializer
    filterset_class = MyApplicationFilter
    kind = Posting.Kind.INTERNSHIP

    def student(self):
        """The user in the path: only they (or staff, reading) may use these."""
        user = self.request.user
        if str(user.pk) == str(self.kwargs["user_id"]):
            return user
        from accounts.models import User

        student = User.objects.filter(pk=int_or_404(self.kwargs["user_id"])).first()
        if self.request.method != "GET" or not permissions.can_read_applications_of(user, student):
            raise PermissionDenied(_("These are someone else's applications."))
        return student

    def _application(self, pk) -> Application:
        qs = selectors.student_applications(user=self.student()).filter(posting__kind=self.kind)
        try:
            return get_object_or_404(qs, pk=int(pk))
        except ValueError:
            raise Http404 from None

    @extend_schema(
        summary="Apply (students), with an optional cover letter",
        request=ApplyRequest,
        responses={201: ApplicationSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def create(self, request, user_id=None):
        student = self.student()
        form = bind_form(ApplyForm, request)
        raw = request.data.get("posting") if hasattr(request.data, "get") else None
        posting = None
        if str(raw or "").isdigit():
            posting = selectors.postings_with_related().filter(pk=int(raw), kind=self.kind).first()
        if posting is None:
            raise ApiError(
                status_code=400,
                code="invalid",
                message=_("Please correct the errors below."),
                fields={"posting": [str(_("Choose an open posting of this kind."))]},
            )
        application = services.application_create(
            posting=posting, student=student, cover_letter=form.cleaned_data["cover_letter"]
        )
        return Response(ApplicationSerializer(self._application(application.pk)).data, status=201)

    @extend_schema(
        summary="One of my applications with its history",
        responses={200: ApplicationSerializer, **errors(401, 403, 404)},
    )
    def retrieve(self, request, user_id=None, pk=None):
        return Response(ApplicationSerializer(self._application(pk)).data)

    @extend_schema(
        summary="Withdraw my application (while it is not decided)",
        responses={204: None, **errors(401, 403, 404, 409)},
    )
    def destroy(self, request, user_id=None, pk=None):
        services.application_withdraw(application=self._application(pk), by=request.user)
        return no_content()


@list_schema("My applications to internships", ApplicationSerializer, 400, 401, 403, 404)
@extend_schema(tags=["applications"])
class MyInternshipApplicationViewSet(_MyApplicationViewSet):
    kind = Posting.Kind.INTERNSHIP


@list_schema("My applications to jobs", ApplicationSerializer, 400, 401, 403, 404)
@extend_schema(tags=["applications"])
class MyJobApplicationViewSet(_MyApplicationViewSet):
    kind = Posting.Kind.JOB


# ---- One application: its student or the posting's owner


StatusRequest = form_serializer(ApplicationStatusForm, name="ApplicationStatusRequest")


@extend_schema(tags=["applications"])
class ApplicationViewSet(viewsets.GenericViewSet):
    queryset = Application.objects.all()
    serializer_class = ApplicationSerializer

    def _application(self, pk) -> Application:
        try:
            application = selectors.application_for_viewer(pk=int(pk), user=self.request.user)
        except ValueError:
            application = None
        if application is None:
            raise Http404
        return application

    @extend_schema(
        summary="One application (its student, the posting's owner, staff)",
        responses={200: ApplicationSerializer, **errors(401, 404)},
    )
    def retrieve(self, request, pk=None):
        return Response(ApplicationSerializer(self._application(pk)).data)

    @extend_schema(
        summary="Move an application on (the posting's owner)",
        request=StatusRequest,
        responses={200: ApplicationSerializer, **errors(400, 401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        application = self._application(pk)
        if not permissions.can_change_application_status(request.user, application):
            raise PermissionDenied(_("Only the posting's owner can change the status."))
        form = bind_form(ApplicationStatusForm, request)
        services.application_set_status(
            application=application, status=form.cleaned_data["status"], by=request.user
        )
        return Response(ApplicationSerializer(self._application(pk)).data)

    @extend_schema(
        summary="Mark a submitted application viewed (the posting's owner)",
        request=None,
        responses={200: ApplicationSerializer, **errors(401, 404)},
    )
    @action(detail=True, methods=["post"])
    def viewed(self, request, pk=None):
        services.application_mark_viewed(application=self._application(pk), by=request.user)
        return Response(ApplicationSerializer(self._application(pk)).data)


# ---- Auctions and bids


class AuctionFilter(SelectorFilterSet):
    status = django_filters.ChoiceFilter(
        choices=[("active", "active"), ("finished", "finished")],
        help_text="Live auctions ending soonest first (default), or ended ones.",
    )

    class Meta:
        model = Auction
        fields = []

    def select(self, data):
        return selectors.auction_list(status=data.get("status") or "active")


AuctionRequest = form_serializer(AuctionForm, name="AuctionRequest")
BidRequest = form_serializer(BidForm, name="BidRequest")


def _auction(pk) -> Auction:
    try:
        return get_object_or_404(selectors.auctions_for_page(), pk=int(pk))
    except ValueError:
        raise Http404 from None


@list_schema("Talent auctions", AuctionSerializer, 400, 401)
@extend_schema(tags=["auctions"])
class AuctionViewSet(SelectorListViewSet):
    queryset = Auction.objects.all()
    serializer_class = AuctionSerializer
    filterset_class = AuctionFilter

    def _detail(self, request, auction: Auction, status: int = 200):
        auction = _auction(auction.pk)
        context = {
            "request": request,
            "bids": selectors.auction_bids(auction=auction, user=request.user),
        }
        return Response(AuctionDetailSerializer(auction, context=context).data, status=status)

    @extend_schema(
        summary="One auction with its bids",
        responses={200: AuctionDetailSerializer, **errors(401, 404)},
    )
    def retrieve(self, request, pk=None):
        return self._detail(request, _auction(pk))

    @extend_schema(
        summary="Open an auction on myself (students)",
        request=AuctionRequest,
        responses={201: AuctionDetailSerializer, **errors(400, 401, 403, 409)},
    )
    def create(self, request):
        if not permissions.can_open_auction(request.user):
            raise PermissionDenied(_("Only students can open an auction on themselves."))
        form = bind_form(AuctionForm, request)
        auction = services.auction_create(student=request.user, **form.cleaned_data)
        return self._detail(request, auction, status=201)

    @extend_schema(
        methods=["GET"],
        summary="The auction's bids, best first",
        responses={200: BidSerializer(many=True), **errors(401, 404)},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        summary="Bid (employers); only a bid that beats the best at write time lands",
        request=BidRequest,
        responses={201: BidSerializer, **errors(400, 401, 403, 404, 409)},
        filters=False,
    )
    @action(
        detail=True, methods=["get", "post"], filterset_class=None, serializer_class=BidSerializer
    )
    def bids(self, request, pk=None):
        auction = _auction(pk)
        if request.method == "GET":
            # Every bid, paged as the site's "show all" pages them; auction_bids_page marks
            # on the page what the viewer may see.
            self.paginate_queryset(selectors.auction_bid_queryset(auction=auction))
            page = selectors.auction_bids_page(
                auction=auction, user=request.user, page=self.paginator.page
            )
            return self.get_paginated_response(
                BidSerializer(page.object_list, many=True, context={"request": request}).data
            )
        if not permissions.can_bid(request.user, auction):
            raise PermissionDenied(_("Only employers can bid in talent auctions."))
        form = bind_form(BidForm, request, postings=selectors.bid_postings(employer=request.user))
        bid = services.bid_place(
            auction=auction,
            employer=request.user,
            posting=form.cleaned_data["posting"],
            amount=form.cleaned_data["amount"],
            message=form.cleaned_data["message"],
            seen_best=form.cleaned_data["seen_best"],
        )
        bid = Bid.objects.select_related("employer", "posting__organization").get(pk=bid.pk)
        bid.is_mine = bid.show_bidder = True
        return Response(BidSerializer(bid, context={"request": request}).data, status=201)

    @extend_schema(
        summary="Cancel an active auction (staff)",
        request=None,
        responses={200: AuctionDetailSerializer, **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def cancel(self, request, pk=None):
        auction = _auction(pk)
        if not permissions.can_cancel_auction(request.user, auction):
            raise PermissionDenied(_("Only staff can cancel an auction."))
        services.auction_cancel(auction=auction, by=request.user)
        return self._detail(request, auction)
