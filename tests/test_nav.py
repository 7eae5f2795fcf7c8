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


# ---- The phone menu: a <details> disclosure, so it opens without JavaScript


def _phone_menu(html: str) -> str:
    start = html.index('<details id="mobile-nav"')
    return html[start : html.index("</details>", start)]


@pytest.mark.django_db
def test_the_phone_menu_is_a_details_disclosure_with_every_section(client):
    html = client.get("/forums/").content.decode()
    menu = _phone_menu(html)
    # A native disclosure: its <summary> is the button (the browser keeps aria-expanded),
    # nothing waits for a script to un-hide it.
    assert re.search(r"<summary[^>]*>\s*<span class=\"sr-only\">", menu)
    assert "data-menu-toggle" not in html and 'id="mobile-menu"' not in html
    assert 'class="lg:hidden"' in html[html.index('<details id="mobile-nav"') :][:80]
    for section in NAV_SECTIONS:
        link = f'href="{section.prefix}"'
        assert (link in menu) is (section.role is None), section.prefix
    assert re.search(r'<a href="/forums/"[^>]*aria-current="page"', menu)
    assert 'href="/accounts/login/"' in menu and 'href="/accounts/signup/"' in menu


@pytest.mark.django_db
def test_the_phone_menu_links_follow_the_role_also_when_cached(client, teacher, student):
    client.force_login(teacher)
    menu = _phone_menu(client.get("/").content.decode())
    assert menu.count('href="/teaching/"') == 2  # the section and the account link
    assert 'action="/accounts/logout/"' in menu and 'href="/accounts/login/"' not in menu
    # A student (same staff flag, so the cached account links must vary by role).
    client.force_login(student)
    menu = _phone_menu(client.get("/").content.decode())
    assert 'href="/teaching/"' not in menu
    assert 'href="/profile/"' in menu
