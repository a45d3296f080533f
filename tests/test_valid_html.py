"""Every public page is valid HTML, checked by the Nu HTML Checker (vnu.jar).

The checker is the W3C's own, run here from the npm registry's `vnu-jar`
on the machine's Java: one run over every page saved to a file.
"""

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.champions.factories import NominationFactory, SpotlightFactory
from tests.dashboard import admin_index, dashboard_in, panel_keys, staff_member
from tests.forus.people.person_links import link_token
from tests.newsletter.factories import SubscriberFactory
from tests.spanish import spanish_public_pages
from tests.webinars.factories import RegistrationFactory, WebinarFactory

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
        "registration": (
            webinar_path,
            {"email": "not an address", "accommodation_needs": ["other", "no-such-need"]},
        ),
        "my: ask for a link": ("/my/", {"email": "not an address"}),
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

    # A person's own pages, through their emailed link, with the erasure's error showing.
    RegistrationFactory(email="ana@example.org", webinar=WebinarFactory(), question="Recorded?")
    NominationFactory(nominator_email="ana@example.org")
    for language, prefix in (("en", ""), ("es", "/es")):
        person = Client()
        person.post(f"{prefix}/my/link/{link_token('ana@example.org', language=language)}/")
        for name, path in (
            ("page", "/my/page/"),
            ("data", "/my/page/my-data/"),
            ("erase", "/my/page/erase/"),
        ):
            response = person.get(prefix + path)
            assert response.status_code == 200, (language, name)
            pages[f"my: {name} ({language})"] = response.content.decode()
        refused = person.post(prefix + "/my/page/erase/", {})
        assert refused.status_code == 400
        pages[f"my: erase with errors ({language})"] = refused.content.decode()

    assert html_errors(pages, tmp_path) == {}


def test_the_admin_dashboard_with_its_charts_is_valid_html(tmp_path):
    """The admin index with every panel and chart, and the dashboard in Spanish."""
    now = timezone.now()
    webinar = WebinarFactory(capacity=20)
    for number in range(3):
        RegistrationFactory(webinar=webinar, source="newsletter" if number else "")
    RegistrationFactory(webinar=WebinarFactory(capacity=None))
    SubscriberFactory(confirmed=True)
    SubscriberFactory()
    NominationFactory()
    SpotlightFactory(published_at=now - timedelta(days=40))
    admin = staff_member("admin", superuser=True)
    page = admin_index(admin)
    assert panel_keys(page) == {"webinars", "accommodations", "newsletter", "nominations", "email"}
    spanish = (
        '<!DOCTYPE html><html lang="es"><head><title>Panel</title></head><body><main>'
        f"{dashboard_in('es', admin)}</main></body></html>"
    )
    assert 'lang="es"' in spanish
    assert html_errors({"admin index": page, "dashboard (es)": spanish}, tmp_path) == {}
