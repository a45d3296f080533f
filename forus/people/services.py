"""Writes for a person's data: asking for a link, erasing everything, the audit log."""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import caches
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from forus.links import absolute_reverse
from forus.outbox.models import OutboundEmail
from forus.outbox.services import email_queue
from forus.people import selectors
from forus.people.models import AuditEntry, PersonLink
from forus.people.registry import person_data_parts
from forus.people.session import SESSION_LIFETIME
from forus.people.tokens import LINK_LIFETIME, PERSON_LINK

logger = logging.getLogger(__name__)

# However often it is typed in, one address gets at most this many links an
# hour: the form cannot be used to flood someone's inbox.
LINKS_PER_ADDRESS_PER_HOUR = 3
_ADDRESS_WINDOW_SECONDS = 3600
# A link row outlives its token's hour by a session's length, then goes.
KEEP_LINKS = LINK_LIFETIME + SESSION_LIFETIME + timedelta(minutes=30)
ERASED_TEMPLATE = "people/email/erased"
_HASH_SALT = "forus.people.audit"


def email_hash(email: str) -> str:
    """A keyed hash of the address: the same each time, meaningless without SECRET_KEY."""
    return salted_hmac(_HASH_SALT, email, algorithm="sha256").hexdigest()


def _address_may_have_another_link(email: str) -> bool:
    """Counts this request against the address's hourly allowance, in the counting cache."""
    counters = caches["counters"]
    key = f"people-link-address:{email_hash(email)}"
    if counters.add(key, 1, _ADDRESS_WINDOW_SECONDS):
        return True
    try:
        return counters.incr(key) <= LINKS_PER_ADDRESS_PER_HOUR
    except ValueError:  # expired between the two calls
        return counters.add(key, 1, _ADDRESS_WINDOW_SECONDS)


def person_link_request(*, email: str, language: str) -> None:
    """Ask for a link to the person's page; the task decides whether to email it.

    The same work whatever the address: a row and a queued task, so the
    answer's timing never tells whether the site holds anything for it.
    Over the address's hourly allowance, nothing is done (quietly alike).
    """
    if not _address_may_have_another_link(email):
        return
    from forus.people.tasks import person_link_send  # noqa: PLC0415 - tasks import this module

    with transaction.atomic():
        link = PersonLink.objects.create(email=email, language=language)
        transaction.on_commit(partial(_enqueue, person_link_send, link.pk))


def _enqueue(task: object, *args: object, countdown: float | None = None) -> None:
    try:
        task.apply_async(args, countdown=countdown)
    except Exception:  # the broker's errors vary by transport
        logger.warning("Could not queue %s; the daily clean-up tidies up.", task, exc_info=True)


def person_link_send(*, link_id: int) -> bool:
    """Email the link if the site holds anything for its address, else forget the request.

    Idempotent: a link emailed once is not emailed again. Returns whether
    an email was queued.
    """
    with transaction.atomic():
        link = PersonLink.objects.select_for_update().filter(pk=link_id).first()
        if link is None or link.emailed_at is not None:
            return False
        if not selectors.person_holds_anything(email=link.email):
            link.delete()
            return False
        url = absolute_reverse(
            "people:link", kwargs={"token": PERSON_LINK.make(link.pk)}, language=link.language
        )
        email_queue(
            to=link.email,
            template="people/email/link",
            context={"link_url": url, "link_minutes": int(LINK_LIFETIME.total_seconds() // 60)},
            language=link.language,
        )
        link.emailed_at = timezone.now()
        link.save(update_fields=["emailed_at"])
    return True


def audit_record(
    *,
    action: str,
    email: str,
    actor: AbstractBaseUser | None,
    counts: dict[str, object] | None = None,
) -> AuditEntry:
    """Record who did what to an address's data (the address only as a keyed hash)."""
    return AuditEntry.objects.create(
        action=AuditEntry.Action(action).value,
        email_hash=email_hash(email),
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        counts=counts or {},
    )


def person_erase(
    *, email: str, language: str, actor: AbstractBaseUser | None = None
) -> dict[str, dict[str, int]]:
    """Erase everything every app holds about the address; audit it; email a last confirmation.

    Upcoming registrations are cancelled (their seats go to the waitlist),
    past ones anonymised; each app erases its own (see its `people.py`).
    The confirmation's own copy is deleted once it is sent. Returns the
    counts by app.
    """
    from forus.people.tasks import erasure_email_forget  # noqa: PLC0415

    with transaction.atomic():
        counts = {part.key: part.erase(email) for part in person_data_parts()}
        links = PersonLink.objects.filter(email=email).delete()[0]
        counts["people"] = {"links": links}
        audit_record(action=AuditEntry.Action.ERASE, email=email, actor=actor, counts=counts)
        confirmation = email_queue(
            to=email,
            template=ERASED_TEMPLATE,
            context={"kept": selectors.person_kept()},
            language=language,
        )
        transaction.on_commit(
            partial(_enqueue, erasure_email_forget, confirmation.pk, countdown=5)
        )
    return counts


def erasure_email_forget(*, email_id: int) -> bool:
    """Delete the erasure's confirmation once it is sent or has failed; whether it is gone."""
    done = [OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED]
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            return True
        if email.template != ERASED_TEMPLATE or email.status not in done:
            return False
        email.delete()
    return True


def people_forget_old(*, now: datetime | None = None) -> dict[str, int]:
    """Daily: used links, audit entries past KEEP_AUDIT_DAYS, erasure copies left over."""
    now = now or timezone.now()
    keep_audit = timedelta(days=getattr(settings, "KEEP_AUDIT_DAYS", 730))
    links = PersonLink.objects.filter(created_at__lt=now - KEEP_LINKS).delete()[0]
    audit = AuditEntry.objects.filter(created_at__lt=now - keep_audit).delete()[0]
    copies = OutboundEmail.objects.filter(
        template=ERASED_TEMPLATE,
        status__in=[OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED],
    ).delete()[0]
    return {"links": links, "audit": audit, "erasure_copies": copies}
