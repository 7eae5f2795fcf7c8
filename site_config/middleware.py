"""Site-wide middleware."""

from urllib.parse import urlsplit


def malformed_htmx_headers(get_response):
    """Drop an `HX-Current-URL` that is no URL (`http://[::1`): django-htmx would raise
    ValueError, a 500, wherever a view or template reads `request.htmx.current_url_abs_path`.
    Browsers running htmx always send a valid one; only hostile clients send others."""

    def middleware(request):
        value = request.META.get("HTTP_HX_CURRENT_URL")
        if value is not None:
            try:
                urlsplit(value)
            except ValueError:
                del request.META["HTTP_HX_CURRENT_URL"]
                request.__dict__.pop("headers", None)  # rebuilt from META when read
        return get_response(request)

    return middleware
