"""Template helpers of the community pages."""

from django import template

from community.services.forums import mention_handle as _mention_handle
from community.toggles import toggle_for as _toggle_for

register = template.Library()


@register.simple_tag
def toggle_for(obj, kind="like"):
    """`{% toggle_for post "like" as t %}{% include "community/_toggle.html" with toggle=t %}`"""
    return _toggle_for(obj, kind)


@register.filter
def mention_handle(user) -> str:
    return _mention_handle(user)


@register.simple_tag
def report_reasons():
    from community.models import Report

    return Report.Reason.choices
