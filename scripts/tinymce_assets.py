"""Build the TinyMCE assets the site vendors under static/vendor/tinymce/ (`make tinymce`).

- skins/ui/guildhall/: TinyMCE's "oxide" skin (shipped by django-tinymce) with its blue
  accent replaced by the site's brand indigo, so editor and dialog buttons, focus rings
  and active tabs match the site's own buttons.
- langs/ru.js: the official TinyMCE 7 Russian language pack (npm `tinymce-i18n`, file
  langs7/ru.js) with the strings it leaves in English or gets wrong corrected.
  Pass its path as the first argument to refresh it; without one the vendored file is
  patched in place.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import tinymce

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor" / "tinymce"
OXIDE = Path(tinymce.__file__).parent / "static" / "tinymce" / "skins" / "ui" / "oxide"

# oxide's accent colours -> tailwind.config.js brand shades.
BRAND = {
    "#006ce7": "#4f46e5",  # brand-600: primary buttons, focus, selection
    "#0060ce": "#4338ca",  # brand-700: hover
    "#0054b4": "#4338ca",  # brand-700
    "#00489b": "#3730a3",  # brand-800: pressed
    "#144782": "#3730a3",  # brand-800: active dialog tab
    "#a6ccf7": "#c7d2fe",  # brand-200: light tints
    "#a8c8ed": "#c7d2fe",
    "#93bbe9": "#a5b4fc",  # brand-300
}

# The pack's own mistakes: untranslated or machine-like strings seen in the editor.
RU_FIXES = {
    "Undo": "Отменить",
    "Redo": "Повторить",
    "Upload": "Загрузить",
    "Accordion body...": "Содержимое аккордеона…",
    "Accordion summary...": "Заголовок аккордеона…",
    "Insert accordion": "Вставить аккордеон",
}


def build_skin() -> None:
    target = VENDOR / "skins" / "ui" / "guildhall"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for source in OXIDE.glob("*.css"):  # the .js copies are for bundlers: not used here
        text = source.read_text(encoding="utf-8")
        for old, new in BRAND.items():
            text = re.sub(re.escape(old), new, text, flags=re.IGNORECASE)
        (target / source.name).write_text(text, encoding="utf-8")


def _escape(value: str) -> str:
    return "".join(ch if ord(ch) < 128 else f"\\u{ord(ch):04x}" for ch in value)


def build_ru(source: Path | None) -> None:
    target = VENDOR / "langs" / "ru.js"
    text = (source or target).read_text(encoding="utf-8")
    for key, value in RU_FIXES.items():
        pattern = re.compile(rf'("{re.escape(key)}":\s*)"(?:[^"\\]|\\.)*"')
        text, count = pattern.subn(lambda m, v=value: f'{m.group(1)}"{_escape(v)}"', text)
        if not count:
            print(f"ru.js has no {key!r}: left as it is", file=sys.stderr)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    build_skin()
    build_ru(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
