"""/api/: the JSON API v1. Auth and docs here; each app's resources in <app>/api/urls.py."""

from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from site_config import api, api_auth

app_name = "api"

auth_patterns = [
    path("register/", api_auth.register, name="register"),
    path("verify-email/", api_auth.verify_email, name="verify_email"),
    path("login/", api_auth.login, name="login"),
    path("refresh/", api_auth.refresh, name="refresh"),
    path("logout/", api_auth.logout, name="logout"),
    path("user/", api_auth.me, name="user"),
    path("password-reset/", api_auth.password_reset, name="password_reset"),
    path(
        "password-reset/confirm/",
        api_auth.password_reset_confirm,
        name="password_reset_confirm",
    ),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its settings as a script file (no inline script: strict CSP);
    # the sidecar package serves Swagger UI and Redoc from our static files.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="redoc",
    ),
    path("auth/", include(auth_patterns)),
    path("", include("accounts.api.urls")),
    path("", include("board.api.urls")),
    path("", include("internships.api.urls")),
    path("", include("community.api.urls")),
    re_path(r"^.*$", api.api_not_found),
]
