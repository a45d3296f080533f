"""Every string for people is marked for translation and translated into Spanish."""

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

from tests import translation_coverage
from tests.translation_coverage import untranslated_python_text, untranslated_template_text

BASE_DIR = Path(settings.BASE_DIR)
SPANISH_CATALOGUE = BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"


def _catalogue(path: Path):
    with path.open("rb") as po_file:
        return read_po(po_file)


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def test_every_template_string_for_people_is_marked_for_translation():
    assert untranslated_template_text() == []


def test_every_python_string_for_people_is_marked_for_translation():
    assert untranslated_python_text() == []


def test_the_check_finds_unmarked_text(tmp_path, monkeypatch):
    """The two checks above can fail: unmarked text of each kind is found."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '{% load i18n %}<h1>{% translate "Marked" %}</h1><p>Not marked</p>'
        '<img src="x.png" alt="Unmarked description">'
        "{% blocktranslate %}Marked too{% endblocktranslate %}{# a comment #}"
    )
    (tmp_path / "campaign").mkdir()
    (tmp_path / "campaign" / "forms.py").write_text(
        "from django import forms\n"
        "from django.utils.translation import gettext_lazy as _\n"
        "class F(forms.Form):\n"
        '    ok = forms.CharField(label=_("Marked"))\n'
        '    bad = forms.CharField(label="Not marked")\n'
    )
    monkeypatch.setattr(translation_coverage, "BASE_DIR", tmp_path)
    monkeypatch.setattr(translation_coverage, "APPS", ["campaign"])

    assert [found.text for found in untranslated_template_text()] == [
        "Not marked",
        "Unmarked description",
    ]
    assert [found.text for found in untranslated_python_text()] == ["Not marked"]


def test_the_spanish_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = _catalogue(SPANISH_CATALOGUE)
    assert catalogue.locale.language == "es"
    assert not catalogue.fuzzy, "the catalogue's header is still marked fuzzy"
    messages = [message for message in catalogue if message.id]
    assert len(messages) > 500
    untranslated = [message.id for message in messages if not _translated(message)]
    assert untranslated == []
    assert [message.id for message in messages if message.fuzzy] == []


def test_the_spanish_catalogue_holds_every_string_the_code_marks(tmp_path):
    """makemessages on a copy of the code finds nothing the catalogue lacks."""
    copy = tmp_path / "site"
    ignore = shutil.ignore_patterns(
        ".venv", ".tools", "node_modules", "staticfiles", ".git", "__pycache__", "*.mo"
    )
    shutil.copytree(BASE_DIR, copy, ignore=ignore)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "es",
            "--no-location",
            "--no-obsolete",
            "--ignore=tests",
            "--ignore=bench",
        ],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1", "HOME": str(tmp_path)},
        check=True,
        capture_output=True,
    )
    wanted = {message.id for message in _catalogue(copy / SPANISH_CATALOGUE.relative_to(BASE_DIR))}
    have = {message.id for message in _catalogue(SPANISH_CATALOGUE)}
    assert sorted(map(str, wanted - have)) == [], "run `make messages` and translate"
