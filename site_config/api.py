"""What every part of the JSON API v1 shares: errors, pages, throttles, forms as input.

API views are thin (docs/conventions.md): they authenticate, bind the same Django form
the HTML view binds (`bind_form`), call the same service or selector, and serialize the
result. Validation lives in the forms and services only; `form_serializer` derives the
request body the schema documents from the form, so the two never drift apart.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Mapping

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

# ---- Errors: {"error": {"code": "...", "message": "...", "fields": {"field": ["..."]}}}

# Service refusals that are "not allowed" (403) or "the state says no" (409), by the
# ValidationError code the service gives; every other ValidationError is bad input (400).
FORBIDDEN_CODES = frozenset({"forbidden", "not_student", "not_employer", "not_teacher", "own_ad"})
CONFLICT_CODES = frozenset(
    {
        "duplicate",
        "outbid",
        "stale",
        "already_best",
        "one_active",
        "has_bids",
        "decided",
        "ended",
        "closed",
        "hidden",
        "past_deadline",
        "already_enrolled",
        "already_reviewed",
        "already_submitted",
        "conflict",
        "last_owner",
        "not_draft",
    }
)
TOO_LARGE_CODES = frozenset({"too_large", "too_many_pixels", "file_too_large", "upload_quota"})
# A service's own flood guard (chat messages): the client retries later, as after a 429.
THROTTLED_CODES = frozenset({"rate_limited"})


class ApiError(exceptions.APIException):
    """An error with the API's one body shape."""

    def __init__(self, *, status_code: int, code: str, message: str, fields=None):
        self.status_code = status_code
        self.code = code
        self.message = force_str(message)
        self.fields = fields or {}
        super().__init__(detail=self.message, code=code)


def _codes(error: DjangoValidationError) -> set[str]:
    return (
        {e.code for e in error.error_list if e.code}
        if not hasattr(error, "error_dict")
        else {e.code for errors in error.error_dict.values() for e in errors if e.code}
    )


def _split_messages(messages_by_field: Mapping[str, list]) -> tuple[str, dict[str, list[str]]]:
    """(the general message, the per-field messages) of a field → messages mapping."""
    general = []
    fields = {}
    for field, messages in messages_by_field.items():
        texts = [force_str(m) for m in messages]
        if field in ("__all__", "non_field_errors", None):
            general.extend(texts)
        else:
            fields[field] = texts
    message = general[0] if general else ""
    if not message and fields:
        message = force_str(_("Please correct the errors below."))
    return message, fields


def from_django_validation(error: DjangoValidationError) -> ApiError:
    """A service's ValidationError as 400, 403, 409 or 413, keeping its field messages."""
    codes = _codes(error)
    if hasattr(error, "error_dict"):
        message, fields = _split_messages(
            {name: [m for e in errs for m in e.messages] for name, errs in error.error_dict.items()}
        )
    else:
        message, fields = (error.messages[0] if error.messages else ""), {}
    if codes & FORBIDDEN_CODES:
        status_code = status.HTTP_403_FORBIDDEN
    elif codes & CONFLICT_CODES:
        status_code = status.HTTP_409_CONFLICT
    elif codes & TOO_LARGE_CODES:
        status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    elif codes & THROTTLED_CODES:
        status_code = status.HTTP_429_TOO_MANY_REQUESTS
    else:
        status_code = status.HTTP_400_BAD_REQUEST
    special = sorted(codes & (FORBIDDEN_CODES | CONFLICT_CODES | TOO_LARGE_CODES | THROTTLED_CODES))
    plain = sorted(codes)[0] if len(codes) == 1 else "invalid"
    code = special[0] if special else plain
    return ApiError(status_code=status_code, code=code, message=message, fields=fields)


def form_error(form: forms.BaseForm) -> ApiError:
    """A bound, invalid form as a 400 (413 for a too large upload) with its field errors."""
    data = form.errors.as_data()
    codes = {e.code for errs in data.values() for e in errs if e.code}
    message, fields = _split_messages(
        {k: [m for e in v for m in e.messages] for k, v in data.items()}
    )
    if "upload_quota" in codes:  # site_config.uploads: the user's upload space is full
        return ApiError(status_code=413, code="upload_quota", message=message, fields=fields)
    if codes & TOO_LARGE_CODES:
        return ApiError(status_code=413, code="too_large", message=message, fields=fields)
    if codes & THROTTLED_CODES:
        return ApiError(status_code=429, code="rate_limited", message=message, fields=fields)
    return ApiError(status_code=400, code="invalid", message=message, fields=fields)


def _body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": force_str(message), "fields": fields or {}}}


