"""Queue emails inside a feature's transaction; deliver each one at most once.

Features call `email_queue()` inside their own `transaction.atomic()`: the
email row commits with the registration, signup or nomination it belongs to,
or not at all. After commit `email_dispatch()` hands it to a Celery task,
which delivers it (`email_deliver()`). If Redis or the worker
is down at that moment, the row waits and the beat task `sweep_outbox` finds
it; nothing about delivery lives only in Redis.
"""

import email.policy
import enum
import json
import logging
import re
import smtplib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from forus.outbox.mailer import mailer_send, mailer_timeout
from forus.outbox.models import OutboundAttachment, OutboundEmail, Suppression
from forus.validators import email_address_check

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
LONGEST_RETRY_SECONDS = 3600
# A claim lasts this many SMTP timeouts: see claim_lifetime().
CLAIM_LIFETIME_IN_TIMEOUTS = 3
# Rows younger than this are on their way through the normal path.
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_BATCH = 500
EMAIL_ADDRESS = re.compile(r"[^\s<>'\"(),:;\[\]]+@[^\s<>'\"(),:;\[\]]+")
# Staff can read a sent or failed email this long; then its copy is deleted,
# as it holds the person's name, address and links of their own.
KEEP_COPIES = timedelta(days=90)
# The metadata key under which each email carries its row's id to the mail
# provider, which reports it back (forus.outbox.webhooks).
OUTBOX_ID_METADATA = "outbox_id"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str


class Delivery(enum.Enum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"
    SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class DeliveryOutcome:
    delivery: Delivery
    retry_in: timedelta | None = None


def _single_line(value: str) -> str:
    """Collapse any line break, so a value can never start a new mail header."""
    return " ".join(value.split())


class _PlainHeaderPolicy(email.policy.EmailPolicy):
    """Writes the headers the site sets as plain ASCII, folded only at spaces.

    Python's email package folds a header line longer than 78 characters
    into RFC 2047 encoded-words when it has no space to fold at, which turns
    `List-Unsubscribe: <https://…>` into something mailbox providers ignore
    (RFC 2047 §5 forbids encoded-words there). Lines may be up to 998.
    """

    plain_headers: frozenset[str] = frozenset()

    def _plain(self, name: str, value: object) -> str | None:
        text = str(value)
        if name.lower() not in self.plain_headers or not text.isascii():
            return None
        lines = [f"{name}:"]
        for word in text.split(" "):
            if len(lines[-1]) + 1 + len(word) > 78 and lines[-1] != f"{name}:":
                lines.append("")
            lines[-1] += f" {word}"
        return self.linesep.join(lines) + self.linesep

    def fold(self, name: str, value: object) -> str:
        return self._plain(name, value) or super().fold(name, value)

    def fold_binary(self, name: str, value: object) -> bytes:
        plain = self._plain(name, value)
        return plain.encode("ascii") if plain else super().fold_binary(name, value)


class _OutboxMessage(EmailMultiAlternatives):
    """An email whose site-set headers (and Message-ID) go out as plain ASCII."""

    def message(self, *, policy: email.policy.Policy = email.policy.default):
        plain = _PlainHeaderPolicy(
            linesep=policy.linesep,
            max_line_length=policy.max_line_length,
            plain_headers=frozenset(name.lower() for name in self.extra_headers),
        )
        return super().message(policy=plain)


def claim_lifetime() -> timedelta:
    """How long a claim holds: a claim older than one delivery attempt is a dead worker's.

    An attempt sends the message within one SMTP timeout of its claim or not
    at all, and waits at most one more for the answer; the third is margin
    to record the outcome.
    """
    return timedelta(seconds=CLAIM_LIFETIME_IN_TIMEOUTS * mailer_timeout())


def _checked_recipient(address: str) -> str:
    """One plain address the forms would accept too, normalised; AddressRefusedError if not."""
    return email_address_check(address)


def _suppressed_note(address: str) -> str:
    """Why an email to this address is not sent, or "" when it may be."""
    suppression = Suppression.objects.active().filter(address=address).first()
    if suppression is None:
        return ""
    return (
        f"Not sent: the address is suppressed ({suppression.get_reason_display()} reported "
        f"{suppression.created_at:%Y-%m-%d %H:%M} UTC). Lift the suppression to send again."
    )


def _message_id() -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)


