"""Courses: the catalog, one course, create/edit/delete, enroll, reviews."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learning import selectors, services
from learning.forms import CourseFilterForm, CourseForm, ReviewForm, apply_errors
from learning.models import Course, Review
from learning.permissions import can_create_course, can_manage_course, can_review_course
from learning.views.common import visible_course
from site_config.cache import cache_anonymous_page
from site_config.htmx import template_for, vary_on_htmx
from site_config.http import forbidden
from site_config.pagination import paginate

PAGE_SIZE = 12
REVIEWS_PAGE_SIZE = 20


@require_safe
@cache_anonymous_page(namespaces=("learning", "people"))
def course_list(request):
    """The catalog: search, level and teacher filters, sort; cards with my progress."""
    form = CourseFilterForm(request.GET)
    filters = form.filters()
    page_obj = paginate(
        request, selectors.course_search(user=request.user, cached=True, **filters), PAGE_SIZE
    )
    courses = list(page_obj.object_list)
    progress = selectors.progress_for(student=request.user, courses=courses)  # one query
    for course in courses:
        mine = progress.get(course.pk)
        course.my_progress = mine if mine is not None and mine.enrolled else None
    template_name = template_for(request, "learning/course_list.html", "course-list")
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "courses": courses,
        "levels": Course.Level.choices,
        "sorts": CourseFilterForm.SORT_CHOICES,
        "is_filtered": bool(filters["q"] or filters["level"] or filters["teacher"]),
        # Asked of the rule here: `{% has_perm %}` on a "no" falls through to Django's
        # model permissions, two queries.
        "may_create": can_create_course(request.user),
    }
    if "#" not in template_name:
        # Called by the template only when the cached filters are rendered anew.
        context["teachers"] = selectors.catalog_teachers
    return vary_on_htmx(render(request, template_name, context))


def _course_form_data(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "summary": data["summary"],
        "description": data["description"],
        "level": data["level"],
        "is_published": data["is_published"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request):
    if not can_create_course(request.user):
        return forbidden(request, _("Only teachers can create courses."))
    form = CourseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(
                teacher=request.user, cover=form.cleaned_data["cover"], **_course_form_data(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The course is created. Now add its lessons."))
            return redirect(course)
    return render(request, "learning/course_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def course_update(request, pk: int):
    course = visible_course(request, pk)
    if not can_manage_course(request.user, course):
        return forbidden(request, _("Only the course's teacher can edit it."))
    initial = {
        "title": course.title,
        "summary": course.summary,
        "description": course.description,
        "level": course.level,
        "is_published": course.is_published,
    }
    form = CourseForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(
                course=course,
                by=request.user,
                cover=form.cleaned_data["cover"],
                **_course_form_data(form),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The course is saved."))
            return redirect(course)
    return render(request, "learning/course_form.html", {"form": form, "course": course})


@login_required
@require_http_methods(["GET", "POST"])
def course_delete(request, pk: int):
    course = visible_course(request, pk)
    if not can_manage_course(request.user, course):
        return forbidden(request, _("Only the course's teacher can delete it."))
    if request.method == "POST":
        services.course_delete(course=course, by=request.user)
        messages.success(request, _("The course is deleted."))
        return redirect("learning:teaching")
    return render(request, "learning/course_confirm_delete.html", {"course": course})


@require_safe
@cache_anonymous_page(namespaces=("learning", "people"))
def course_detail(request, pk: int):
    course = visible_course(request, pk)
    context = {
        "course": course,
        "review_form": ReviewForm(),
        **selectors.course_for_viewer(course=course, user=request.user),
    }
    return render(request, "learning/course_detail.html", context)


@login_required
@require_POST
def course_enroll(request, pk: int):
    """Enroll: HTMX swaps the enroll box; without JS, back to the course."""
    course = visible_course(request, pk)
    services.enrollment_create(course=course, student=request.user)
    if request.htmx:
        context = {
            "course": course,
            **selectors.course_for_viewer(course=course, user=request.user),
        }
        return render(request, "learning/_enroll_response.html", context)
    messages.success(request, _("You are enrolled. Start with the first lesson."))
    return redirect(course)


@login_required
@require_POST
def course_unenroll(request, pk: int):
    course = visible_course(request, pk)
    if services.enrollment_delete(course=course, student=request.user):
        messages.info(request, _("You left the course. Your progress is kept if you come back."))
    else:
        messages.info(request, _("You are not enrolled in this course."))
    return redirect(course)


@require_http_methods(["GET", "POST"])
def course_reviews(request, pk: int):
    """All reviews; an enrolled student posts (or edits) theirs here."""
    course = visible_course(request, pk)
    user = request.user
    mine = (
        Review.objects.filter(course=course, student=user).first()
        if user.is_authenticated
        else None
    )
    form = ReviewForm(
        request.POST or None,
        initial={"rating": mine.rating, "text": mine.text} if mine else None,
    )
    status = 200
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_review_course(user, course):
            return forbidden(request, _("Only students enrolled in the course can review it."))
        if form.is_valid():
            try:
                services.review_save(
                    course=course,
                    student=user,
                    rating=form.cleaned_data["rating"],
                    text=form.cleaned_data["text"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Thank you for your review."))
                return redirect("learning:course_reviews", pk=course.pk)
        status = 422
    course.refresh_from_db(fields=["rating_sum", "rating_count"])
    reviews = Review.objects.filter(course=course, is_hidden=False).select_related("student")
    page_obj = paginate(request, reviews, REVIEWS_PAGE_SIZE)
    context = {
        "course": course,
        "page_obj": page_obj,
        "form": form,
        "my_review": mine,
        "may_review": user.is_authenticated and can_review_course(user, course),
    }
    return render(request, "learning/course_reviews.html", context, status=status)


@login_required
@require_POST
def review_delete(request, pk: int, review_pk: int):
    course = visible_course(request, pk)
    review = get_object_or_404(Review, pk=review_pk, course=course)
    services.review_delete(review=review, by=request.user)
    messages.info(request, _("Your review is deleted."))
    return redirect("learning:course_reviews", pk=course.pk)
