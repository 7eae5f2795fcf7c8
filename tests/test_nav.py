"""The top bar: main sections inline, the extra ones in a "More" <details> menu."""

import re

import pytest

from site_config.templatetags.site_tags import NAV_SECTIONS


def _bar(html: str) -> str:
    start = html.index('<nav class="hidden flex-1')
    return html[start : html.index("</nav>", start)]


@pytest.mark.django_db
def test_extra_sections_are_in_the_more_menu(client):
    bar = _bar(client.get("/board/").content.decode())
    more = bar[bar.index('id="nav-more"') :]
    inline = bar[: bar.index('id="nav-more"')]
    for section in NAV_SECTIONS:
        if section.role:
            continue
        link = f'href="{section.prefix}"'
        if section.extra:
            assert link in more and link not in inline, section.prefix
        else:
            assert link in inline and link not in more, section.prefix
    assert re.search(r'<a href="/board/"[^>]*aria-current="page"', inline)


@pytest.mark.django_db
def test_the_more_summary_is_marked_when_its_section_is_open(client):
    bar = _bar(client.get("/forums/").content.decode())
    summary = bar[bar.index("<summary") : bar.index("</summary>")]
    assert "text-brand-700" in summary
    assert re.search(r'<a href="/forums/"[^>]*aria-current="page"', bar)


def test_courses_blogs_forums_and_videos_are_extra():
    extra = {section.prefix for section in NAV_SECTIONS if section.extra}
    assert {"/courses/", "/blogs/", "/forums/", "/videos/"} <= extra
