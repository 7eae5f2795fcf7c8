"""`{% cache_fragment %}`: Django's `{% cache %}` in the "fragments" cache (each process's
memory), safe for fragments that hold forms.

    {% load cache_tags %}
    {% cache_fragment 600 "account-links" user.is_staff LANGUAGE_CODE versions="people" %}
      …{% csrf_token %}…
    {% endcache_fragment %}

- The key is the name, every value after it and, with `versions="a,b"`, those data
  versions (`site_config.cache.data_version`, read once per request), so the fragment
  changes as soon as the data it shows does.
- The fragment is rendered with a placeholder for the CSRF token and stored that way; each
  request gets its own token put in, so a cached form posts for every visitor.
- An empty name renders the fragment uncached.
- `table|table_row_key:record`: the key of a django-tables2 row when the table defines
  `row_cache_key(record)` (the site's table template caches such rows whole), else "".
"""

from __future__ import annotations

from django import template
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key

from site_config.cache import data_version

register = template.Library()

CSRF_PLACEHOLDER = "__FRAGMENT_CSRF_TOKEN__"
CACHE_ALIAS = "fragments"


class CacheFragmentNode(template.Node):
    def __init__(self, nodelist, timeout, name, vary_on, versions):
        self.nodelist = nodelist
        self.timeout = timeout
        self.name = name
        self.vary_on = vary_on
        self.versions = versions

    def render(self, context):
        timeout = self.timeout.resolve(context)
        vary_on = [var.resolve(context) for var in self.vary_on]
        if self.versions is not None:
            namespaces = [n for n in str(self.versions.resolve(context)).split(",") if n]
            vary_on.append(data_version(*namespaces))
        token = context.get("csrf_token")
        vary_on.append(token is not None)  # rendered with or without a request's token
        name = self.name.resolve(context)
        if not name:  # an empty name: this one is not cached (e.g. a table without row keys)
            return self.nodelist.render(context)
        key = make_template_fragment_key(str(name), vary_on)
        fragments = caches[CACHE_ALIAS]
        value = fragments.get(key)
        if value is None:
            if token is None:
                value = self.nodelist.render(context)
            else:
                with context.push(csrf_token=CSRF_PLACEHOLDER):
                    value = self.nodelist.render(context)
            fragments.set(key, value, None if timeout is None else int(timeout))
        if token is not None and CSRF_PLACEHOLDER in value:
            value = value.replace(CSRF_PLACEHOLDER, str(token))
        return value


@register.tag("cache_fragment")
def do_cache_fragment(parser, token):
    """{% cache_fragment timeout name [value …] [versions="ns,…"] %}…{% endcache_fragment %}"""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a timeout and a name.")
    versions = None
    if bits[-1].startswith("versions="):
        versions = parser.compile_filter(bits.pop()[len("versions=") :])
    nodelist = parser.parse(("endcache_fragment",))
    parser.delete_first_token()
    return CacheFragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        parser.compile_filter(bits[2]),
        [parser.compile_filter(bit) for bit in bits[3:]],
        versions,
    )


@register.filter
def table_row_key(table, record) -> str:
    """The table's cache key for this row ("" for tables that do not cache rows)."""
    row_cache_key = getattr(table, "row_cache_key", None)
    return row_cache_key(record) if row_cache_key is not None else ""
