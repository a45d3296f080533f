"""Every public page is valid HTML, checked by the Nu HTML Checker (vnu.jar).

The checker is the W3C's own, run here from the npm registry's `vnu-jar`
on the machine's Java: one run over every page saved to a file.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.spanish import spanish_public_pages
from tests.webinars.factories import WebinarFactory

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def html_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """name -> the checker's errors, for each page's HTML."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail("The HTML checker needs Java and node_modules/vnu-jar: run `make test-tools`.")
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *(str(folder / file) for file in files),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stderr)["messages"]:
        url = message.get("url", "")
        name = files.get(url.rsplit("/", 1)[-1], url)
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} {message.get('extract', '')!r}"
        )
    return errors


def test_the_checker_finds_invalid_html(tmp_path):
    broken = (
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a"><div id="a">x</div></p><time datetime="tomorrow">x</time></body></html>'
    )
    errors = html_errors({"broken": broken}, tmp_path)
    assert len(errors["broken"]) >= 3


def test_every_public_page_in_both_languages_is_valid_html(tmp_path):
    spanish = spanish_public_pages()
    webinar_path = WebinarFactory(capacity=20).get_absolute_url()
    client = Client()
    pages = {}
    for name, (path, status) in spanish.items():
        english_path = path.removeprefix("/es")
        for language, page_path in (("en", english_path), ("es", path)):
            response = client.get(page_path)
            assert response.status_code == status, (language, name)
            pages[f"{name} ({language})"] = response.content.decode()

    # The forms with their errors showing, and after a language switch.
    forms = {
        "registration": (webinar_path, {"email": "not an address"}),
        "newsletter": ("/newsletter/", {"email": "not an address"}),
        "nomination": ("/champions/nominate/", {"nominator_email": "not an address"}),
        "contact": ("/contact/", {"email": "not an address"}),
    }
    for name, (path, data) in forms.items():
        for language, prefix in (("en", ""), ("es", "/es")):
            response = client.post(prefix + path, data)
            html = response.content.decode()
            assert 'id="error-summary"' in html, name
            pages[f"{name} with errors ({language})"] = html
        switched = client.post("/es" + path, {**data, "switch_language": "es"})
        pages[f"{name} after the language switch"] = switched.content.decode()

    assert html_errors(pages, tmp_path) == {}
