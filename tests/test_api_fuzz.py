"""Never a 500 on any input: every write endpoint of the schema gets malformed bodies,
every read endpoint malformed query strings, and each answer is a success or the one
error shape, documented for that endpoint."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from tests.api import assert_error
from tests.test_api_schema import _check, _fill, schema, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

JUNK_BODIES = [
    [],
    "text",
    {},
    {
        "title": {"a": 1},
        "text": ["a", "b"],
        "members": "x",
        "answers": [1],
        "emoji": 5,
        "upto": -1,
        "student": "x",
        "choices": [1, {"text": 5}],
        "lesson": "abc",
        "grade": "x",
        "position": 10**30,
        "due_at": "yesterday",
        "amount": "1e309",
    },
]
JUNK_QUERY = {
    "page": "x",
    "page_size": "-1",
    "after": "abc",
    "before": "0",
    "status": "zzz",
    "archived": "maybe",
    "assignment": "1e9",
    "q": "\x00",
}


def _answered(response, *, method: str, path: str, schema) -> None:  # noqa: F811
    assert response.status_code < 500, (method, path, response.content[:300])
    if response.status_code >= 400:
        assert_error(response, response.status_code)
    _check(schema, path, method, response)


def test_malformed_bodies_never_500(api, schema, world):  # noqa: F811
    staff = api(world["staff"])
    tried = 0
    for path, operations in schema["paths"].items():
        for method in ("post", "put", "patch"):
            if method not in operations or path.startswith("/api/auth/"):
                continue
            url = _fill(path, world)
            for body in JUNK_BODIES:
                cache.clear()  # the throttles count in the cache
                response = staff.generic(
                    method.upper(), url, json.dumps(body), content_type="application/json"
                )
                _answered(response, method=method, path=path, schema=schema)
                tried += 1
    assert tried > 150


def test_malformed_queries_and_ids_never_500(api, schema, world):  # noqa: F811
    staff = api(world["staff"])
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        cache.clear()
        response = staff.get(_fill(path, world), JUNK_QUERY)
        _answered(response, method="get", path=path, schema=schema)
        if "{" in path and "{uuid}" not in path:
            cache.clear()
            missing = staff.get(path.replace("{", "").replace("}", "").replace("_pk", ""))
            assert missing.status_code == 404, (path, missing.status_code)
            assert_error(missing, 404)
