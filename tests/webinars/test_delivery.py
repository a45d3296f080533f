"""A registration's confirmation through the real parts: Redis, a Celery worker, SMTP."""

import pytest
from django.test import Client
from icalendar import Calendar

from tests.webinars.factories import WebinarFactory, registration_form_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_confirmation_reaches_the_mail_server_with_its_calendar_file(
    celery_worker, smtp_server
):
    webinar = WebinarFactory(capacity=5, title="Delivered webinar")

    response = Client().post(
        webinar.get_absolute_url(), registration_form_data(email="ana@example.org")
    )
    assert response.status_code == 302

    [message] = smtp_server.wait_for(1)
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "You are registered: Delivered webinar"
    parts = {part.get_content_type(): part for part in message.walk()}
    assert webinar.join_url in parts["text/plain"].get_content()
    assert webinar.join_url in parts["text/html"].get_content()
    calendar_part = parts["text/calendar"]
    assert calendar_part.get_filename() == "webinar.ics"
    [event] = Calendar.from_ical(calendar_part.get_payload(decode=True)).walk("VEVENT")
    assert str(event["LOCATION"]) == webinar.join_url
    assert event.decoded("DTSTART") == webinar.starts_at
