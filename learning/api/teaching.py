"""The teacher's side of learning over the API: lessons, materials, assignments, quizzes,
questions and their choices, the grading list, grading and return for rework; and the
comments on lessons, assignments and submissions.

The same forms (learning/forms.py), services (learning/services.py) and predicates
(learning/permissions.py) as the HTML views. A course a viewer may not see is a 404;
what only its teacher may do is a 403 with the service's reason. The write endpoints are
mixins that learning/api/views.py puts on the resources they belong to, so each path has
one viewset.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from learning import permissions, selectors, services
from learning.api.serializers import (
    AssignmentSerializer,
    CommentSerializer,
    LessonContentSerializer,
    MaterialSerializer,
    ProgressSerializer,
    QuestionSerializer,
    QuizBriefSerializer,
    SubmissionSerializer,
    TeacherChoiceSerializer,
    TeacherQuestionSerializer,
    TeacherSubmissionSerializer,
)
from learning.forms import (
    AssignmentForm,
    ChoiceForm,
    CommentForm,
    LessonForm,
    LessonMoveForm,
    MaterialForm,
    QuestionForm,
    QuizForm,
    ReturnForm,
)
from learning.models import (
    Assignment,
    Choice,
    Comment,
    Course,
    Lesson,
    Material,
    Question,
    Quiz,
    Submission,
)
from site_config.api import (
    ApiError,
    FirstRendererNegotiation,
    SelectorFilterSet,
    bind_form,
    download_schema,
    errors,
    form_serializer,
    no_content,
    partial_serializer,
    request_data,
)
from site_config.api_views import SelectorListViewSet, int_or_404, list_schema, need_login
from site_config.http import file_download

TAGS = ["teaching"]

LessonRequest = form_serializer(LessonForm, name="LessonRequest")
LessonMoveRequest = form_serializer(LessonMoveForm, name="LessonMoveRequest")
MaterialRequest = form_serializer(MaterialForm, name="MaterialRequest")
AssignmentRequest = form_serializer(AssignmentForm, name="AssignmentRequest")
ReturnRequest = form_serializer(ReturnForm, name="ReturnRequest")
CommentRequest = form_serializer(CommentForm, name="LearningCommentRequest")
QuizRequest = form_serializer(
    QuizForm,
    name="QuizRequest",
    extra={
        "lesson": serializers.IntegerField(
            required=False, allow_null=True, help_text="A lesson of the course, or null."
        )
    },
)
ChoiceRequest = inline_serializer(
    name="ChoiceRequest",
    fields={
        "text": serializers.CharField(max_length=300),
        "is_correct": serializers.BooleanField(default=False),
    },
)
QuestionRequest = form_serializer(
    QuestionForm,
    name="QuestionRequest",
    extra={
        "choices": serializers.ListField(
            child=ChoiceRequest,
            required=False,
            help_text=(
                "Single and multiple choice: at least two, the correct ones marked (a text "
                "of one choice per line, each correct one starting with *, is accepted too)."
            ),
        )
    },
)


def defaults(form_class) -> dict:
    """The form's initial values: what the site's empty form starts with (a max grade of
    10, a pass mark of 60 %, unlimited attempts) is what a create without them gets."""
    return {
        name: field.initial
        for name, field in form_class.base_fields.items()
        if field.initial is not None
    }


def manage(user, course: Course, reason) -> None:
    """The course's teacher (or staff) only: 403 with the reason the site gives."""
    if not permissions.can_manage_course(user, course):
        raise PermissionDenied(reason)


def course_or_404(request, pk) -> Course:
    return get_object_or_404(
        Course.objects.visible_to(request.user).select_related("teacher"), pk=int_or_404(pk)
    )


def lesson_or_404(request, pk) -> Lesson:
    lesson = get_object_or_404(
        Lesson.objects.select_related("course", "course__teacher").prefetch_related(
            "materials", "assignments", "quizzes"
        ),
        pk=int_or_404(pk),
    )
    if not permissions.can_view_course(request.user, lesson.course):
        raise Http404
    return lesson


