"""Applications: a student's list and withdrawals; the owner's review and status changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from internships import permissions, selectors, services
from internships.forms import ApplicationStatusForm
from internships.models import Application
from site_config.cache import VersionedRows
from site_config.htmx import current_path, vary_on_htmx
from site_config.http import error_text, safe_next
from site_config.pagination import paginate

PAGE_SIZE = 10
DASHBOARD_PAGE_SIZE = 20


def _list_response(request, *, status: int = 200):
    # The page's rows (with their histories) and total, kept under the data versions: any
    # status move, withdrawal, posting edit or rename changes them at once.
    applications = VersionedRows(
        lambda: selectors.student_applications(user=request.user),
        key=("applications-of", request.user.pk),
        namespaces=("internships", "people"),
    )
    page_obj = paginate(request, applications, PAGE_SIZE)
    return render(
        request, "internships/application_list.html", {"page_obj": page_obj}, status=status
    )


@login_required
@require_safe
def application_list(request):
    """A student's applications with status and history; others get a friendly pointer."""
    return vary_on_htmx(_list_response(request))


@login_required
@require_POST
def application_withdraw(request, pk: int):
    # Only the applicant's own applications exist here: anyone else gets a 404.
    application = get_object_or_404(
        selectors.application_with_history(Application.objects.of_student(request.user)), pk=pk
    )
    try:
        services.application_withdraw(application=application, by=request.user)
    except ValidationError as error:
        if request.htmx:
            return render(
                request,
                "internships/application_list.html#application-card",
                {"application": application, "card_error": error_text(error)},
                status=422,
            )
        messages.error(request, error_text(error))
        return _list_response(request, status=422)
    if request.htmx:
        application = selectors.application_with_history(Application.objects).get(pk=pk)
        return render(
            request,
            "internships/application_list.html#application-card",
            {"application": application},
        )
    messages.success(request, _("Your application is withdrawn."))
    return redirect("internships:application_list")


def _detail_response(request, application: Application, *, form=None, status: int = 200):
    context = {
        "application": application,
        "can_manage": permissions.can_change_application_status(request.user, application),
        "form": form,
    }
    return render(request, "internships/application_detail.html", context, status=status)


@login_required
@require_safe
def application_detail(request, pk: int):
    """One application: its owner sees the letter and the profile.

    Reading changes nothing; once the page has loaded, it posts to `application_viewed`.
    """
    application = selectors.application_for_viewer(pk=pk, user=request.user)
    if application is None:
        raise Http404
    return _detail_response(request, application)


@login_required
@require_POST
def application_viewed(request, pk: int):
    """The posting's owner has opened a submitted application: it becomes "viewed"."""
    application = selectors.application_for_viewer(pk=pk, user=request.user)
    if application is None:
        raise Http404
    if services.application_mark_viewed(application=application, by=request.user):
        application = selectors.application_for_viewer(pk=pk, user=request.user)
    if request.htmx:
        return render(
            request,
            "internships/application_detail.html#status-and-history",
            {"application": application},
        )
    return redirect(application)


def _sent_from_its_page(request, application: Application) -> bool:
    """Whether an HTMX request came from the application's own page (which has a history)."""
    current = current_path(request)
    return current.split("?", 1)[0] == application.get_absolute_url()


@login_required
@require_POST
def application_status(request, pk: int):
    """The posting's owner moves an application on (inline in the table or on its page)."""
    application = selectors.application_for_viewer(pk=pk, user=request.user)
    if application is None:
        raise Http404
    if not permissions.can_change_application_status(request.user, application):
        # Before the form: a refusal must not look like a bad status.
        raise PermissionDenied(_("Only the posting's owner can change the status."))
    form = ApplicationStatusForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.application_set_status(
                application=application, status=form.cleaned_data["status"], by=request.user
            )
        except ValidationError as exc:
            error = error_text(exc)
    else:
        error = _("Choose one of the offered statuses.")
    if error:
        application.refresh_from_db()
        form.add_error(None, error)
    if request.htmx:
        status = 422 if error else 200
        if _sent_from_its_page(request, application):
            # The page also shows the history: it gets the new step out of band.
            return render(
                request,
                "internships/application_detail.html#status-and-history",
                {
                    "application": selectors.application_for_viewer(pk=pk, user=request.user),
                    "status_error": error,
                    "flash": not error,
                },
                status=status,
            )
        return render(
            request,
            "internships/_application_status.html",
            {"record": application, "status_error": error, "flash": not error},
            status=status,
        )
    if error:
        return _detail_response(
            request,
            selectors.application_for_viewer(pk=pk, user=request.user),
            form=form,
            status=422,
        )
    messages.success(
        request,
        _("%(student)s: the status is now “%(status)s”.")
        % {"student": application.student, "status": application.get_status_display().lower()},
    )
    return redirect(safe_next(request, application.get_absolute_url()))


@login_required
@require_safe
def dashboard(request):
    """An employer's postings, applications per status and a 30-day chart."""
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied(_("The dashboard is for employers."))
    context = selectors.employer_dashboard(user=request.user)
    context["page_obj"] = paginate(request, context["postings"], DASHBOARD_PAGE_SIZE)
    return render(request, "internships/dashboard.html", context)
