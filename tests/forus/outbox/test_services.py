"""The outbox on the embedded path: eager tasks, Django's test mailer."""

import socket
import threading
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from campaign.newsletter.services import subscriber_confirm
from forus.outbox.models import OutboundAttachment, OutboundEmail
from forus.outbox.services import (
    KEEP_COPIES,
    SWEEP_GRACE,
    Attachment,
    Delivery,
    _single_line,
    claim_lifetime,
    email_deliver,
    email_queue,
    email_resend,
    emails_forget,
    outbox_forget_old_copies,
    outbox_sweep,
)
from forus.outbox.tasks import forget_old_emails
from tests.champions.factories import NominationFactory
from tests.newsletter.factories import SubscriberFactory
from tests.webinars.factories import WebinarFactory, register
from webinars import services as webinar_services

pytestmark = pytest.mark.django_db

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def _queue(**overrides: object) -> OutboundEmail:
    arguments = {
        "to": "reader@example.org",
        "template": "outbox/email/check",
        "context": {"queued_at": "now"},
        "headers": {"List-Unsubscribe": "<https://example.org/u/abc>"},
        "attachments": [Attachment("invite.ics", ICS, "text/calendar")],
    }
    arguments.update(overrides)
    with transaction.atomic():
        return email_queue(**arguments)


def test_a_queued_email_is_sent_after_commit_with_both_parts_attachment_and_headers(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue()
        assert mail.outbox == [], "nothing is sent before the transaction commits"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    assert message.subject == "For Us All: a test email"
    assert "This is a test email" in message.body
    assert "http://testserver/" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert 'href="http://testserver/"' in html
    assert message.attachments[0].filename == "invite.ics"
    assert message.extra_headers["List-Unsubscribe"] == "<https://example.org/u/abc>"
    assert message.extra_headers["Message-ID"] == email.message_id

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None


def test_a_rolled_back_transaction_queues_nothing(django_capture_on_commit_callbacks):
    class AbandonedError(Exception):
        pass

    def register_then_fail() -> None:
        with transaction.atomic():
            email_queue(to="reader@example.org", template="outbox/email/check")
            raise AbandonedError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AbandonedError):
        register_then_fail()

    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_a_row_is_delivered_once_however_often_it_is_asked():
    email = _queue()
    assert email_deliver(email_id=email.pk).delivery == Delivery.SENT
    assert email_deliver(email_id=email.pk).delivery == Delivery.SKIPPED
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "recipient",
    [
        "reader@example.org\nBcc: victim@example.org",
        "reader@example.org\r\nBcc: victim@example.org",
        "reader@example.org, victim@example.org",
        "Reader <reader@example.org>",
        "not an address",
    ],
)
def test_a_recipient_is_one_plain_address(recipient):
    with pytest.raises(ValueError, match="address"):
        _queue(to=recipient)
    assert not OutboundEmail.objects.exists()


def test_a_header_value_cannot_carry_a_line_break():
    with pytest.raises(ValueError, match="single line"):
        _queue(headers={"List-Unsubscribe": "<https://x>\r\nBcc: victim@example.org"})


def test_a_line_break_in_rendered_subject_text_never_makes_a_header():
    # A staff-written title with a line break, rendered into a subject.
    assert _single_line("Webinar\r\nBcc: victim@example.org") == "Webinar Bcc: victim@example.org"


def test_the_sweep_sends_what_the_normal_path_missed_and_leaves_fresh_rows():
    missed = _queue()
    fresh = _queue(to="fresh@example.org")
    OutboundEmail.objects.filter(pk=missed.pk).update(
        next_attempt_at=timezone.now() - SWEEP_GRACE - timedelta(seconds=1)
    )

    assert outbox_sweep() == [missed.pk]

    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
    assert OutboundEmail.objects.get(pk=fresh.pk).status == OutboundEmail.Status.PENDING


def test_the_sweep_takes_back_the_claim_of_a_worker_that_died():
    email = _queue()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.SENDING,
        claimed_at=timezone.now() - claim_lifetime() - timedelta(seconds=1),
        attempts=1,
    )
    # A recent claim is a worker still at it: left alone.
    recent = _queue(to="recent@example.org")
    OutboundEmail.objects.filter(pk=recent.pk).update(
        status=OutboundEmail.Status.SENDING, claimed_at=timezone.now()
    )

    # Taken back and sent by the same sweep: no grace period on top.
    assert outbox_sweep() == [email.pk]

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
    assert OutboundEmail.objects.get(pk=recent.pk).status == OutboundEmail.Status.SENDING


