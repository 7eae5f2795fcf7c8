"""django-tables2 tables of the learning app."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from learning.models import Submission


class SubmissionTable(tables.Table):
    """A course's submissions for its teacher: filter, sort, page, grade inline."""

    htmx_target = "submissions-table"

    student = tables.Column(
        verbose_name=_("Student"), order_by=("student__last_name", "student__first_name")
    )
    # On phones the student and the grade form matter most; the rest waits for wider screens.
    assignment = tables.Column(
        verbose_name=_("Assignment"),
        order_by=("assignment__title",),
        attrs={"th": {"class": "hidden md:table-cell"}, "td": {"class": "hidden md:table-cell"}},
    )
    submitted_at = tables.DateTimeColumn(
        verbose_name=_("Submitted"),
        format="j E, H:i",
        attrs={"th": {"class": "hidden sm:table-cell"}, "td": {"class": "hidden sm:table-cell"}},
    )
    status = tables.TemplateColumn(
        template_code='{% include "learning/_submission_status.html" with submission=record %}',
        verbose_name=_("Status"),
        attrs={"th": {"class": "hidden lg:table-cell"}, "td": {"class": "hidden lg:table-cell"}},
    )
    grade = tables.TemplateColumn(
        # The view gives each record of the page its `grade_form`.
        template_code=(
            '{% include "learning/_grade_cell.html" with submission=record'
            " grade_form=record.grade_form %}"
        ),
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
        # The assignment's title goes under the name where its own column is hidden.
        return format_html(
            '{}<span class="block text-xs text-slate-500 md:hidden">{}</span>',
            record.student.get_full_name() or record.student.email,
            record.assignment.title,
        )

    def render_assignment(self, record):
        return record.assignment.title
