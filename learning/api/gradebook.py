"""The teacher's gradebook over the API: GET /api/courses/{course_pk}/gradebook/ (students
× assignments and quizzes, paginated by student) and …/gradebook/csv/ (the same CSV the
site's "Download CSV" streams). learning.selectors.gradebook, the course's teacher only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated

from accounts.api.serializers import UserBriefSerializer
from learning import selectors
from learning.api.teaching import course_or_404, manage
from learning.models import Assignment, Course, Enrollment, Quiz
from site_config.api import FirstRendererNegotiation, Pagination, errors
from site_config.api_views import OneBodySchema
from site_config.http import csv_download


class GradebookAssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = ["id", "title", "max_grade", "pass_grade"]
        read_only_fields = fields


class GradebookQuizSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quiz
        fields = ["id", "title", "pass_mark"]
        read_only_fields = fields


class GradeCellSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    submission = serializers.IntegerField(allow_null=True)
    grade = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(allow_null=True)
    is_late = serializers.BooleanField()


class QuizCellSerializer(serializers.Serializer):
    quiz = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True, help_text="The best finished attempt.")
    passed = serializers.BooleanField()


class GradebookRowSerializer(serializers.Serializer):
    student = UserBriefSerializer()
    certified = serializers.BooleanField()
    assignments = GradeCellSerializer(many=True)
    quizzes = QuizCellSerializer(many=True)


class GradebookSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    assignments = GradebookAssignmentSerializer(many=True, help_text="The columns, in order.")
    quizzes = GradebookQuizSerializer(many=True)
    results = GradebookRowSerializer(many=True)


def _row(row: dict, book: dict) -> dict:
    return {
        "student": row["student"],
        "certified": row["certified"],
        "assignments": [
            {
                "assignment": assignment.pk,
                "submission": cell.pk if cell else None,
                "grade": cell.grade if cell else None,
                "status": cell.status if cell else None,
                "is_late": bool(cell and cell.is_late),
            }
            for assignment, cell in zip(book["assignments"], row["assignments"], strict=True)
        ],
        "quizzes": [
            {"quiz": quiz.pk, **cell}
            for quiz, cell in zip(book["quizzes"], row["quizzes"], strict=True)
        ],
    }


@extend_schema(tags=["teaching"])
class GradebookViewSet(viewsets.GenericViewSet):
    queryset = Enrollment.objects.all()
    serializer_class = GradebookRowSerializer
    permission_classes = [IsAuthenticated]
    # Paginated by hand (Pagination below): the page carries extra keys, so the schema
    # documents the whole body rather than wrapping it in a standard page.
    pagination_class = None
    schema = OneBodySchema()

    def course(self) -> Course:
        course = course_or_404(self.request, self.kwargs["course_pk"])
        manage(self.request.user, course, _("Only the course's teacher can see the gradebook."))
        return course

    @extend_schema(
        summary="The gradebook: every student's grades, best quiz results and certificate "
        "(the course's teacher)",
        responses={200: GradebookSerializer, **errors(401, 403, 404)},
    )
    def list(self, request, course_pk=None):
        book = selectors.gradebook(course=self.course())
        paginator = Pagination()
        page = paginator.paginate_queryset(book["rows"], request, view=self)
        response = paginator.get_paginated_response(
            GradebookRowSerializer([_row(row, book) for row in page], many=True).data
        )
        response.data["assignments"] = GradebookAssignmentSerializer(
            book["assignments"], many=True
        ).data
        response.data["quizzes"] = GradebookQuizSerializer(book["quizzes"], many=True).data
        return response

    @extend_schema(
        summary="The gradebook as CSV (the course's teacher), as the site's download",
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV rows."),
            **errors(401, 403, 404),
        },
    )
    @action(detail=False, methods=["get"], content_negotiation_class=FirstRendererNegotiation)
    def csv(self, request, course_pk=None):
        course = self.course()
        book = selectors.gradebook(course=course)
        return csv_download(
            selectors.gradebook_csv_rows(book), filename=f"gradebook-{course.pk}.csv"
        )
