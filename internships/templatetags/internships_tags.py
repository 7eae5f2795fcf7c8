"""Presentation helpers for the internships templates: money, pay ranges, time left,
status badges and the dashboard's bar chart (classes and geometry live here, not in
models or selectors)."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def rub(amount) -> str:
    """12000 → "12 000 ₽" (grouped the way the active language groups digits)."""
    if amount is None or amount == "":
        return "—"
    return f"{intcomma(amount)}\u00a0₽"


@register.simple_tag
def pay_range(posting) -> str:
    """A posting's pay: "50 000 – 80 000 ₽", "from 50 000 ₽", "up to 80 000 ₽" or ""."""
    low, high = posting.pay_min, posting.pay_max
    if low is not None and high is not None:
        if low == high:
            return rub(low)
        return f"{intcomma(low)} – {rub(high)}"
    if low is not None:
        return _("from %(amount)s") % {"amount": rub(low)}
    if high is not None:
        return _("up to %(amount)s") % {"amount": rub(high)}
    return ""


@register.filter
def time_left(seconds) -> str:
    """Seconds → "2 d 5 h", "1 h 20 min", "4 min 05 s"."""
    seconds = max(0, int(seconds or 0))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": secs}


# One badge style per application status (full class names, so Tailwind keeps them).
STATUS_BADGES = {
    "submitted": "badge-gray",
    "viewed": "badge-blue",
    "shortlisted": "badge-brand",
    "accepted": "badge-green",
    "rejected": "badge-red",
    "withdrawn": "badge-yellow",
}


@register.filter
def status_badge(status) -> str:
    """An application status → its badge class: `{{ application.status|status_badge }}`."""
    return STATUS_BADGES.get(str(status), "badge-gray")


CHART_WIDTH, CHART_HEIGHT, CHART_GAP = 600, 120, 4
CHART_MIN_BAR = 3  # days with applications stay visible beside a much taller bar


@register.simple_tag
def bar_chart_geometry(chart) -> dict:
    """SVG geometry for a chart of `bars` (each with a `count`) scaled to `peak`:
    `{% bar_chart_geometry chart as geo %}` then geo.width, geo.height, geo.bar_width and
    geo.bars (day, count, x, y, height)."""
    bars = list(chart["bars"])
    peak = chart.get("peak") or 0
    slot = CHART_WIDTH / max(len(bars), 1)
    bar_width = slot - CHART_GAP
    drawn = []
    for index, bar in enumerate(bars):
        height = (bar.count / peak * CHART_HEIGHT) if peak else 0
        if bar.count and height < CHART_MIN_BAR:
            height = CHART_MIN_BAR
        drawn.append(
            {
                "day": bar.day,
                "count": bar.count,
                "x": round(index * slot, 2),
                "y": round(CHART_HEIGHT - height, 2),
                "height": round(height, 2),
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bar_width": round(bar_width, 2),
        "bars": drawn,
    }


@register.simple_tag
def countdown_format(unit: str) -> str:
    """The `time_left` formats for the page's ticking countdown (live.js fills them in)."""
    return {
        "days": _("%(days)d d %(hours)d h"),
        "hours": _("%(hours)d h %(minutes)d min"),
    }.get(unit, _("%(minutes)d min %(seconds)02d s"))


@register.simple_tag
def application_status_form(application):
    """The owner's status select for one application (its next steps under "Move to…")."""
    from internships.forms import ApplicationStatusForm

    return ApplicationStatusForm(application=application)
