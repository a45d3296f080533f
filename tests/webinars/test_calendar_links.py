"""Add-to-calendar links: Google Calendar, Outlook.com, the public `.ics`; no personal link."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from tests.webinars.factories import WebinarFactory, register
from webinars import services
from webinars.calendar_links import calendar_links
from webinars.models import Registration
from webinars.tokens import cancel_token, confirm_token

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
# Daylight saving time ends on Sunday, November 1, 2026 in New York: noon is
# 16:00 UTC before (EDT, UTC-4) and 17:00 UTC after (EST, UTC-5).
BEFORE_THE_CHANGE = datetime(2026, 10, 30, 12, 0, tzinfo=NEW_YORK)
AFTER_THE_CHANGE = datetime(2026, 11, 2, 12, 0, tzinfo=NEW_YORK)
JOIN_URL = "https://meet.example.org/j/personal-secret-987"


def _webinar(starts_at: datetime, **fields: object):
    return WebinarFactory(
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=90),
        join_url=JOIN_URL,
        title="Saving Primary Care & more",
        **fields,
    )


def _query(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    query = parse_qs(parts.query, strict_parsing=True)
    assert all(len(values) == 1 for values in query.values())
    return f"{parts.scheme}://{parts.netloc}{parts.path}", {k: v[0] for k, v in query.items()}


def _personal_links(registration: Registration) -> list[str]:
    return [
        JOIN_URL,
        "personal-secret",
        cancel_token(registration_id=registration.pk),
        confirm_token(registration_id=registration.pk),
        "/cancel/",
        "/confirm/",
    ]


@pytest.mark.parametrize(
    ("starts_at", "start", "end"),
    [
        pytest.param(
            BEFORE_THE_CHANGE,
            datetime(2026, 10, 30, 16, 0, tzinfo=UTC),
            datetime(2026, 10, 30, 17, 30, tzinfo=UTC),
            id="2026-10-30 EDT",
        ),
        pytest.param(
            AFTER_THE_CHANGE,
            datetime(2026, 11, 2, 17, 0, tzinfo=UTC),
            datetime(2026, 11, 2, 18, 30, tzinfo=UTC),
            id="2026-11-02 EST",
        ),
    ],
)
def test_google_and_outlook_links_carry_the_utc_start_and_end_across_daylight_saving(
    starts_at, start, end
):
    webinar = _webinar(starts_at)
    links = calendar_links(webinar=webinar)
    page_url = settings.SITE_URL + webinar.get_absolute_url()

    base, google = _query(links.google)
    assert base == "https://calendar.google.com/calendar/render"
    assert google["action"] == "TEMPLATE"
    assert google["text"] == "Saving Primary Care & more"
    assert google["dates"] == f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"
    assert google["location"] == page_url
    assert page_url in google["details"]

    base, outlook = _query(links.outlook)
    assert base == "https://outlook.live.com/calendar/0/deeplink/compose"
    assert outlook["rru"] == "addevent"
    assert outlook["subject"] == "Saving Primary Care & more"
    assert datetime.fromisoformat(outlook["startdt"]) == start
    assert datetime.fromisoformat(outlook["enddt"]) == end
    assert outlook["startdt"].endswith("Z")
    assert outlook["location"] == page_url
    assert page_url in outlook["body"]

    assert links.ics == settings.SITE_URL + reverse(
        "webinars:webinar_calendar", kwargs={"slug": webinar.slug}
    )
    for link in (links.google, links.outlook, links.ics):
        assert "personal-secret" not in link


def test_the_links_are_in_the_pages_language():
    webinar = _webinar(AFTER_THE_CHANGE, title_es="Salvar la atención primaria")
    with translation.override("es"):
        links = calendar_links(webinar=webinar)
    assert _query(links.google)[1]["text"] == "Salvar la atención primaria"
    assert _query(links.google)[1]["location"].startswith(f"{settings.SITE_URL}/es/webinars/")
    assert "/es/webinars/" in links.ics


def test_the_webinar_page_and_the_registration_page_offer_the_three_links(client):
    webinar = _webinar(AFTER_THE_CHANGE)
    links = calendar_links(webinar=webinar)
    for url in (
        webinar.get_absolute_url(),
        reverse("webinars:registration_done", kwargs={"slug": webinar.slug}),
    ):
        with time_machine.travel(AFTER_THE_CHANGE - timedelta(days=3), tick=False):
            html = client.get(url).content.decode()
        hrefs = re.findall(r'<ul class="add-to-calendar__links"[^>]*>(.*?)</ul>', html, re.S)
        assert len(hrefs) == 1
        assert f'href="{links.google.replace("&", "&amp;")}"' in hrefs[0]
        assert f'href="{links.outlook.replace("&", "&amp;")}"' in hrefs[0]
        assert f'href="{links.ics}" download' in hrefs[0]


def test_no_personal_link_is_on_any_public_page_or_in_the_public_calendar_file(client):
    webinar = _webinar(AFTER_THE_CHANGE)
    with time_machine.travel(AFTER_THE_CHANGE - timedelta(days=3), tick=False):
        register(webinar)
        registration = Registration.objects.get()
        pages = [
            webinar.get_absolute_url(),
            reverse("webinars:webinar_list"),
            reverse("webinars:registration_done", kwargs={"slug": webinar.slug}),
            reverse("campaign:home"),
            "/es" + webinar.get_absolute_url(),
        ]
        responses = {url: client.get(url) for url in pages}
        ics = client.get(reverse("webinars:webinar_calendar", kwargs={"slug": webinar.slug}))
    for url, response in responses.items():
        assert response.status_code == 200, url
        html = response.content.decode()
        for personal in _personal_links(registration):
            assert personal not in html, (url, personal)

    assert ics.status_code == 200
    calendar = Calendar.from_ical(ics.content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 11, 2, 17, 0, tzinfo=UTC)
    assert str(event["UID"]) == f"webinar-{webinar.pk}@testserver"
    assert str(event["URL"]) == settings.SITE_URL + webinar.get_absolute_url()
    text = ics.content.decode()
    for personal in _personal_links(registration):
        assert personal not in text
    # One stable UID per webinar, whoever downloads it and when.
    again = Calendar.from_ical(
        Client().get(reverse("webinars:webinar_calendar", kwargs={"slug": webinar.slug})).content
    )
    assert str(again.walk("VEVENT")[0]["UID"]) == str(event["UID"])


def _calendar_section(text: str) -> str:
    return text.split("Add to calendar:", 1)[1].split("About the webinar", 1)[0]


def test_the_confirmation_offers_the_links_and_keeps_its_personal_calendar_file(
    django_capture_on_commit_callbacks,
):
    webinar = _webinar(AFTER_THE_CHANGE)
    with (
        time_machine.travel(AFTER_THE_CHANGE - timedelta(days=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        register(webinar, time_zone="Europe/Berlin")
    [message] = mail.outbox
    links = calendar_links(webinar=webinar)
    [(html, _mimetype)] = message.alternatives

    for part, escape in ((message.body, False), (html, True)):
        section = _calendar_section(part)
        for link in (links.google, links.outlook, links.ics):
            assert (link.replace("&", "&amp;") if escape else link) in section
        for personal in _personal_links(Registration.objects.get()):
            assert personal not in section
    # The attached file is the registrant's own, with the join link.
    [(_filename, content, _type)] = message.attachments
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["LOCATION"]) == JOIN_URL
    assert str(event["UID"]).startswith("registration-")


def test_the_reminder_offers_the_links(django_capture_on_commit_callbacks):
    webinar = _webinar(BEFORE_THE_CHANGE)
    with time_machine.travel(BEFORE_THE_CHANGE - timedelta(days=3), tick=False):
        register(webinar)
    mail.outbox.clear()
    with (
        time_machine.travel(BEFORE_THE_CHANGE - timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.reminders_send_due()
    [message] = mail.outbox
    links = calendar_links(webinar=webinar)
    [(html, _mimetype)] = message.alternatives
    assert links.google in _calendar_section(message.body)
    assert links.outlook.replace("&", "&amp;") in _calendar_section(html)
    assert "20261030T160000Z" in _calendar_section(message.body)
