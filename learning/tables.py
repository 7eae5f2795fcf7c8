"""django-tables2 tables of the learning app."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from learning.models import Submission


class SubmissionTable(tables.Table):
    """A course's submissions for its teacher: filter, sort, page, grade inline."""

    htmx_target = "submissions-table"

    student = tables.Column(
        verbose_name=_("Student"), order_by=("student__last_name", "student__first_name")
    )
    assignment = tables.Column(verbose_name=_("Assignment"), order_by=("assignment__title",))
    submitted_at = tables.DateTimeColumn(
        verbose_name=_("Submitted"),
        format="j E, H:i",
        attrs={"th": {"class": "hidden sm:table-cell"}, "td": {"class": "hidden sm:table-cell"}},
    )
    status = tables.TemplateColumn(
        template_code='{% include "learning/_submission_status.html" with submission=record %}',
        verbose_name=_("Status"),
    )
    grade = tables.TemplateColumn(
        template_code='{% include "learning/_grade_cell.html" with submission=record %}',
        verbose_name=_("Grade"),
        order_by=("grade",),
        attrs={"td": {"class": "min-w-[14rem]"}},
    )

    class Meta:
        model = Submission
        fields = ("student", "assignment", "submitted_at", "status", "grade")
        order_by = ("-submitted_at",)
        empty_text = _("No submissions match.")
        attrs = {"class": "min-w-full divide-y divide-slate-200 text-sm"}
        row_attrs = {"id": lambda record: f"submission-row-{record.pk}"}

    def render_student(self, record):
        return record.student.get_full_name() or record.student.email

    def render_assignment(self, record):
        return record.assignment.title