def exception_handler(exc, context):
    """DRF's handler with the one error shape; Django's refusals become API errors."""
    # Imported here: rest_framework.views reads the settings that name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = from_django_validation(exc)
    elif isinstance(exc, RequestDataTooBig):
        exc = ApiError(
            status_code=413, code="too_large", message=_("The request body is too large.")
        )
    elif isinstance(exc, DjangoPermissionDenied):
        reason = str(exc) or force_str(_("You are not allowed to do this."))
        exc = ApiError(status_code=403, code="permission_denied", message=reason)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ApiError):
        response.data = _body(exc.code, exc.message, exc.fields)
        return response
    detail = getattr(exc, "detail", "")
    codes = exc.get_codes() if hasattr(exc, "get_codes") else ""
    if isinstance(exc, exceptions.ValidationError):
        as_dict = detail if isinstance(detail, dict) else {"__all__": detail}
        message, fields = _split_messages(
            {k: (v if isinstance(v, list) else [v]) for k, v in as_dict.items()}
        )
        response.data = _body("invalid", message, fields)
        return response
    if isinstance(detail, dict):
        # simplejwt's token errors: {"detail": "...", "code": "...", "messages": [...]}
        code = force_str(detail.get("code", "")) or "error"
        message = detail.get("detail", "")
    else:
        code = codes if isinstance(codes, str) else "error"
        message = detail
    response.data = _body(code, message)
    return response


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    400: "Bad input: `error.fields` says what to fix.",
    401: "No token, or an expired or invalid one.",
    403: "Not allowed for this user.",
    404: "Missing, or private to someone else.",
    405: "Method not allowed.",
    409: "Conflict with the current state (already applied, outbid, ...).",
    413: "Too large (upload or request body).",
    415: "Unsupported media type: send the body as the endpoint's request lists.",
    429: "Throttled: retry after the `Retry-After` seconds.",
}


def errors(*codes: int) -> dict:
    """`responses=` entries of the error bodies an endpoint can answer with."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
        for code in codes
    }


def document_page_errors(result, generator, request, public):
    """Schema hook: every paginated list answers 404 for a `?page=` past the end or not a
    number (DRF's paginator), so each documents that error body."""
    error = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses") if isinstance(operation, dict) else None
            if not responses or "200" not in responses:
                continue
            body = responses["200"].get("content", {}).get("application/json", {})
            if body.get("schema", {}).get("$ref", "").startswith("#/components/schemas/Paginated"):
                responses.setdefault(
                    "404",
                    {
                        "content": {"application/json": {"schema": error}},
                        "description": "Missing, or a page that does not exist.",
                    },
                )
    return result


# ---- Filters


class SelectorFilterSet(django_filters.FilterSet):
    """Query parameters checked here (400 for a bad value) and documented in the schema;
    the app's selector does the filtering, the same call the HTML list makes."""

    def select(self, data: dict):
        raise NotImplementedError

    def filter_queryset(self, queryset):
        return self.select(self.form.cleaned_data)


# ---- Pages


class Pagination(PageNumberPagination):
    """`?page=` and `?page_size=` (at most 100) on every list."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


# ---- Throttles (DRF counts in the default cache: Redis when REDIS_URL is set)


class UserThrottle(UserRateThrottle):
    """Per signed-in user (per IP for anonymous requests)."""

    scope = "user"


class IPThrottle(SimpleRateThrottle):
    """Per client IP whoever is signed in, so one address cannot spread load over accounts."""

    scope = "ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def allauth_rate_limit(request, action: str, key: str | None = None) -> None:
    """The site's own (allauth) rate limit for `action`; 429 once it is used up."""
    from allauth.core import ratelimit

    django_request = getattr(request, "_request", request)
    if not ratelimit.consume(django_request, action=action, key=key):
        raise exceptions.Throttled(
            detail=force_str(_("Too many attempts. Please wait a while and try again."))
        )


# ---- Forms as the API's input


def request_data(request) -> dict:
    """The request body as a plain dict (JSON object, or multipart/form fields)."""
    data = request.data
    if hasattr(data, "getlist"):
        return {key: (values if len(values) > 1 else values[0]) for key, values in data.lists()}
    if not isinstance(data, Mapping):
        raise ApiError(
            status_code=400, code="invalid", message=_("Send a JSON object in the request body.")
        )
    return dict(data)


MULTIPLE_FIELDS = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)


