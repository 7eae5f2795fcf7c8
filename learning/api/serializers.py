"""What the API shows of courses, lessons, quizzes, attempts and certificates."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import AvatarField, UserBriefSerializer
from learning.models import (
    Assignment,
    Attempt,
    Certificate,
    Choice,
    Comment,
    Course,
    Enrollment,
    Lesson,
    Material,
    Question,
    Quiz,
    Review,
    Submission,
)


class CourseSerializer(serializers.ModelSerializer):
    teacher = UserBriefSerializer(read_only=True)
    cover = AvatarField(read_only=True, allow_null=True)
    rating = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = [
            "id",
            "title",
            "summary",
            "level",
            "cover",
            "teacher",
            "is_published",
            "rating",
            "rating_count",
            "student_count",
            "lesson_count",
            "created",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_rating(self, course) -> float | None:
        return round(course.rating_sum / course.rating_count, 1) if course.rating_count else None


class CourseDetailSerializer(CourseSerializer):
    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "description"]
        read_only_fields = fields


class LessonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lesson
        fields = ["id", "course", "title", "order", "created"]
        read_only_fields = fields


class LessonDetailSerializer(LessonSerializer):
    class Meta(LessonSerializer.Meta):
        fields = [*LessonSerializer.Meta.fields, "body"]
        read_only_fields = fields


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    completed = serializers.BooleanField()


class EnrollmentSerializer(serializers.ModelSerializer):
    course = CourseSerializer(read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Enrollment
        fields = ["course", "enrolled_at", "completed_at", "progress"]
        read_only_fields = fields

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, enrollment):
        return ProgressSerializer(enrollment.progress).data


class ChoiceSerializer(serializers.ModelSerializer):
    """A choice as a student sees it: never whether it is correct."""

    class Meta:
        model = Choice
        fields = ["id", "text"]
        read_only_fields = fields


class TeacherChoiceSerializer(ChoiceSerializer):
    class Meta(ChoiceSerializer.Meta):
        fields = ["id", "text", "is_correct"]
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    """A question as a student sees it: no correct choice, no accepted answer."""

    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "text", "kind", "order", "points", "choices"]
        read_only_fields = fields


class TeacherQuestionSerializer(QuestionSerializer):
    """The course's teacher (and staff) also see the answers."""

    choices = TeacherChoiceSerializer(many=True, read_only=True)
    accepted_answers = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(QuestionSerializer.Meta):
        fields = [*QuestionSerializer.Meta.fields, "accepted_answers"]
        read_only_fields = fields


class QuizSerializer(serializers.ModelSerializer):
    questions = serializers.SerializerMethodField()
    attempts_left = serializers.SerializerMethodField()

    class Meta:
        model = Quiz
        fields = [
            "id",
            "course",
            "lesson",
            "title",
            "description",
            "pass_mark",
            "attempts_allowed",
            "time_limit_minutes",
            "attempts_left",
            "questions",
        ]
        read_only_fields = fields

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, quiz):
        serializer = (
            TeacherQuestionSerializer if self.context.get("teacher") else QuestionSerializer
        )
        return serializer(quiz.questions.all(), many=True).data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_attempts_left(self, quiz) -> int | None:
        return self.context.get("attempts_left")


class AttemptSerializer(serializers.ModelSerializer):
    results = serializers.SerializerMethodField()

    class Meta:
        model = Attempt
        fields = [
            "id",
            "quiz",
            "score",
            "max_score",
            "percent",
            "passed",
            "timed_out",
            "started_at",
            "finished_at",
            "results",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=serializers.BooleanField()))
    def get_results(self, attempt) -> dict:
        """Per question id: whether my answer was right (what the site shows after it)."""
        return self.context.get("results", {})


class CertificateSerializer(serializers.ModelSerializer):
    course = CourseSerializer(read_only=True)
    student = UserBriefSerializer(read_only=True)

    class Meta:
        model = Certificate
        fields = ["uuid", "course", "student", "issued_at", "status", "by_teacher", "revoked_at"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    student = UserBriefSerializer(read_only=True)

    class Meta:
        model = Review
        fields = ["id", "student", "rating", "text", "created"]
        read_only_fields = fields


# ---- Lesson content, work and comments


class MaterialSerializer(serializers.ModelSerializer):
    """A link or an uploaded document (files go only to whoever studies the course, so
    the API names them without exposing a storage URL: `file_url` is the permission-
    checked download, GET /api/materials/{id}/file/)."""

    has_file = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = [
            "id",
            "lesson",
            "title",
            "url",
            "has_file",
            "file_url",
            "original_name",
            "size",
            "created",
        ]
        read_only_fields = fields

    def get_has_file(self, material) -> bool:
        return bool(material.file)

    def get_file_url(self, material) -> str | None:
        return reverse("api:material-file", args=[material.pk]) if material.file else None


class AssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = [
            "id",
            "lesson",
            "title",
            "description",
            "due_at",
            "max_grade",
            "pass_grade",
            "created",
        ]
        read_only_fields = fields


class QuizBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quiz
        fields = [
            "id",
            "course",
            "lesson",
            "title",
            "description",
            "pass_mark",
            "attempts_allowed",
            "time_limit_minutes",
        ]
        read_only_fields = fields


class LessonContentSerializer(LessonDetailSerializer):
    """A lesson with what it holds: materials, assignments and quizzes."""

    materials = MaterialSerializer(many=True, read_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True)
    quizzes = QuizBriefSerializer(many=True, read_only=True)

    class Meta(LessonDetailSerializer.Meta):
        fields = [*LessonDetailSerializer.Meta.fields, "materials", "assignments", "quizzes"]
        read_only_fields = fields


class SubmissionSerializer(serializers.ModelSerializer):
    has_file = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "assignment",
            "student",
            "answer",
            "has_file",
            "file_url",
            "original_name",
            "status",
            "grade",
            "teacher_comment",
            "is_late",
            "submitted_at",
            "checked_at",
        ]
        read_only_fields = fields

    def get_has_file(self, submission) -> bool:
        return bool(submission.file)

    def get_file_url(self, submission) -> str | None:
        """The permission-checked download, GET /api/submissions/{id}/file/."""
        return reverse("api:submission-file", args=[submission.pk]) if submission.file else None


class TeacherSubmissionSerializer(SubmissionSerializer):
    """A submission in the teacher's grading list: who sent it, for which assignment."""

    student = UserBriefSerializer(read_only=True)
    assignment = AssignmentSerializer(read_only=True)


class CommentSerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True)

    class Meta:
        model = Comment
        fields = ["id", "author", "text", "lesson", "assignment", "submission", "created", "edited"]
        read_only_fields = fields
