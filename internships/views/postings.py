"""Postings: the lists, one posting, applying, and the owner's create/edit/close/delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from internships import permissions, selectors, services
from internships.forms import ApplyForm, PostingFilterForm, PostingForm
from internships.models import Posting
from internships.tables import ApplicantTable
from site_config.cache import cache_anonymous_page
from site_config.htmx import template_for, vary_on_htmx
from site_config.http import error_text
from site_config.pagination import paginate, table_paginate

PAGE_SIZE = 12
APPLICANTS_PER_PAGE = 20


@require_safe
@cache_anonymous_page(namespaces=("internships", "people"))
def posting_list(request, kind: str = ""):
    """Open postings with search, filters, sort and pages; /jobs/ fixes kind=job."""
    form = PostingFilterForm(request.GET)
    filters = form.filters(fixed_kind=kind)
    page_obj = paginate(request, selectors.posting_search(**filters), PAGE_SIZE)
    template_name = template_for(request, "internships/posting_list.html", "posting-list")
    context = {
        "form": form,
        "filters": filters,
        "fixed_kind": kind,
        "page_obj": page_obj,
        "is_filtered": any(
            [filters["q"], filters["location"], filters["remote"], filters["skill"]]
            + ([filters["kind"]] if not kind else [])
        ),
    }
    if "#" not in template_name:
        context["options"] = selectors.posting_filter_options(kind=filters["kind"])
    return vary_on_htmx(render(request, template_name, context))


def _posting_or_404(pk: int) -> Posting:
    return get_object_or_404(selectors.postings_with_related(), pk=pk)


def _detail_response(request, posting: Posting, *, apply_form: ApplyForm, status: int = 200):
    context = {
        "posting": posting,
        "apply_form": apply_form,
        **selectors.posting_for_viewer(posting=posting, user=request.user),
    }
    template_name = "internships/posting_detail.html"
    if request.method == "POST":
        template_name = template_for(request, template_name, "apply-box")
    return render(request, template_name, context, status=status)


@require_safe
def posting_detail(request, pk: int):
    return _detail_response(request, _posting_or_404(pk), apply_form=ApplyForm())


@login_required
@require_POST
def posting_apply(request, pk: int):
    """A student applies; refusals keep the letter and say why (422)."""
    posting = _posting_or_404(pk)
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            services.application_create(
                posting=posting,
                student=request.user,
                cover_letter=form.cleaned_data["cover_letter"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return _detail_response(request, posting, apply_form=ApplyForm())
            messages.success(request, _("Your application has been sent. Good luck!"))
            return redirect(posting)
    return _detail_response(request, posting, apply_form=form, status=422)


def _employer_organizations_missing(request):
    return render(request, "internships/posting_form.html", {"no_organization": True})


@login_required
@require_http_methods(["GET", "POST"])
def posting_create(request):
    """Employers publish a posting for one of their organizations."""
    user = request.user
    if not permissions.can_create_posting(user):
        raise PermissionDenied(_("Only employers can publish internships and jobs."))
    if not user.organizations.exists():
        return _employer_organizations_missing(request)
    form = PostingForm(
        request.POST or None, employer=user, initial={"kind": Posting.Kind.INTERNSHIP}
    )
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.posting_create(employer=user, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The posting is published."))
            return redirect(posting)
    return render(request, "internships/posting_form.html", {"form": form})


def _managed_posting(request, pk: int, reason: str) -> Posting:
    """The posting, for its owner (and staff); anyone else gets the 403 saying `reason`."""
    posting = _posting_or_404(pk)
    if not permissions.can_manage_posting(request.user, posting):
        raise PermissionDenied(reason)
    return posting


@login_required
@require_http_methods(["GET", "POST"])
def posting_edit(request, pk: int):
    posting = _managed_posting(request, pk, _("Only the posting's owner can edit it."))
    form = PostingForm(
        request.POST or None, employer=posting.employer, initial=PostingForm.initial_for(posting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.posting_update(posting=posting, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(posting)
    return render(request, "internships/posting_form.html", {"form": form, "posting": posting})


@login_required
@require_http_methods(["GET", "POST"])
def posting_delete(request, pk: int):
    posting = _managed_posting(request, pk, _("Only the posting's owner can delete it."))
    error = None
    if request.method == "GET" and posting.bids.exists():
        # Say so before the owner confirms (the service refuses it anyway).
        error = _("Auction bids name this posting, so it cannot be deleted. Close it instead.")
    if request.method == "POST":
        try:
            services.posting_delete(posting=posting, by=request.user)
        except ValidationError as exc:
            error = error_text(exc)
        else:
            messages.success(request, _("The posting is deleted."))
            return redirect(
                "internships:dashboard" if request.user.is_employer else "internships:posting_list"
            )
    context = {
        "posting": posting,
        "error": error,
        "applicant_count": posting.applications.count(),
    }
    return render(
        request,
        "internships/posting_confirm_delete.html",
        context,
        status=422 if error and request.method == "POST" else 200,
    )


@login_required
@require_POST
def posting_close(request, pk: int):
    posting = _posting_or_404(pk)
    services.posting_close(posting=posting, by=request.user)
    messages.success(request, _("The posting is closed: it no longer takes applications."))
    return redirect(posting)


@login_required
@require_POST
def posting_reopen(request, pk: int):
    posting = _posting_or_404(pk)
    try:
        services.posting_reopen(posting=posting, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("internships:posting_edit", pk=posting.pk)
    messages.success(request, _("The posting is published again."))
    return redirect(posting)


@login_required
@require_safe
def posting_applications(request, pk: int):
    """The owner's sortable, paginated table of applicants (HTMX swaps just the table)."""
    posting = selectors.posting_for_applicants_page(pk)
    if posting is None:
        raise Http404
    if not permissions.can_manage_posting(request.user, posting):
        raise PermissionDenied(_("Only the posting's owner can see its applicants."))

    def table():
        table = ApplicantTable(selectors.applicants(posting=posting))
        table_paginate(request, table, APPLICANTS_PER_PAGE)
        return table

    template_name = template_for(
        request, "internships/posting_applications.html", "applicants-table"
    )
    # The table (its count and rows) is built only when its cached fragment is stale.
    context = {"posting": posting, "table": SimpleLazyObject(table)}
    return vary_on_htmx(render(request, template_name, context))