def assignment_or_404(request, pk) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("lesson__course", "lesson__course__teacher"),
        pk=int_or_404(pk),
    )
    if not permissions.can_view_course(request.user, assignment.lesson.course):
        raise Http404
    return assignment


def submission_or_404(request, pk) -> Submission:
    """A submission its student or the course's teacher sees; for anyone else a 404."""
    submission = get_object_or_404(
        Submission.objects.select_related(
            "student", "assignment__lesson__course", "assignment__lesson__course__teacher"
        ),
        pk=int_or_404(pk),
    )
    if not permissions.can_view_submission(request.user, submission):
        raise Http404
    return submission


def quiz_for_teacher(request, pk) -> Quiz:
    quiz = get_object_or_404(
        Quiz.objects.select_related("course", "course__teacher", "lesson"), pk=int_or_404(pk)
    )
    if not permissions.can_view_course(request.user, quiz.course):
        raise Http404
    return quiz


def lesson_content(request, lesson: Lesson, status: int = 200) -> Response:
    lesson = lesson_or_404(request, lesson.pk)
    return Response(LessonContentSerializer(lesson).data, status=status)


def _lesson_of(course: Course, lesson_id):
    if not lesson_id:
        return None
    return course.lessons.filter(pk=lesson_id).first()


def _quiz_data(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "pass_mark": data["pass_mark"],
        "attempts_allowed": data["attempts_allowed"],
        "time_limit": data["time_limit"],
    }


def _assignment_data(form) -> dict:
    data = form.cleaned_data
    return {key: data[key] for key in ("title", "description", "due_at", "max_grade", "pass_grade")}


def _choices_as_lines(body: dict) -> dict:
    """The form takes choices one per line, a leading * marking a correct one."""
    choices = body.get("choices")
    if not isinstance(choices, list):
        return body
    lines = []
    for choice in choices:
        if not isinstance(choice, dict) or not isinstance(choice.get("text", ""), str):
            raise ApiError(
                status_code=400,
                code="invalid",
                message=_("Please correct the errors below."),
                fields={"choices": [str(_("Each choice is an object with a text."))]},
            )
        text = " ".join(choice.get("text", "").split()).lstrip("*").strip()
        lines.append(("*" if choice.get("is_correct") is True else "") + text)
    return {**body, "choices": "\n".join(lines)}


# ---- Lessons: /api/courses/{course_pk}/lessons/ (create) and /api/lessons/{id}/ (the rest)


class CourseLessonWrites:
    @extend_schema(
        tags=TAGS,
        summary="Add a lesson at the end (the course's teacher)",
        request=LessonRequest,
        responses={201: LessonContentSerializer, **errors(400, 401, 403, 404)},
    )
    def create(self, request, course_pk=None):
        need_login(request)
        course = course_or_404(request, course_pk)
        manage(request.user, course, _("Only the course's teacher can add lessons."))
        form = bind_form(LessonForm, request)
        lesson = services.lesson_create(course=course, by=request.user, **form.cleaned_data)
        return lesson_content(request, lesson, status=201)


