"""POST /api/reports/: a member flags content for the moderators, as the site's "Report"
button does (community.services.moderation: the same kinds, the same visibility rule,
one report per member and item)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from community.forms import ReportForm
from community.models import Report
from community.services import moderation
from site_config.api import bind_form, errors, form_serializer
from site_config.api_views import int_or_404


def _kinds_help() -> str:
    return "What is reported: one of " + ", ".join(sorted(moderation.REPORTABLE)) + "."


ReportRequest = form_serializer(
    ReportForm,
    name="ReportRequest",
    extra={
        "kind": serializers.CharField(help_text=_kinds_help()),
        "id": serializers.IntegerField(help_text="The reported item's id."),
    },
)


class ReportSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "kind", "object_id", "reason", "comment", "created"]
        read_only_fields = fields

    def get_kind(self, report) -> str:
        return self.context["kind"]


@extend_schema(tags=["moderation"])
class ReportViewSet(viewsets.GenericViewSet):
    queryset = Report.objects.all()

    @extend_schema(
        summary="Report content to the moderators (reporting the same item twice is one report)",
        request=ReportRequest,
        responses={201: ReportSerializer, **errors(400, 401, 404)},
    )
    def create(self, request):
        body = request.data if isinstance(request.data, dict) else {}
        kind = str(body.get("kind", ""))
        # Unknown kinds, missing or hidden items and what the member may not see are one
        # 404 alike (the site's report view answers the same): nothing private leaks.
        target = moderation.reportable_target(
            kind=kind, pk=int_or_404(body.get("id")), user=request.user
        )
        if target is None:
            raise Http404
        form = bind_form(ReportForm, request)
        try:
            report = moderation.report_create(
                reporter=request.user, target=target, **form.cleaned_data
            )
        except PermissionDenied:
            raise Http404 from None
        data = ReportSerializer(report, context={"kind": kind}).data
        return Response(data, status=201)
