"""How apps contribute to site-wide pages without importing one another.

Each app registers, in its `AppConfig.ready()`:
- a home-page section: a template and a function giving its context
  (`register_home_section(template="board/_home_section.html",
  context="board.selectors.home_section", order=10)`);
- admin-activity sources: a function yielding `(model, stats_of(window), events_of(limit))`
  (see `site_config.activity`);
- what references uploaded files: models and fields (file fields, and text fields whose
  HTML shows uploaded images), with the lookup of the owning user
  (`register_upload_references(model="learning.Course", fields=("cover", "description"),
  owner="teacher")`); the hourly cleanup keeps every upload one of them names
  (site_config.uploads);
- demo data: nothing to register, `seed_demo` calls `<app>.demo.seed(scale=, stdout=)` for
  every installed app that has a `demo` module.
Functions may be given as dotted paths so `ready()` imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class HomeSection:
    template: str
    context: Callable[[], dict[str, Any]] | str
    order: int = 100

    def get_context(self) -> dict[str, Any]:
        context = self.context
        if isinstance(context, str):
            context = import_string(context)
        return context()


_home_sections: dict[str, HomeSection] = {}
_activity_sources: dict[str, Callable | str] = {}


def register_home_section(*, template: str, context: Callable | str, order: int = 100) -> None:
    """Add (or replace, by template) a home-page section."""
    _home_sections[template] = HomeSection(template=template, context=context, order=order)


def home_sections() -> list[HomeSection]:
    return sorted(_home_sections.values(), key=lambda section: (section.order, section.template))


def register_activity(*, key: str, sources: Callable | str) -> None:
    """Add (or replace, by key) a function yielding the app's admin-activity sources."""
    _activity_sources[key] = sources


def activity_sources() -> list[Callable]:
    return [
        import_string(source) if isinstance(source, str) else source
        for _key, source in sorted(_activity_sources.items())
    ]


@dataclass(frozen=True)
class UploadReferences:
    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    owner: str | None = None  # a lookup giving the owning user's id, e.g. "author"


_upload_references: dict[str, UploadReferences] = {}


def register_upload_references(
    *, model: str, fields: tuple[str, ...] | list[str], owner: str | None = None
) -> None:
    """Say which fields of a model reference uploaded files (or replace what was said)."""
    _upload_references[model] = UploadReferences(model=model, fields=tuple(fields), owner=owner)


def upload_references() -> list[UploadReferences]:
    return [_upload_references[key] for key in sorted(_upload_references)]