def email_queue(
    *,
    to: str,
    template: str,
    context: Mapping[str, object] | None = None,
    language: str | None = None,
    headers: Mapping[str, str] | None = None,
    attachments: Sequence[Attachment] = (),
    not_after: datetime | None = None,
    reply_to: str | None = None,
) -> OutboundEmail:
    """Render `<template>_subject.txt`, `.txt` and `.html` and queue the email.

    Call it inside the transaction that saves what the email is about; the
    email is sent after that transaction commits. Templates get `site_url`
    for absolute links. An email still unsent at `not_after` (a mail server
    down for hours) fails instead of arriving too late to mean anything.
    `reply_to` is one address (checked as a recipient is) that answers go to.
    The template's path starts with the label of the app that queues it
    (`<app>/email/<name>`): the row records that app, whose declared
    permission lets staff read it. Raises ValueError for a template of no
    installed app, or a recipient or header that is not a single clean line.
    """
    app_label = template.split("/", 1)[0]
    if app_label not in {app_config.label for app_config in apps.get_app_configs()}:
        raise ValueError(f"The email template {template!r} is not under an app's label.")
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    context = {**(context or {}), "site_url": settings.SITE_URL, "email_language": language}
    with translation.override(language):
        subject = _single_line(render_to_string(f"{template}_subject.txt", context))
        body_text = render_to_string(f"{template}.txt", context)
        body_html = render_to_string(f"{template}.html", context)

    clean_headers = {}
    for name, value in (headers or {}).items():
        if _single_line(name) != name or _single_line(value) != value:
            raise ValueError(f"The {name!r} header must be a single line.")
        if not (name + value).isascii() or len(f"{name}: {value}") > 998:
            raise ValueError(f"The {name!r} header must be plain ASCII, 998 characters at most.")
        clean_headers[name] = value
    if reply_to is not None:
        # Checked like a recipient: one plain ASCII address, never a header's worth.
        clean_headers["Reply-To"] = _checked_recipient(reply_to)

    to = _checked_recipient(to)
    # Every flow's email passes here: none reaches a suppressed address.
    suppressed = _suppressed_note(to)
    email = OutboundEmail.objects.create(
        to=to,
        subject=subject[:255],
        body_text=body_text,
        body_html=body_html,
        headers=clean_headers,
        template=template,
        app_label=app_label,
        language=language,
        message_id=_message_id(),
        not_after=not_after,
        status=OutboundEmail.Status.SUPPRESSED if suppressed else OutboundEmail.Status.PENDING,
        last_error=suppressed,
    )
    OutboundAttachment.objects.bulk_create(
        OutboundAttachment(
            email=email,
            filename=_single_line(attachment.filename),
            content_type=attachment.content_type,
            content=attachment.content,
        )
        for attachment in attachments
    )
    if not suppressed:
        transaction.on_commit(partial(email_dispatch, email_id=email.pk))
    return email


def email_dispatch(*, email_id: int, countdown: float | None = None) -> None:
    """Hand the email to a worker; if the broker is down, the sweep will."""
    from forus.outbox.tasks import deliver_email  # noqa: PLC0415 - tasks import this module

    try:
        deliver_email.apply_async((email_id,), countdown=countdown)
    except Exception:  # the broker's errors vary by transport; the row is safe
        logger.warning(
            "Could not queue email %s for delivery; the outbox sweep will send it.",
            email_id,
            exc_info=True,
        )


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(
        seconds=min(
            settings.OUTBOX_FIRST_RETRY_SECONDS * 2 ** (attempts - 1), LONGEST_RETRY_SECONDS
        )
    )


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer about this message or recipient: sending again cannot help.

    Anything else is the site's own trouble and is retried: the connection,
    a greeting or STARTTLS refused (even with a 5xx: a server blocking us
    for a while), the login, the sender address.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPDataError):
        return 500 <= error.smtp_code < 600
    return False


def _without_addresses(text: str) -> str:
    """An error as logged and kept: a refusal names the recipient, which stays out."""
    return EMAIL_ADDRESS.sub("[recipient]", text)


def _provider_headers(email: OutboundEmail) -> dict[str, str]:
    """The row's id as metadata the mail provider hands back in its reports.

    Postmark reports its own message id, not our Message-ID; its reports
    carry the metadata set by these SMTP headers (Mailgun's carry both).
    """
    provider = settings.MAIL_PROVIDER_WEBHOOK
    if provider == "postmark":
        return {f"X-PM-Metadata-{OUTBOX_ID_METADATA}": str(email.pk)}
    if provider == "mailgun":
        return {"X-Mailgun-Variables": json.dumps({OUTBOX_ID_METADATA: str(email.pk)})}
    return {}


