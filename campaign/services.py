"""Writes for the campaign app: the contact form's messages."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from campaign.models import ContactMessage
from forus.links import absolute_reverse
from forus.outbox.services import email_queue

logger = logging.getLogger(__name__)

# The same message sent again within this time (a double press, a browser
# sending the form twice) is the one already received.
DUPLICATE_WINDOW = timedelta(hours=1)


def contact_message_submit(
    *, name: str, email: str, subject: str, message: str, language: str
) -> tuple[ContactMessage, bool]:
    """Store a contact message; queue a notice to CONTACT_EMAILS and an acknowledgement.

    The notice's Reply-To is the sender, so staff answer from their own mail
    client. The same message from the same address within DUPLICATE_WINDOW
    stores and sends nothing again. Returns the message and whether it is new.
    """
    with transaction.atomic():
        earlier = (
            ContactMessage.objects.select_for_update()
            .filter(
                email=email,
                subject=subject,
                message=message,
                created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            )
            .first()
        )
        if earlier is not None:
            return earlier, False
        contact = ContactMessage.objects.create(
            name=name, email=email, subject=subject, message=message, language=language
        )
        email_queue(
            to=contact.email,
            template="campaign/email/contact_received",
            context={"contact": contact},
            language=language,
        )
        admin_url = absolute_reverse(
            "admin:campaign_contactmessage_change", args=[contact.pk], language="en"
        )
        for address in settings.CONTACT_EMAILS:
            try:
                email_queue(
                    to=address,
                    template="campaign/email/staff_contact_message",
                    context={"contact": contact, "admin_url": admin_url},
                    language=settings.LANGUAGE_CODE,
                    reply_to=contact.email,
                )
            except ValueError:
                # A typo in the setting must not lose the message.
                logger.warning("CONTACT_EMAILS has an entry that is not an email address.")
    return contact, True


def contact_messages_forget_old(*, now: datetime | None = None) -> int:
    """Delete contact messages older than KEEP_CONTACT_MESSAGES_DAYS; returns how many."""
    days = getattr(settings, "KEEP_CONTACT_MESSAGES_DAYS", 365)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _by_model = ContactMessage.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def contact_messages_set_status(*, message_ids: list[int], status: str) -> int:
    """Mark contact messages new, answered or closed; returns how many changed."""
    if status not in ContactMessage.Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    return (
        ContactMessage.objects.filter(pk__in=message_ids)
        .exclude(status=status)
        .update(status=status, updated_at=timezone.now())
    )
