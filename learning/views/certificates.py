"""Certificates, my courses, the teacher's dashboard and gradebook."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from learning import selectors, services
from learning.forms import IssueCertificateForm
from learning.models import Certificate, Submission
from learning.permissions import can_create_course, can_manage_course
from learning.qr import qr_svg
from learning.views.common import visible_course
from site_config.http import csv_download, forbidden, safe_next
from site_config.pagination import paginate


@require_safe
def certificate_detail(request, uuid):
    """Public and printable: anyone with the link (or the QR code) can verify it."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("student", "course", "course__teacher"), uuid=uuid
    )
    url = request.build_absolute_uri(certificate.get_absolute_url())
    context = {
        "certificate": certificate,
        "verify_url": url,
        "qr": qr_svg(url),
        "may_manage": can_manage_course(request.user, certificate.course),
    }
    return render(request, "learning/certificate_detail.html", context)


MY_COURSES_PER_PAGE = 24


@login_required
@require_safe
def certificate_list(request):
    certificates = selectors.student_certificates(user=request.user)
    page_obj = paginate(request, certificates, 20)
    return render(request, "learning/certificate_list.html", {"page_obj": page_obj})


@login_required
@require_POST
def certificate_revoke(request, uuid):
    certificate = get_object_or_404(Certificate.objects.select_related("course"), uuid=uuid)
    services.certificate_revoke(certificate=certificate, by=request.user)
    messages.info(request, _("The certificate is revoked."))
    return redirect(safe_next(request, certificate.get_absolute_url()))


@login_required
@require_POST
def certificate_issue(request, pk: int):
    """The teacher issues a certificate by hand from the gradebook."""
    course = visible_course(request, pk)
    if not can_manage_course(request.user, course):
        return forbidden(request, _("Only the course's teacher can issue certificates."))
    form = IssueCertificateForm(request.POST)
    fallback = reverse("learning:gradebook", args=[course.pk])
    if not form.is_valid():
        messages.error(request, _("Choose a student."))
        return redirect(fallback)
    student = get_object_or_404(User, pk=form.cleaned_data["student"])
    try:
        services.certificate_issue(course=course, student=student, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The certificate is issued."))
    return redirect(fallback)


@login_required
@require_safe
def my_courses(request):
    """My enrollments with progress, and my certificates: rendered from the fragment cache
    while my versions stand, so nothing is read then but the page's count."""
    user = request.user
    page_obj = paginate(request, selectors.my_enrollments_cached(user=user), MY_COURSES_PER_PAGE)
    book = functools.cache(
        lambda: selectors.my_courses(user=user, enrollments=page_obj.object_list)
    )
    context = {
        name: SimpleLazyObject(functools.partial(lambda name: book()[name], name))
        for name in ("active", "completed", "certificates")
    }
    context |= {"page_obj": page_obj, "my_versions": selectors.learner_versions(user)}
    return render(request, "learning/my_courses.html", context)


@login_required
@require_safe
def teaching(request):
    if not can_create_course(request.user):
        return forbidden(request, _("The teaching dashboard is for teachers."))
    return render(
        request, "learning/teaching.html", selectors.teaching_dashboard(user=request.user)
    )


@login_required
@require_safe
def gradebook(request, pk: int):
    course = visible_course(request, pk)
    if not can_manage_course(request.user, course):
        return forbidden(request, _("Only the course's teacher can see the gradebook."))
    book = selectors.gradebook(course=course)
    page_obj = paginate(request, book["rows"], 50)
    context = {"course": course, **book, "page_obj": page_obj, "checked": Submission.Status.CHECKED}
    return render(request, "learning/gradebook.html", context)


@login_required
@require_safe
def gradebook_csv(request, pk: int):
    """The gradebook as CSV, streamed row by row."""
    course = visible_course(request, pk)
    if not can_manage_course(request.user, course):
        return forbidden(request, _("Only the course's teacher can see the gradebook."))
    book = selectors.gradebook(course=course)
    return csv_download(selectors.gradebook_csv_rows(book), filename=f"gradebook-{course.pk}.csv")