def _as_message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = _OutboxMessage(
        email.subject,
        email.body_text,
        settings.DEFAULT_FROM_EMAIL,
        [email.to],
        headers={**email.headers, **_provider_headers(email), "Message-ID": email.message_id},
    )
    message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    return message


def email_deliver(*, email_id: int) -> DeliveryOutcome:
    """Send one queued email if it is due and nobody else is sending it.

    The claim is a conditional update from pending to sending, so two
    workers, or a worker and the sweep, never both send the same row. A
    worker that dies after its claim leaves the row "sending"; the sweep
    takes it back after claim_lifetime(), which sends it twice only if the worker
    died in the instant between the server accepting it and this function
    recording that. The attempt (over the worker's kept mail server
    connection) sends the message within one SMTP timeout of the claim or
    not at all, so it ends within the claim's lifetime.
    """
    claimed_at = timezone.now()
    send_by = time.monotonic() + mailer_timeout()
    email = OutboundEmail.mark_sending(pk=email_id, now=claimed_at)
    if email is None:
        return DeliveryOutcome(Delivery.SKIPPED)

    if email.not_after is not None and claimed_at > email.not_after:
        email.mark_failed(error="Not sent: the moment it was about had passed.")
        return DeliveryOutcome(Delivery.FAILED)
    # Again at send time: the address may have been suppressed since it was queued.
    suppressed = _suppressed_note(email.to)
    if suppressed:
        email.mark_suppressed(error=suppressed)
        return DeliveryOutcome(Delivery.SUPPRESSED)
    try:
        mailer_send(_as_message(email), send_by=send_by)
    except (smtplib.SMTPException, OSError) as error:
        description = _without_addresses(f"{type(error).__name__}: {error}")[:2000]
        if _is_permanent(error) or email.attempts >= MAX_ATTEMPTS:
            logger.error("Email %s failed for good: %s", email_id, description)
            email.mark_failed(error=description)
            return DeliveryOutcome(Delivery.FAILED)
        delay = _retry_delay(email.attempts)
        logger.warning("Email %s will be retried in %s: %s", email_id, delay, description)
        email.mark_retry(error=description, at=timezone.now() + delay)
        return DeliveryOutcome(Delivery.RETRY, retry_in=delay)

    email.mark_sent(now=timezone.now())
    return DeliveryOutcome(Delivery.SENT)


def outbox_sweep() -> list[int]:
    """Re-queue every email that is due but not on its way: the safety net.

    Takes back claims of workers that died and queues them at once, then
    queues pending emails that are past due by more than SWEEP_GRACE (fresh
    ones are in flight already). Returns the ids it queued.
    """
    now = timezone.now()
    released = OutboundEmail.objects.release_stale_claims(
        claimed_before=now - claim_lifetime(), now=now
    )
    due = list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now - SWEEP_GRACE
        )
        .exclude(pk__in=released)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for email_id in [*released, *due]:
        email_dispatch(email_id=email_id)
    return [*released, *due]


def outbox_forget_old_copies(*, now: datetime | None = None) -> int:
    """Delete emails sent, or queued and failed or suppressed, more than KEEP_COPIES ago.

    Emails still waiting or being sent are never touched, however old.
    Returns how many were deleted.
    """
    cutoff = (now or timezone.now()) - KEEP_COPIES
    sent = Q(status=OutboundEmail.Status.SENT, sent_at__lt=cutoff)
    failed = Q(
        status__in=[OutboundEmail.Status.FAILED, OutboundEmail.Status.SUPPRESSED],
        created_at__lt=cutoff,
    )
    _total, deleted = OutboundEmail.objects.filter(sent | failed).delete()
    return deleted.get(OutboundEmail._meta.label, 0)


def emails_forget(*, to: str, app_label: str) -> int:
    """Delete every email one app queued to this address, in any state; unsent ones never go.

    For a request to erase someone's data. Returns how many were deleted.
    """
    queued_by_app = OutboundEmail.objects.filter(app_label=app_label, to=to)
    _total, deleted = queued_by_app.delete()
    return deleted.get(OutboundEmail._meta.label, 0)


def email_resend(*, email_ids: Sequence[int]) -> int:
    """Queue emails again at staff's request (a failed one, or a lost one).

    Returns how many were queued; one being sent right now is left alone.
    """
    with transaction.atomic():
        ids = OutboundEmail.objects.filter(pk__in=email_ids).requeue(now=timezone.now())
        for email_id in ids:
            transaction.on_commit(partial(email_dispatch, email_id=email_id))
    return len(ids)
