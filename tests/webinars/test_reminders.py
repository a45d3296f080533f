"""The reminder schedule, with the clock frozen where each test needs it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from icalendar import Calendar

from forus.outbox.models import OutboundEmail
from tests.webinars.factories import WebinarFactory, register
from webinars import services, tasks
from webinars.models import Registration, Webinar

pytestmark = pytest.mark.django_db

START = datetime(2025, 2, 11, 12, 0, tzinfo=ZoneInfo("America/New_York"))
DAY = timedelta(hours=24)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def webinar() -> Webinar:
    return WebinarFactory(starts_at=START, ends_at=START + HOUR, capacity=1)


def register_at(moment: datetime, webinar: Webinar, **fields: object) -> Registration:
    with time_machine.travel(moment, tick=False):
        return register(webinar, **fields).registration


def run_beat_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return services.reminders_send_due()


def reminders_to(address: str) -> list[str]:
    return list(
        OutboundEmail.objects.filter(to=address, template="webinars/email/reminder")
        .order_by("pk")
        .values_list("subject", flat=True)
    )


def test_each_reminder_goes_once_at_its_moment(webinar):
    registration = register_at(START - 3 * DAY, webinar, email="ana@example.org")

    assert run_beat_at(START - DAY - MINUTE) == 0
    assert run_beat_at(START - DAY) == 1
    assert run_beat_at(START - DAY + MINUTE) == 0
    assert run_beat_at(START - HOUR - MINUTE) == 0
    assert run_beat_at(START - HOUR) == 1
    assert run_beat_at(START - HOUR + MINUTE) == 0
    assert run_beat_at(START + MINUTE) == 0

    assert reminders_to("ana@example.org") == [
        f"Reminder: {webinar.title} is coming up",
        f"Starting soon: {webinar.title}",
    ]
    registration.refresh_from_db()
    assert registration.reminder_24h_sent_at == START - DAY
    assert registration.reminder_1h_sent_at == START - HOUR


def test_registering_two_hours_before_gets_only_the_one_hour_reminder(webinar):
    register_at(START - 2 * HOUR, webinar, email="late@example.org")
    for moment in (START - 2 * HOUR, START - 90 * MINUTE, START - HOUR, START - 30 * MINUTE):
        run_beat_at(moment)
    assert reminders_to("late@example.org") == [f"Starting soon: {webinar.title}"]


def test_registering_thirty_minutes_before_gets_no_reminder(webinar):
    register_at(START - 30 * MINUTE, webinar, email="last-minute@example.org")
    for moment in (START - 30 * MINUTE, START - 29 * MINUTE, START - MINUTE):
        assert run_beat_at(moment) == 0
    assert reminders_to("last-minute@example.org") == []


def test_a_late_run_sends_the_reminder_that_is_still_ahead_not_a_stale_one(webinar):
    register_at(START - 3 * DAY, webinar, email="ana@example.org")
    # Beat was down from before the 24-hour moment until 50 minutes before the start.
    assert run_beat_at(START - 50 * MINUTE) == 1
    assert reminders_to("ana@example.org") == [f"Starting soon: {webinar.title}"]


def test_only_seat_holders_of_published_webinars_get_reminders(webinar):
    register_at(START - 3 * DAY, webinar, email="seat@example.org")
    register_at(START - 3 * DAY, webinar, email="waiting@example.org")
    gone = register_at(START - 3 * DAY, WebinarFactory(starts_at=START, ends_at=START + HOUR))
    services.registration_cancel(registration_id=gone.pk)
    called_off = WebinarFactory(starts_at=START, ends_at=START + HOUR)
    register_at(START - 3 * DAY, called_off, email="called-off@example.org")
    Webinar.objects.filter(pk=called_off.pk).update(status=Webinar.Status.CANCELLED)

    run_beat_at(START - DAY)
    run_beat_at(START - HOUR)

    assert set(
        OutboundEmail.objects.filter(template="webinars/email/reminder").values_list(
            "to", flat=True
        )
    ) == {"seat@example.org"}


def test_a_seat_given_from_the_waitlist_after_a_reminders_moment_skips_that_reminder(webinar):
    seat = register_at(START - 3 * DAY, webinar, email="seat@example.org")
    register_at(START - 3 * DAY, webinar, email="waiting@example.org")
    with time_machine.travel(START - 5 * HOUR, tick=False):
        services.registration_cancel(registration_id=seat.pk)

    run_beat_at(START - 5 * HOUR)
    run_beat_at(START - HOUR)

    # The promotion email had the link to join; the day-before reminder would be stale.
    assert reminders_to("waiting@example.org") == [f"Starting soon: {webinar.title}"]


def test_the_reminder_has_the_join_link_the_time_and_a_cancel_link(
    webinar, django_capture_on_commit_callbacks
):
    register_at(START - 3 * DAY, webinar, email="ana@example.org", time_zone="Europe/Paris")
    mail.outbox.clear()
    with (
        time_machine.travel(START - HOUR, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.reminders_send_due()

    [message] = mail.outbox
    assert webinar.join_url in message.body
    assert "Tuesday, February 11, 2025, 12:00 PM – 1:00 PM Eastern Time (EST)" in message.body
    assert "In your time zone: Tuesday, February 11, 2025, 6:00 PM – 7:00 PM" in message.body
    assert "/cancel/" in message.body


def test_the_beat_task_finds_due_reminders_in_the_database(webinar):
    register_at(START - 3 * DAY, webinar, email="ana@example.org")
    schedule = settings.CELERY_BEAT_SCHEDULE["webinar-reminders"]
    assert schedule["task"] == "webinars.tasks.reminders_send_due"
    assert schedule["schedule"] == 60.0

    with time_machine.travel(START - DAY, tick=False):
        assert tasks.reminders_send_due.delay().get() == 1
        assert tasks.reminders_send_due.delay().get() == 0


def test_moving_the_webinar_tells_everyone_moves_the_calendar_entry_and_reminds_again(
    webinar, django_capture_on_commit_callbacks
):
    seat = register_at(START - 3 * DAY, webinar, email="seat@example.org")
    register_at(START - 3 * DAY, webinar, email="waiting@example.org")
    assert run_beat_at(START - DAY + MINUTE) == 1  # the 24-hour reminder went
    confirmation_uid = _calendar_of(
        OutboundEmail.objects.get(to="seat@example.org", template="webinars/email/registered")
    )["UID"]

    # Staff move it a week later, twenty hours before it was to start.
    new_start = START + 7 * DAY
    Webinar.objects.filter(pk=webinar.pk).update(starts_at=new_start, ends_at=new_start + HOUR)
    with (
        time_machine.travel(START - 20 * HOUR, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.webinar_reschedule(webinar_id=webinar.pk) == 2

    moved = OutboundEmail.objects.filter(template="webinars/email/rescheduled")
    to_seat = moved.get(to="seat@example.org")
    assert to_seat.subject == f"New time: {webinar.title}"
    assert "Tuesday, February 18, 2025, 12:00 PM" in to_seat.body_text
    assert webinar.join_url in to_seat.body_text
    event = _calendar_of(to_seat)
    assert event["UID"] == confirmation_uid  # the same entry, moved
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == new_start
    to_waiting = moved.get(to="waiting@example.org")
    assert webinar.join_url not in to_waiting.body_text
    assert not to_waiting.attachments.exists()

    seat.refresh_from_db()
    assert seat.reminder_24h_sent_at is None
    assert run_beat_at(new_start - DAY + MINUTE) == 1
    assert len(reminders_to("seat@example.org")) == 2


def test_a_webinar_over_or_cancelled_is_not_rescheduled(webinar):
    register_at(START - 3 * DAY, webinar, email="seat@example.org")
    with time_machine.travel(START + 2 * HOUR, tick=False):
        assert services.webinar_reschedule(webinar_id=webinar.pk) == 0
    Webinar.objects.filter(pk=webinar.pk).update(status=Webinar.Status.CANCELLED)
    with time_machine.travel(START - 2 * DAY, tick=False):
        assert services.webinar_reschedule(webinar_id=webinar.pk) == 0
    assert not OutboundEmail.objects.filter(template="webinars/email/rescheduled").exists()


def _calendar_of(email: OutboundEmail):
    [attachment] = email.attachments.all()
    [event] = Calendar.from_ical(bytes(attachment.content)).walk("VEVENT")
    return event


def test_a_seat_taken_in_the_last_hour_gets_the_join_link_once_staff_add_it(webinar):
    Webinar.objects.filter(pk=webinar.pk).update(join_url="")
    webinar.refresh_from_db()
    late = register_at(START - 50 * MINUTE, webinar, email="late@example.org")
    confirmation = OutboundEmail.objects.get(to="late@example.org")
    assert "We will email you the link to join" in confirmation.body_text
    assert run_beat_at(START - 40 * MINUTE) == 0  # no link yet: nothing to send

    Webinar.objects.filter(pk=webinar.pk).update(join_url="https://meet.example.org/j/777")
    assert run_beat_at(START - 30 * MINUTE) == 1
    assert run_beat_at(START - 29 * MINUTE) == 0  # once
    link = OutboundEmail.objects.get(to="late@example.org", template="webinars/email/join_link")
    assert "https://meet.example.org/j/777" in link.body_text
    late.refresh_from_db()
    assert late.join_url_sent == "https://meet.example.org/j/777"


def test_a_join_link_changed_after_the_last_reminder_goes_to_every_seat_holder(webinar):
    register_at(START - 3 * DAY, webinar, email="seat@example.org")
    register_at(START - 3 * DAY, webinar, email="waiting@example.org")
    assert run_beat_at(START - HOUR + MINUTE) == 1  # the 1-hour reminder, with the link
    assert run_beat_at(START - HOUR + 2 * MINUTE) == 0  # who has the link gets no more

    Webinar.objects.filter(pk=webinar.pk).update(join_url="https://meet.example.org/j/new")
    assert run_beat_at(START - 10 * MINUTE) == 1
    [link] = OutboundEmail.objects.filter(template="webinars/email/join_link")
    assert link.to == "seat@example.org"
    assert "https://meet.example.org/j/new" in link.body_text
    assert run_beat_at(START + 2 * HOUR) == 0  # nothing after the end
