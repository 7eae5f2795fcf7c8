"""API views of learning: courses, enrolment, progress, lessons, quizzes and attempts,
submissions and grades, reviews, certificates. Same selectors, forms, services and
predicates (learning/permissions.py) as the HTML views."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from accounts.models import User
from learning import permissions, selectors, services
from learning.api.serializers import (
    AttemptSerializer,
    CertificateSerializer,
    CourseDetailSerializer,
    CourseSerializer,
    EnrollmentSerializer,
    LessonContentSerializer,
    LessonSerializer,
    ProgressSerializer,
    QuizSerializer,
    ReviewSerializer,
    SubmissionSerializer,
)
from learning.api.teaching import (
    AssignmentWrites,
    CourseLessonWrites,
    LessonWrites,
    QuizWrites,
    SubmissionWrites,
    lesson_or_404,
)
from learning.forms import CourseForm, GradeForm, IssueCertificateForm, ReviewForm, SubmissionForm
from learning.models import (
    Assignment,
    Certificate,
    Course,
    Enrollment,
    Lesson,
    Quiz,
    Review,
    Submission,
)
from site_config.api import (
    FirstRendererNegotiation,
    SelectorFilterSet,
    bind_form,
    download_schema,
    errors,
    form_serializer,
    no_content,
    partial_serializer,
)
from site_config.api_views import SelectorListViewSet, int_or_404, list_schema
from site_config.http import file_download


def _course(request, pk) -> Course:
    return get_object_or_404(
        Course.objects.visible_to(request.user).select_related("teacher"), pk=int_or_404(pk)
    )


CourseRequest = form_serializer(CourseForm, name="CourseRequest")
IssueCertificateRequest = form_serializer(IssueCertificateForm, name="IssueCertificateRequest")


class CourseFilter(SelectorFilterSet):
    q = django_filters.CharFilter(help_text="Words in the title, summary or description.")
    level = django_filters.ChoiceFilter(choices=Course.Level.choices)
    teacher = django_filters.NumberFilter(help_text="Courses of this teacher (user id).")
    sort = django_filters.ChoiceFilter(
        choices=[("new", "new"), ("rating", "rating"), ("popular", "popular")],
        help_text="Ordering: newest (default), best rated or most students.",
    )

    class Meta:
        model = Course
        fields = []

    def select(self, data):
        return selectors.course_search(
            user=self.request.user,
            q=(data.get("q") or "").strip(),
            level=data.get("level") or "",
            teacher=int(data["teacher"]) if data.get("teacher") else None,
            sort=data.get("sort") or "new",
        )


@list_schema("The course catalog", CourseSerializer, 400)
@extend_schema(tags=["learning"])
class CourseViewSet(SelectorListViewSet):
    queryset = Course.objects.all()
    serializer_class = CourseSerializer
    filterset_class = CourseFilter
    permission_classes = [IsAuthenticatedOrReadOnly]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _detail(self, request, course: Course, status: int = 200):
        course = _course(request, course.pk)
        data = CourseDetailSerializer(course, context={"request": request}).data
        return Response(data, status=status)

    @extend_schema(summary="One course", responses={200: CourseDetailSerializer, **errors(404)})
    def retrieve(self, request, pk=None):
        return self._detail(request, _course(request, pk))

    @extend_schema(
        summary="Start a course (teachers)",
        request=CourseRequest,
        responses={201: CourseDetailSerializer, **errors(400, 401, 403, 413)},
    )
    def create(self, request):
        if not permissions.can_create_course(request.user):
            raise PermissionDenied(_("Only teachers can create courses."))
        form = bind_form(CourseForm, request)
        course = services.course_create(teacher=request.user, **form.cleaned_data)
        return self._detail(request, course, status=201)

    @extend_schema(
        summary="Change some of a course's fields (its teacher)",
        request=partial_serializer(CourseRequest, name="PatchedCourseRequest"),
        responses={200: CourseDetailSerializer, **errors(400, 401, 403, 404, 413)},
    )
    def partial_update(self, request, pk=None):
        course = _course(request, pk)
        if not permissions.can_manage_course(request.user, course):
            raise PermissionDenied(_("Only the course's teacher can edit it."))
        initial = {
            "title": course.title,
            "summary": course.summary,
            "description": course.description,
            "level": course.level,
            "is_published": course.is_published,
        }
        form = bind_form(CourseForm, request, initial=initial)
        services.course_update(course=course, by=request.user, **form.cleaned_data)
        return self._detail(request, course)

    @extend_schema(
        summary="Delete a course (its teacher)", responses={204: None, **errors(401, 403, 404)}
    )
    def destroy(self, request, pk=None):
        services.course_delete(course=_course(request, pk), by=request.user)
        return no_content()

    @extend_schema(
        methods=["POST"],
        summary="Enroll in the course (students)",
        request=None,
        responses={200: ProgressSerializer, **errors(401, 403, 404)},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Leave the course",
        responses={204: None, **errors(401, 404)},
    )
    @action(detail=True, methods=["post", "delete"], filterset_class=None)
    def enroll(self, request, pk=None):
        course = _course(request, pk)
        if request.method == "DELETE":
            services.enrollment_delete(course=course, student=request.user)
            return no_content()
        services.enrollment_create(course=course, student=request.user)
        progress = selectors.progress_for(student=request.user, courses=[course])[course.pk]
        return Response(ProgressSerializer(progress).data)

    @extend_schema(
        tags=["teaching"],
        summary="Issue a certificate by hand to an enrolled student (the course's teacher)",
        request=IssueCertificateRequest,
        responses={201: CertificateSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def certificates(self, request, pk=None):
        course = _course(request, pk)
        if not permissions.can_manage_certificate(request.user, course):
            raise PermissionDenied(_("Only the course's teacher can issue certificates."))
        form = bind_form(IssueCertificateForm, request)
        student = get_object_or_404(User, pk=form.cleaned_data["student"])
        certificate = services.certificate_issue(course=course, student=student, by=request.user)
        data = CertificateSerializer(certificate, context={"request": request}).data
        return Response(data, status=201)

    @extend_schema(
        summary="My progress in the course",
        responses={200: ProgressSerializer, **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def completion(self, request, pk=None):
        course = _course(request, pk)
        if not request.user.is_authenticated:
            from rest_framework.exceptions import NotAuthenticated

            raise NotAuthenticated
        if not permissions.is_enrolled(request.user, course):
            raise PermissionDenied(_("Enroll in the course to track progress."))
        progress = selectors.progress_for(student=request.user, courses=[course])[course.pk]
        return Response(ProgressSerializer(progress).data)


class LessonFilter(SelectorFilterSet):
    class Meta:
        model = Lesson
        fields = []

    def select(self, data):
        course = self.request.parser_context["view"].course()
        return course.lessons.order_by("order", "id")


@list_schema("The course's lessons (titles; bodies for those who study it)", LessonSerializer, 404)
@extend_schema(tags=["learning"])
class CourseLessonViewSet(CourseLessonWrites, SelectorListViewSet):
    queryset = Lesson.objects.all()
    serializer_class = LessonSerializer
    filterset_class = LessonFilter
    permission_classes = [IsAuthenticatedOrReadOnly]

    def course(self) -> Course:
        return _course(self.request, self.kwargs["course_pk"])


@extend_schema(tags=["learning"])
class LessonViewSet(LessonWrites, viewsets.GenericViewSet):
    queryset = Lesson.objects.all()
    serializer_class = LessonContentSerializer

    @extend_schema(
        summary="One lesson with its materials, assignments and quizzes (enrolled students, "
        "its teacher, staff)",
        responses={200: LessonContentSerializer, **errors(401, 403, 404)},
    )
    def retrieve(self, request, pk=None):
        lesson = lesson_or_404(request, pk)
        if not permissions.can_study_course(request.user, lesson):
            raise PermissionDenied(_("Enroll in the course to read its lessons."))
        return Response(LessonContentSerializer(lesson).data)


# ---- A student's courses


class MyCoursesFilter(SelectorFilterSet):
    class Meta:
        model = Enrollment
        fields = []

    def select(self, data):
        view = self.request.parser_context["view"]
        student = view.student()
        enrollments = selectors.my_courses(
            user=student, enrollments=selectors.my_enrollments(user=student)
        )
        return (
            enrollments["completed"]
            if view.completed
            else enrollments["active"] + enrollments["completed"]
        )


class _MyCourseViewSet(SelectorListViewSet):
    queryset = Enrollment.objects.all()
    serializer_class = EnrollmentSerializer
    filterset_class = MyCoursesFilter
    completed = False

    def student(self):
        if str(self.request.user.pk) != str(self.kwargs["user_id"]):
            raise PermissionDenied(_("These are someone else's courses."))
        return self.request.user


@list_schema("My courses with progress", EnrollmentSerializer, 401, 403, 404)
@extend_schema(tags=["learning"])
class MyCourseViewSet(_MyCourseViewSet):
    pass


@list_schema("The courses I have completed", EnrollmentSerializer, 401, 403, 404)
@extend_schema(tags=["learning"])
class MyCompletedCourseViewSet(_MyCourseViewSet):
    completed = True


# ---- Quizzes


AttemptRequest = inline_serializer(
    name="AttemptRequest",
    fields={
        "answers": serializers.DictField(
            help_text=(
                "Per question id: a list of choice ids (single and multiple choice) or the "
                "text of a short answer."
            )
        )
    },
)


def _quiz(request, pk) -> Quiz:
    quiz = get_object_or_404(selectors.quiz_with_questions(int_or_404(pk)), pk=int_or_404(pk))
    if not permissions.can_view_course(request.user, quiz.course):
        raise Http404
    if not (
        permissions.can_take_quiz(request.user, quiz)
        or permissions.can_manage_course(request.user, quiz.course)
    ):
        raise PermissionDenied(_("Enroll in the course to take its quizzes."))
    return quiz


@extend_schema(tags=["learning"])
class QuizViewSet(QuizWrites, viewsets.GenericViewSet):
    queryset = Quiz.objects.all()
    serializer_class = QuizSerializer

    @extend_schema(
        summary="A quiz and its questions (the answers only for its teacher)",
        responses={200: QuizSerializer, **errors(401, 403, 404)},
    )
    def retrieve(self, request, pk=None):
        quiz = _quiz(request, pk)
        teacher = permissions.can_manage_course(request.user, quiz.course)
        context = {
            "teacher": teacher,
            "attempts_left": None
            if teacher
            else services.attempts_left(quiz=quiz, student=request.user),
        }
        return Response(QuizSerializer(quiz, context=context).data)

    @extend_schema(
        summary="Answer the quiz: the attempt is scored and kept",
        request=AttemptRequest,
        responses={200: AttemptSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def attempt(self, request, pk=None):
        quiz = _quiz(request, pk)
        answers = request.data.get("answers") if isinstance(request.data, dict) else None
        if not isinstance(answers, dict):
            from site_config.api import ApiError

            raise ApiError(
                status_code=400,
                code="invalid",
                message=_("Please correct the errors below."),
                fields={"answers": [str(_("This field is required."))]},
            )
        # The form fields the site's quiz page posts: q<question id> (repeated for choices).
        data = QueryDict(mutable=True)
        for question_id, value in answers.items():
            values = value if isinstance(value, list) else [value]
            data.setlist(
                f"q{question_id}", [str(v) for v in values if not isinstance(v, dict | list)]
            )
        attempt = services.attempt_start(quiz=quiz, student=request.user)
        attempt = services.attempt_submit(attempt=attempt, student=request.user, data=data)
        _score, _total, results = services.score_answers(quiz, attempt.answers)
        return Response(AttemptSerializer(attempt, context={"results": results}).data)


# ---- Submissions


SubmissionRequest = form_serializer(SubmissionForm, name="SubmissionRequest")
GradeRequest = form_serializer(GradeForm, name="GradeRequest")


@extend_schema(tags=["learning"])
class AssignmentViewSet(AssignmentWrites, viewsets.GenericViewSet):
    queryset = Assignment.objects.all()
    serializer_class = SubmissionSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        methods=["GET"],
        summary="My submission of this assignment (its teacher: every student's)",
        responses={200: SubmissionSerializer(many=True), **errors(401, 404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Submit my answer (text and/or a file)",
        request={"application/json": SubmissionRequest, "multipart/form-data": SubmissionRequest},
        responses={201: SubmissionSerializer, **errors(400, 401, 403, 404, 413)},
    )
    @action(detail=True, methods=["get", "post"])
    def submissions(self, request, pk=None):
        assignment = get_object_or_404(
            Assignment.objects.select_related("lesson__course"), pk=int_or_404(pk)
        )
        if not permissions.can_view_course(request.user, assignment.lesson.course):
            raise Http404
        if request.method == "GET":
            rows = assignment.submissions.order_by("-submitted_at", "-id")
            if not permissions.can_manage_course(request.user, assignment.lesson.course):
                rows = rows.filter(student=request.user)
            page = self.paginate_queryset(rows)
            return self.get_paginated_response(SubmissionSerializer(page, many=True).data)
        if not permissions.can_submit_assignment(request.user, assignment):
            raise PermissionDenied(_("Enroll in the course to submit assignments."))
        form = bind_form(SubmissionForm, request)
        submission = services.submission_submit(
            assignment=assignment, student=request.user, **form.cleaned_data
        )
        return Response(SubmissionSerializer(submission).data, status=201)


@extend_schema(tags=["learning"])
class SubmissionViewSet(SubmissionWrites, viewsets.GenericViewSet):
    queryset = Submission.objects.all()
    serializer_class = SubmissionSerializer

    def _submission(self, pk) -> Submission:
        submission = get_object_or_404(
            Submission.objects.select_related("assignment__lesson__course"), pk=int_or_404(pk)
        )
        if not permissions.can_view_submission(self.request.user, submission):
            raise Http404
        return submission

    @extend_schema(
        summary="One submission (its student or the teacher)",
        responses={200: SubmissionSerializer, **errors(401, 404)},
    )
    def retrieve(self, request, pk=None):
        return Response(SubmissionSerializer(self._submission(pk)).data)

    @download_schema(
        "Download the file attached to a submission (its student, the course's teacher, staff)",
        401,
        404,
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FirstRendererNegotiation)
    def file(self, request, pk=None):
        submission = self._submission(pk)
        return file_download(
            submission.file, filename=submission.original_name, fallback="submission"
        )

    @extend_schema(
        summary="Grade a submission (the course's teacher)",
        request=GradeRequest,
        responses={200: SubmissionSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def grade(self, request, pk=None):
        submission = self._submission(pk)
        if not permissions.can_grade_submission(request.user, submission):
            raise PermissionDenied(_("Only the course's teacher can grade this work."))
        form = bind_form(GradeForm, request, submission=submission)
        submission = services.submission_grade(
            submission=submission,
            by=request.user,
            grade=form.cleaned_data["grade"],
            comment=form.cleaned_data["comment"],
        )
        return Response(SubmissionSerializer(submission).data)


# ---- Reviews and certificates


ReviewRequest = form_serializer(ReviewForm, name="ReviewRequest")


class ReviewFilter(SelectorFilterSet):
    class Meta:
        model = Review
        fields = []

    def select(self, data):
        course = self.request.parser_context["view"].course()
        return selectors.course_reviews(course=course)


@list_schema("The course's reviews", ReviewSerializer, 404)
@extend_schema(tags=["learning"])
class CourseReviewViewSet(SelectorListViewSet):
    queryset = Review.objects.all()
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    permission_classes = [IsAuthenticatedOrReadOnly]

    def course(self) -> Course:
        return _course(self.request, self.kwargs["course_pk"])

    @extend_schema(
        summary="Post or change my review (enrolled students, one each)",
        request=ReviewRequest,
        responses={201: ReviewSerializer, **errors(400, 401, 403, 404)},
    )
    def create(self, request, course_pk=None):
        course = self.course()
        if not permissions.can_review_course(request.user, course):
            raise PermissionDenied(_("Only the course's students can review it."))
        form = bind_form(ReviewForm, request)
        review = services.review_save(course=course, student=request.user, **form.cleaned_data)
        return Response(ReviewSerializer(review).data, status=201)

    @extend_schema(
        summary="Delete my review (its author); the course's rating follows",
        responses={204: None, **errors(401, 403, 404)},
    )
    def destroy(self, request, pk=None, course_pk=None):
        review = get_object_or_404(
            Review.objects.select_related("course", "student"),
            pk=int_or_404(pk),
            course=self.course(),
        )
        services.review_delete(review=review, by=request.user)
        return no_content()


class CertificateFilter(SelectorFilterSet):
    class Meta:
        model = Certificate
        fields = []

    def select(self, data):
        return selectors.student_certificates(user=self.request.user)


@list_schema("My certificates", CertificateSerializer, 401)
@extend_schema(tags=["learning"])
class CertificateViewSet(SelectorListViewSet):
    queryset = Certificate.objects.all()
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_permissions(self):
        # Anyone with the link (or the QR code) verifies a certificate, as on the site.
        if self.action == "retrieve":
            return [AllowAny()]
        return super().get_permissions()

    def _certificate(self, uuid) -> Certificate:
        return get_object_or_404(
            Certificate.objects.select_related("student", "course", "course__teacher"),
            uuid=uuid,
        )

    @extend_schema(
        summary="Verify a certificate (public: anyone with its link or QR code)",
        responses={200: CertificateSerializer, **errors(404)},
    )
    def retrieve(self, request, uuid=None):
        certificate = self._certificate(uuid)
        return Response(CertificateSerializer(certificate, context={"request": request}).data)

    @extend_schema(
        summary="Revoke a certificate (the course's teacher or staff)",
        request=None,
        responses={200: CertificateSerializer, **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def revoke(self, request, uuid=None):
        certificate = services.certificate_revoke(
            certificate=self._certificate(uuid), by=request.user
        )
        return Response(CertificateSerializer(certificate, context={"request": request}).data)
