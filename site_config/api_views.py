"""The one way an API resource is built: a list from the app's selector, ids from the path.

Every app's `api/` uses these three pieces (docs/conventions.md, "JSON API"):

- `SelectorListViewSet`: a viewset whose list is what the app's selector returns, filtered
  by a `site_config.api.SelectorFilterSet`, paginated (`?page=`, `?page_size=` ≤ 100) and
  serialized by `serializer_class`; detail routes and actions are added per resource.
- `list_schema(summary, serializer, *error_codes)`: the list's OpenAPI entry, with the
  error bodies it can answer with.
- `int_or_404(value)`: an id from the path or body; anything that is not one is a 404,
  never a 500.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotAuthenticated
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from site_config.api import errors

PARSERS = [JSONParser, MultiPartParser, FormParser]
MAX_ID = 2**63 - 1


def int_or_404(value) -> int:
    """An id as an int; a missing, malformed or out-of-range one is a 404."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number <= MAX_ID:
        raise Http404
    return number


def need_login(request) -> None:
    """401 for an anonymous request to an endpoint readable by anyone but this action."""
    if not request.user.is_authenticated:
        raise NotAuthenticated


class SelectorListViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """A resource listed by its app's selector (through `filterset_class.select`).

    A login is needed unless the subclass opens reads (`IsAuthenticatedOrReadOnly`).
    `queryset` only names the model for the schema and the filter backend: the rows come
    from the selector.
    """

    def page_of(self, rows, serializer_class=None, **context):
        """The paginated response of `rows` (a selector's answer) for an extra list action."""
        page = self.paginate_queryset(rows)
        serializer_class = serializer_class or self.get_serializer_class()
        data = serializer_class(
            page, many=True, context={**self.get_serializer_context(), **context}
        ).data
        return self.get_paginated_response(data)


def list_schema(summary: str, serializer, *codes: int, **kwargs):
    """The list action's schema: `summary`, a page of `serializer`, these error bodies."""
    return extend_schema_view(
        list=extend_schema(
            summary=summary,
            responses={200: serializer(many=True), **errors(*codes)},
            **kwargs,
        )
    )


class OneBodySchema(AutoSchema):
    """For a list route that answers one object (a page of rows with extra keys, like the
    gradebook's columns): drf-spectacular would document a `list` action as an array."""

    def _is_list_view(self, serializer=None) -> bool:
        return False
