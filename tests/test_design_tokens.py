"""The text colours in tailwind.config.js pass WCAG 2.2 AA (4.5:1) on white and on the
light tints the site puts text on; axe-core checks the rendered pages in the journeys, this
fails early when a token is changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

CONFIG = (Path(settings.BASE_DIR) / "tailwind.config.js").read_text()
WHITE, SLATE_50, BRAND_50 = "#ffffff", "#f8fafc", "#eef2ff"


def token(family: str, shade: int) -> str:
    block = re.search(rf"\b{family}: \{{(.*?)\}}", CONFIG, re.S).group(1)
    return re.search(rf"\b{shade}: \"(#[0-9a-f]{{6}})\"", block).group(1)


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    "family, shade, background",
    [
        ("slate", 400, WHITE),  # dates, times and hints
        ("slate", 500, WHITE),
        ("slate", 500, SLATE_50),
        ("slate", 500, BRAND_50),  # hints on selected radio cards
        ("emerald", 600, WHITE),
        ("rose", 600, WHITE),
        ("red", 600, WHITE),
    ],
)
def test_text_tokens_pass_aa(family, shade, background):
    assert contrast(token(family, shade), background) >= 4.5


def test_primary_buttons_are_white_on_brand_600_not_500():
    css = (Path(settings.BASE_DIR) / "static/src/input.css").read_text()
    assert re.search(r"\.btn-primary \{[^}]*bg-brand-600 text-white", css)
    assert contrast(WHITE, token("brand", 600)) >= 4.5
    assert contrast(WHITE, token("brand", 500)) < 4.5  # why not 500 (the search button)
