"""The mail providers' webhook calls, shaped as Postmark and Mailgun send them.

The payloads follow the providers' documented examples, as django-anymail's
own test suite records them (tests/test_postmark_webhooks.py and
tests/test_mailgun_webhooks.py), with the recipient, ids and metadata of an
email the test sent.
"""

import base64
import hashlib
import hmac
import json

from django.db import transaction

from forus.outbox.models import OutboundEmail
from forus.outbox.services import email_deliver, email_queue

WEBHOOK_SECRET = "provider-reports:a-long-random-password-only-for-tests"
MAILGUN_SIGNING_KEY = "key-for-signing-mailgun-webhooks-in-tests"
POSTMARK_URL = "/anymail/postmark/tracking/"
MAILGUN_URL = "/anymail/mailgun/tracking/"


def basic_auth(secret: str = WEBHOOK_SECRET) -> dict[str, str]:
    """The Authorization header the provider sends, with the user:password in its webhook URL."""
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def email_sent_to(address: str) -> OutboundEmail:
    """An email queued and sent to `address`, as the provider would report on it."""
    with transaction.atomic():
        email = email_queue(
            to=address, template="outbox/email/check", context={"queued_at": "now"}
        )
    email_deliver(email_id=email.pk)
    email.refresh_from_db()
    return email


def postmark_bounce(email: OutboundEmail, *, kind: str = "HardBounce", event_id: int = 901542550):
    """A Postmark bounce webhook: a hard bounce, or kind="SoftBounce" / "Transient"."""
    names = {
        "HardBounce": (1, "Hard bounce", "The server was unable to deliver your message."),
        "SoftBounce": (4096, "Soft bounce", "Unable to temporarily deliver this email."),
        "Transient": (2, "Message delayed", "The server could not temporarily deliver."),
    }
    type_code, name, description = names[kind]
    return {
        "RecordType": "Bounce",
        "ID": event_id,
        "Type": kind,
        "TypeCode": type_code,
        "ServerID": 23,
        "Name": name,
        "MessageID": "2706ee8a-737c-4285-b032-ccd317af53ed",
        "Description": description,
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email.to,
        "From": "noreply@example.org",
        "BouncedAt": "2026-04-27T16:28:50.3963933-04:00",
        "DumpAvailable": True,
        "Inactive": kind == "HardBounce",
        "CanActivate": True,
        "Subject": email.subject,
        "MessageStream": "outbound",
        "Metadata": {"outbox_id": str(email.pk)},
    }


def postmark_spam_complaint(email: OutboundEmail) -> dict:
    return {
        "RecordType": "SpamComplaint",
        "ID": 901542551,
        "Type": "SpamComplaint",
        "TypeCode": 512,
        "Name": "Spam complaint",
        "Tag": "",
        "MessageID": "2706ee8a-737c-4285-b032-ccd317af53ed",
        "ServerID": 1234,
        "Description": "",
        "Details": "Test spam complaint details",
        "Email": email.to,
        "From": "noreply@example.org",
        "BouncedAt": "2026-04-27T16:28:50.3963933-04:00",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": False,
        "Subject": email.subject,
        "Metadata": {"outbox_id": str(email.pk)},
    }


def postmark_delivery(email: OutboundEmail) -> dict:
    return {
        "RecordType": "Delivery",
        "ServerID": 23,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Recipient": email.to,
        "Tag": "",
        "Metadata": {"outbox_id": str(email.pk)},
        "DeliveredAt": "2026-08-01T13:28:10.2735393-04:00",
        "Details": "Test delivery webhook details",
        "MessageStream": "outbound",
    }


def mailgun_signed(event_data: dict, *, key: str = MAILGUN_SIGNING_KEY) -> dict:
    """A Mailgun webhook body: the event and the signature block Mailgun computes."""
    timestamp = str(int(event_data["timestamp"]))
    token = "651869375b9df3c98fc15c4889b102119add1235c38fc92824"
    signature = hmac.new(
        key.encode("ascii"), f"{timestamp}{token}".encode("ascii"), hashlib.sha256
    ).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": event_data,
    }


def _mailgun_message(email: OutboundEmail) -> dict:
    # Mailgun gives the Message-ID header without its angle brackets.
    return {
        "headers": {
            "to": email.to,
            "message-id": email.message_id.strip("<>"),
            "from": "noreply@example.org",
            "subject": email.subject,
        },
        "attachments": [],
        "size": 809,
    }


def mailgun_failed(email: OutboundEmail, *, severity: str = "permanent") -> dict:
    """A Mailgun "failed" event: permanent (a hard bounce) or temporary (it will retry)."""
    permanent = severity == "permanent"
    return {
        "event": "failed",
        "id": "hTWCTD81RtiDN-1",
        "severity": severity,
        "reason": "bounce" if permanent else "generic",
        "recipient": email.to,
        "timestamp": 1534110422.389832,
        "log-level": "error" if permanent else "warn",
        "user-variables": {"outbox_id": str(email.pk)},
        "message": _mailgun_message(email),
        "delivery-status": {
            "tls": True,
            "mx-host": "aspmx.l.example.org",
            "attempt-no": 1,
            "description": "" if permanent else "No MX for example.org",
            "session-seconds": 2.95,
            "utf8": True,
            "code": 550 if permanent else 498,
            "message": (
                "5.1.1 The email account that you tried to reach does not exist."
                if permanent
                else "No MX for example.org"
            ),
        },
    }


def mailgun_complained(email: OutboundEmail) -> dict:
    return {
        "event": "complained",
        "id": "ncV2XwymRUKbPek_MIM-Gw",
        "timestamp": 1377214260.049634,
        "log-level": "warn",
        "recipient": email.to,
        "message": _mailgun_message(email),
    }


def mailgun_delivered(email: OutboundEmail) -> dict:
    return {
        "event": "delivered",
        "id": "hTWCTD81RtiDN-2",
        "timestamp": 1534108637.153125,
        "tags": [],
        "recipient-domain": "example.org",
        "user-variables": {},
        "log-level": "info",
        "envelope": {"sender": "noreply@example.org", "transport": "smtp", "targets": email.to},
        "message": _mailgun_message(email),
        "recipient": email.to,
        "delivery-status": {"tls": True, "code": 250, "message": "OK", "attempt-no": 1},
    }


def as_json(payload: dict) -> str:
    return json.dumps(payload)
