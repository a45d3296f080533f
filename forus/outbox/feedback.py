"""What the mail provider reports after sending: deliveries, bounces, spam complaints.

The provider calls the tracking webhook (forus.outbox.webhooks), which turns
its report into a call of `email_report_record()`. A hard bounce or a spam
complaint suppresses the address: the outbox sends it nothing more (see
`email_queue` and `email_deliver`) until staff lift the suppression, and
`address_suppressed` lets each feature mark its own records. A soft bounce
(the provider will try again) is only counted.
"""

import enum
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from forus.outbox.models import OutboundEmail, Suppression
from forus.outbox.signals import address_suppressed, address_suppression_lifted
from forus.validators import email_normalise


class Report(enum.Enum):
    """A provider's report, as the outbox acts on it."""

    DELIVERED = "delivered"
    SOFT_BOUNCE = "soft_bounce"
    HARD_BOUNCE = "hard_bounce"
    COMPLAINT = "complaint"


SUPPRESSING = {
    Report.HARD_BOUNCE: Suppression.Reason.BOUNCE,
    Report.COMPLAINT: Suppression.Reason.COMPLAINT,
}
ROW_REPORTS = {
    Report.DELIVERED: OutboundEmail.Report.DELIVERED,
    Report.HARD_BOUNCE: OutboundEmail.Report.BOUNCED,
    Report.COMPLAINT: OutboundEmail.Report.COMPLAINED,
}


def _reported_email(*, recipient: str, message_id: str, outbox_id: str) -> OutboundEmail | None:
    """The row the report is about: by its Message-ID, or by the id the outbox sent along."""
    emails = OutboundEmail.objects.select_for_update().filter(to=recipient)
    if message_id:
        found = emails.filter(message_id=message_id).first()
        if found is not None:
            return found
    if outbox_id.isdigit():
        return emails.filter(pk=int(outbox_id)).first()
    return None


def _suppress(
    *, address: str, reason: str, provider: str, event_id: str, detail: str, at: datetime
) -> Suppression | None:
    """Suppress an address unless it is already; None when it was."""
    if Suppression.objects.active().filter(address=address).exists():
        return None
    try:
        with transaction.atomic():
            suppression = Suppression.objects.create(
                address=address,
                reason=reason,
                provider=provider,
                event_id=event_id[:255],
                detail=detail[:2000],
                created_at=at,
            )
    except IntegrityError:  # the same report twice at once: the other call suppressed it
        return None
    address_suppressed.send(sender=Suppression, address=address, reason=reason, suppressed_at=at)
    return suppression


def email_report_record(
    *,
    report: Report,
    recipient: str,
    provider: str,
    message_id: str = "",
    outbox_id: str = "",
    event_id: str = "",
    detail: str = "",
    reported_at: datetime | None = None,
) -> OutboundEmail | None:
    """Record a provider's report on the email it is about; suppress on a hard bounce or complaint.

    Marks the row (delivered, bounced, complained; a soft bounce adds to its
    count); a hard bounce or complaint also suppresses the address and sends
    `address_suppressed` once, whether or not the row is still kept. A
    report of a delivery never undoes a bounce or complaint. Returns the row,
    or None when none matches.
    """
    address = email_normalise(recipient)
    at = reported_at or timezone.now()
    with transaction.atomic():
        email = _reported_email(recipient=address, message_id=message_id, outbox_id=outbox_id)
        if email is not None:
            rows = OutboundEmail.objects.filter(pk=email.pk)
            if report is Report.SOFT_BOUNCE:
                rows.update(soft_bounces=F("soft_bounces") + 1)
            elif report is Report.DELIVERED:
                rows.filter(report="").update(report=ROW_REPORTS[report], reported_at=at)
            else:
                rows.update(report=ROW_REPORTS[report], reported_at=at)
            email.refresh_from_db()
        if report in SUPPRESSING:
            _suppress(
                address=address,
                reason=SUPPRESSING[report],
                provider=provider,
                event_id=event_id,
                detail=detail,
                at=at,
            )
    return email


def suppression_lift(*, suppression_ids: list[int], lifted_by: AbstractBaseUser | None) -> int:
    """Let new emails go to these addresses again; returns how many were lifted.

    Emails not sent while the address was suppressed stay so (staff may send
    one again from the outbox). Sends `address_suppression_lifted` for each.
    """
    with transaction.atomic():
        lifted = Suppression.objects.active().select_for_update().filter(pk__in=suppression_ids)
        addresses = list(lifted.values_list("address", flat=True))
        Suppression.objects.filter(address__in=addresses, lifted_at__isnull=True).update(
            lifted_at=timezone.now(), lifted_by=lifted_by
        )
        for address in addresses:
            address_suppression_lifted.send(sender=Suppression, address=address)
    return len(addresses)