def test_staff_can_send_a_failed_email_again(django_capture_on_commit_callbacks):
    email = _queue()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.FAILED, attempts=10, last_error="550 mailbox unavailable"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert email_resend(email_ids=[email.pk]) == 1

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert email.last_error == ""
    assert len(mail.outbox) == 1


def test_delivery_through_a_real_smtp_server(smtp_server):
    email = _queue()
    assert email_deliver(email_id=email.pk).delivery == Delivery.SENT

    [message] = smtp_server.messages
    assert message["To"] == "reader@example.org"
    assert message["Message-ID"] == email.message_id
    assert message["List-Unsubscribe"] == "<https://example.org/u/abc>"
    assert "This is a test email" in message.get_body(("plain",)).get_content()
    assert "Visit the site" in message.get_body(("html",)).get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_type() == "text/calendar"


def test_a_permanent_refusal_fails_at_once(smtp_server):
    smtp_server.handler.rcpt_reply = "550 5.1.1 No such mailbox"
    email = _queue()

    assert email_deliver(email_id=email.pk).delivery == Delivery.FAILED

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 1
    assert "550" in email.last_error
    # The refusal names the recipient; the log and the row keep it out.
    assert "reader@example.org" not in email.last_error
    assert "[recipient]" in email.last_error


def test_a_server_that_refuses_us_at_the_greeting_is_tried_again(settings):
    """A 554 greeting (a provider blocking the site for a while) is not about the email."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def refuse_once() -> None:
        connection, _address = listener.accept()
        with connection:
            connection.sendall(b"554 5.7.1 Client host blocked\r\n")

    greeter = threading.Thread(target=refuse_once, daemon=True)
    greeter.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    email = _queue()
    try:
        assert email_deliver(email_id=email.pk).delivery == Delivery.RETRY
    finally:
        greeter.join(timeout=5)
        listener.close()
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert "554" in email.last_error


def test_a_temporary_refusal_is_retried_later_with_growing_waits(smtp_server):
    smtp_server.handler.rcpt_reply = "451 4.3.0 Try again later"
    email = _queue()
    waits = []
    for _ in range(3):
        outcome = email_deliver(email_id=email.pk)
        assert outcome.delivery == Delivery.RETRY
        waits.append(outcome.retry_in)
        # Not due yet: asking again does nothing.
        assert email_deliver(email_id=email.pk).delivery == Delivery.SKIPPED
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())

    assert waits[0] < waits[1] < waits[2]
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert email.attempts == 3
    assert "451" in email.last_error

    smtp_server.handler.rcpt_reply = None
    assert email_deliver(email_id=email.pk).delivery == Delivery.SENT
    assert len(smtp_server.messages) == 1


def test_a_mail_server_that_is_down_is_a_temporary_failure(settings):
    from tests.smtp import free_port

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    email = _queue()
    assert email_deliver(email_id=email.pk).delivery == Delivery.RETRY
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert "ConnectionRefusedError" in email.last_error


def test_an_email_that_keeps_failing_gives_up_after_the_last_attempt(smtp_server):
    from forus.outbox.services import MAX_ATTEMPTS

    smtp_server.handler.rcpt_reply = "451 4.3.0 Try again later"
    email = _queue()
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)
    assert email_deliver(email_id=email.pk).delivery == Delivery.FAILED
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.FAILED


def test_copies_of_emails_are_deleted_ninety_days_after_sending_never_before_sent(settings):
    now = timezone.now()
    long_ago = now - KEEP_COPIES - timedelta(minutes=1)
    rows = {name: _queue(to=f"{name}@example.org") for name in ("old", "recent", "failed")}
    rows["stuck"] = _queue(to="stuck@example.org")
    OutboundEmail.objects.filter(pk=rows["old"].pk).update(status="sent", sent_at=long_ago)
    OutboundEmail.objects.filter(pk=rows["recent"].pk).update(
        status="sent", sent_at=now - KEEP_COPIES + timedelta(minutes=1)
    )
    OutboundEmail.objects.filter(pk=rows["failed"].pk).update(status="failed", created_at=long_ago)
    # Still waiting, however old: the sweep's, not the clean-up's.
    OutboundEmail.objects.filter(pk=rows["stuck"].pk).update(created_at=long_ago)

    assert outbox_forget_old_copies() == 2

    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == [
        "recent@example.org",
        "stuck@example.org",
    ]
    assert not OutboundAttachment.objects.filter(
        email_id__in=[rows["old"].pk, rows["failed"].pk]
    ).exists()
    assert "forus.outbox.tasks.forget_old_emails" in {
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert forget_old_emails.apply().get() == 0


def test_an_email_about_a_moment_that_has_passed_is_not_sent(smtp_server):
    soon = timezone.now() + timedelta(minutes=5)
    email = _queue(not_after=soon)
    smtp_server.stop()  # the mail server is down until after the moment
    assert email_deliver(email_id=email.pk).delivery == Delivery.RETRY

    smtp_server.start()
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=soon)
    with time_machine.travel(soon + timedelta(seconds=1)):
        assert email_deliver(email_id=email.pk).delivery == Delivery.FAILED

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert "had passed" in email.last_error
    assert smtp_server.messages == []


def test_reminders_and_join_links_go_stale_at_the_webinars_end():
    webinar = WebinarFactory()
    register(webinar, email="seat@example.org")
    with time_machine.travel(webinar.starts_at - timedelta(minutes=59), tick=False):
        webinar_services.reminders_send_due()
    reminder = OutboundEmail.objects.get(template="webinars/email/reminder")
    confirmation = OutboundEmail.objects.get(template="webinars/email/registered")
    assert reminder.not_after == webinar.ends_at
    assert confirmation.not_after is None


def _raw_header_lines(raw: bytes) -> dict[str, list[bytes]]:
    """The header section as sent, each header's lines exactly as on the wire."""
    head, separator, _body = raw.partition(b"\r\n\r\n")
    assert separator, raw[:200]
    headers: dict[str, list[bytes]] = {}
    name = ""
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            headers[name].append(line)
        else:
            name = line.partition(b":")[0].decode("ascii").lower()
            headers[name] = [line]
    return headers


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_newsletters_headers_go_on_the_wire_as_plain_ascii(smtp_server, language):
    subscriber = SubscriberFactory(
        language=language, email="a.reader.with.a.long.name@example.org"
    )
    subscriber_confirm(subscriber_id=subscriber.pk)  # queues the welcome email
    email = OutboundEmail.objects.get()
    assert len(email.headers) == 2

    assert email_deliver(email_id=email.pk).delivery == Delivery.SENT

    [raw] = smtp_server.raw
    lines = _raw_header_lines(raw)
    unsubscribe_url = email.headers["List-Unsubscribe"]
    assert unsubscribe_url.startswith("<http://testserver/")
    assert len(f"List-Unsubscribe: {unsubscribe_url}") > 78, "long enough to be folded"
    # Every header the site sets is one plain line: no encoded-word, no fold
    # inside a <URL>.
    site_headers = {**email.headers, "Message-ID": email.message_id}
    assert len(site_headers) == 3
    for name, value in site_headers.items():
        assert lines[name.lower()] == [f"{name}: {value}".encode("ascii")]
    assert b"=?" not in b"".join(b"".join(lines[name.lower()]) for name in site_headers)


