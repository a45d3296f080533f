"""What the emails say, and the calendar files parsed back with icalendar."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from forus.outbox.models import OutboundAttachment, OutboundEmail
from tests.webinars.factories import WebinarFactory, register
from webinars import ics, services
from webinars.models import Registration

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
# Tuesday February 11, 2025, 12-1pm ET, like the campaign's launch webinar; a
# summer date for daylight saving time.
WINTER_NOON = datetime(2025, 2, 11, 12, 0, tzinfo=EASTERN)
SUMMER_EVENING = datetime(2025, 7, 15, 20, 0, tzinfo=EASTERN)


def upcoming_webinar(starts_at: datetime, **fields: object):
    return WebinarFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), **fields)


def confirmation_for(webinar, *, time_zone: str, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(webinar.starts_at - timedelta(days=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        register(webinar, time_zone=time_zone, first_name="Ana")
    [message] = mail.outbox
    return message


def parse_calendar(content: bytes | str) -> Calendar:
    if isinstance(content, str):
        content = content.encode()
    return Calendar.from_ical(content)


def the_event(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def html_part(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_the_confirmation_gives_the_time_in_eastern_time_the_join_link_and_a_cancel_link(
    django_capture_on_commit_callbacks,
):
    webinar = upcoming_webinar(WINTER_NOON, title="Introducing the campaign")
    message = confirmation_for(
        webinar,
        time_zone="America/New_York",
        django_capture_on_commit_callbacks=(django_capture_on_commit_callbacks),
    )

    assert message.subject == "You are registered: Introducing the campaign"
    for body in (message.body, html_part(message)):
        assert "Tuesday, February 11, 2025, 12:00 PM – 1:00 PM Eastern Time (EST)" in body
        assert "https://meet.example.org/j/123456" in body
        assert "http://testserver/webinars/registrations/" in body
        assert "/cancel/" in body
        assert f"http://testserver{webinar.get_absolute_url()}" in body
        # Eastern Time is the registrant's own zone: no second line.
        assert "In your time zone" not in body


@pytest.mark.parametrize(
    ("starts_at", "zone", "own_time"),
    [
        pytest.param(
            WINTER_NOON,
            "Europe/Berlin",
            "Tuesday, February 11, 2025, 6:00 PM – 7:00 PM Europe/Berlin (CET)",
            id="Berlin in winter",
        ),
        pytest.param(
            SUMMER_EVENING,
            "America/Los_Angeles",
            "Tuesday, July 15, 2025, 5:00 PM – 6:00 PM Pacific Time (PDT)",
            id="Los Angeles in summer",
        ),
        pytest.param(
            SUMMER_EVENING,
            "Asia/Tokyo",
            "Wednesday, July 16, 2025, 9:00 AM – 10:00 AM Asia/Tokyo (JST)",
            id="Tokyo, the next day",
        ),
        pytest.param(
            datetime(2025, 2, 11, 23, 30, tzinfo=EASTERN),
            "Europe/London",
            "Wednesday, February 12, 2025, 4:30 AM – 5:30 AM Europe/London (GMT)",
            id="London",
        ),
    ],
)
def test_the_registrants_own_time_zone_is_shown_when_it_differs(
    django_capture_on_commit_callbacks, starts_at, zone, own_time
):
    webinar = upcoming_webinar(starts_at)
    message = confirmation_for(
        webinar,
        time_zone=zone,
        django_capture_on_commit_callbacks=(django_capture_on_commit_callbacks),
    )
    eastern_line = message.body.split("When: ")[1].splitlines()[0]
    assert "Eastern Time" in eastern_line
    assert f"In your time zone: {own_time}" in message.body
    assert own_time in html_part(message)


def test_summer_times_say_eastern_daylight_time(django_capture_on_commit_callbacks):
    webinar = upcoming_webinar(SUMMER_EVENING)
    message = confirmation_for(
        webinar,
        time_zone="America/Detroit",
        django_capture_on_commit_callbacks=(django_capture_on_commit_callbacks),
    )
    assert "Tuesday, July 15, 2025, 8:00 PM – 9:00 PM Eastern Time (EDT)" in message.body
    # Detroit keeps Eastern Time: the same clock, so no second line.
    assert "In your time zone" not in message.body


def test_a_webinar_that_crosses_midnight_shows_the_end_date():
    starts_at = datetime(2025, 3, 4, 23, 30, tzinfo=EASTERN)
    webinar = upcoming_webinar(starts_at)
    with time_machine.travel(starts_at - timedelta(days=3), tick=False):
        register(webinar)
    email = OutboundEmail.objects.get()
    assert (
        "Tuesday, March 4, 2025, 11:30 PM – Wednesday, March 5, 2025, 12:30 AM Eastern Time"
        in email.body_text
    )


def test_the_calendar_file_is_valid_rfc_5545_with_the_join_link_and_an_alarm(
    django_capture_on_commit_callbacks,
):
    webinar = upcoming_webinar(WINTER_NOON, title="Introducing the campaign")
    message = confirmation_for(
        webinar,
        time_zone="Europe/Berlin",
        django_capture_on_commit_callbacks=(django_capture_on_commit_callbacks),
    )
    [(filename, content, mimetype)] = message.attachments
    assert filename == "webinar.ics"
    assert mimetype.startswith("text/calendar")

    calendar = parse_calendar(content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["METHOD"] == "PUBLISH"
    event = the_event(calendar)
    assert event.decoded("DTSTART") == datetime(2025, 2, 11, 17, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2025, 2, 11, 18, 0, tzinfo=UTC)
    assert event["SUMMARY"] == "Introducing the campaign"
    assert event["LOCATION"] == webinar.join_url
    assert event["URL"] == webinar.join_url
    assert webinar.join_url in event["DESCRIPTION"]
    registration = Registration.objects.get()
    assert event["UID"] == f"registration-{registration.public_id}@testserver"
    assert event.get("DTSTAMP")
    [alarm] = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -timedelta(minutes=30)
    # Lines are folded at 75 octets and end in CRLF, as RFC 5545 asks.
    raw = content.encode() if isinstance(content, str) else content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\r\n" in raw


def test_the_uid_is_stable_for_a_registration_and_differs_between_registrations():
    webinar = upcoming_webinar(WINTER_NOON)
    with time_machine.travel(WINTER_NOON - timedelta(days=3), tick=False):
        first = register(webinar, email="ana@example.org").registration
        other = register(webinar, email="ben@example.org").registration
    with time_machine.travel(WINTER_NOON - timedelta(days=2), tick=False):
        register(webinar, email="ana@example.org")  # sends the confirmation again

    def uid(registration: Registration) -> str:
        return str(
            the_event(parse_calendar(ics.registration_ics(registration=registration)))["UID"]
        )

    emailed = [
        str(the_event(parse_calendar(bytes(attachment.content)))["UID"])
        for attachment in OutboundAttachment.objects.filter(email__to="ana@example.org")
    ]
    assert emailed == [uid(first), uid(first)]
    assert uid(first) != uid(other)


def test_the_public_calendar_file_has_no_join_link():
    webinar = upcoming_webinar(WINTER_NOON, join_url="https://meet.example.org/j/secret-987")
    content = ics.webinar_public_ics(webinar=webinar)

    assert b"secret-987" not in content
    event = the_event(parse_calendar(content))
    assert event["LOCATION"] == "Online"
    assert event["URL"] == f"http://testserver{webinar.get_absolute_url()}"
    assert event["UID"] == f"webinar-{webinar.pk}@testserver"


def test_names_are_escaped_in_the_html_part(django_capture_on_commit_callbacks):
    webinar = upcoming_webinar(WINTER_NOON)
    with (
        time_machine.travel(WINTER_NOON - timedelta(days=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        register(webinar, first_name='<img src=x onerror="alert(1)">')
    html = html_part(mail.outbox[0])
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


# What the email asking for confirmation says, in each language.
CONFIRMATION_REQUESTS = {
    "en": {
        "subject": "Confirm your registration: Introducing the campaign",
        "greeting": "Hello,",
        "label": "Confirm by:",
        "deadline": "Saturday, February 8, 2025, 2:00 PM Eastern Time",
        "what_it_does": "You get a seat if one is free, or else a place on the waitlist",
    },
    "es": {
        "subject": "Confirme su inscripción: Introducing the campaign",
        "greeting": "Hola:",
        "label": "Confirme a más tardar el:",
        "deadline": "sábado 8 de febrero de 2025, 14:00 Hora del Este",
        "what_it_does": "Obtendrá un lugar si hay uno libre o, si no, un lugar en la lista",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_under_pressure_the_email_asks_its_owner_to_confirm_and_then_says_where_they_stand(
    seat_pressure, language
):
    expected = CONFIRMATION_REQUESTS[language]
    webinar = upcoming_webinar(WINTER_NOON, title="Introducing the campaign", capacity=5)
    with time_machine.travel(WINTER_NOON - timedelta(days=3), tick=False):
        registration = register(
            webinar, language=language, first_name="Eve", time_zone="America/New_York"
        ).registration
    [email] = OutboundEmail.objects.all()

    assert email.subject == expected["subject"]
    assert f"{expected['label']} {expected['deadline']}\n" in email.body_text
    assert f"<strong>{expected['label']}</strong> {expected['deadline']}</p>" in email.body_html
    assert email.body_text.startswith(expected["greeting"] + "\n")
    assert f">{expected['greeting']}</p>" in email.body_html
    for body in (email.body_text, email.body_html):
        assert expected["what_it_does"] in body
        assert "/confirm/" in body
        # Nothing the form let a stranger type, and no join link yet.
        assert "Eve" not in body
        assert webinar.join_url not in body
    assert not OutboundAttachment.objects.exists()

    with time_machine.travel(WINTER_NOON - timedelta(days=3, minutes=-30), tick=False):
        services.registration_confirm(registration_id=registration.pk)
    seat_email = OutboundEmail.objects.order_by("pk").last()
    assert seat_email.template == "webinars/email/registered"
    assert seat_email.language == language
    assert webinar.join_url in seat_email.body_text


@pytest.mark.parametrize(
    ("zone", "own_time"),
    [
        pytest.param("UTC", "Tuesday, February 11, 2025, 5:00 PM – 6:00 PM UTC\n", id="UTC"),
        pytest.param(
            "Asia/Dubai",
            "Tuesday, February 11, 2025, 9:00 PM – 10:00 PM Asia/Dubai (UTC+04)\n",
            id="a zone with no letters",
        ),
    ],
)
def test_the_time_zone_is_named_once_in_the_confirmation_reminder_and_new_time(zone, own_time):
    webinar = upcoming_webinar(WINTER_NOON)
    with time_machine.travel(WINTER_NOON - timedelta(days=3), tick=False):
        registration = register(webinar, time_zone=zone).registration
        services.webinar_reschedule(webinar_id=webinar.pk)
    with time_machine.travel(WINTER_NOON - timedelta(minutes=50), tick=False):
        services.reminders_send_due()
    emails = list(OutboundEmail.objects.order_by("pk"))
    assert [email.template.rsplit("/", 1)[1] for email in emails] == [
        "registered",
        "rescheduled",
        "reminder",
    ]
    assert registration.time_zone == zone
    for email in emails:
        assert f"In your time zone: {own_time}" in email.body_text
        assert "UTC (UTC)" not in email.body_text
        assert "(UTC)" not in email.body_html
