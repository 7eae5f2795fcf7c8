"""Quizzes: authoring for the teacher; attempts for enrolled students.

All questions are on one screen: it works without JavaScript, is one POST for the
server to time and score, and scrolls well on a phone. Correct answers are rendered only
on the review of a finished attempt (and on the teacher's editor).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learning import services
from learning.forms import AttemptForm, QuestionForm, QuizForm, apply_errors
from learning.models import Attempt, Question, Quiz
from learning.permissions import can_manage_course, can_take_quiz, can_view_course
from learning.views.common import visible_course
from site_config.http import forbidden


def _quiz_or_404(request, pk: int) -> Quiz:
    quiz = get_object_or_404(
        Quiz.objects.select_related("course", "course__teacher", "lesson"), pk=pk
    )
    if not can_view_course(request.user, quiz.course):
        from django.http import Http404

        raise Http404(_("No such quiz."))
    return quiz


def _quiz_data(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "pass_mark": data["pass_mark"],
        "attempts_allowed": data["attempts_allowed"],
        "time_limit": data["time_limit"],
    }


def _lesson_of(course, lesson_id):
    return course.lessons.filter(pk=lesson_id).first() if lesson_id else None


@login_required
@require_http_methods(["GET", "POST"])
def quiz_create(request, course_pk: int):
    course = visible_course(request, course_pk)
    if not can_manage_course(request.user, course):
        return forbidden(request, _("Only the course's teacher can add quizzes."))
    form = QuizForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            quiz = services.quiz_create(
                course=course,
                by=request.user,
                lesson=_lesson_of(course, form.cleaned_data["lesson"]),
                **_quiz_data(form),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The quiz is created. Add its questions."))
            return redirect("learning:quiz_edit", pk=quiz.pk)
    return render(request, "learning/quiz_form.html", {"form": form, "course": course})


@login_required
@require_http_methods(["GET", "POST"])
def quiz_edit(request, pk: int):
    """The teacher's editor: settings, the questions (with the right answers) and a new one."""
    quiz = _quiz_or_404(request, pk)
    course = quiz.course
    if not can_manage_course(request.user, course):
        return forbidden(request, _("Only the course's teacher can edit quizzes."))
    initial = {
        "title": quiz.title,
        "description": quiz.description,
        "lesson": quiz.lesson_id,
        "pass_mark": quiz.pass_mark,
        "attempts_allowed": quiz.attempts_allowed,
        "time_limit": quiz.time_limit_minutes,
    }
    form = QuizForm(request.POST or None, course=course, initial=initial)
    question_form = QuestionForm(request.POST or None, prefix="question")
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "question":
            form = QuizForm(course=course, initial=initial)
            if question_form.is_valid():
                try:
                    services.question_add(quiz=quiz, by=request.user, **question_form.cleaned_data)
                except ValidationError as error:
                    apply_errors(question_form, error)
                else:
                    messages.success(request, _("The question is added."))
                    return redirect(f"{request.path}#questions")
        else:
            question_form = QuestionForm(prefix="question")
            if form.is_valid():
                try:
                    services.quiz_update(
                        quiz=quiz,
                        by=request.user,
                        lesson=_lesson_of(course, form.cleaned_data["lesson"]),
                        **_quiz_data(form),
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(request, _("The quiz is saved."))
                    return redirect(request.path)
        status = 422
    context = {
        "quiz": quiz,
        "course": course,
        "form": form,
        "question_form": question_form,
        "questions": quiz.questions.prefetch_related("choices"),
    }
    return render(request, "learning/quiz_edit.html", context, status=status)


@login_required
@require_POST
def quiz_delete(request, pk: int):
    quiz = _quiz_or_404(request, pk)
    services.quiz_delete(quiz=quiz, by=request.user)
    messages.success(request, _("The quiz is deleted."))
    return redirect(quiz.course)


@login_required
@require_POST
def question_delete(request, pk: int, question_pk: int):
    quiz = _quiz_or_404(request, pk)
    question = get_object_or_404(Question, pk=question_pk, quiz=quiz)
    question.quiz = quiz
    services.question_delete(question=question, by=request.user)
    messages.success(request, _("The question is deleted."))
    return redirect(f"{quiz.get_absolute_url()}edit/#questions")


@login_required
@require_safe
def quiz_detail(request, pk: int):
    """The quiz: rules and my attempts; an open attempt shows its questions (no answers)."""
    quiz = _quiz_or_404(request, pk)
    manage = can_manage_course(request.user, quiz.course)
    if not manage and not can_take_quiz(request.user, quiz):
        return forbidden(request, _("Enroll in the course to take its quizzes."))
    return _quiz_page(request, quiz, manage=manage)


def _attempt_form(quiz: Quiz, data=None) -> AttemptForm:
    # Only what a student needs to answer: texts and choice labels, never `is_correct`.
    return AttemptForm(data, questions=quiz.questions.prefetch_related("choices"))


def _quiz_page(
    request, quiz: Quiz, *, manage: bool, form: AttemptForm | None = None, status: int = 200
):
    """The quiz page; `form` is the open attempt's answers sent back with their errors."""
    user = request.user
    attempts = list(Attempt.objects.filter(quiz=quiz, student=user).order_by("-started_at"))
    current = next((a for a in attempts if not a.is_finished), None)
    if current is not None and services._expired(current):
        current = None  # it is finished (timed out) when the student next starts or submits
    finished = [a for a in attempts if a.is_finished]
    best = max(finished, key=lambda a: (a.percent, a.passed), default=None)
    if current is None:
        form = None
    elif form is None:
        form = _attempt_form(quiz)
    context = {
        "quiz": quiz,
        "course": quiz.course,
        "may_manage": manage,
        "attempts": finished,
        "current": current,
        "form": form,
        "best": best,
        "attempts_left": services.attempts_left(quiz=quiz, student=user),
        "question_count": quiz.questions.count(),
    }
    return render(request, "learning/quiz_detail.html", context, status=status)


@login_required
@require_POST
def quiz_start(request, pk: int):
    quiz = _quiz_or_404(request, pk)
    try:
        services.attempt_start(quiz=quiz, student=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{quiz.get_absolute_url()}#attempt")


@login_required
@require_POST
def attempt_submit(request, pk: int, attempt_pk: int):
    quiz = _quiz_or_404(request, pk)
    attempt = get_object_or_404(Attempt, pk=attempt_pk, quiz=quiz, student=request.user)
    form = _attempt_form(quiz, request.POST)
    if not form.is_valid() and not attempt.is_finished and not services._expired(attempt):
        # A choice the teacher has since removed, or a crafted answer: the page again, with
        # the answers kept and the error on its question (the clock keeps running).
        manage = can_manage_course(request.user, quiz.course)
        return _quiz_page(request, quiz, manage=manage, form=form, status=422)
    try:
        attempt = services.attempt_submit(
            attempt=attempt, student=request.user, data=form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(quiz)
    if attempt.timed_out:
        messages.error(request, _("Time ran out: answers sent after the limit do not count."))
    return redirect("learning:attempt_detail", pk=quiz.pk, attempt_pk=attempt.pk)


@login_required
@require_safe
def attempt_detail(request, pk: int, attempt_pk: int):
    """A finished attempt's review: what was right and wrong (only now the answers show)."""
    quiz = _quiz_or_404(request, pk)
    attempt = get_object_or_404(Attempt, pk=attempt_pk, quiz=quiz)
    if attempt.student_id != request.user.pk and not can_manage_course(request.user, quiz.course):
        from django.http import Http404

        raise Http404(_("No such attempt."))
    if not attempt.is_finished:
        return redirect(quiz)
    _score, _total, results = services.score_answers(quiz, attempt.answers)
    review = []
    for question in quiz.questions.prefetch_related("choices"):
        given = attempt.answers.get(str(question.pk))
        chosen = set(given) if isinstance(given, list) else set()
        review.append(
            {
                "question": question,
                "right": results.get(str(question.pk), False),
                "given_text": given if isinstance(given, str) else "",
                "chosen": chosen,
            }
        )
    context = {
        "quiz": quiz,
        "course": quiz.course,
        "attempt": attempt,
        "review": review,
        "attempts_left": services.attempts_left(quiz=quiz, student=attempt.student),
    }
    return render(request, "learning/attempt_detail.html", context)