class LessonWrites:
    def _save(self, request, pk, *, partial: bool):
        lesson = lesson_or_404(request, pk)
        manage(request.user, lesson.course, _("Only the course's teacher can edit lessons."))
        initial = {"title": lesson.title, "body": lesson.body} if partial else None
        form = bind_form(LessonForm, request, initial=initial)
        services.lesson_update(lesson=lesson, by=request.user, **form.cleaned_data)
        return lesson_content(request, lesson)

    @extend_schema(
        tags=TAGS,
        summary="Replace a lesson's title and text (the course's teacher)",
        request=LessonRequest,
        responses={200: LessonContentSerializer, **errors(400, 401, 403, 404)},
    )
    def update(self, request, pk=None):
        return self._save(request, pk, partial=False)

    @extend_schema(
        tags=TAGS,
        summary="Change a lesson's title or text (the course's teacher)",
        request=partial_serializer(LessonRequest, name="PatchedLessonRequest"),
        responses={200: LessonContentSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        return self._save(request, pk, partial=True)

    @extend_schema(
        tags=TAGS,
        summary="Delete a lesson (the course's teacher)",
        responses={204: None, **errors(401, 403, 404)},
    )
    def destroy(self, request, pk=None):
        services.lesson_delete(lesson=lesson_or_404(request, pk), by=request.user)
        return no_content()

    @extend_schema(
        tags=TAGS,
        summary="Move a lesson up, down or to a position (the course's teacher)",
        request=LessonMoveRequest,
        responses={200: LessonContentSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        lesson = lesson_or_404(request, pk)
        manage(request.user, lesson.course, _("Only the course's teacher can reorder lessons."))
        form = bind_form(LessonMoveForm, request)
        services.lesson_move(
            lesson=lesson,
            by=request.user,
            direction=form.cleaned_data["direction"],
            position=form.cleaned_data["position"],
        )
        return lesson_content(request, lesson)

    @extend_schema(
        methods=["POST"],
        tags=["learning"],
        summary="Mark the lesson done (enrolled students): my progress in the course",
        request=None,
        responses={200: ProgressSerializer, **errors(401, 403, 404)},
    )
    @extend_schema(
        methods=["DELETE"],
        tags=["learning"],
        summary="Mark the lesson not done",
        responses={200: ProgressSerializer, **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["post", "delete"])
    def done(self, request, pk=None):
        lesson = lesson_or_404(request, pk)
        services.lesson_mark_done(
            lesson=lesson, student=request.user, done=request.method == "POST"
        )
        course = lesson.course
        progress = selectors.progress_for(student=request.user, courses=[course])[course.pk]
        return Response(ProgressSerializer(progress).data)

    @extend_schema(
        tags=TAGS,
        summary="Add a material: a link, or a file as multipart (the course's teacher)",
        request={"application/json": MaterialRequest, "multipart/form-data": MaterialRequest},
        responses={201: MaterialSerializer, **errors(400, 401, 403, 404, 413)},
    )
    @action(detail=True, methods=["post"])
    def materials(self, request, pk=None):
        lesson = lesson_or_404(request, pk)
        manage(request.user, lesson.course, _("Only the course's teacher can add materials."))
        form = bind_form(MaterialForm, request)
        material = services.material_add(lesson=lesson, by=request.user, **form.cleaned_data)
        return Response(MaterialSerializer(material).data, status=201)

    @extend_schema(
        tags=TAGS,
        summary="Add an assignment to the lesson (the course's teacher)",
        request=AssignmentRequest,
        responses={201: AssignmentSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def assignments(self, request, pk=None):
        lesson = lesson_or_404(request, pk)
        manage(request.user, lesson.course, _("Only the course's teacher can add assignments."))
        form = bind_form(AssignmentForm, request, initial=defaults(AssignmentForm))
        assignment = services.assignment_create(
            lesson=lesson, by=request.user, **_assignment_data(form)
        )
        return Response(AssignmentSerializer(assignment).data, status=201)


@extend_schema(tags=TAGS)
class MaterialViewSet(viewsets.GenericViewSet):
    queryset = Material.objects.all()
    serializer_class = MaterialSerializer
    permission_classes = [IsAuthenticated]

    def _material(self, request, pk) -> Material:
        material = get_object_or_404(
            Material.objects.select_related("lesson__course", "lesson__course__teacher"),
            pk=int_or_404(pk),
        )
        if not permissions.can_view_course(request.user, material.lesson.course):
            raise Http404
        return material

    @extend_schema(
        summary="Remove a material (the course's teacher)",
        responses={204: None, **errors(401, 403, 404)},
    )
    def destroy(self, request, pk=None):
        services.material_delete(material=self._material(request, pk), by=request.user)
        return no_content()

    @download_schema(
        "Download a material's file (whoever studies the course, its teacher, staff)",
        401,
        403,
        404,
        tags=["learning"],
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FirstRendererNegotiation)
    def file(self, request, pk=None):
        material = self._material(request, pk)
        if not permissions.can_study_course(request.user, material.lesson.course):
            raise PermissionDenied(_("Enroll in the course to download its materials."))
        if not material.file:
            raise Http404(_("No file was attached."))
        return file_download(material.file, filename=material.original_name, fallback="material")


# ---- Assignments: /api/assignments/{id}/


class AssignmentWrites:
    @extend_schema(
        tags=["learning"],
        summary="One assignment (whoever studies the course, its teacher)",
        responses={200: AssignmentSerializer, **errors(401, 403, 404)},
    )
    def retrieve(self, request, pk=None):
        assignment = assignment_or_404(request, pk)
        if not permissions.can_study_course(request.user, assignment.lesson.course):
            raise PermissionDenied(_("Enroll in the course to read its assignments."))
        return Response(AssignmentSerializer(assignment).data)

    def _save(self, request, pk, *, partial: bool):
        assignment = assignment_or_404(request, pk)
        manage(
            request.user,
            assignment.lesson.course,
            _("Only the course's teacher can edit assignments."),
        )
        initial = None
        if partial:
            initial = {
                "title": assignment.title,
                "description": assignment.description,
                "due_at": assignment.due_at,
                "max_grade": assignment.max_grade,
                "pass_grade": assignment.pass_grade,
            }
        form = bind_form(AssignmentForm, request, initial=initial)
        services.assignment_update(assignment=assignment, by=request.user, **_assignment_data(form))
        return Response(AssignmentSerializer(assignment).data)

    @extend_schema(
        tags=TAGS,
        summary="Replace an assignment (the course's teacher)",
        request=AssignmentRequest,
        responses={200: AssignmentSerializer, **errors(400, 401, 403, 404)},
    )
    def update(self, request, pk=None):
        return self._save(request, pk, partial=False)

    @extend_schema(
        tags=TAGS,
        summary="Change some of an assignment's fields (the course's teacher)",
        request=partial_serializer(AssignmentRequest, name="PatchedAssignmentRequest"),
        responses={200: AssignmentSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        return self._save(request, pk, partial=True)

    @extend_schema(
        tags=TAGS,
        summary="Delete an assignment (the course's teacher)",
        responses={204: None, **errors(401, 403, 404)},
    )
    def destroy(self, request, pk=None):
        services.assignment_delete(assignment=assignment_or_404(request, pk), by=request.user)
        return no_content()


# ---- Grading: /api/courses/{course_pk}/submissions/, /api/submissions/{id}/return/


class CourseSubmissionFilter(SelectorFilterSet):
    assignment = django_filters.NumberFilter(help_text="Only this assignment's submissions.")
    status = django_filters.ChoiceFilter(choices=Submission.Status.choices)

    class Meta:
        model = Submission
        fields = []

    def select(self, data):
        course = self.request.parser_context["view"].course()
        assignment = data.get("assignment")
        return selectors.submissions_for_teacher(
            course=course,
            assignment=int(assignment) if assignment else None,
            status=data.get("status") or "",
        ).order_by("-submitted_at", "-id")


@list_schema(
    "The course's submissions to grade (its teacher)",
    TeacherSubmissionSerializer,
    400,
    401,
    403,
    404,
)
@extend_schema(tags=TAGS)
class CourseSubmissionViewSet(SelectorListViewSet):
    queryset = Submission.objects.all()
    serializer_class = TeacherSubmissionSerializer
    filterset_class = CourseSubmissionFilter
    permission_classes = [IsAuthenticated]

    def course(self) -> Course:
        course = course_or_404(self.request, self.kwargs["course_pk"])
        manage(self.request.user, course, _("Only the course's teacher can grade its work."))
        return course


class SubmissionWrites:
    @extend_schema(
        tags=TAGS,
        summary="Return the work for rework (the course's teacher): the student may resubmit",
        request=ReturnRequest,
        responses={200: SubmissionSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_rework(self, request, pk=None):
        submission = submission_or_404(request, pk)
        if not permissions.can_grade_submission(request.user, submission):
            raise PermissionDenied(_("Only the course's teacher can return this work."))
        form = bind_form(ReturnForm, request)
        submission = services.submission_return(
            submission=submission, by=request.user, comment=form.cleaned_data["comment"]
        )
        return Response(SubmissionSerializer(submission).data)


# ---- Quizzes: /api/courses/{course_pk}/quizzes/, /api/quizzes/{id}/, /api/questions/{id}/


class CourseQuizFilter(SelectorFilterSet):
    class Meta:
        model = Quiz
        fields = []

    def select(self, data):
        course = self.request.parser_context["view"].course()
        return course.quizzes.order_by("created", "id")


@list_schema("The course's quizzes", QuizBriefSerializer, 404, tags=["learning"])
@extend_schema(tags=TAGS)
class CourseQuizViewSet(SelectorListViewSet):
    queryset = Quiz.objects.all()
    serializer_class = QuizBriefSerializer
    filterset_class = CourseQuizFilter
    permission_classes = [IsAuthenticatedOrReadOnly]

    def course(self) -> Course:
        return course_or_404(self.request, self.kwargs["course_pk"])

    @extend_schema(
        summary="Add a quiz to the course (its teacher)",
        request=QuizRequest,
        responses={201: QuizBriefSerializer, **errors(400, 401, 403, 404)},
    )
    def create(self, request, course_pk=None):
        course = self.course()
        manage(request.user, course, _("Only the course's teacher can add quizzes."))
        form = bind_form(QuizForm, request, initial=defaults(QuizForm), course=course)
        quiz = services.quiz_create(
            course=course,
            by=request.user,
            lesson=_lesson_of(course, form.cleaned_data["lesson"]),
            **_quiz_data(form),
        )
        return Response(QuizBriefSerializer(quiz).data, status=201)


class QuizWrites:
    def _save(self, request, pk, *, partial: bool):
        quiz = quiz_for_teacher(request, pk)
        manage(request.user, quiz.course, _("Only the course's teacher can edit quizzes."))
        initial = None
        if partial:
            initial = {
                "title": quiz.title,
                "description": quiz.description,
                "lesson": quiz.lesson_id,
                "pass_mark": quiz.pass_mark,
                "attempts_allowed": quiz.attempts_allowed,
                "time_limit": quiz.time_limit_minutes,
            }
        form = bind_form(QuizForm, request, initial=initial, course=quiz.course)
        services.quiz_update(
            quiz=quiz,
            by=request.user,
            lesson=_lesson_of(quiz.course, form.cleaned_data["lesson"]),
            **_quiz_data(form),
        )
        return Response(QuizBriefSerializer(quiz).data)

    @extend_schema(
        tags=TAGS,
        summary="Replace a quiz's settings (the course's teacher)",
        request=QuizRequest,
        responses={200: QuizBriefSerializer, **errors(400, 401, 403, 404)},
    )
    def update(self, request, pk=None):
        return self._save(request, pk, partial=False)

    @extend_schema(
        tags=TAGS,
        summary="Change some of a quiz's settings (the course's teacher)",
        request=partial_serializer(QuizRequest, name="PatchedQuizRequest"),
        responses={200: QuizBriefSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        return self._save(request, pk, partial=True)

    @extend_schema(
        tags=TAGS,
        summary="Delete a quiz (the course's teacher)",
        responses={204: None, **errors(401, 403, 404)},
    )
    def destroy(self, request, pk=None):
        services.quiz_delete(quiz=quiz_for_teacher(request, pk), by=request.user)
        return no_content()

    @extend_schema(
        methods=["GET"],
        tags=["learning"],
        summary="The quiz's questions: never the answers, except for its teacher",
        responses={200: QuestionSerializer(many=True), **errors(401, 403, 404)},
    )
    @extend_schema(
        methods=["POST"],
        tags=TAGS,
        summary="Add a question with its choices or accepted answers (the course's teacher)",
        request=QuestionRequest,
        responses={201: TeacherQuestionSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["get", "post"])
    def questions(self, request, pk=None):
        quiz = quiz_for_teacher(request, pk)
        if request.method == "GET":
            return self._question_page(request, quiz)
        manage(request.user, quiz.course, _("Only the course's teacher can edit quizzes."))
        form = bind_form(
            QuestionForm,
            request,
            data=_choices_as_lines(request_data(request)),
            initial=defaults(QuestionForm),
        )
        question = services.question_add(quiz=quiz, by=request.user, **form.cleaned_data)
        question = Question.objects.prefetch_related("choices").get(pk=question.pk)
        return Response(TeacherQuestionSerializer(question).data, status=201)

    def _question_page(self, request, quiz: Quiz) -> Response:
        teacher = permissions.can_manage_course(request.user, quiz.course)
        if not (teacher or permissions.can_take_quiz(request.user, quiz)):
            raise PermissionDenied(_("Enroll in the course to take its quizzes."))
        rows = quiz.questions.prefetch_related("choices").order_by("order", "id")
        page = self.paginate_queryset(rows)
        serializer = TeacherQuestionSerializer if teacher else QuestionSerializer
        return self.get_paginated_response(serializer(page, many=True).data)


@extend_schema(tags=TAGS)
class QuestionViewSet(viewsets.GenericViewSet):
    queryset = Question.objects.all()
    serializer_class = TeacherQuestionSerializer
    permission_classes = [IsAuthenticated]

    def _question(self, request, pk) -> Question:
        question = get_object_or_404(
            Question.objects.select_related("quiz__course", "quiz__course__teacher"),
            pk=int_or_404(pk),
        )
        if not permissions.can_view_course(request.user, question.quiz.course):
            raise Http404
        return question

    def _save(self, request, pk, *, partial: bool):
        question = self._question(request, pk)
        manage(request.user, question.quiz.course, _("Only the course's teacher can edit quizzes."))
        body = request_data(request)
        # Choices sent replace the question's; choices left out keep theirs (and their ids).
        sent_choices = "choices" in body
        initial = (
            {
                "text": question.text,
                "kind": question.kind,
                "points": question.points,
                "accepted": question.correct_text,
            }
            if partial
            else defaults(QuestionForm)
        )
        form = bind_form(QuestionForm, request, data=_choices_as_lines(body), initial=initial)
        data = form.cleaned_data
        services.question_update(
            question=question,
            by=request.user,
            text=data["text"],
            kind=data["kind"],
            points=data["points"],
            choices=data["choices"] if sent_choices else None,
            accepted=data["accepted"],
        )
        question = Question.objects.prefetch_related("choices").get(pk=question.pk)
        return Response(TeacherQuestionSerializer(question).data)

    @extend_schema(
        summary="Replace a question (the course's teacher); choices sent replace its choices",
        request=QuestionRequest,
        responses={200: TeacherQuestionSerializer, **errors(400, 401, 403, 404)},
    )
    def update(self, request, pk=None):
        return self._save(request, pk, partial=False)

    @extend_schema(
        summary="Change some of a question's fields (the course's teacher); choices left "
        "out keep theirs",
        request=partial_serializer(QuestionRequest, name="PatchedQuestionRequest"),
        responses={200: TeacherQuestionSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        return self._save(request, pk, partial=True)

    @extend_schema(
        summary="Delete a question and its choices (the course's teacher)",
        responses={204: None, **errors(401, 403, 404)},
    )
    def destroy(self, request, pk=None):
        services.question_delete(question=self._question(request, pk), by=request.user)
        return no_content()


ChoiceEditRequest = form_serializer(ChoiceForm, name="ChoiceEditRequest")


@extend_schema(tags=TAGS)
class ChoiceViewSet(viewsets.GenericViewSet):
    """/api/choices/{id}/: the course's teacher edits one choice of a question."""

    queryset = Choice.objects.all()
    serializer_class = TeacherChoiceSerializer
    permission_classes = [IsAuthenticated]

    def _save(self, request, pk, *, partial: bool):
        choice = get_object_or_404(
            Choice.objects.select_related(
                "question__quiz__course", "question__quiz__course__teacher"
            ),
            pk=int_or_404(pk),
        )
        course = choice.question.quiz.course
        if not permissions.can_view_course(request.user, course):
            raise Http404
        manage(request.user, course, _("Only the course's teacher can edit quizzes."))
        initial = {"text": choice.text, "is_correct": choice.is_correct} if partial else None
        form = bind_form(ChoiceForm, request, initial=initial)
        choice = services.choice_update(choice=choice, by=request.user, **form.cleaned_data)
        return Response(TeacherChoiceSerializer(choice).data)

    @extend_schema(
        summary="Replace a choice's text and whether it is correct (the course's teacher)",
        request=ChoiceEditRequest,
        responses={200: TeacherChoiceSerializer, **errors(400, 401, 403, 404)},
    )
    def update(self, request, pk=None):
        return self._save(request, pk, partial=False)

    @extend_schema(
        summary="Change a choice's text or whether it is correct (the course's teacher)",
        request=partial_serializer(ChoiceEditRequest, name="PatchedChoiceEditRequest"),
        responses={200: TeacherChoiceSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        return self._save(request, pk, partial=True)


# ---- Comments on a lesson, an assignment or a submission


def _comment_target(request, kind: str, pk):
    """What is commented on, if the viewer may read its comments (404 / 403 otherwise)."""
    if kind == "submission":
        return submission_or_404(request, pk)
    target = lesson_or_404(request, pk) if kind == "lesson" else assignment_or_404(request, pk)
    if not permissions.can_study_course(request.user, target):
        raise PermissionDenied(_("Enroll in the course to read and write its comments."))
    return target


class CommentFilter(SelectorFilterSet):
    class Meta:
        model = Comment
        fields = []

    def select(self, data):
        view = self.request.parser_context["view"]
        return selectors.comments_for(**{view.kind: view.target()})


class _TargetCommentViewSet(SelectorListViewSet):
    queryset = Comment.objects.all()
    serializer_class = CommentSerializer
    filterset_class = CommentFilter
    permission_classes = [IsAuthenticated]
    kind = ""

    def target(self):
        if not hasattr(self, "_target"):
            self._target = _comment_target(self.request, self.kind, self.kwargs["target_pk"])
        return self._target

    @extend_schema(
        summary="Write a comment (whoever studies the course; on a submission, its student "
        "and the teacher)",
        request=CommentRequest,
        responses={201: CommentSerializer, **errors(400, 401, 403, 404)},
    )
    def create(self, request, target_pk=None):
        target = self.target()
        form = bind_form(CommentForm, request)
        comment = services.comment_create(
            author=request.user, target=target, text=form.cleaned_data["text"]
        )
        return Response(CommentSerializer(comment).data, status=201)


def comment_viewset(kind: str, summary: str):
    @list_schema(summary, CommentSerializer, 401, 403, 404)
    @extend_schema(tags=["learning"])
    class TargetCommentViewSet(_TargetCommentViewSet):
        pass

    TargetCommentViewSet.kind = kind
    TargetCommentViewSet.__name__ = f"{kind.title()}CommentViewSet"
    TargetCommentViewSet.__qualname__ = TargetCommentViewSet.__name__
    return TargetCommentViewSet


LessonCommentViewSet = comment_viewset("lesson", "A lesson's comments, oldest first")
AssignmentCommentViewSet = comment_viewset("assignment", "An assignment's comments, oldest first")
SubmissionCommentViewSet = comment_viewset("submission", "A submission's comments, oldest first")


@extend_schema(tags=["learning"])
class CommentViewSet(viewsets.GenericViewSet):
    """/api/comments/{id}/: its author (or staff) edits or deletes a comment."""

    queryset = Comment.objects.all()
    serializer_class = CommentSerializer
    permission_classes = [IsAuthenticated]

    def _comment(self, pk) -> Comment:
        return get_object_or_404(
            Comment.objects.select_related("author"), pk=int_or_404(pk), is_hidden=False
        )

    @extend_schema(
        summary="Edit my comment",
        request=CommentRequest,
        responses={200: CommentSerializer, **errors(400, 401, 403, 404)},
    )
    def partial_update(self, request, pk=None):
        comment = self._comment(pk)
        if not permissions.can_change_comment(request.user, comment):
            raise PermissionDenied(_("Only the author can edit a comment."))
        form = bind_form(CommentForm, request)
        comment = services.comment_update(
            comment=comment, by=request.user, text=form.cleaned_data["text"]
        )
        return Response(CommentSerializer(comment).data)

    @extend_schema(summary="Delete my comment", responses={204: None, **errors(401, 403, 404)})
    def destroy(self, request, pk=None):
        services.comment_delete(comment=self._comment(pk), by=request.user)
        return no_content()
