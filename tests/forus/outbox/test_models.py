"""The outbox row's states: each change is one method, and applies only to our own claim."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from forus.outbox.models import OutboundEmail
from forus.outbox.services import email_queue

pytestmark = pytest.mark.django_db


def _pending() -> OutboundEmail:
    with transaction.atomic():
        return email_queue(
            to="reader@example.org", template="outbox/email/check", context={"queued_at": "now"}
        )


def test_a_row_is_claimed_once_and_then_sent():
    email = _pending()
    now = timezone.now()

    claimed = OutboundEmail.mark_sending(pk=email.pk, now=now)
    assert claimed is not None
    assert (claimed.status, claimed.claimed_at, claimed.attempts) == ("sending", now, 1)
    assert OutboundEmail.mark_sending(pk=email.pk, now=now) is None

    assert claimed.mark_sent(now=now) is True
    email.refresh_from_db()
    assert (email.status, email.sent_at) == ("sent", now)


def test_a_row_not_yet_due_is_not_claimed():
    email = _pending()
    assert (
        OutboundEmail.mark_sending(pk=email.pk, now=email.next_attempt_at - timedelta(1)) is None
    )
    email.refresh_from_db()
    assert email.status == "pending"


@pytest.mark.parametrize(
    ("mark", "arguments", "status"),
    [
        ("mark_sent", {"now": timezone.now()}, "sent"),
        ("mark_failed", {"error": "550 no"}, "failed"),
        ("mark_retry", {"error": "451 later", "at": timezone.now()}, "pending"),
    ],
)
def test_a_claim_taken_back_is_no_longer_ours_to_change(mark, arguments, status):
    email = _pending()
    claimed = OutboundEmail.mark_sending(pk=email.pk, now=timezone.now())
    claimed_too = OutboundEmail.objects.get(pk=email.pk)

    released = OutboundEmail.objects.release_stale_claims(
        claimed_before=timezone.now() + timedelta(seconds=1), now=timezone.now()
    )
    assert released == [email.pk]
    reclaimed = OutboundEmail.mark_sending(pk=email.pk, now=timezone.now())
    assert reclaimed is not None

    # The first claim's outcome arrives late: it must not touch the new claim.
    assert getattr(claimed, mark)(**arguments) is False
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sending", 2)

    assert getattr(reclaimed, mark)(**arguments) is True
    assert getattr(claimed_too, mark)(**arguments) is False
    email.refresh_from_db()
    assert email.status == status


def test_requeue_leaves_a_row_being_sent_alone():
    sending, failed = _pending(), _pending()
    OutboundEmail.mark_sending(pk=sending.pk, now=timezone.now())
    OutboundEmail.mark_sending(pk=failed.pk, now=timezone.now()).mark_failed(error="550 no")

    assert OutboundEmail.objects.all().requeue(now=timezone.now()) == [failed.pk]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == ("pending", 0, "")
    sending.refresh_from_db()
    assert sending.status == "sending"
