"""The site in Spanish: every page, the emails, the language switch, the content."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from campaign.models import Page, Pillar
from campaign.staff import EDITORS
from forus.public_forms import SWITCH_LANGUAGE
from tests.spanish import english_left_in, spanish_public_pages, visible_text_outside_english
from tests.webinars.factories import WebinarFactory, registration_form_data
from webinars.models import Registration
from webinars.services import reminders_send_due

pytestmark = pytest.mark.django_db


def test_every_public_page_in_spanish_is_spanish(client):
    problems = {}
    for name, (path, status) in spanish_public_pages().items():
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == status, name
        assert '<html lang="es">' in html, name
        if leftovers := english_left_in(html):
            problems[name] = leftovers
    assert problems == {}


def test_the_english_check_finds_english_on_an_english_page(client):
    """The check above can fail: on the English page it finds the interface text."""
    html = client.get(reverse("campaign:home")).content.decode()
    assert "Skip to main content" in english_left_in(html)


def test_spanish_pages_say_which_other_language_exists_and_where(client):
    pillar = Pillar.objects.get(number=2)
    html = client.get(f"/es/pillars/{pillar.slug}/").content.decode()
    assert (
        f'<link rel="alternate" hreflang="en" href="http://testserver/pillars/{pillar.slug}/">'
        in html
    )
    assert (
        f'<link rel="alternate" hreflang="es" href="http://testserver/es/pillars/{pillar.slug}/">'
        in html
    )
    assert 'hreflang="x-default"' in html
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
    assert f'href="/pillars/{pillar.slug}/" hreflang="en" lang="en"' in switch


def test_the_campaign_content_is_in_spanish_and_marked_for_review(client):
    html = client.get("/es/").content.decode()
    mission = Page.objects.get(slug=Page.Slug.MISSION)
    assert mission.body_es
    assert mission.body_es.split()[0] in html
    assert Pillar.objects.count() == 5  # the loop below has pillars to check
    for pillar in Pillar.objects.all():
        assert pillar.title_es
        assert pillar.title_es in html
        assert not pillar.spanish_reviewed


def test_about_and_privacy_read_in_spanish(client):
    for slug in (Page.Slug.ABOUT, Page.Slug.PRIVACY):
        page = Page.objects.get(slug=slug)
        assert page.title_es
        assert page.body_es
        assert not page.spanish_reviewed
        html = client.get(f"/es/{slug}/").content.decode()
        assert f"<h1>{page.title_es}</h1>" in html
        assert page.title_en not in html
    assert "2175 K St NW" in client.get("/es/about/").content.decode()


def test_english_shows_where_there_is_no_spanish_yet_marked_as_english(client):
    Page.objects.filter(slug=Page.Slug.ABOUT).update(title_es=None, summary_es=None, body_es=None)
    about = Page.objects.get(slug=Page.Slug.ABOUT)
    html = client.get("/es/about/").content.decode()
    assert f'<h1><span lang="en">{about.title_en}</span></h1>' in html

    about.title_es = "Acerca de la Social Mission Alliance"
    about.save()
    html = client.get("/es/about/").content.decode()
    assert "<h1>Acerca de la Social Mission Alliance</h1>" in html


def test_admin_shows_which_content_awaits_a_spanish_review(client):
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)

    pillars = client.get("/admin/campaign/pillar/").content.decode()
    assert pillars.count("Awaiting review") == 5
    pages = client.get("/admin/campaign/page/").content.decode()
    assert "No Spanish yet" not in pages
    Page.objects.filter(slug=Page.Slug.ABOUT).update(title_es=None, summary_es=None, body_es=None)
    pages = client.get("/admin/campaign/page/").content.decode()
    assert pages.count("No Spanish yet") == 1

    Pillar.objects.filter(number=1).update(spanish_reviewed=True)
    pillars = client.get("/admin/campaign/pillar/").content.decode()
    assert pillars.count("Awaiting review") == 4
    assert "Checked" in pillars


def _spanish(message: str, **values: str) -> str:
    with translation.override("es"):
        return translation.gettext(message) % values


def test_a_registration_made_in_spanish_gets_its_emails_in_spanish(
    client, django_capture_on_commit_callbacks
):
    webinar = WebinarFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/es/webinars/{webinar.slug}/", registration_form_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/es/")
    registration = Registration.objects.get()
    assert registration.language == "es"

    [confirmation] = mail.outbox
    assert confirmation.subject == _spanish("You are registered: %(title)s", title=webinar.title)
    assert "You are registered" not in confirmation.body
    assert "/es/webinars/" in confirmation.body

    mail.outbox.clear()
    with (
        time_machine.travel(webinar.starts_at - timedelta(hours=23, minutes=59), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_send_due()
    [reminder] = mail.outbox
    assert reminder.subject == _spanish("Reminder: %(title)s is coming up", title=webinar.title)


def test_switching_language_keeps_what_was_typed_and_checks_nothing():
    webinar = WebinarFactory()
    half_filled = {
        "first_name": "Ana",
        "email": "ana.reader@",
        "question": "¿Habrá subtítulos?",
        "role": "student",
        "csrfmiddlewaretoken": "",
        SWITCH_LANGUAGE: "es",
    }
    browser = Client()
    response = browser.post(f"/es/webinars/{webinar.slug}/", half_filled)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert 'value="Ana"' in html
    assert 'value="ana.reader@"' in html
    assert "¿Habrá subtítulos?" in html
    assert re.search(r'<input[^>]*value="student"[^>]*checked', html)
    assert 'id="error-summary"' not in html
    assert not Registration.objects.exists()


def test_the_home_page_switch_keeps_the_newsletter_form_as_typed():
    response = Client().post(
        "/es/", {"email": "reader@example", "name": "Ana", SWITCH_LANGUAGE: "es"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert 'value="reader@example"' in html
    assert 'value="Ana"' in html


def test_dates_and_times_read_the_way_each_language_writes_them(
    client, django_capture_on_commit_callbacks
):
    # Tuesday 1 June 2027, 2:30 PM in New York (18:30 UTC).
    starts = datetime(2027, 6, 1, 18, 30, tzinfo=UTC)
    webinar = WebinarFactory(starts_at=starts, ends_at=starts + timedelta(hours=1))
    english_url = webinar.get_absolute_url()
    with translation.override("es"):
        spanish_url = webinar.get_absolute_url()

    english = client.get(english_url).content.decode()
    assert "Tuesday, June 1, 2027, 2:30 PM" in english
    spanish = client.get(spanish_url).content.decode()
    assert "martes 1 de junio de 2027, 14:30" in spanish
    assert "June" not in visible_text_outside_english(spanish)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(spanish_url, registration_form_data())
    assert response.status_code == 302
    [confirmation] = mail.outbox
    assert "martes 1 de junio de 2027, 14:30" in confirmation.body
