"""Presentation of the board: each category's colours (full Tailwind class names, so the
CSS build keeps them; content globs include this file)."""

from django import template

register = template.Library()

# One colour per category for its chip (full class names, so Tailwind keeps them).
CATEGORY_STYLES = {
    "tanks": "bg-slate-100 text-slate-700 ring-slate-300",
    "healers": "bg-emerald-50 text-emerald-700 ring-emerald-200",
    "dd": "bg-rose-50 text-rose-700 ring-rose-200",
    "traders": "bg-amber-50 text-amber-800 ring-amber-200",
    "guildmasters": "bg-violet-50 text-violet-700 ring-violet-200",
    "questgivers": "bg-sky-50 text-sky-700 ring-sky-200",
    "blacksmiths": "bg-orange-50 text-orange-700 ring-orange-200",
    "leatherworkers": "bg-yellow-50 text-yellow-800 ring-yellow-200",
    "potion-makers": "bg-lime-50 text-lime-700 ring-lime-200",
    "spellmasters": "bg-indigo-50 text-indigo-700 ring-indigo-200",
}

# A gradient band for ads without a picture, in the category's colour.
CATEGORY_BANDS = {
    "tanks": "from-slate-700 to-slate-500",
    "healers": "from-emerald-600 to-teal-400",
    "dd": "from-rose-600 to-orange-400",
    "traders": "from-amber-500 to-yellow-300",
    "guildmasters": "from-violet-700 to-fuchsia-500",
    "questgivers": "from-sky-600 to-cyan-400",
    "blacksmiths": "from-orange-700 to-amber-500",
    "leatherworkers": "from-yellow-700 to-amber-400",
    "potion-makers": "from-lime-600 to-emerald-400",
    "spellmasters": "from-indigo-700 to-violet-500",
}


@register.filter
def category_chip(category) -> str:
    """`{{ ad.category|category_chip }}`: the chip's colours for a category."""
    return CATEGORY_STYLES.get(str(category), "bg-slate-50 text-slate-600 ring-slate-200")


@register.filter
def category_band(category) -> str:
    """`{{ ad.category|category_band }}`: the gradient band of a card without a picture."""
    return CATEGORY_BANDS.get(str(category), "from-slate-600 to-slate-400")
