"""The Russian and English catalogs are complete and their compiled .mo files are current."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_catalog_is_complete(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert len(po) > 50
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["ru", "en"])
def test_compiled_catalog_matches_the_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    po = polib.pofile(str(folder / "django.po"))
    with open(folder / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert (
                compiled.ngettext(entry.msgid, entry.msgid_plural, 5)
                == entry.msgstr_plural[2 if language == "ru" else 1]
            )
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid


def test_russian_is_the_default_language():
    assert settings.LANGUAGE_CODE == "ru"
    assert [code for code, _name in settings.LANGUAGES] == ["ru", "en"]