def test_a_list_header_is_folded_only_between_its_items(smtp_server):
    web = "<https://example.org/newsletter/unsubscribe/" + "a" * 60 + "/>"
    mailto = "<mailto:leave@example.org?subject=" + "b" * 50 + ">"
    email = _queue(headers={"List-Unsubscribe": f"{web}, {mailto}"})

    assert email_deliver(email_id=email.pk).delivery == Delivery.SENT

    [raw] = smtp_server.raw
    assert _raw_header_lines(raw)["list-unsubscribe"] == [
        f"List-Unsubscribe: {web},".encode(),
        f" {mailto}".encode(),
    ]


def test_a_header_the_site_sets_must_be_ascii():
    with pytest.raises(ValueError, match="ASCII"):
        _queue(headers={"List-Unsubscribe": "<https://example.org/dé/>"})


def test_one_connection_carries_many_emails_and_a_refusal_affects_only_its_row(smtp_server):
    smtp_server.handler.refuse = {
        "gone@example.org": "550 No such mailbox",
        "busy@example.org": "451 Try again later",
    }
    recipients = [
        "a@example.org",
        "gone@example.org",
        "b@example.org",
        "busy@example.org",
        "c@example.org",
    ]
    emails = [_queue(to=recipient) for recipient in recipients]

    outcomes = [email_deliver(email_id=email.pk).delivery for email in emails]

    assert outcomes == [
        Delivery.SENT,
        Delivery.FAILED,
        Delivery.SENT,
        Delivery.RETRY,
        Delivery.SENT,
    ]
    assert [message["To"] for message in smtp_server.messages] == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
    ]
    assert smtp_server.connections == 1


