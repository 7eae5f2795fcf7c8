"""GET /api/internships/dashboard/: the employer's dashboard numbers, as the site's
/internships/dashboard/ shows them (internships.selectors.employer_dashboard): my postings
with applicant counts (paginated), applications per status and per day for 30 days."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from internships import permissions, selectors
from internships.models import Posting
from site_config.api import Pagination, errors
from site_config.api_views import OneBodySchema


class DashboardPostingSerializer(serializers.ModelSerializer):
    applicant_count = serializers.IntegerField(read_only=True)
    new_count = serializers.IntegerField(read_only=True, help_text="Not yet viewed.")

    class Meta:
        model = Posting
        fields = ["id", "kind", "title", "status", "deadline", "applicant_count", "new_count"]
        read_only_fields = fields


class StatusCountSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class DayCountSerializer(serializers.Serializer):
    day = serializers.DateField()
    count = serializers.IntegerField()


class ChartSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    peak = serializers.IntegerField()
    total = serializers.IntegerField()
    days = DayCountSerializer(many=True, source="bars")


class DashboardSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many postings (the pages are of postings).")
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    application_total = serializers.IntegerField()
    status_counts = StatusCountSerializer(many=True)
    chart = ChartSerializer(help_text="Applications per day over the last 30 days.")
    results = DashboardPostingSerializer(many=True)


@extend_schema(tags=["internships"])
class DashboardViewSet(viewsets.GenericViewSet):
    queryset = Posting.objects.all()
    serializer_class = DashboardPostingSerializer
    permission_classes = [IsAuthenticated]
    # Paginated by hand (Pagination below): the page carries extra keys, so the schema
    # documents the whole body rather than wrapping it in a standard page.
    pagination_class = None
    schema = OneBodySchema()

    @extend_schema(
        summary="My employer dashboard: postings with applicants, applications per status "
        "and per day (employers)",
        responses={200: DashboardSerializer, **errors(401, 403, 404)},
    )
    def list(self, request):
        if not permissions.can_view_dashboard(request.user):
            raise PermissionDenied(_("The dashboard is for employers."))
        numbers = selectors.employer_dashboard(user=request.user)
        paginator = Pagination()
        page = paginator.paginate_queryset(numbers["postings"], request, view=self)
        response = paginator.get_paginated_response(
            DashboardPostingSerializer(page, many=True).data
        )
        response.data["application_total"] = numbers["application_total"]
        response.data["status_counts"] = StatusCountSerializer(
            [{**row, "label": str(row["label"])} for row in numbers["status_counts"]], many=True
        ).data
        response.data["chart"] = ChartSerializer(numbers["chart"]).data
        return response
