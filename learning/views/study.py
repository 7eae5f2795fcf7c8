"""Lessons, materials, assignments, submissions and comments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learning import selectors, services
from learning.forms import (
    AssignmentForm,
    CommentForm,
    GradeForm,
    LessonForm,
    LessonMoveForm,
    MaterialForm,
    ReturnForm,
    SubmissionForm,
    apply_errors,
    comments_anchor,
)
from learning.models import Assignment, Comment, Material, Submission
from learning.permissions import (
    can_change_comment,
    can_comment_on,
    can_manage_course,
    can_study_course,
    can_submit_assignment,
    can_view_submission,
)
from learning.tables import SubmissionTable
from learning.views.common import visible_assignment, visible_course, visible_lesson
from site_config.htmx import template_for, vary_on_htmx
from site_config.http import file_download, forbidden, safe_next
from site_config.pagination import paginate, parse_int, table_paginate

SUBMISSIONS_PER_PAGE = 20
COMMENTS_PER_PAGE = 30

# ---- Lessons


@login_required
@require_http_methods(["GET", "POST"])
def lesson_create(request, course_pk: int):
    course = visible_course(request, course_pk)
    if not can_manage_course(request.user, course):
        return forbidden(request, _("Only the course's teacher can add lessons."))
    form = LessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lesson = services.lesson_create(course=course, by=request.user, **form.cleaned_data)
        messages.success(request, _("The lesson is added."))
        return redirect(lesson)
    return render(request, "learning/lesson_form.html", {"form": form, "course": course})


@login_required
@require_http_methods(["GET", "POST"])
def lesson_update(request, course_pk: int, pk: int):
    lesson = visible_lesson(request, course_pk, pk)
    if not can_manage_course(request.user, lesson.course):
        return forbidden(request, _("Only the course's teacher can edit lessons."))
    form = LessonForm(request.POST or None, initial={"title": lesson.title, "body": lesson.body})
    if request.method == "POST" and form.is_valid():
        services.lesson_update(lesson=lesson, by=request.user, **form.cleaned_data)
        messages.success(request, _("The lesson is saved."))
        return redirect(lesson)
    context = {"form": form, "course": lesson.course, "lesson": lesson}
    return render(request, "learning/lesson_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_delete(request, course_pk: int, pk: int):
    lesson = visible_lesson(request, course_pk, pk)
    if not can_manage_course(request.user, lesson.course):
        return forbidden(request, _("Only the course's teacher can delete lessons."))
    if request.method == "POST":
        services.lesson_delete(lesson=lesson, by=request.user)
        messages.success(request, _("The lesson is deleted."))
        return redirect(lesson.course)
    return render(
        request, "learning/lesson_confirm_delete.html", {"lesson": lesson, "course": lesson.course}
    )


@login_required
@require_POST
def lesson_move(request, course_pk: int, pk: int):
    """Up, down or to a number; HTMX swaps the outline."""
    lesson = visible_lesson(request, course_pk, pk)
    if not can_manage_course(request.user, lesson.course):
        return forbidden(request, _("Only the course's teacher can reorder lessons."))
    form = LessonMoveForm(request.POST)
    if form.is_valid():
        services.lesson_move(
            lesson=lesson,
            by=request.user,
            direction=form.cleaned_data["direction"],
            position=form.cleaned_data["position"],
        )
    else:
        messages.error(request, _("Say where to move the lesson."))
    course = lesson.course
    if request.htmx:
        context = {
            "course": course,
            **selectors.course_for_viewer(course=course, user=request.user),
        }
        return render(request, "learning/course_detail.html#lesson-outline", context)
    return redirect(f"{course.get_absolute_url()}#lesson-outline")


@require_safe
def lesson_detail(request, course_pk: int, pk: int):
    lesson = visible_lesson(request, course_pk, pk)
    if not can_study_course(request.user, lesson.course):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return forbidden(request, _("Enroll in the course to open its lessons."))
    context = {
        **selectors.lesson_for_viewer(lesson=lesson, user=request.user),
        "comments_page": _comments_page(request, lesson=lesson),
        "may_manage": can_manage_course(request.user, lesson.course),
        "comment_form": CommentForm(target=lesson),
        "material_form": MaterialForm(),
    }
    return render(request, "learning/lesson_detail.html", context)


@login_required
@require_POST
def lesson_done(request, course_pk: int, pk: int):
    """Mark a lesson done or not done (`done=0`)."""
    lesson = visible_lesson(request, course_pk, pk)
    done = request.POST.get("done", "1") != "0"
    services.lesson_mark_done(lesson=lesson, student=request.user, done=done)
    if request.htmx:
        context = {"lesson": lesson, "course": lesson.course, "is_done": done}
        return render(request, "learning/lesson_detail.html#done-box", context)
    return redirect(lesson)


# ---- Materials


@login_required
@require_POST
def material_add(request, course_pk: int, pk: int):
    lesson = visible_lesson(request, course_pk, pk)
    if not can_manage_course(request.user, lesson.course):
        return forbidden(request, _("Only the course's teacher can add materials."))
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(lesson=lesson, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The material is added."))
            return redirect(f"{lesson.get_absolute_url()}#materials")
    context = {
        **selectors.lesson_for_viewer(lesson=lesson, user=request.user),
        "comments_page": _comments_page(request, lesson=lesson),
        "may_manage": True,
        "comment_form": CommentForm(),
        "material_form": form,
    }
    return render(request, "learning/lesson_detail.html", context, status=422)


@login_required
@require_POST
def material_delete(request, course_pk: int, lesson_pk: int, pk: int):
    lesson = visible_lesson(request, course_pk, lesson_pk)
    material = get_object_or_404(Material, pk=pk, lesson=lesson)
    material.lesson = lesson
    services.material_delete(material=material, by=request.user)
    messages.success(request, _("The material is removed."))
    return redirect(f"{lesson.get_absolute_url()}#materials")


@login_required
@require_safe
def material_download(request, course_pk: int, lesson_pk: int, pk: int):
    """Uploaded documents go only to whoever studies the course, always as a download."""
    lesson = visible_lesson(request, course_pk, lesson_pk)
    if not can_study_course(request.user, lesson.course):
        return forbidden(request, _("Enroll in the course to download its materials."))
    material = get_object_or_404(Material, pk=pk, lesson=lesson)
    if not material.file:
        return redirect(material.url)
    return file_download(material.file, filename=material.original_name, fallback="material")


# ---- Assignments


def _comments_page(request, **target):
    """One page of the comments on a lesson or an assignment (`?comments=`: the teacher's
    list of submissions on an assignment page pages with `?page=`)."""
    return paginate(
        request, selectors.comments_query(**target), COMMENTS_PER_PAGE, param="comments"
    )


def _assignment_data(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "due_at": data["due_at"],
        "max_grade": data["max_grade"],
        "pass_grade": data["pass_grade"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request, course_pk: int, lesson_pk: int):
    lesson = visible_lesson(request, course_pk, lesson_pk)
    if not can_manage_course(request.user, lesson.course):
        return forbidden(request, _("Only the course's teacher can add assignments."))
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_create(
                lesson=lesson, by=request.user, **_assignment_data(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The assignment is added."))
            return redirect(assignment)
    context = {"form": form, "lesson": lesson, "course": lesson.course}
    return render(request, "learning/assignment_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_update(request, course_pk: int, lesson_pk: int, pk: int):
    assignment = visible_assignment(request, course_pk, lesson_pk, pk)
    lesson = assignment.lesson
    if not can_manage_course(request.user, lesson.course):
        return forbidden(request, _("Only the course's teacher can edit assignments."))
    initial = {
        "title": assignment.title,
        "description": assignment.description,
        "due_at": assignment.due_at,
        "max_grade": assignment.max_grade,
        "pass_grade": assignment.pass_grade,
    }
    form = AssignmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_update(
                assignment=assignment, by=request.user, **_assignment_data(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The assignment is saved."))
            return redirect(assignment)
    context = {"form": form, "lesson": lesson, "course": lesson.course, "assignment": assignment}
    return render(request, "learning/assignment_form.html", context)


@login_required
@require_POST
def assignment_delete(request, course_pk: int, lesson_pk: int, pk: int):
    assignment = visible_assignment(request, course_pk, lesson_pk, pk)
    services.assignment_delete(assignment=assignment, by=request.user)
    messages.success(request, _("The assignment is deleted."))
    return redirect(assignment.lesson)


def _assignment_context(request, assignment: Assignment, **extra) -> dict:
    user = request.user
    lesson = assignment.lesson
    manage = can_manage_course(user, lesson.course)
    mine = Submission.objects.filter(assignment=assignment, student=user).first()
    context = {
        "assignment": assignment,
        "lesson": lesson,
        "course": lesson.course,
        "may_manage": manage,
        "may_submit": can_submit_assignment(user, assignment),
        "submission": mine,
        "submission_comments": selectors.comments_for(submission=mine) if mine else [],
        "submission_comment_form": CommentForm(target=mine) if mine else None,
        "comments_page": _comments_page(request, assignment=assignment),
        "comment_form": CommentForm(target=assignment),
        "form": SubmissionForm(),
    }
    if manage:
        context["waiting_count"] = assignment.submissions.filter(
            status=Submission.Status.SUBMITTED
        ).count()
        visible_comments = Comment.objects.filter(is_hidden=False).select_related("author")
        submissions = (
            assignment.submissions.select_related("student")
            .prefetch_related(Prefetch("comments", queryset=visible_comments))
            .order_by("status", "-submitted_at", "-id")
        )
        context["sub_page"] = paginate(request, submissions, SUBMISSIONS_PER_PAGE)
        for sub in context["sub_page"].object_list:
            sub.assignment = assignment
            sub.grade_form = GradeForm(submission=sub)
            sub.comment_form = CommentForm(target=sub)
        context["highlighted"] = parse_int(request.GET.get("submission"))
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def assignment_detail(request, course_pk: int, lesson_pk: int, pk: int):
    """Read the task and submit (text and/or a file); see my grade and the comment."""
    assignment = visible_assignment(request, course_pk, lesson_pk, pk)
    if not can_study_course(request.user, assignment.lesson.course):
        return forbidden(request, _("Enroll in the course to open its assignments."))
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.submission_submit(
                    assignment=assignment,
                    student=request.user,
                    answer=form.cleaned_data["answer"],
                    file=form.cleaned_data["file"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Your work is submitted. The teacher will check it."))
                return redirect(assignment)
        context = _assignment_context(request, assignment, form=form)
        return render(request, "learning/assignment_detail.html", context, status=422)
    return render(
        request, "learning/assignment_detail.html", _assignment_context(request, assignment)
    )


@login_required
@require_safe
def submission_file(request, pk: int):
    submission = get_object_or_404(
        Submission.objects.select_related("assignment__lesson__course"), pk=pk
    )
    if not can_view_submission(request.user, submission):
        raise Http404(_("No such submission."))
    return file_download(submission.file, filename=submission.original_name, fallback="submission")


# ---- Grading


@login_required
@require_safe
def course_submissions(request, pk: int):
    """The teacher's grading table: filter by assignment and status, sort, page."""
    course = visible_course(request, pk)
    if not can_manage_course(request.user, course):
        return forbidden(request, _("Only the course's teacher can grade its work."))
    assignment_id = parse_int(request.GET.get("assignment"))
    status = request.GET.get("status", "")
    if status not in Submission.Status.values:
        status = ""
    table = SubmissionTable(
        selectors.submissions_for_teacher(course=course, assignment=assignment_id, status=status)
    )
    table_paginate(request, table, SUBMISSIONS_PER_PAGE)
    # Each row of the page gets its inline grade form (templates/learning/_grade_cell.html).
    for row in table.page.object_list:
        row.record.grade_form = GradeForm(submission=row.record)
    template_name = template_for(request, "learning/course_submissions.html", "submissions-table")
    context = {
        "course": course,
        "table": table,
        "assignments": Assignment.objects.filter(lesson__course=course).only("id", "title"),
        "statuses": Submission.Status.choices,
        "current_assignment": assignment_id,
        "current_status": status,
    }
    return vary_on_htmx(render(request, template_name, context))


