"""Template tags for the site layout."""

from typing import NamedTuple

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()


class Section(NamedTuple):
    """One entry of the main nav. `role`: shown only to users of that role (and staff).
    `extra`: not in the top bar itself but in its "More" menu, so that the bar fits at
    1280 px (the phone menu lists every section)."""

    url_name: str
    label: str
    prefix: str
    role: str | None = None
    extra: bool = False


# The main sections of the site, in nav order. A section whose app has not shipped its
# routes yet (its URL name does not resolve) is left out of the nav rather than linking
# to a 404.
NAV_SECTIONS = [
    Section("board:ad_list", _("Board"), "/board/"),
    Section("internships:posting_list", _("Internships"), "/internships/"),
    Section("internships:job_list", _("Jobs"), "/jobs/"),
    Section("internships:auction_list", _("Auctions"), "/auctions/"),
    Section("accounts:user_list", _("People"), "/users/"),
    Section("accounts:organization_list", _("Organizations"), "/organizations/"),
    Section("learning:course_list", _("Courses"), "/courses/", extra=True),
    Section("learning:teaching", _("Teaching"), "/teaching/", role="teacher", extra=True),
    Section("community:blog_list", _("Blogs"), "/blogs/", extra=True),
    Section("community:forum_list", _("Forums"), "/forums/", extra=True),
    Section("community:video_list", _("Videos"), "/videos/", extra=True),
]


# The nav's URLs per URLconf, reversed once per process rather than on every page.
_NAV_URLS: dict[str, list[tuple[str, Section]]] = {}


def _nav_urls() -> list[tuple[str, Section]]:
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    if urlconf not in _NAV_URLS:
        sections = []
        for section in NAV_SECTIONS:
            try:
                sections.append((reverse(section.url_name), section))
            except NoReverseMatch:
                continue
        _NAV_URLS[urlconf] = sections
    return _NAV_URLS[urlconf]


class NavItems(list):
    """The nav's items (dicts: url, label, active, extra); `.main` fill the top bar,
    `.more` go into its "More" menu, `.more_active` says the current page is one of them."""

    @property
    def main(self):
        return [item for item in self if not item["extra"]]

    @property
    def more(self):
        return [item for item in self if item["extra"]]

    @property
    def more_active(self):
        return any(item["active"] for item in self.more)


@register.simple_tag(takes_context=True)
def nav_section(context) -> str:
    """The prefix of the section the page is in ("" outside them): with the language and
    the viewer's role it is all the nav depends on, so base.html caches the nav under it."""
    request = context.get("request")
    current = request.path if request else ""
    for _url, section in _nav_urls():
        if current.startswith(section.prefix):
            return section.prefix
    return ""


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The nav sections that exist, each with whether it is the current one."""
    request = context.get("request")
    current = request.path if request else ""
    user = getattr(request, "user", None)
    items = NavItems()
    for url, section in _nav_urls():
        role = section.role
        if role and not (user and user.is_authenticated and (user.is_staff or user.role == role)):
            continue
        items.append(
            {
                "url": url,
                "label": section.label,
                "active": current.startswith(section.prefix),
                "extra": section.extra,
            }
        )
    return items
