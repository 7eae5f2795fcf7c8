"""The learning app's admin-activity sources (registered in `apps.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from learning.models import Certificate, Course, Enrollment, Submission
from site_config.activity import Source, counts, events


def sources() -> Iterable[Source]:
    yield (
        Course,
        lambda window: [
            counts(Course, key="courses", label=_("Courses"), field="created", window=window)
        ],
        lambda limit: events(
            Course.objects.select_related("teacher").defer("description", "search_text"),
            kind="course",
            label=_("Course created"),
            when="created",
            title=lambda course: course.title,
            actor=lambda course: course.teacher,
            limit=limit,
        ),
    )
    yield (
        Enrollment,
        lambda window: [
            counts(
                Enrollment,
                key="enrollments",
                label=_("Enrollments"),
                field="enrolled_at",
                window=window,
            )
        ],
        lambda limit: events(
            Enrollment.objects.select_related("student", "course").defer(
                "course__description", "course__search_text"
            ),
            kind="enrollment",
            label=_("Enrolled in a course"),
            when="enrolled_at",
            title=lambda enrollment: enrollment.course.title,
            actor=lambda enrollment: enrollment.student,
            limit=limit,
        ),
    )
    yield (
        Submission,
        lambda window: [
            counts(
                Submission,
                key="submissions",
                label=_("Submissions"),
                field="submitted_at",
                window=window,
            )
        ],
        lambda limit: events(
            Submission.objects.select_related("student", "assignment").defer(
                "answer", "assignment__description"
            ),
            kind="submission",
            label=_("Work submitted"),
            when="submitted_at",
            title=lambda submission: submission.assignment.title,
            actor=lambda submission: submission.student,
            limit=limit,
        ),
    )
    yield (
        Certificate,
        lambda window: [
            counts(
                Certificate,
                key="certificates",
                label=_("Certificates"),
                field="issued_at",
                window=window,
            )
        ],
        lambda limit: events(
            Certificate.objects.select_related("student", "course").defer(
                "course__description", "course__search_text"
            ),
            kind="certificate",
            label=_("Certificate issued"),
            when="issued_at",
            title=lambda certificate: certificate.course.title,
            actor=lambda certificate: certificate.student,
            limit=limit,
        ),
    )
