"""Site-wide pages: home, health check, error pages."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.selectors import home_highlights
from site_config.cache import cache_anonymous_page
from site_config.registry import home_sections


@require_safe
# Every app with a home section has its data version here: an edit there shows at once.
@cache_anonymous_page(namespaces=("board", "internships", "learning", "community", "people"))
def home(request):
    context = home_highlights(user=request.user)
    # Each app contributes a section (site_config.registry): its context and its template.
    context["sections"] = []
    for section in home_sections():
        context.update(section.get_context())
        context["sections"].append(section.template)
    return render(request, "home.html", context)


@never_cache
@require_safe
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
    # `PermissionDenied(reason)` from a service or view: the page says why.
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # No context processors' database work here: the database may be what failed.
    return render(request, "errors/500.html", status=500)
