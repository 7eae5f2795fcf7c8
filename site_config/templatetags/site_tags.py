"""Template tags for the site layout."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# The main sections of the site, in nav order. A section whose app has not shipped its
# routes yet (its URL name does not resolve) is left out of the nav rather than linking
# to a 404.
NAV_SECTIONS = [
    ("board:ad_list", _("Board"), "/board/"),
    ("internships:posting_list", _("Internships"), "/internships/"),
    ("internships:job_list", _("Jobs"), "/jobs/"),
    ("internships:auction_list", _("Auctions"), "/auctions/"),
    ("learning:course_list", _("Courses"), "/courses/"),
    ("learning:teaching", _("Teaching"), "/teaching/", "teacher"),
    ("community:blog_list", _("Blogs"), "/blogs/"),
    ("community:forum_list", _("Forums"), "/forums/"),
    ("community:video_list", _("Videos"), "/videos/"),
    ("accounts:user_list", _("People"), "/users/"),
    ("accounts:organization_list", _("Organizations"), "/organizations/"),
]


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The nav sections that exist, each with whether it is the current one."""
    request = context.get("request")
    current = request.path if request else ""
    items = []
    user = getattr(request, "user", None)
    for name, label, prefix, *role in NAV_SECTIONS:
        # A section with a role (e.g. "teacher") shows only to users of that role and staff.
        if role and not (
            user and user.is_authenticated and (user.is_staff or user.role == role[0])
        ):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": current.startswith(prefix)})
    return items
