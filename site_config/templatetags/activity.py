"""`{% load activity %}{% site_activity as activity %}`: the admin index's activity panel."""

from django import template

from site_config.activity import site_activity as site_activity_for

register = template.Library()


@register.simple_tag(takes_context=True)
def site_activity(context):
    """Counts and the latest events the request's user may see in the admin."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return {"stats": [], "events": [], "since": None}
    return site_activity_for(user=user)
