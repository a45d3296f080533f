"""The outbox with real parts: Redis, a `celery -A forus worker` process, SMTP."""

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from forus.outbox.models import OutboundEmail
from forus.outbox.services import (
    SWEEP_GRACE,
    Attachment,
    claim_lifetime,
    email_queue,
    outbox_sweep,
)
from forus.outbox.tasks import deliver_email
from tests.forus.public_form_data import honest_form_data

pytestmark = pytest.mark.django_db(transaction=True)

ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//For Us All//EN\r\n"
    b"BEGIN:VEVENT\r\nUID:check@forusall\r\nDTSTAMP:20261123T120000Z\r\n"
    b"DTSTART:20261201T170000Z\r\nSUMMARY:Check\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _queue_check_email() -> OutboundEmail:
    with transaction.atomic():
        return email_queue(
            to="reader@example.org",
            template="outbox/email/check",
            context={"queued_at": "now"},
            headers={
                "List-Unsubscribe": "<http://testserver/unsubscribe/abc/>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            attachments=[Attachment("webinar.ics", ICS, "text/calendar")],
        )


def _wait_for_status(email: OutboundEmail, status: str, timeout: float = 30) -> OutboundEmail:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status == status:
            return email
        time.sleep(0.1)
    raise AssertionError(f"email {email.pk} stayed {email.status}, expected {status}")


def _sweep_as_if_time_passed(email: OutboundEmail) -> list[int]:
    """What beat's sweep does once the row is older than the grace period."""
    OutboundEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() - SWEEP_GRACE - timedelta(seconds=1)
    )
    return outbox_sweep()


def test_a_queued_email_arrives_once_with_both_parts_attachment_and_headers(
    celery_worker, smtp_server
):
    email = _queue_check_email()

    [message] = smtp_server.wait_for(1)
    _wait_for_status(email, OutboundEmail.Status.SENT)
    assert message["To"] == "reader@example.org"
    assert message["Subject"] == "For Us All: a test email"
    assert message["Message-ID"] == email.message_id
    assert message["List-Unsubscribe"] == "<http://testserver/unsubscribe/abc/>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "This is a test email" in message.get_body(("plain",)).get_content()
    assert 'href="http://testserver/"' in message.get_body(("html",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "webinar.ics"
    assert attachment.get_content().encode() == ICS

    # The sweep, and a duplicate delivery task, find nothing more to do.
    assert outbox_sweep() == []
    deliver_email.delay(email.pk)
    time.sleep(1.5)
    assert len(smtp_server.messages) == 1


def test_with_the_mail_server_down_it_retries_and_arrives_once_it_is_back(
    celery_worker, smtp_server
):
    smtp_server.stop()
    email = _queue_check_email()

    deadline = time.monotonic() + 20
    while email.attempts < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
        email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert email.attempts >= 2, "retried with a countdown while the server was down"
    assert "Connection refused" in email.last_error
    assert email.next_attempt_at > timezone.now() - timedelta(seconds=1)

    smtp_server.start()
    email = _wait_for_status(email, OutboundEmail.Status.SENT, timeout=40)
    time.sleep(1)
    assert len(smtp_server.messages) == 1
    assert email.last_error  # the history of the outage is kept


@pytest.mark.urls("tests.forus.public_form_urls")
def test_with_redis_down_a_form_is_accepted_and_the_sweep_delivers_it_later(
    celery_worker, redis_server, smtp_server
):
    redis_server.stop()

    response = Client().post("/check/", honest_form_data())

    assert response.status_code == 302
    assert response["Location"] == "/sent/"
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.PENDING
    assert email.attempts == 0

    redis_server.start()
    assert _sweep_as_if_time_passed(email) == [email.pk]

    _wait_for_status(email, OutboundEmail.Status.SENT)
    assert outbox_sweep() == []
    time.sleep(1)
    assert len(smtp_server.messages) == 1


def test_a_worker_killed_mid_delivery_leaves_it_to_the_sweep_which_sends_it_once(
    celery_worker, smtp_server
):
    # The mail server holds the conversation before the message is sent.
    smtp_server.handler.holding.set()
    email = _queue_check_email()
    assert smtp_server.handler.held.wait(timeout=30), "the worker never reached the server"
    _wait_for_status(email, OutboundEmail.Status.SENDING)

    celery_worker.kill()
    smtp_server.handler.holding.clear()
    celery_worker.start()

    # The claim stays until it is stale: a live worker may still be sending.
    assert outbox_sweep() == []
    OutboundEmail.objects.filter(pk=email.pk).update(
        claimed_at=timezone.now() - timedelta(hours=1)
    )
    assert outbox_sweep() == [email.pk]  # takes the claim back and queues it

    email = _wait_for_status(email, OutboundEmail.Status.SENT)
    assert email.attempts == 2
    time.sleep(1)
    assert len(smtp_server.messages) == 1


def test_a_worker_killed_mid_delivery_has_its_email_sent_once_within_two_minutes(
    celery_worker, smtp_server, settings
):
    smtp_server.handler.holding.set()
    email = _queue_check_email()
    assert smtp_server.handler.held.wait(timeout=30), "the worker never reached the server"
    email = _wait_for_status(email, OutboundEmail.Status.SENDING)

    celery_worker.kill()
    smtp_server.handler.holding.clear()
    celery_worker.start()

    # The claim outlives one delivery attempt (the test mailer's timeout is
    # 5 s), no more: until then a live worker may still be sending it.
    assert claim_lifetime() == timedelta(seconds=15)
    assert outbox_sweep() == []
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENDING

    age = timezone.now() - email.claimed_at
    time.sleep((claim_lifetime() - age).total_seconds() + 0.5)
    # The sweep that takes the claim back sends it at once: no grace again.
    assert outbox_sweep() == [email.pk]
    email = _wait_for_status(email, OutboundEmail.Status.SENT)
    assert email.attempts == 2
    time.sleep(1)
    assert len(smtp_server.messages) == 1

    # In production: a 20 s SMTP timeout and beat's sweep every minute.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "mail.example.org", "timeout": 20},
        }
    }
    sweep_every = timedelta(seconds=settings.CELERY_BEAT_SCHEDULE["sweep-outbox"]["schedule"])
    assert claim_lifetime() + sweep_every <= timedelta(minutes=2)