def test_a_connection_the_server_closed_is_opened_again(smtp_server):
    smtp_server.handler.close_after = 2
    emails = [_queue(to=f"reader{number}@example.org") for number in range(5)]

    outcomes = [email_deliver(email_id=email.pk).delivery for email in emails]

    assert outcomes == [Delivery.SENT] * 5
    assert len(smtp_server.messages) == 5
    assert smtp_server.connections == 3


def test_a_message_not_sent_within_one_timeout_of_its_claim_is_not_sent(smtp_server, settings):
    """A live worker's attempt ends well within its claim, so no sweep takes it meanwhile."""
    settings.MAILERS = {
        "default": {
            **smtp_server.mailers_setting()["default"],
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "timeout": 1},
        }
    }
    assert claim_lifetime() == timedelta(seconds=3)
    # Each answer comes within the timeout, but MAIL and RCPT together take longer.
    smtp_server.handler.slow = 0.6
    email = _queue()

    started = time.monotonic()
    outcome = email_deliver(email_id=email.pk)
    took = time.monotonic() - started

    assert outcome.delivery == Delivery.RETRY
    assert took < 1.5
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert "ran out of time" in email.last_error or "timed out" in email.last_error
    time.sleep(0.5)
    assert smtp_server.messages == [], "the server never had the message"

    smtp_server.handler.slow = 0
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert email_deliver(email_id=email.pk).delivery == Delivery.SENT
    assert len(smtp_server.messages) == 1


def test_forgetting_deletes_one_apps_emails_to_one_address_in_every_state():
    def stored(to: str, template: str, status: str) -> OutboundEmail:
        return OutboundEmail.objects.create(
            to=to,
            subject="Subject",
            body_text="Text",
            template=template,
            app_label=template.partition("/")[0],
            status=status,
            message_id=f"<{to}.{template}.{status}@example.org>",
        )

    for status in OutboundEmail.Status.values:
        stored("ana@example.org", "newsletter/email/welcome", status)
    kept = [
        stored("ana@example.org", "webinars/email/registered", "pending"),
        stored("ana@example.org", "newsletters/email/lookalike", "pending"),
        stored("ben@example.org", "newsletter/email/welcome", "pending"),
    ]
    every_state = len(OutboundEmail.Status.values)
    assert OutboundEmail.objects.count() == every_state + 3

    assert emails_forget(to="ana@example.org", app_label="newsletter") == every_state

    assert sorted(OutboundEmail.objects.values_list("pk", flat=True)) == sorted(
        email.pk for email in kept
    )
    assert emails_forget(to="ana@example.org", app_label="newsletter") == 0


@pytest.mark.parametrize(
    ("template", "app_label"),
    [("outbox/email/check", "outbox"), ("champions/email/nomination_received", "champions")],
)
def test_an_email_records_the_app_its_template_belongs_to(template, app_label):
    with transaction.atomic():
        email = email_queue(
            to="reader@example.org",
            template=template,
            context={"queued_at": "now", "nomination": NominationFactory()},
        )
    assert OutboundEmail.objects.get(pk=email.pk).app_label == app_label


def test_an_email_template_of_no_app_is_refused():
    with pytest.raises(ValueError, match="not under an app's label"):
        email_queue(to="reader@example.org", template="email/check")
    assert OutboundEmail.objects.count() == 0


def test_a_delivery_costs_four_queries(smtp_server, django_assert_num_queries):
    email = _queue(to="reader@example.org")
    email_deliver(email_id=_queue(to="first@example.org").pk)  # the connection, opened once
    # The claim (returning the row), whether its address is suppressed now,
    # its attachments, the outcome.
    with django_assert_num_queries(4):
        assert email_deliver(email_id=email.pk).delivery == Delivery.SENT
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)


def test_a_reply_to_address_goes_on_the_wire_as_one_plain_header(smtp_server):
    email = _queue(reply_to="Sender@Example.org")
    assert email.headers["Reply-To"] == "sender@example.org"

    assert email_deliver(email_id=email.pk).delivery == Delivery.SENT

    [raw] = smtp_server.raw
    assert _raw_header_lines(raw)["reply-to"] == [b"Reply-To: sender@example.org"]


@pytest.mark.parametrize(
    "reply_to",
    ["a@example.org, b@example.org", "a@example.org\r\nBcc: victim@example.org", "nobody"],
)
def test_a_reply_to_is_one_plain_address(reply_to):
    with pytest.raises(ValueError, match="address"):
        _queue(reply_to=reply_to)
    assert not OutboundEmail.objects.exists()
