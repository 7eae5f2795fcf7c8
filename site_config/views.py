"""Site-wide pages: home, health check, error pages."""

import importlib

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.selectors import home_highlights


@require_GET
def home(request):
    context = home_highlights(user=request.user)
    # Each app may add a section to the home page: `<app>.selectors.home_section()` gives
    # its context and `templates/<app>/_home_section.html` renders it.
    context["sections"] = []
    for app in HOME_SECTION_APPS:
        selectors = importlib.import_module(f"{app}.selectors")
        context.update(selectors.home_section())
        context["sections"].append(f"{app}/_home_section.html")
    return render(request, "home.html", context)


HOME_SECTION_APPS: tuple[str, ...] = ("board", "internships")


@never_cache
@require_GET
def healthz(request):
    """200 `ok` when the database answers (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # No context processors' database work here: the database may be what failed.
    return render(request, "errors/500.html", status=500)
