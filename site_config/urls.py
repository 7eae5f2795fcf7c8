import posixpath

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from accounts import views as accounts_views
from site_config import richtext, views

admin.site.site_header = admin.site.site_title = settings.SITE_NAME
admin.site.index_title = _("Site administration")


def admin_login(request):
    from django.shortcuts import redirect
    from django.urls import reverse
    from django.utils.http import urlencode

    from site_config.http import safe_next

    target = safe_next(request, reverse("admin:index"))
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The admin's own login form has no brute-force limit: staff log in through allauth's
    # (its rate limits, its lockout), then come back to the admin.
    path("admin/login/", admin_login, name="admin_login_redirect"),
    path("admin/", admin.site.urls),
    # Django's set_language, plus remembering the choice for mails and notifications.
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("uploads/images/", richtext.image_upload, name="image_upload"),
    path("api/", include("site_config.api_urls")),
    path("", include("accounts.urls")),
    path("", include("board.urls")),
    path("", include("internships.urls")),
    path("", include("learning.urls")),
    path("", include("community.urls")),
]


if settings.BENCH:
    # A bare view to measure the pages against (`make bench`); not routed otherwise.
    from site_config import bench

    urlpatterns += [path("bench/baseline/", bench.baseline, name="bench_baseline")]


def media(request, path):
    # MEDIA_ROOT is read per request (not frozen at import), so tests may change it.
    # A path the file system cannot even look up (too long, a NUL byte) is simply absent.
    if len(path) > 255 or "\x00" in path:
        raise Http404
    # Private uploads go only through their permission-checked views (learning's
    # material and submission downloads), however the path is spelled.
    normalized = posixpath.normpath(path.replace("\\", "/")).lstrip("/").lower() + "/"
    if normalized.startswith(settings.PRIVATE_MEDIA_PREFIXES):
        raise Http404
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError):
        raise Http404 from None


if settings.SERVE_MEDIA:
    # Small deployments serve uploads from Django; behind a proxy set SERVE_MEDIA=0.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", media, name="media")]

handler400 = "site_config.views.error_400"
handler403 = "site_config.views.error_403"
handler404 = "site_config.views.error_404"
handler500 = "site_config.views.error_500"
