"""What `make bench` needs inside the site, routed only when `BENCH` is on.

- `/bench/baseline/`: a bare view (a tiny template, no query) that every page's
  throughput is compared with, in the same run on the same server;
- `BenchQueryCountMiddleware`: tells the bench how many SQL queries a page ran, in an
  `X-Bench-Queries` response header.
"""

from __future__ import annotations

from django.db import connections
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def baseline(request):
    return render(request, "bench/baseline.html", {"message": "ok"})


class BenchQueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response
