"""django-tables2 tables of the internships app."""

from __future__ import annotations

import hashlib

import django_tables2 as tables
from django.core.exceptions import ObjectDoesNotExist
from django.template import Context
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from internships.models import Application
from site_config.cache import data_version
from site_config.templatetags.cache_tags import CSRF_PLACEHOLDER


class ApplicantTable(tables.Table):
    """A posting's applicants for its owner: sortable, with an inline status form."""

    # Sort and page links swap only this element (see templates/django_tables2/tailwind.html).
    htmx_target = "applicants-table"

    # Cells render compiled templates (the loader keeps them) in one plain Context made
    # once per table: `TemplateColumn(template_code=...)` compiled its code for every cell,
    # and `template_name=` builds a RequestContext (every context processor) per cell.
    student = tables.Column(
        verbose_name=_("Student"),
        order_by=("student__last_name", "student__first_name"),
        empty_values=(),
    )
    # On phones the student and the status matter most: date and skills wait for wider screens.
    created = tables.DateTimeColumn(
        verbose_name=_("Applied"),
        format="j E Y, H:i",
        attrs={
            "th": {"class": "hidden sm:table-cell"},
            "td": {"class": "hidden whitespace-nowrap sm:table-cell"},
        },
    )
    status = tables.Column(
        verbose_name=_("Status"),
        empty_values=(),
        attrs={"td": {"class": "min-w-[10rem] sm:min-w-[12rem]"}},
    )
    skills = tables.Column(
        verbose_name=_("Skills"),
        accessor="student__profile",
        orderable=False,
        empty_values=(),
        attrs={"th": {"class": "hidden lg:table-cell"}, "td": {"class": "hidden lg:table-cell"}},
    )

    class Meta:
        model = Application
        fields = ("student", "created", "status", "skills")
        order_by = ("-created",)
        empty_text = _("Nobody has applied yet.")
        attrs = {"class": "min-w-full divide-y divide-slate-200 text-sm"}
        row_attrs = {"id": lambda record: f"application-{record.pk}"}

    def row_cache_key(self, record) -> str:
        """A row is the same until the application, the people on it, the page it posts
        back to or the language change (templates/django_tables2/tailwind.html caches it)."""
        request = getattr(self, "request", None)
        if request is None:
            return ""
        htmx = getattr(request, "htmx", None)
        back = (htmx.current_url_abs_path if htmx else None) or request.get_full_path()
        raw = repr(
            (
                record.pk,
                record.status,
                record.updated.timestamp() if record.updated else None,
                data_version("internships", "people"),
                get_language(),
                back,
            )
        )
        return "applicant-row:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()

    def _cell(self, template_name: str, record) -> str:
        context = getattr(self, "_cell_context", None)
        if context is None:
            request = getattr(self, "request", None)
            # Rows are cached with a placeholder for the CSRF token ({% cache_fragment %}
            # puts each visitor's own in).
            context = Context(
                {"request": request, "csrf_token": CSRF_PLACEHOLDER if request else ""}
            )
            self._cell_context = context
        with context.push(record=record):
            return get_template(template_name).template.render(context)

    def render_student(self, record):
        return self._cell("internships/_applicant_cell.html", record)

    def render_status(self, record):
        return self._cell("internships/_application_status.html", record)

    def render_skills(self, record):
        try:
            skills = list(record.student.profile.skills.all())
        except ObjectDoesNotExist:  # a user without a profile yet
            skills = []
        if not skills:
            return mark_safe('<span class="text-slate-400">—</span>')
        shown = skills[:5]
        chips = format_html_join(
            "", '<span class="badge-gray">{}</span>', ((skill.name,) for skill in shown)
        )
        more = (
            format_html('<span class="text-xs text-slate-500">+{}</span>', len(skills) - 5)
            if len(skills) > 5
            else ""
        )
        return format_html('<div class="flex flex-wrap gap-1">{}{}</div>', chips, more)