def _queue_many(count: int) -> list[OutboundEmail]:
    with transaction.atomic():
        return [
            email_queue(
                to=f"reader{number}@example.org",
                template="outbox/email/check",
                context={"queued_at": "now"},
            )
            for number in range(count)
        ]


def _wait_until_all_sent(count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    sent = 0
    while time.monotonic() < deadline:
        sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count()
        if sent == count:
            return
        time.sleep(0.2)
    raise AssertionError(f"{sent} of {count} emails sent")


def test_two_hundred_emails_through_one_worker_share_its_connection(celery_worker, smtp_server):
    emails = _queue_many(200)

    _wait_until_all_sent(200, timeout=180)

    time.sleep(1)
    received = Counter(message["Message-ID"] for message in smtp_server.messages)
    assert received == Counter(email.message_id for email in emails)
    assert smtp_server.connections <= 2


def test_a_server_that_hangs_up_mid_run_loses_and_doubles_nothing(celery_worker, smtp_server):
    # It closes every connection after seven messages, and twice hangs up
    # instead of answering a message's DATA (that message is not kept).
    smtp_server.handler.close_after = 7
    smtp_server.handler.hang_up_at = {20, 45}
    emails = _queue_many(60)

    _wait_until_all_sent(60, timeout=120)

    time.sleep(1)
    received = Counter(message["Message-ID"] for message in smtp_server.messages)
    assert received == Counter(email.message_id for email in emails)
    assert smtp_server.connections >= 60 // 7
    retried = OutboundEmail.objects.filter(attempts=2)
    assert retried.count() == 2
    assert OutboundEmail.objects.filter(attempts=1).count() == 58