def bind_form(form_class, request, *, initial: Mapping | None = None, data=None, **kwargs):
    """Bind the site's form to the request body and validate it; 400 with its errors.

    `initial` (the current values) makes it a partial update: fields the client leaves
    out keep their values, as PATCH means.
    """
    body = request_data(request) if data is None else dict(data)
    if initial is not None:
        body = {**{k: v for k, v in initial.items() if v is not None}, **body}
    form = form_class(data=body, files=request.FILES or None, **kwargs)
    # JSON can send what an HTML form cannot: a list or an object where one value goes.
    wrong_shape = {
        name: [force_str(_("Send a single value."))]
        for name, field in form.fields.items()
        if isinstance(body.get(name), dict)
        or (isinstance(body.get(name), list) and not isinstance(field, MULTIPLE_FIELDS))
    }
    if wrong_shape:
        raise ApiError(
            status_code=400,
            code="invalid",
            message=_("Please correct the errors below."),
            fields=wrong_shape,
        )
    if not form.is_valid():
        raise form_error(form)
    return form


@contextlib.contextmanager
def rename_fields(names: Mapping[str, str]):
    """Report a form's field errors under the API's field names (password1 → password)."""
    try:
        yield
    except ApiError as error:
        renamed: dict[str, list[str]] = {}
        for field, messages in error.fields.items():
            target = renamed.setdefault(names.get(field, field), [])
            target.extend(m for m in messages if m not in target)
        error.fields = renamed
        raise


def _serializer_field(field: forms.Field) -> serializers.Field:
    common = {
        "required": field.required,
        "help_text": force_str(field.help_text) if field.help_text else None,
        "label": force_str(field.label) if field.label else None,
    }
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(**common)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.MultipleChoiceField(choices=list(field.choices), **common)
    if isinstance(field, forms.ChoiceField):
        choices = [(k, v) for k, v in field.choices if k != ""]
        return serializers.ChoiceField(choices=choices, **common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**{**common, "required": False})
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(
            min_value=field.min_value, max_value=field.max_value, allow_null=True, **common
        )
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(**common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, forms.ImageField | forms.FileField):
        return serializers.FileField(**common)
    if isinstance(field, forms.EmailField):
        return serializers.EmailField(**common)
    if isinstance(field, forms.URLField):
        return serializers.CharField(allow_blank=True, **common)
    max_length = getattr(field, "max_length", None)
    return serializers.CharField(max_length=max_length, allow_blank=not field.required, **common)


def form_serializer(form_class, *, name: str, exclude=(), extra=None):
    """A serializer that documents the body `form_class` accepts (the form validates it)."""
    fields = {
        key: _serializer_field(field)
        for key, field in form_class.base_fields.items()
        if key not in exclude
    }
    fields.update(extra or {})
    return inline_serializer(name=name, fields=fields)


def partial_serializer(serializer, *, name: str):
    """The same body with every field optional (PATCH)."""
    fields = {}
    for key, field in serializer._declared_fields.items():
        clone = copy.deepcopy(field)
        clone.required = False
        fields[key] = clone
    return inline_serializer(name=name, fields=fields)


# ---- CORS (off unless settings.API_CORS_ORIGINS lists origins)


def cors_middleware(get_response):
    """Lets the origins in `API_CORS_ORIGINS` call /api/ from browsers; nobody else."""

    def middleware(request):
        origin = request.headers.get("Origin", "")
        allowed = origin and origin in settings.API_CORS_ORIGINS
        is_api = request.path.startswith("/api/")
        if (
            allowed
            and is_api
            and request.method == "OPTIONS"
            and ("Access-Control-Request-Method" in request.headers)
        ):
            response = HttpResponse(status=204)
        else:
            response = get_response(request)
        if allowed and is_api:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
            response["Access-Control-Max-Age"] = "86400"
            response["Vary"] = "Origin"
        return response

    return middleware


# The docs pages load only what we serve: Redoc's footer logo would come from its CDN.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' blob:; worker-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'"
)


def docs_view(view):
    """A docs page (Swagger UI, Redoc) under its own strict Content-Security-Policy."""

    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response

    return wrapper


def api_not_found(request, *args, **kwargs):
    """Unknown /api/ paths answer in the API's error shape, not the HTML 404 page."""
    from django.http import JsonResponse

    return JsonResponse(_body("not_found", _("Not found.")), status=404)


def no_content() -> Response:
    return Response(status=status.HTTP_204_NO_CONTENT)


# ---- Files: a permission-checked download (site_config.http.file_download)


class FirstRendererNegotiation(BaseContentNegotiation):
    """A download endpoint answers with the file whatever `Accept` says, and any error in
    the API's JSON error shape (not a 406 for `Accept: application/octet-stream`)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def download_schema(summary: str, *codes: int, **kwargs):
    """The OpenAPI entry of a download: a binary attachment, or these error bodies."""
    from drf_spectacular.types import OpenApiTypes
    from drf_spectacular.utils import extend_schema

    return extend_schema(
        summary=summary,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file, as an attachment (Content-Disposition names it).",
            ),
            **errors(*codes),
        },
        **kwargs,
    )
