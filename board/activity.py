"""The board app's admin-activity sources (registered in `apps.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from board.models import Ad, Response
from site_config.activity import Source, counts, events


def sources() -> Iterable[Source]:
    yield (
        Ad,
        lambda window: [counts(Ad, key="ads", label=_("Ads"), field="created", window=window)],
        lambda limit: events(
            Ad.objects.select_related("author").defer("body", "body_text"),
            kind="ad",
            label=_("Ad posted"),
            when="created",
            title=lambda ad: ad.title,
            actor=lambda ad: ad.author,
            limit=limit,
        ),
    )
    yield (
        Response,
        lambda window: [
            counts(
                Response,
                key="responses",
                label=_("Board responses"),
                field="created",
                window=window,
            )
        ],
        lambda limit: events(
            Response.objects.select_related("author", "ad").defer("text", "ad__body"),
            kind="response",
            label=_("Response sent"),
            when="created",
            title=lambda response: response.ad.title,
            actor=lambda response: response.author,
            limit=limit,
        ),
    )