def _submission_or_404(request, pk: int) -> Submission:
    submission = get_object_or_404(
        Submission.objects.select_related(
            "student", "assignment", "assignment__lesson", "assignment__lesson__course"
        ),
        pk=pk,
    )
    if not can_view_submission(request.user, submission):
        raise Http404(_("No such submission."))
    return submission


@login_required
@require_POST
def submission_grade(request, pk: int):
    """Grade inline: HTMX gets the row's grade cell back; without JS, back to the list."""
    submission = _submission_or_404(request, pk)
    if not can_manage_course(request.user, submission.assignment.lesson.course):
        return forbidden(request, _("Only the course's teacher can grade this work."))
    form = GradeForm(request.POST, submission=submission)
    fallback = submission.assignment.get_absolute_url()
    if form.is_valid():
        try:
            services.submission_grade(
                submission=submission,
                by=request.user,
                grade=form.cleaned_data["grade"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            apply_errors(form, error)
    if form.errors:
        if request.htmx:
            return render(
                request,
                "learning/_grade_cell.html",
                {"submission": submission, "grade_form": form},
                status=422,
            )
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(safe_next(request, fallback))
    if request.htmx:
        context = {"submission": submission, "grade_form": GradeForm(submission=submission)}
        return render(request, "learning/_grade_cell.html", context)
    messages.success(request, _("The grade is saved and the student is notified."))
    return redirect(safe_next(request, fallback))


@login_required
@require_POST
def submission_return(request, pk: int):
    submission = _submission_or_404(request, pk)
    if not can_manage_course(request.user, submission.assignment.lesson.course):
        return forbidden(request, _("Only the course's teacher can return this work."))
    form = ReturnForm(request.POST)
    form.is_valid()
    services.submission_return(
        submission=submission, by=request.user, comment=form.cleaned_data.get("comment", "")
    )
    if request.htmx:
        context = {"submission": submission, "grade_form": GradeForm(submission=submission)}
        return render(request, "learning/_grade_cell.html", context)
    messages.success(request, _("The work is returned for rework."))
    return redirect(safe_next(request, submission.assignment.get_absolute_url()))


# ---- Comments


@login_required
@require_POST
def comment_create(request, kind: str, pk: int):
    """Comment on a lesson, an assignment or a submission."""
    target = _comment_target(request, kind, pk)
    if not can_comment_on(request.user, target):
        return forbidden(request, _("You cannot comment here."))
    form = CommentForm(request.POST, target=target)
    if form.is_valid():
        try:
            comment = services.comment_create(
                author=request.user, target=target, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(_comment_url(comment))
    messages.error(request, _("Write a comment."))
    return redirect(f"{_target_url(target)}#{form.anchor}")


def _comment_target(request, kind: str, pk: int):
    if kind == "lesson":
        from learning.models import Lesson

        lesson = get_object_or_404(Lesson.objects.select_related("course"), pk=pk)
        return visible_lesson(request, lesson.course_id, lesson.pk)
    if kind == "assignment":
        assignment = get_object_or_404(Assignment.objects.select_related("lesson"), pk=pk)
        return visible_assignment(request, assignment.lesson.course_id, assignment.lesson_id, pk)
    if kind == "submission":
        return _submission_or_404(request, pk)
    raise Http404


def _target_url(target) -> str:
    if isinstance(target, Submission):
        return target.assignment.get_absolute_url()
    return target.get_absolute_url()


def _comment_or_404(request, pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related(
            "lesson__course", "assignment__lesson__course", "submission__assignment__lesson"
        ),
        pk=pk,
    )
    if not can_change_comment(request.user, comment):
        return None
    return comment


def _comment_url(comment: Comment, *, anchor: bool = True) -> str:
    """The page showing the comment: on a lesson or an assignment, the page of the paged
    list it is on (oldest first, COMMENTS_PER_PAGE a page)."""
    target = comment.lesson or comment.assignment or comment.submission
    url = _target_url(target)
    if comment.submission_id is None:
        field = "lesson" if comment.lesson_id else "assignment"
        before = Comment.objects.filter(
            Q(created__lt=comment.created) | Q(created=comment.created, id__lt=comment.pk),
            is_hidden=False,
            **{field: target},
        ).count()
        page = before // COMMENTS_PER_PAGE + 1
        if page > 1:
            url += f"?comments={page}"
    return f"{url}#comment-{comment.pk}" if anchor else f"{url}#{comments_anchor(target)}"


@login_required
@require_http_methods(["GET", "POST"])
def comment_update(request, pk: int):
    comment = _comment_or_404(request, pk)
    if comment is None:
        return forbidden(request, _("Only the author can edit a comment."))
    form = CommentForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        services.comment_update(comment=comment, by=request.user, text=form.cleaned_data["text"])
        return redirect(_comment_url(comment))
    return render(
        request,
        "learning/comment_form.html",
        {"form": form, "comment": comment, "back": _comment_url(comment)},
    )


@login_required
@require_POST
def comment_delete(request, pk: int):
    comment = _comment_or_404(request, pk)
    if comment is None:
        return forbidden(request, _("Only the author can delete a comment."))
    url = _comment_url(comment, anchor=False)
    services.comment_delete(comment=comment, by=request.user)
    messages.info(request, _("The comment is deleted."))
    return redirect(url)
